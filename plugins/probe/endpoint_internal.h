/* The endpoint engine's parts, shared between its files and its tests:
 * the list of endpoints (catalog or explicit), where cloud, region and
 * proxy come from, and how a failed request is classified. */
#ifndef ARCPROBE_ENDPOINT_INTERNAL_H
#define ARCPROBE_ENDPOINT_INTERNAL_H

#include "arcprobe.h"
#include "config_internal.h"
#include "endpoint_weight.h"
#include "http_batch.h"

#include <stddef.h>

/* More than this many endpoints is a configuration mistake, not a probe. */
#define EP_MAX_ENDPOINTS 1024
/* Agent JSON files are small; anything larger is not the agent's. */
#define EP_MAX_JSON_FILE (1024 * 1024)
/* Bytes of an endpoint's answer worth keeping (only discovery reads it). */
#define EP_BODY_CAP (64 * 1024)
/* The Arc proxy (arcproxyd) the agent uses in gateway mode. */
#define EP_GATEWAY_PROXY "http://localhost:40343"

/* ------------------------------------------------------------------ */
/* endpoint_list.c: the endpoints of one cycle                        */

struct ep_entry {
    char name[ARCP_NAME_MAX]; /* host; host:port for another port or for plain http */
    char url[ARCP_URL_MAX];
    char host[256]; /* lower case, no brackets */
    arcp_required required;
    char group[32];   /* feature group of an optional catalog entry, else "" */
    int is_discovery; /* the global his host, probed with the discovery request */
};

struct ep_list {
    struct ep_entry *items;
    size_t count;
    size_t cap;
    size_t offered;               /* entries offered, duplicates and overflow included */
    char unprobed[ARCP_TEXT_MAX]; /* catalog wildcards with no knowable host, ", " separated */
};

void ep_list_init(struct ep_list *l);
void ep_list_free(struct ep_list *l);

/* Check one endpoint URL: https (or http only for the ESU certificate
 * host), a host, no credentials, fits the report. Fills host and name.
 * Returns 0, or -1 with a message naming the URL in err. */
int ep_url_check(const char *url, char *host, size_t hostlen, char *name, size_t namelen, char *err,
                 size_t errlen);

/* Add one URL. A name already listed keeps one entry with the stricter
 * requirement. Returns 0; -1 invalid URL (err); -2 more than
 * EP_MAX_ENDPOINTS (err); -3 out of memory. */
int ep_list_add(struct ep_list *l, const char *url, arcp_required required, const char *group,
                char *err, size_t errlen);

/* Add every entry of a comma/blank separated list. Each entry may start
 * with "always:", "connect:", "install:" or "optional:" (default always).
 * Stops at the first error with the same codes as ep_list_add. */
int ep_list_parse(struct ep_list *l, const char *text, char *err, size_t errlen);

/* The next item of a list separated by commas, semicolons or blanks: skips
 * separators, sets *start and *len and advances *cursor; 0 at the end. */
int ep_next_token(const char **cursor, const char **start, size_t *len);

/* ------------------------------------------------------------------ */
/* endpoint_catalog.c: what each cloud needs                          */

struct ep_cloud {
    const char *name;       /* AzureCloud, AzureUSGovernment, AzureChinaCloud */
    const char *his_domain; /* his.arc.azure.com */
};

/* The cloud for a name or alias (case-insensitive), or NULL. */
const struct ep_cloud *ep_cloud_find(const char *name);
/* arcp_cloud_name() (cloud_name.c) as the catalog answers it */
const char *ep_cloud_name(const char *any_spelling);

/* The cloud's endpoints into l. region: normalised region ("" none);
 * regional_his: host from discovery ("" none); features: comma/blank
 * separated group names ("all" = every group). Returns 0, or -1 with a
 * message (unknown feature) or a code from ep_list_add. */
int ep_catalog_build(struct ep_list *l, const struct ep_cloud *cloud, const char *region,
                     const char *regional_his, const char *features, char *err, size_t errlen);

/* The discovery URL for a cloud and region. */
void ep_discovery_url(char *dst, size_t dstlen, const struct ep_cloud *cloud, const char *region);

/* The regional his host in a discovery answer (a JSON string, or an object
 * with a URL somewhere inside) that lies in his_domain and is not the
 * global host. Returns 1 with host set, else 0. */
int ep_discovery_parse(const char *body, size_t len, const char *his_domain, char *host,
                       size_t hostlen);

/* The group names the catalog knows, for messages ("esu, ssh, ..."). */
const char *ep_feature_names(void);

/* ------------------------------------------------------------------ */
/* endpoint_locate.c: which cloud and region                          */

struct ep_location {
    char cloud[32]; /* as found, not yet validated */
    arcp_cloud_source cloud_source;
    char region[64]; /* normalised: lower case, no blanks; "" unknown */
    char region_source[32];
};

/* Cloud and region by precedence: config, agent_dir/agentconfig.json,
 * himds metadata, default (AzureCloud, no region). */
void ep_locate(const struct arcp_config *cfg, const char *himds_cloud, const char *himds_location,
               struct ep_location *out);

/* The cloud and location members of an agentconfig.json text (any of the
 * spellings agents used). Returns 1 when the text is a JSON object. */
int ep_agentconfig_parse(const char *text, size_t len, char *cloud, size_t cloudlen, char *region,
                         size_t regionlen);

/* "West Europe" -> "westeurope". Returns 0, or -1 when what is left is
 * not a plausible region name (dst = ""). */
int ep_region_normalise(char *dst, size_t dstlen, const char *src);

/* Read a small file whole (NUL-terminated). Returns a malloc'd buffer, or
 * NULL when missing, unreadable or larger than max. */
char *ep_read_small_file(const char *path, size_t max, size_t *len);

/* ------------------------------------------------------------------ */
/* endpoint_proxy.c: the proxy the agent would use                    */

#define EP_MAX_BYPASS 32

struct ep_proxy {
    char url[ARCP_URL_MAX];   /* for libcurl: scheme://host:port, never credentials; "" direct */
    char shown[ARCP_URL_MAX]; /* the proxy as reported, never credentials */
    arcp_proxy_source source;
    char secret[ARCP_URL_MAX]; /* "user:pass" as written, to scrub from texts; "" none */
    char username[256];        /* decoded, for CURLOPT_PROXYUSERNAME; "" none */
    char password[256];        /* decoded, for CURLOPT_PROXYPASSWORD */
    int has_credentials;
    int go_no_proxy; /* bypass holds NO_PROXY entries (Go's matching), not proxy.bypass */
    size_t bypass_count;
    char bypass[EP_MAX_BYPASS][128]; /* proxy.bypass (or NO_PROXY) entries, as written */
};

/* The proxy the agent would use, in the agent's order: cfg->proxy (source
 * "override"; "none" = direct), else the agent's localconfig.json
 * (connection.type gateway -> the Arc proxy, source "gateway"; else
 * proxy.url and proxy.bypass, source "config"), else HTTPS_PROXY/NO_PROXY as
 * himdsd.service sees them (proxy_environment.c), else direct ("none").
 * Returns 0, or -1 with a message when the proxy cannot be known (unusable
 * proxy URL, unreadable or malformed localconfig.json). */
int ep_proxy_resolve(const struct arcp_config *cfg, double deadline, struct ep_proxy *p, char *err,
                     size_t errlen);

/* Apply a localconfig.json text to p (source "config" or "gateway";
 * untouched when the text sets no proxy). Returns 1 when the text is a
 * JSON object, 0 when it sets nothing, -1 when it cannot be used: not JSON,
 * not an object, an unusable proxy.url (err says why, never with the
 * credentials). */
int ep_localconfig_parse(const char *text, size_t len, struct ep_proxy *p, char *err,
                         size_t errlen);

/* Set p's url, shown and credentials from a proxy URL read as the agent
 * reads it (proxy_url.c). Returns 0, or -1 when the URL is not a usable
 * proxy (err names the problem, never any part of the URL's user info). */
int ep_proxy_set_url(struct ep_proxy *p, const char *url, char *err, size_t errlen);

/* "http://user:pw@host:3128" -> "http://host:3128" (anything else copied). */
void ep_strip_credentials(char *dst, size_t dstlen, const char *url);

/* Whether host goes direct under p's bypass list: proxy.bypass (service
 * names AAD, ARM, Arc, ArcData, AMA, or host names / domain suffixes), or
 * for a proxy from the environment NO_PROXY as Go reads it. */
int ep_proxy_bypassed(const struct ep_proxy *p, const char *host);

/* Replace every occurrence of secret (and of its password part) in text
 * (a buffer of cap bytes) with "***". */
void ep_scrub(char *text, size_t cap, const char *secret);

/* Scrub everything of p's credentials from text (see ep_scrub). */
void ep_proxy_scrub(const struct ep_proxy *p, char *text, size_t cap);

/* Read a small regular file whole (NUL-terminated, malloc'd into *buf).
 * Returns 0, or an errno value: ENOENT when missing, EFBIG when larger than
 * max, EINVAL when not a regular file, else open/read's errno. */
int ep_read_file(const char *path, size_t max, char **buf, size_t *len);

/* ------------------------------------------------------------------ */
/* endpoint_his_memory.c: the regional his host between cycles        */

/* What no discovery answer confirmed for this long is asked again before
 * use. */
#define EP_HIS_REMEMBER_S 3600

/* 1 and the regional host in his when an earlier answer named one. */
int ep_his_recall(const char *cloud, const char *region, char *his, size_t hislen);

/* A discovery request ended: answered (HTTP 200) naming his, or naming
 * none (his ""); a request with no answer changes nothing. */
void ep_his_learned(const char *cloud, const char *region, const char *his, int answered);

/* ------------------------------------------------------------------ */
/* endpoint_classify.c: what went wrong and what to do                */

struct ep_verdict {
    arcp_endpoint_class cls;
    const char *remedy;  /* static text, "" when OK */
    int resolver_silent; /* the name lookup got no answer at all */
};

/* A name lookup unanswered this long is a resolver that does not answer
 * (a healthy one answers in milliseconds), not a probe cut short. */
#define EP_RESOLVER_SILENT_S 1.0

/* Classify one finished request. via_proxy: it went through a proxy. */
struct ep_verdict ep_classify(const struct http_request *r, int via_proxy);

/* The remedy text for a class when no request detail is at hand. */
const char *ep_remedy_for(arcp_endpoint_class cls);

#endif

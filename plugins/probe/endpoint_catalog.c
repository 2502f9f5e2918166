/* Which endpoints the Connected Machine agent needs, per cloud, and how
 * badly (Microsoft's network requirements for Arc-enabled servers,
 * includes/network-requirements.md 09/2025, and its US Government and
 * China lists). Wildcard entries become concrete hosts where the region
 * tells which: <region>-gas.guestconfiguration..., the regional his host
 * named by discovery. A wildcard without a host we can know is not
 * guessed: the relay is azgnrelay-<region>-l1 on some machines and
 * azgnrelay-ph0-l1 on others, so azgn*.servicebus... (needed always) is
 * listed as not probed, like *.guestnotificationservice..., *.blob...,
 * *.login.microsoft.com; endpoints_add can name the real host. */
#include "endpoint_internal.h"
#include "json_util.h"
#include "sanitize.h"
#include "l10n.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

enum {
    CAT_NEEDS_REGION = 1,
    CAT_NEEDS_HIS = 2,
    CAT_GLOBAL_HIS = 4,
    CAT_UNKNOWN_HOST = 8, /* a wildcard: reported as not probed */
};

struct cat_entry {
    const char *pattern; /* {region} is replaced by the region, {his} by the regional his host */
    arcp_required required;
    const char *group; /* feature group of an optional entry */
    unsigned flags;
};

struct cloud_def {
    struct ep_cloud cloud;
    const char *aliases[4];
    const struct cat_entry *entries;
};

#define ALWAYS(p, f)                                                                               \
    {                                                                                              \
        p, ARCP_REQUIRED_ALWAYS, "", f                                                             \
    }
#define CONNECT(p)                                                                                 \
    {                                                                                              \
        p, ARCP_REQUIRED_CONNECT, "", 0                                                            \
    }
#define INSTALL(p)                                                                                 \
    {                                                                                              \
        p, ARCP_REQUIRED_INSTALL, "", 0                                                            \
    }
#define OPTIONAL(g, p, f)                                                                          \
    {                                                                                              \
        p, ARCP_REQUIRED_OPTIONAL, g, f                                                            \
    }

static const struct cat_entry public_entries[] = {
    ALWAYS("https://login.microsoftonline.com/", 0),
    ALWAYS("*.login.microsoft.com", CAT_UNKNOWN_HOST),
    ALWAYS("https://pas.windows.net/", 0),
    ALWAYS("https://gbl.his.arc.azure.com/", CAT_GLOBAL_HIS),
    ALWAYS("https://{his}/", CAT_NEEDS_HIS),
    ALWAYS("https://agentserviceapi.guestconfiguration.azure.com/", 0),
    ALWAYS("https://{region}-gas.guestconfiguration.azure.com/", CAT_NEEDS_REGION),
    ALWAYS("https://guestnotificationservice.azure.com/", 0),
    ALWAYS("*.guestnotificationservice.azure.com", CAT_UNKNOWN_HOST),
    ALWAYS("azgn*.servicebus.windows.net", CAT_UNKNOWN_HOST),
    ALWAYS("*.blob.core.windows.net", CAT_UNKNOWN_HOST),
    CONNECT("https://management.azure.com/"),
    INSTALL("https://download.microsoft.com/"),
    INSTALL("https://packages.microsoft.com/"),
    OPTIONAL("esu", "https://www.microsoft.com/pkiops/certs", 0),
    OPTIONAL("esu", "http://www.microsoft.com/pkiops/certs", 0),
    OPTIONAL("hotpatch", "https://dls.microsoft.com/", 0),
    OPTIONAL("ssh", "*.servicebus.windows.net", CAT_UNKNOWN_HOST),
    OPTIONAL("admin_center", "*.servicebus.windows.net", CAT_UNKNOWN_HOST),
    OPTIONAL("admin_center", "*.waconazure.com", CAT_UNKNOWN_HOST),
    OPTIONAL("legacy_login", "https://login.windows.net/", 0),
    {NULL, 0, NULL, 0},
};

/* No guestnotificationservice and no servicebus entry in this list. */
static const struct cat_entry usgov_entries[] = {
    ALWAYS("https://login.microsoftonline.us/", 0),
    ALWAYS("https://pasff.usgovcloudapi.net/", 0),
    ALWAYS("https://gbl.his.arc.azure.us/", CAT_GLOBAL_HIS),
    ALWAYS("https://{his}/", CAT_NEEDS_HIS),
    ALWAYS("https://agentserviceapi.guestconfiguration.azure.us/", 0),
    ALWAYS("https://{region}-gas.guestconfiguration.azure.us/", CAT_NEEDS_REGION),
    ALWAYS("*.blob.core.usgovcloudapi.net", CAT_UNKNOWN_HOST),
    CONNECT("https://management.usgovcloudapi.net/"),
    INSTALL("https://download.microsoft.com/"),
    INSTALL("https://packages.microsoft.com/"),
    {NULL, 0, NULL, 0},
};

static const struct cat_entry china_entries[] = {
    ALWAYS("https://login.chinacloudapi.cn/", 0),
    ALWAYS("https://login.partner.chinacloudapi.cn/", 0),
    ALWAYS("https://pas.chinacloudapi.cn/", 0),
    ALWAYS("https://gbl.his.arc.azure.cn/", CAT_GLOBAL_HIS),
    ALWAYS("https://{his}/", CAT_NEEDS_HIS),
    ALWAYS("https://agentserviceapi.guestconfiguration.azure.cn/", 0),
    ALWAYS("https://{region}-gas.guestconfiguration.azure.cn/", CAT_NEEDS_REGION),
    ALWAYS("https://guestnotificationservice.azure.cn/", 0),
    ALWAYS("azgn*.servicebus.chinacloudapi.cn", CAT_UNKNOWN_HOST),
    CONNECT("https://management.chinacloudapi.cn/"),
    INSTALL("https://download.microsoft.com/"),
    INSTALL("https://packages.microsoft.com/"),
    {NULL, 0, NULL, 0},
};

/* The himds metadata and older agents spell the clouds differently. */
static const struct cloud_def clouds[] = {
    {{"AzureCloud", "his.arc.azure.com"},
     {"AzurePublicCloud", "Public", "AzurePublic", NULL},
     public_entries},
    {{"AzureUSGovernment", "his.arc.azure.us"},
     {"AzureUSGovernmentCloud", "USGovernment", "AzureUSGov", NULL},
     usgov_entries},
    {{"AzureChinaCloud", "his.arc.azure.cn"},
     {"AzureChina", "China", "AzureChinaCloud21Vianet", NULL},
     china_entries},
};

static const char *const feature_groups[] = {"esu", "hotpatch", "ssh", "admin_center",
                                             "legacy_login"};

const char *ep_feature_names(void)
{
    return "esu, hotpatch, ssh, admin_center, legacy_login, all";
}

const struct ep_cloud *ep_cloud_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof clouds / sizeof clouds[0]; i++) {
        if (strcasecmp(name, clouds[i].cloud.name) == 0)
            return &clouds[i].cloud;
        for (size_t a = 0; a < 4 && clouds[i].aliases[a]; a++)
            if (strcasecmp(name, clouds[i].aliases[a]) == 0)
                return &clouds[i].cloud;
    }
    return NULL;
}

static const struct cloud_def *definition_of(const struct ep_cloud *cloud)
{
    for (size_t i = 0; i < sizeof clouds / sizeof clouds[0]; i++)
        if (&clouds[i].cloud == cloud)
            return &clouds[i];
    return NULL;
}

void ep_discovery_url(char *dst, size_t dstlen, const struct ep_cloud *cloud, const char *region)
{
    snprintf(dst, dstlen, "https://gbl.%s/discovery?location=%s&api-version=2.1", cloud->his_domain,
             region);
}

/* Whether group is selected by the features text ("all" selects every group). */
static int feature_selected(const char *features, const char *group)
{
    size_t glen = strlen(group), len;
    const char *start;
    for (const char *p = features; ep_next_token(&p, &start, &len);) {
        if ((len == glen && strncasecmp(start, group, len) == 0) ||
            (len == 3 && strncasecmp(start, "all", 3) == 0))
            return 1;
    }
    return 0;
}

static int check_features(const char *features, char *err, size_t errlen)
{
    size_t len;
    const char *start;
    for (const char *p = features; ep_next_token(&p, &start, &len);) {
        int known = (len == 3 && strncasecmp(start, "all", 3) == 0) ||
                    (len == 4 && strncasecmp(start, "none", 4) == 0);
        for (size_t i = 0; !known && i < sizeof feature_groups / sizeof feature_groups[0]; i++)
            known =
                strlen(feature_groups[i]) == len && strncasecmp(start, feature_groups[i], len) == 0;
        if (!known) {
            char shown[48];
            arcp_sanitize(shown, sizeof shown, start, len);
            snprintf(err, errlen, _("unknown feature '%s' in features (known: %s)"), shown,
                     ep_feature_names());
            return -1;
        }
    }
    return 0;
}

/* Put region and his into pattern. */
static void expand(char *dst, size_t dstlen, const char *pattern, const char *region,
                   const char *his)
{
    size_t out = 0;
    dst[0] = '\0';
    for (const char *p = pattern; *p && out + 1 < dstlen;) {
        const char *value = NULL;
        if (strncmp(p, "{region}", 8) == 0) {
            value = region;
            p += 8;
        } else if (strncmp(p, "{his}", 5) == 0) {
            value = his;
            p += 5;
        }
        if (value) {
            int n = snprintf(dst + out, dstlen - out, "%s", value);
            if (n < 0 || (size_t)n >= dstlen - out) {
                dst[dstlen - 1] = '\0';
                return;
            }
            out += (size_t)n;
        } else {
            dst[out++] = *p++;
            dst[out] = '\0';
        }
    }
}

/* Add name to the list's not-probed text once. */
static void note_unprobed(struct ep_list *l, const char *name)
{
    size_t have = strlen(l->unprobed), len = strlen(name);
    for (const char *p = l->unprobed; (p = strstr(p, name)) != NULL; p += len)
        if ((p == l->unprobed || p[-1] == ' ') && (p[len] == ',' || p[len] == '\0'))
            return;
    snprintf(l->unprobed + have, sizeof l->unprobed - have, "%s%s", have ? ", " : "", name);
}

int ep_catalog_build(struct ep_list *l, const struct ep_cloud *cloud, const char *region,
                     const char *regional_his, const char *features, char *err, size_t errlen)
{
    const struct cloud_def *def = definition_of(cloud);
    if (!def) {
        snprintf(err, errlen, _("no catalog for this cloud"));
        return -1;
    }
    if (!features)
        features = "";
    if (check_features(features, err, errlen) != 0)
        return -1;
    if (!region)
        region = "";
    if (!regional_his)
        regional_his = "";

    for (const struct cat_entry *e = def->entries; e->pattern; e++) {
        if ((e->flags & CAT_NEEDS_REGION) && !*region)
            continue;
        if ((e->flags & CAT_NEEDS_HIS) && !*regional_his)
            continue;
        if (e->required == ARCP_REQUIRED_OPTIONAL && !feature_selected(features, e->group))
            continue;
        if (e->flags & CAT_UNKNOWN_HOST) {
            note_unprobed(l, e->pattern);
            continue;
        }
        char url[ARCP_URL_MAX];
        if ((e->flags & CAT_GLOBAL_HIS) && *region)
            ep_discovery_url(url, sizeof url, cloud, region);
        else
            expand(url, sizeof url, e->pattern, region, regional_his);
        size_t before = l->count;
        int rc = ep_list_add(l, url, e->required, e->group, err, errlen);
        if (rc != 0)
            return rc;
        if ((e->flags & CAT_GLOBAL_HIS) && *region && l->count > before)
            l->items[l->count - 1].is_discovery = 1;
    }
    return 0;
}

/* The host part of a URL or bare host name, lower-cased; 0 when it is not
 * a plain DNS name. */
static int host_of(const char *s, size_t len, char *host, size_t hostlen)
{
    const char *scheme = NULL;
    for (size_t i = 0; i + 2 < len; i++)
        if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/') {
            scheme = s + i + 3;
            break;
        }
    const char *p = scheme ? scheme : s;
    const char *end = s + len;
    size_t n = 0;
    while (p + n < end && p[n] != '/' && p[n] != ':' && p[n] != '?')
        n++;
    if (n == 0 || n >= hostlen)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (!isalnum(c) && c != '-' && c != '.')
            return 0;
        host[i] = (char)tolower(c);
    }
    host[n] = '\0';
    return 1;
}

static int regional_host(const char *s, size_t len, const char *his_domain, char *host,
                         size_t hostlen)
{
    char h[256];
    if (!host_of(s, len, h, sizeof h))
        return 0;
    size_t hl = strlen(h), dl = strlen(his_domain);
    if (hl <= dl + 1 || h[hl - dl - 1] != '.' || strcmp(h + hl - dl, his_domain) != 0)
        return 0;
    if (strncmp(h, "gbl.", 4) == 0 || h[0] == '.' || strstr(h, ".."))
        return 0;
    arcp_copy(host, hostlen, h);
    return 1;
}

/* Depth-first search for the first string naming a regional host. */
static int search(json_object *o, int depth, size_t *visited, const char *his_domain, char *host,
                  size_t hostlen)
{
    if (!o || depth > 6 || ++*visited > 512)
        return 0;
    switch (json_object_get_type(o)) {
    case json_type_string:
        return regional_host(json_object_get_string(o), (size_t)json_object_get_string_len(o),
                             his_domain, host, hostlen);
    case json_type_array:
        for (size_t i = 0; i < json_object_array_length(o); i++)
            if (search(json_object_array_get_idx(o, i), depth + 1, visited, his_domain, host,
                       hostlen))
                return 1;
        return 0;
    case json_type_object: {
        json_object_object_foreach(o, key, value)
        {
            (void)key;
            if (search(value, depth + 1, visited, his_domain, host, hostlen))
                return 1;
        }
        return 0;
    }
    default:
        return 0;
    }
}

int ep_discovery_parse(const char *body, size_t len, const char *his_domain, char *host,
                       size_t hostlen)
{
    char why[128];
    host[0] = '\0';
    if (!body || len == 0 || !his_domain)
        return 0;
    json_object *root = json_parse_untrusted(body, len, why, sizeof why);
    if (!root)
        return 0;
    size_t visited = 0;
    int found = search(root, 0, &visited, his_domain, host, hostlen);
    json_object_put(root);
    if (!found)
        host[0] = '\0';
    return found;
}

const char *ep_cloud_name(const char *any_spelling)
{
    const struct ep_cloud *cloud = ep_cloud_find(any_spelling);
    if (cloud)
        return cloud->name;
    return any_spelling ? any_spelling : "";
}

/* arcprobe.h - the probe core's public interface.
 *
 * This is the only header a front end includes. The core answers three
 * questions about an Azure Arc Connected Machine agent (endpoint
 * reachability, himds state, last AZCM code) and folds them into one
 * report. It knows nothing of Nagios, collectd or SNMP: front ends map the
 * report to their host's idiom.
 *
 * Thread safety: arcp_global_init() once while the process is still
 * single-threaded; after that any number of threads may each run
 * arcp_probe() with their own (or a shared, read-only) arcp_config.
 */
#ifndef ARCPROBE_H
#define ARCPROBE_H

#include <stddef.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ARCP_API __attribute__((visibility("default")))

/* Monitoring states, numerically equal to the plugin exit codes. */
typedef enum arcp_state {
    ARCP_OK = 0,
    ARCP_WARNING = 1,
    ARCP_CRITICAL = 2,
    ARCP_UNKNOWN = 3,
} arcp_state;

/* The one severity order of arcprobe, used by the core and by every front
 * end when states are combined:
 *
 *     OK < UNKNOWN < WARNING < CRITICAL
 *
 * This is monitoring-plugins' max_state_alt (lib/states.h), not its
 * max_state (UNKNOWN < OK). Why: a component that answered with a finding
 * (WARNING, CRITICAL) tells the operator something to act on, while UNKNOWN
 * only says a question could not be answered, so a known problem is not
 * hidden behind "could not tell"; and UNKNOWN still ranks above OK, so a
 * question left unanswered is never presented as healthy.
 * arcp_state_severity() is the rank (0..3; an out-of-range value ranks as
 * UNKNOWN); arcp_state_worse() returns the more severe of two states. */
ARCP_API int arcp_state_severity(arcp_state s);
ARCP_API arcp_state arcp_state_worse(arcp_state a, arcp_state b);

/* Which components a probe runs (bit mask). */
enum {
    ARCP_CHECK_HIMDS = 1u << 0,     /* service + local endpoint + identity */
    ARCP_CHECK_AGENT = 1u << 1,     /* Connected/Disconnected/Expired, heartbeat */
    ARCP_CHECK_AZCM = 1u << 2,      /* last AZCM code in the logs */
    ARCP_CHECK_ENDPOINTS = 1u << 3, /* reachability of the Azure endpoints */
    ARCP_CHECK_ALL = 0xfu,
};

/* Text buffers in the report are fixed-size and always NUL-terminated. */
#define ARCP_TEXT_MAX 512
#define ARCP_NAME_MAX 128
#define ARCP_URL_MAX 512
#define ARCP_MESSAGE_MAX 1024
#define ARCP_SUMMARY_MAX 200

/* ------------------------------------------------------------------ */
/* Configuration                                                       */

typedef struct arcp_config arcp_config;

#define ARCP_DEFAULT_CONFIG "/etc/arcprobe/arcprobe.conf"

/* A configuration with every key at its default. NULL on out-of-memory. */
ARCP_API arcp_config *arcp_config_new(void);
ARCP_API void arcp_config_free(arcp_config *cfg);

/* Load an ini-style file (key = value, '#'/';' comments). Returns 0, or -1
 * with a message naming file, line and key in err. Keys set earlier are
 * overwritten by the file. */
ARCP_API int arcp_config_load(arcp_config *cfg, const char *path, char *err, size_t errlen);

/* Set one key as if it were read from a file (used for command-line and
 * collectd overrides). Returns 0, or -1 with a message in err. */
ARCP_API int arcp_config_set(arcp_config *cfg, const char *key, const char *value, char *err,
                             size_t errlen);

/* The path a front end should load when none was given: $ARCPROBE_CONFIG if
 * set and non-empty, else ARCP_DEFAULT_CONFIG. */
ARCP_API const char *arcp_config_default_path(void);

/* Whether the default file may be missing without error (true only when
 * neither --config nor ARCPROBE_CONFIG named it). */
ARCP_API int arcp_config_default_is_optional(void);

/* The current value of a key as text (as it would be written in the file);
 * NULL for an unknown key. Proxy credentials are masked. The text lives in
 * cfg and is overwritten by the next call: do not call this concurrently on
 * a config shared between threads (arcp_probe only reads cfg and is safe). */
ARCP_API const char *arcp_config_get(const arcp_config *cfg, const char *key);

/* The one rule for a front end's file: load `given` when the user named
 * one (it must exist), else the default path (arcp_config_default_path()),
 * which may be absent unless ARCPROBE_CONFIG named it. Returns 0 when a file
 * was loaded, 1 when the optional default is absent (every key keeps its
 * default), -1 with a message in err otherwise. */
ARCP_API int arcp_config_load_given_or_default(arcp_config *cfg, const char *given, char *err,
                                               size_t errlen);

/* For front ends that probe once and exit (check_azure_arc, the arcprobe
 * CLI): the probe then keeps what it learnt of the agent's logs in a state
 * file under state_dir between runs, so that the next run reads only what
 * was appended. Long-running hosts keep it in memory and do not call this. */
ARCP_API void arcp_config_keep_state(arcp_config *cfg);

/* Whole-probe deadline in seconds (config key "timeout"). */
ARCP_API double arcp_config_timeout(const arcp_config *cfg);

/* ------------------------------------------------------------------ */
/* Report                                                              */

typedef enum arcp_service_state {
    ARCP_SERVICE_UNKNOWN = 0,  /* could not be determined */
    ARCP_SERVICE_ACTIVE,       /* running */
    ARCP_SERVICE_INACTIVE,     /* installed, not running */
    ARCP_SERVICE_FAILED,       /* systemd says failed */
    ARCP_SERVICE_NOT_INSTALLED /* no such unit / no such process and no binary */
} arcp_service_state;

/* Where a fact in the report came from. Each enumeration starts with an
 * UNSET value (the question was not asked); arcp_*_name() spell them as the
 * JSON report and the plugin output do, "" for UNSET. */

/* How the service state was learnt. */
typedef enum arcp_service_method {
    ARCP_METHOD_UNSET = 0,
    ARCP_METHOD_SYSTEMD, /* "systemd": the unit's state over D-Bus */
    ARCP_METHOD_PROC,    /* "proc": the process table */
    ARCP_METHOD_NONE,    /* "none": neither could tell */
} arcp_service_method;

/* Where the identity verdict came from. */
typedef enum arcp_identity_source {
    ARCP_IDENTITY_UNSET = 0,
    ARCP_IDENTITY_CHALLENGE,  /* "challenge": this probe asked */
    ARCP_IDENTITY_REMEMBERED, /* "remembered": an earlier probe's answer stands */
    ARCP_IDENTITY_OFF,        /* "off": identity checks are switched off */
    /* "no state": not challenged, as this one-shot run could not keep the
     * challenge's time for the next run (identity_text says why) */
    ARCP_IDENTITY_NO_STATE,
} arcp_identity_source;

/* Where the agent's status was read. */
typedef enum arcp_agent_source {
    ARCP_AGENT_SOURCE_UNSET = 0,
    ARCP_AGENT_SOURCE_AGENTSTATUS,    /* "agentstatus": himds' /agentstatus */
    ARCP_AGENT_SOURCE_AZCMAGENT_SHOW, /* "azcmagent show" */
    ARCP_AGENT_SOURCE_NONE,           /* "none": nowhere */
} arcp_agent_source;

/* Where the cloud and location of the endpoints were learnt. */
typedef enum arcp_cloud_source {
    ARCP_CLOUD_SOURCE_UNSET = 0,
    ARCP_CLOUD_SOURCE_CONFIG,           /* "config": arcprobe's configuration */
    ARCP_CLOUD_SOURCE_AGENTCONFIG_JSON, /* "agentconfig.json": the agent's file */
    ARCP_CLOUD_SOURCE_HIMDS,            /* "himds": the metadata endpoint */
    ARCP_CLOUD_SOURCE_DEFAULT,          /* "default": the public cloud, assumed */
} arcp_cloud_source;

/* Which identity service (HIS) endpoint is probed. */
typedef enum arcp_his_source {
    ARCP_HIS_SOURCE_UNSET = 0,
    ARCP_HIS_SOURCE_DISCOVERY, /* "discovery": the regional one, from the global one's answer */
    ARCP_HIS_SOURCE_GBL,       /* "gbl": the global one */
    ARCP_HIS_SOURCE_CONFIG,    /* "config": arcprobe's endpoints list */
} arcp_his_source;

/* Where the proxy setting came from, in the agent's order. */
typedef enum arcp_proxy_source {
    ARCP_PROXY_SOURCE_UNSET = 0,
    ARCP_PROXY_SOURCE_OVERRIDE,            /* "override": arcprobe's own proxy key */
    ARCP_PROXY_SOURCE_GATEWAY,             /* "gateway": the agent's Arc gateway */
    ARCP_PROXY_SOURCE_CONFIG,              /* "config": the agent's proxy.url */
    ARCP_PROXY_SOURCE_UNIT_ENVIRONMENT,    /* "unit environment": himdsd's Environment */
    ARCP_PROXY_SOURCE_SYSTEMD_DEFAULT_ENV, /* "systemd default environment" */
    ARCP_PROXY_SOURCE_NONE,                /* "none": direct */
} arcp_proxy_source;

typedef enum arcp_himds_result {
    ARCP_HIMDS_NOT_PROBED = 0,
    ARCP_HIMDS_ANSWERED,   /* 200 with well-formed JSON */
    ARCP_HIMDS_REFUSED,    /* connection refused: nothing listens */
    ARCP_HIMDS_TIMEOUT,    /* connected but no (complete) answer in time */
    ARCP_HIMDS_GARBAGE,    /* 200 but the body is not the expected JSON */
    ARCP_HIMDS_HTML,       /* an HTML error page instead of JSON */
    ARCP_HIMDS_HTTP_ERROR, /* a non-200 status */
    ARCP_HIMDS_ERROR,      /* any other transport error */
} arcp_himds_result;

/* Which way a value missed a threshold a front end applied on top of the
 * core's states (check_azure_arc's ranges), so that the core's cause says
 * it truly: above the limit (slower, older: the default, and the only way
 * the core's own thresholds alert), below it (a range such as "10:", which
 * alerts on what is faster or more recent), or inside a range that alerts
 * inside ("@a:b"). A front end that raises a state by its threshold sets
 * the side before arcp_report_refold(). */
typedef enum arcp_limit_side {
    ARCP_LIMIT_ABOVE = 0,
    ARCP_LIMIT_BELOW,
    ARCP_LIMIT_INSIDE,
} arcp_limit_side;

struct arcp_himds {
    arcp_state state;
    char text[ARCP_TEXT_MAX]; /* one line, says what is wrong */
    arcp_service_state service;
    arcp_service_method service_method;
    arcp_himds_result endpoint; /* outcome of GET /metadata/instance */
    int endpoint_http_status;   /* 0 when no HTTP answer */
    double endpoint_ms;         /* latency of that GET, -1 unknown */
    int identity;               /* 1: 401 + Basic challenge seen; 0: not; -1 not probed */
    char identity_text[ARCP_TEXT_MAX];
    /* The challenge makes himds write a key file: it is repeated only every
     * identity_interval seconds, and otherwise the last result stands; a
     * one-shot run that could not keep its time is never challenged. */
    time_t identity_seen; /* last time the identity service answered its challenge, 0 unknown */
    arcp_identity_source identity_source;
    char cause[ARCP_TEXT_MAX];  /* why it is not OK, "" when OK */
    char remedy[ARCP_TEXT_MAX]; /* what to do about it, "" when nothing */
    /* Why a one-shot run could not keep the time of the challenge it made
     * (its state file could not be written): the next run challenges
     * again. A remark about the probe, never part of state or text. "" when
     * kept. */
    char note[ARCP_TEXT_MAX];
    arcp_limit_side latency_side; /* how a front end's latency threshold fired */
};

typedef enum arcp_agent_status {
    ARCP_AGENT_UNKNOWN = 0,
    ARCP_AGENT_CONNECTED,
    ARCP_AGENT_DISCONNECTED,
    ARCP_AGENT_EXPIRED,
} arcp_agent_status;

struct arcp_agent {
    arcp_state state;
    char text[ARCP_TEXT_MAX];
    arcp_agent_status status;
    char status_raw[32]; /* as the agent wrote it, sanitised */
    arcp_agent_source source;
    time_t last_heartbeat;     /* 0 unknown */
    long long heartbeat_age_s; /* -1 unknown */
    char resource_id[ARCP_URL_MAX];
    char resource_name[ARCP_NAME_MAX];
    char location[64];
    char cloud[64]; /* azEnvironment, e.g. AzurePublicCloud */
    char agent_version[32];
    char error_code[16]; /* agentErrorCode as reported, may be "" */
    char error_details[ARCP_TEXT_MAX];
    /* Expiry countdown, only for a Disconnected or Expired agent. An
     * estimate: the last heartbeat plus the 45 days after which the
     * machine's identity certificate lapses (ARCP_EXPIRY_DAYS). */
    long long expires_in_s;            /* seconds left, 0 when past; -1 not applicable/unknown */
    time_t expires_at;                 /* estimated expiry, 0 unknown */
    arcp_state expiry_state;           /* from expiry_warning_days/expiry_critical_days */
    char expiry_text[ARCP_TEXT_MAX];   /* what the countdown says, "" when not applicable */
    char expiry_remedy[ARCP_TEXT_MAX]; /* what to do, "" when nothing is due */
    char cause[ARCP_TEXT_MAX];         /* why it is not OK, "" when OK */
    char remedy[ARCP_TEXT_MAX];        /* what to do about it, "" when nothing */
    arcp_limit_side heartbeat_side;    /* how the heartbeat threshold fired */
};

/* Days without a heartbeat after which an agent's identity expires. */
#define ARCP_EXPIRY_DAYS 45

struct arcp_azcm {
    arcp_state state;
    char text[ARCP_TEXT_MAX];
    int found;         /* 1 when any AZCMnnnn line was seen */
    int code;          /* numeric part, -1 none */
    char code_str[16]; /* "AZCM0026" */
    time_t time;       /* from the line's time= field, 0 unknown */
    long long age_s;   /* -1 unknown */
    char level[16];
    char file[256];                 /* path of the log it came from */
    char message[ARCP_MESSAGE_MAX]; /* sanitised: no control chars, no '|' */
    int known;                      /* 1: the catalog knows the code */
    const char *meaning;            /* static text from the catalog, or "unknown code" */
    const char *code_remedy;        /* the catalog's advice, or where to look up an unknown code */
    int resolved;                   /* 1: an AZCM0000 newer than the error */
    char diagnosis[ARCP_TEXT_MAX];  /* known failure message: cause, "" if none */
    char diagnosis_remedy[ARCP_TEXT_MAX];
    size_t bytes_read;          /* how much of the logs was read */
    int incomplete;             /* 1: the deadline ended the scan before every log's newest code */
    char cause[ARCP_TEXT_MAX];  /* why it is not OK, "" when OK */
    char remedy[ARCP_TEXT_MAX]; /* what to do about it, "" when nothing */
    /* The code in force, for graphs and thresholds: 0 once an AZCM0000
     * resolved the last error, else code; -1 when no code was found. */
    int code_in_force;
    /* Why a one-shot run could not use its state file (see
     * arcp_config_keep_state) and read the logs whole: a remark about the
     * probe, never part of state or text. "" when the state file served. */
    char note[ARCP_TEXT_MAX];
};

typedef enum arcp_required {
    ARCP_REQUIRED_ALWAYS = 0, /* needed at all times */
    ARCP_REQUIRED_CONNECT,    /* connect / disconnect only (management) */
    ARCP_REQUIRED_INSTALL,    /* install and upgrade only */
    ARCP_REQUIRED_OPTIONAL,   /* optional feature (SSH, Admin Center, ESU, ...) */
} arcp_required;

typedef enum arcp_endpoint_class {
    ARCP_EP_OK = 0,
    ARCP_EP_DNS_FAILURE,
    ARCP_EP_NETWORK_UNREACHABLE,
    ARCP_EP_REFUSED,
    ARCP_EP_TIMEOUT,
    ARCP_EP_PROXY_REFUSED, /* CONNECT answered 403/407 */
    ARCP_EP_PROXY_UNREACHABLE,
    ARCP_EP_TLS_UNTRUSTED, /* chain we do not trust: likely TLS inspection */
    ARCP_EP_TLS_OTHER,
    ARCP_EP_OTHER,
    ARCP_EP_NOT_PROBED, /* the cycle deadline ran out first */
} arcp_endpoint_class;

struct arcp_endpoint {
    char name[ARCP_NAME_MAX]; /* host[:port], unique in the report */
    char url[ARCP_URL_MAX];
    arcp_required required;
    arcp_state state;
    arcp_endpoint_class cls;
    double dns_s, connect_s, tls_s, ttfb_s, total_s; /* -1 when the phase was not reached */
    int http_status;                                 /* 0 when no HTTP answer */
    char tls_version[16];                            /* "TLSv1.3" or "" */
    char proxy[ARCP_URL_MAX];   /* proxy used, credentials removed; "" direct */
    const char *remedy;         /* static text, "" when OK */
    char detail[ARCP_TEXT_MAX]; /* transport error text */
    int has_date;               /* 1: the answer carried a usable Date header */
    double clock_offset_s;      /* local clock minus that Date, corrected for the request time */
    const char *cause;          /* static text, "" when OK */
    /* Common name of the issuer of the certificate chain that was not
     * trusted (tls_untrusted), "" when unknown. */
    char tls_issuer[ARCP_NAME_MAX];
    /* Index in the report's findings of the finding that covers this row
     * (its remedy is said there, once), -1 when the row is OK. */
    int finding;
    arcp_limit_side limit_side; /* how a front end's time threshold fired */
};

struct arcp_endpoints {
    arcp_state state;
    char text[ARCP_TEXT_MAX];
    char cloud[32]; /* AzureCloud, AzureUSGovernment, AzureChinaCloud */
    char location[64];
    arcp_cloud_source cloud_source;
    arcp_his_source his_source;
    arcp_proxy_source proxy_source;
    size_t count;
    size_t failed;
    struct arcp_endpoint *items; /* count entries, owned by the report */
    /* Needed endpoints whose host cannot be known (wildcards such as
     * azgn*.servicebus.windows.net), ", " separated: not probed. */
    char not_probed[ARCP_TEXT_MAX];
    /* The endpoints' leading finding (their worst, covering the most rows):
     * "" when every endpoint is OK. Every other failure is a finding too. */
    char cause[ARCP_TEXT_MAX];
    char remedy[ARCP_TEXT_MAX];
};

/* One thing that is wrong, said once. A component that is not OK is one
 * finding; endpoint failures that share a cause are folded into one (every
 * name fails to resolve: the resolver; every connection times out: outbound
 * HTTPS blocked; every chain issued by the same unknown CA: TLS inspection;
 * the proxy refuses every CONNECT: the proxy's policy), and the per-endpoint
 * rows point at it (arcp_endpoint.finding). Front ends print each finding's
 * remedy once and add no advice of their own. */
#define ARCP_FINDINGS_MAX 16
#define ARCP_COMPONENT_MAX 16

struct arcp_finding {
    arcp_state state;
    char component[ARCP_COMPONENT_MAX]; /* "himds", "agent", "azcm", "endpoints" */
    char text[ARCP_TEXT_MAX];           /* what is wrong, one line, no advice */
    char cause[ARCP_TEXT_MAX];          /* why */
    char remedy[ARCP_TEXT_MAX];         /* what to do, "" when nothing can be advised */
    size_t endpoints;                   /* endpoint rows it covers (0: not an endpoint finding) */
};

/* The local clock against the Date headers of the HTTPS endpoints that
 * answered: the median over distinct hosts, each offset corrected by half
 * its request time. No verdict from fewer than two hosts. */
struct arcp_clock {
    arcp_state state; /* OK when not judged */
    char text[ARCP_TEXT_MAX];
    char cause[ARCP_TEXT_MAX];  /* "" when OK */
    char remedy[ARCP_TEXT_MAX]; /* "" when OK */
    size_t answers;             /* distinct hosts with a usable Date */
    int judged;                 /* 1: answers >= 2 and offset_s is the verdict */
    double offset_s;            /* median; positive: this machine's clock is ahead */
};

typedef struct arcp_report {
    arcp_state state; /* worst of the probed components */
    /* The first line of an alert: the worst finding and how many more, at
     * most ARCP_SUMMARY_MAX bytes (cut at a word, with an ellipsis). */
    char summary[ARCP_TEXT_MAX];
    unsigned checks; /* ARCP_CHECK_* that were run */
    time_t probe_time;
    double duration_s;
    int incomplete; /* 1: the deadline cut a component short */
    struct arcp_himds himds;
    struct arcp_agent agent;
    struct arcp_azcm azcm;
    struct arcp_endpoints endpoints;
    struct arcp_clock clock; /* judged with the endpoints (ARCP_CHECK_ENDPOINTS) */
    size_t finding_count;
    struct arcp_finding findings[ARCP_FINDINGS_MAX]; /* worst first */
} arcp_report;

/* Whether an endpoint row was reached: 1 it answered over HTTPS (class
 * ok), 0 it could not be reached (any failure class), -1 not known (the
 * deadline came before it was probed: neither up nor down). The one rule
 * behind arcp_endpoints.failed: every front end that counts, graphs or
 * notifies unreachable endpoints asks it rather than reading cls. */
ARCP_API int arcp_endpoint_reached(const struct arcp_endpoint *ep);

/* Whether the report's endpoint counts (arcp_endpoints.count and .failed)
 * are observations: 1 when the endpoints check ran and at least one row was
 * probed (arcp_endpoint_reached() >= 0), also when the deadline left others
 * unprobed; 0 when no endpoint was observed (the check did not run, the
 * network module is missing, the cloud or the list could not be had, or the
 * deadline left every row unprobed). Then failed is 0 because nothing was
 * counted, not because nothing failed: front ends that graph the counts
 * publish them as unknown in their own idiom (no perfdata, NaN, no sample),
 * and the endpoints' state says UNKNOWN with the reason. */
ARCP_API int arcp_endpoints_observed(const arcp_report *report);

/* The worst state an endpoint of this level may cause, whatever is wrong
 * with it: the state it has when unreachable (always: CRITICAL, connect:
 * WARNING, install and optional: the configuration's optional_state). A
 * front end whose own threshold finds a reachable endpoint too slow raises
 * its state at most to this, so slow never weighs more than unreachable. */
ARCP_API arcp_state arcp_endpoint_state_cap(const arcp_config *cfg, arcp_required required);

/* Run the selected checks under the config's deadline and fill a new report.
 * Never blocks past arcp_config_timeout() (plus scheduling slack). Returns 0
 * with *out set (even when the checked thing is broken: that is data), or -1
 * with a message in err when no report could be made (out of memory). */
ARCP_API int arcp_probe(const arcp_config *cfg, unsigned checks, arcp_report **out, char *err,
                        size_t errlen);
ARCP_API void arcp_report_free(arcp_report *report);

/* Fold the report again after a front end raised component or endpoint
 * states by thresholds of its own (check_azure_arc's ranges): the overall
 * state, the findings with their causes and remedies, the summary. */
ARCP_API void arcp_report_refold(arcp_report *report);

/* The report as JSON text (the CLI's --json schema, see README). Caller
 * frees with free(). NULL on out-of-memory. */
ARCP_API char *arcp_report_json(const arcp_report *report);

/* ------------------------------------------------------------------ */
/* Names for enumerations (static strings, never NULL)                 */

ARCP_API const char *arcp_state_name(arcp_state s);                   /* "OK", "WARNING", ... */
ARCP_API const char *arcp_service_state_name(arcp_service_state s);   /* "active", ... */
ARCP_API const char *arcp_himds_result_name(arcp_himds_result r);     /* "answered", ... */
ARCP_API const char *arcp_agent_status_name(arcp_agent_status s);     /* "Connected", ... */
ARCP_API const char *arcp_required_name(arcp_required r);             /* "always", "connect", ... */
ARCP_API const char *arcp_endpoint_class_name(arcp_endpoint_class c); /* "dns_failure", ... */
ARCP_API const char *arcp_service_method_name(arcp_service_method m); /* "systemd", ... */
ARCP_API const char *arcp_identity_source_name(arcp_identity_source s); /* "challenge", ... */
ARCP_API const char *arcp_agent_source_name(arcp_agent_source s);       /* "agentstatus", ... */
ARCP_API const char *arcp_cloud_source_name(arcp_cloud_source s);       /* "config", ... */
ARCP_API const char *arcp_his_source_name(arcp_his_source s);           /* "discovery", ... */
ARCP_API const char *arcp_proxy_source_name(arcp_proxy_source s);       /* "override", ... */
/* The one name arcprobe uses for a cloud however the agent spells it
 * ("AzureCloud" for himds' "AzurePublicCloud"); an unknown name as given,
 * NULL as "". */
ARCP_API const char *arcp_cloud_name(const char *any_spelling);

/* ------------------------------------------------------------------ */
/* Text helpers shared by every front end                              */

/* Copy text for display in any host (Nagios, SNMP, collectd, a terminal):
 * control characters become blanks, '|' becomes '/', invalid UTF-8 bytes
 * become '?', blank runs fold to one; always NUL-terminated, never cut
 * inside a character. Returns dst. */
ARCP_API char *arcp_clean_text(char *dst, size_t dstlen, const char *src);

/* Copy src into dst keeping at most max bytes (and dstlen - 1): a longer
 * text is cut at a word boundary (or, for one long word, a character
 * boundary) and ends in "...". Returns dst. */
ARCP_API char *arcp_text_shorten(char *dst, size_t dstlen, const char *src, size_t max);

/* The byte length of the longest prefix of text made of whole characters
 * that fits in max_bytes bytes and, unless max_columns < 0, in max_columns
 * terminal columns (counted as arcp_text_width counts them). Never ends
 * inside a UTF-8 sequence: every cut of text to a byte or column limit goes
 * through it. *columns (may be NULL) receives the prefix's width. */
ARCP_API size_t arcp_text_fit(const char *text, size_t max_bytes, int max_columns, int *columns);

/* The terminal columns text takes under the active locale (LC_CTYPE,
 * wcwidth): two for Hangul, kana and CJK ideographs, none for combining
 * marks. A byte that is not UTF-8, or a character the locale cannot convert
 * or knows no width for, counts one column (a terminal shows one cell). */
ARCP_API int arcp_text_width(const char *text);

/* Drops the incomplete last character a byte-limited write (snprintf,
 * vsnprintf) may have left at the end of text. Returns text. */
ARCP_API char *arcp_text_trim_split(char *text);

/* The one check-list syntax of every front end: check names (endpoints,
 * himds, agent, azcm, all; any case) separated by commas and/or blanks.
 * Returns 0 with the ARCP_CHECK_* mask in *mask, or -1 with a message
 * naming the bad word (or the empty list) in err. */
ARCP_API int arcp_checks_parse(const char *list, unsigned *mask, char *err, size_t errlen);

/* The checks in mask by name, comma-separated ("himds,agent,azcm"), for
 * logs and messages; "none" for 0. Returns buf. */
ARCP_API char *arcp_checks_format(unsigned mask, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* Growing buffers                                                     */

/* Make room for need items of size bytes in the array *items (a pointer to
 * any pointer, NULL when empty) whose capacity is *cap items: the capacity
 * doubles until it holds need. Returns 0 (items and cap updated, content
 * kept), or -1 on out-of-memory or overflow with both untouched. */
ARCP_API int arcp_grow(void *items, size_t *cap, size_t need, size_t size);

/* Process-wide set-up; call once before any thread probes. libcurl's own
 * set-up is done by the first probe that needs it (the himds, agent and
 * endpoint checks), so a process that only reads logs never loads it;
 * arcp_global_cleanup() undoes it. */
ARCP_API int arcp_global_init(void);
ARCP_API void arcp_global_cleanup(void);

ARCP_API const char *arcp_version(void);

/* Copy text to dst (dstlen bytes, always terminated) with the user info of
 * every URL-like word replaced by three asterisks ("http://u:pw@h:3128" ->
 * "http://" "***" "@h:3128"; after "://" everything up to the last '@' of the
 * line counts as user info, since a proxy password may hold '@', ':' or
 * '/'). Every front end passes any text that may hold a proxy URL
 * (argument echoes, configuration values, messages) through it before
 * printing or logging it. Returns dst. */
ARCP_API char *arcp_mask_credentials(char *dst, size_t dstlen, const char *text);

/* ------------------------------------------------------------------ */
/* Reading configuration files                                         */

/* The most a configuration file may hold, and the longest line in it: one
 * `endpoints` line fits the 1024 endpoints an endpoint list may have, each a
 * URL of up to ARCP_URL_MAX bytes. */
#define ARCP_CONFIG_FILE_MAX (4u * 1024 * 1024)
#define ARCP_CONFIG_LINE_MAX (1024u * 1024 + 1024)

/* The whole of a file that a person named in a configuration (a config file,
 * an ini file): anything but a regular file (a FIFO, /dev/zero, a directory)
 * is refused at open without blocking, and a file longer than max_bytes is
 * refused without being read further. Returns a malloc'd buffer with a NUL
 * after the *len bytes read (the content itself may hold NUL bytes), or NULL
 * with a message naming the path in err. */
ARCP_API char *arcp_read_regular_file(const char *path, size_t max_bytes, size_t *len, char *err,
                                      size_t errlen);

#ifdef __cplusplus
}
#endif
#endif

/* azure_arc.h - internals shared by the collectd plugin's source files.
 *
 * The plugin is a thin front end: config parsing builds instances, the read
 * callback runs the core's probe, then value dispatch and notification state
 * tracking map the report to collectd's idiom. Nothing here is exported to
 * collectd except module_register().
 */
#ifndef AZURE_ARC_H
#define AZURE_ARC_H

/* collectd's headers pull in its own config.h (PACKAGE_* macros): this
 * translation unit must not include the project's config header. */
#include "collectd/core/daemon/plugin.h"
#include "collectd/core/daemon/utils_complain.h"

#include "arcprobe.h"

#include <pthread.h>

#define AZARC_PLUGIN "azure_arc"

/* The module is built with hidden visibility: only what collectd looks up
 * (module_register) is exported. */
#ifndef AZARC_EXPORT
#define AZARC_EXPORT
#endif

/* Instance names become plugin_instance and part of the read callback name. */
#define AZARC_INSTANCE_NAME_MAX 64

/* Last state seen for one endpoint, keyed by the endpoint's name. */
struct azarc_endpoint_state {
    char name[ARCP_NAME_MAX];
    arcp_state state;
};

enum azarc_component {
    AZARC_HIMDS = 0,
    AZARC_AGENT,
    AZARC_AZCM,
    AZARC_CLOCK, /* judged with the endpoints */
    AZARC_COMPONENTS,
};

/* What the last cycle reported, so that a notification is raised only when a
 * state changes. Everything starts as OK, so a first cycle that finds a
 * problem raises it once and a healthy one nothing (collectd's threshold
 * plugin instead starts from unknown and sends an OKAY for each value). */
struct azarc_notify_state {
    arcp_state component[AZARC_COMPONENTS];
    struct azarc_endpoint_state *endpoints;
    size_t endpoint_count;
    /* State of the endpoint list itself when it has no rows to carry it (a
     * configuration error such as an invalid `endpoints` URL), else OK. */
    arcp_state endpoint_list;
};

typedef struct azarc_instance {
    char name[AZARC_INSTANCE_NAME_MAX];
    arcp_config *cfg;
    unsigned checks;
    double interval_s; /* 0: collectd's interval */
    double timeout_s;  /* passed to the core as its whole-probe deadline */
    /* collectd does not run one read callback twice at once, but nothing
     * promises that for every version: the lock keeps the state consistent
     * whatever the number of ReadThreads. */
    pthread_mutex_t lock;
    struct azarc_notify_state notify;
    /* collectd's own throttles, so a lasting problem is logged once (or at
     * growing intervals) and its end once, not every interval */
    c_complain_t no_report;
    c_complain_t undispatched;
    c_complain_t notify_memory;
    c_complain_t long_names;
} azarc_instance;

/* ---- config parsing (azure_arc_config.c) ---- */

/* Parse one <Plugin azure_arc> block into instances. default_interval_s is
 * collectd's interval for the plugin. Good instances are returned in
 * *instances (caller frees each with azarc_instance_free and the array with
 * free); bad blocks are logged with ERROR and skipped. Returns 0 when every
 * block was good, -1 otherwise. */
int azarc_config_parse(const oconfig_item_t *ci, double default_interval_s,
                       azarc_instance ***instances, size_t *count);

/* Parse a Checks list ("himds agent" or "himds,azcm" or "all"). Returns the
 * ARCP_CHECK_* mask, or 0 and a message in err for an unknown name. */
unsigned azarc_parse_checks(const char *list, char *err, size_t errlen);

azarc_instance *azarc_instance_new(const char *name);
void azarc_instance_free(void *instance);

/* ---- value dispatch (azure_arc_values.c) ---- */

/* An endpoint's values are "<what>-<name>" type_instances of at most
 * DATA_MAX_NAME_LEN - 1 bytes, the longest <what> being "firstbyte-". A name
 * that leaves no room would have to be cut, and two cut names could
 * collide: such an endpoint dispatches none of its values, and its
 * notifications carry the endpoints' own type_instance "endpoints_state"
 * (their message names it, shortened past half the message; the warning
 * azarc_read logs once names it in full). */
#define AZARC_ENDPOINT_NAME_FIT (DATA_MAX_NAME_LEN - 1 - (sizeof("firstbyte-") - 1))
int azarc_endpoint_name_fits(const char *name);

/* How many endpoints of the report have a name that does not fit, and the
 * first of them in *first (NULL when none). */
size_t azarc_overlong_endpoints(const arcp_report *report, const char **first);

/* Dispatch every value of the report for the checks it ran. Returns the
 * number of values that could not be dispatched. */
int azarc_dispatch_values(const char *instance, const arcp_report *report);

/* ---- notification state tracking (azure_arc_notify.c) ---- */

void azarc_notify_state_init(struct azarc_notify_state *state);
void azarc_notify_state_free(struct azarc_notify_state *state);

/* Compare the report with the last one, raise one notification per changed
 * component or endpoint, and remember the new states. Returns the number of
 * notifications raised, or -1 when out of memory (state left unchanged). */
int azarc_notify_update(struct azarc_notify_state *state, const char *instance,
                        const arcp_report *report);

/* ---- notification texts (azure_arc_message.c) ---- */

/* Write "<subject> <STATE>: <text> Fix: <remedy>" into out (at most
 * NOTIF_MAX_MSG_LEN - 1 bytes), shortening the text first so the remedy
 * survives, never splitting a UTF-8 sequence. */
void azarc_format_message(char *out, size_t outlen, const char *subject, arcp_state state,
                          int recovered, const char *text, const char *remedy);

/* ---- the read callback (azure_arc.c) ---- */

int azarc_read(user_data_t *ud);

#endif

/* azure_arc.c - collectd module registration and the read callback.
 *
 * module_register() only registers the config and init callbacks. Each
 * configured instance gets its own complex read callback
 * "azure_arc/<instance>" whose user data (the instance) collectd frees with
 * free_registered_instance at shutdown.
 */
#include "azure_arc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Instance names with a registered read callback. collectd rejects a
 * duplicate read name without saying whether it freed the user data, so
 * duplicates are caught here. A name is released when collectd frees its
 * instance, so a re-read configuration may use it again. */
#define MAX_INSTANCES 256
static char registered[MAX_INSTANCES][AZARC_INSTANCE_NAME_MAX];
static size_t registered_count;
static pthread_mutex_t registered_lock = PTHREAD_MUTEX_INITIALIZER;

/* Whether collectd delivered a <Plugin azure_arc> block. collectd calls the
 * config callback only for a block it finds: after a bare `LoadPlugin
 * azure_arc`, init configures the instance an empty block would. */
static int configured;

static int is_registered(const char *name)
{
    for (size_t i = 0; i < registered_count; i++) {
        if (strcmp(registered[i], name) == 0)
            return 1;
    }
    return 0;
}

static void release_name(const char *name)
{
    pthread_mutex_lock(&registered_lock);
    for (size_t i = 0; i < registered_count; i++) {
        if (strcmp(registered[i], name) == 0) {
            registered_count--;
            memmove(registered[i], registered[registered_count], sizeof(registered[0]));
            break;
        }
    }
    pthread_mutex_unlock(&registered_lock);
}

/* The free_func collectd calls for a registered instance. */
static void free_registered_instance(void *data)
{
    azarc_instance *inst = data;
    if (inst == NULL)
        return;
    release_name(inst->name);
    azarc_instance_free(inst);
}

int azarc_read(user_data_t *ud)
{
    azarc_instance *inst = ud != NULL ? ud->data : NULL;
    if (inst == NULL) {
        ERROR(AZARC_PLUGIN " plugin: read callback without an instance");
        return -1;
    }

    pthread_mutex_lock(&inst->lock);
    arcp_report *report = NULL;
    char err[256] = "";
    if (arcp_probe(inst->cfg, inst->checks, &report, err, sizeof(err)) != 0 || report == NULL) {
        /* Only out-of-memory gets here: a broken agent is still a report.
         * Returning an error lets collectd back off. */
        c_complain(LOG_ERR, &inst->no_report,
                   AZARC_PLUGIN " plugin: instance \"%s\": no report: %s", inst->name,
                   err[0] != '\0' ? err : "unknown error");
        pthread_mutex_unlock(&inst->lock);
        return -1;
    }
    c_release(LOG_INFO, &inst->no_report, AZARC_PLUGIN " plugin: instance \"%s\": reports again",
              inst->name);
    int failed = azarc_dispatch_values(inst->name, report);
    /* Once per episode: the cause (a full write queue) rarely goes away
     * alone. */
    if (failed > 0)
        c_complain_once(LOG_WARNING, &inst->undispatched,
                        AZARC_PLUGIN " plugin: instance \"%s\": %d values not dispatched",
                        inst->name, failed);
    else
        c_release(LOG_INFO, &inst->undispatched,
                  AZARC_PLUGIN " plugin: instance \"%s\": every value dispatched again",
                  inst->name);
    /* A name stays too long as long as the endpoint list names it: said
     * once, not every interval. */
    const char *overlong = NULL;
    size_t overlong_count = azarc_overlong_endpoints(report, &overlong);
    if (overlong_count > 0)
        c_complain_once(LOG_WARNING, &inst->long_names,
                        AZARC_PLUGIN " plugin: instance \"%s\": endpoint %s%s: a name longer "
                                     "than %zu bytes does not fit a collectd type_instance; its "
                                     "values are not dispatched and its notifications carry "
                                     "type_instance \"endpoints_state\"",
                        inst->name, overlong,
                        overlong_count > 1 ? " (and more endpoints like it)" : "",
                        (size_t)AZARC_ENDPOINT_NAME_FIT);
    else
        c_release(LOG_INFO, &inst->long_names,
                  AZARC_PLUGIN " plugin: instance \"%s\": every endpoint name fits again",
                  inst->name);
    if (azarc_notify_update(&inst->notify, inst->name, report) < 0)
        c_complain(LOG_WARNING, &inst->notify_memory,
                   AZARC_PLUGIN " plugin: instance \"%s\": out of memory tracking states; "
                                "notifications delayed",
                   inst->name);
    else
        c_release(LOG_INFO, &inst->notify_memory,
                  AZARC_PLUGIN " plugin: instance \"%s\": notifications tracked again", inst->name);
    arcp_report_free(report);
    pthread_mutex_unlock(&inst->lock);
    /* The agent being down is data, not a failure of this callback. */
    return 0;
}

static int register_instance(azarc_instance *inst)
{
    char read_name[sizeof(AZARC_PLUGIN) + AZARC_INSTANCE_NAME_MAX + 1];
    char name[AZARC_INSTANCE_NAME_MAX];

    snprintf(name, sizeof(name), "%s", inst->name);
    pthread_mutex_lock(&registered_lock);
    const char *problem = is_registered(name)                 ? "is configured twice"
                          : registered_count >= MAX_INSTANCES ? "is one instance too many"
                                                              : NULL;
    if (problem == NULL)
        memcpy(registered[registered_count++], name, sizeof(name));
    pthread_mutex_unlock(&registered_lock);
    if (problem != NULL) {
        ERROR(AZARC_PLUGIN " plugin: instance \"%s\" %s; it is not registered", name, problem);
        azarc_instance_free(inst);
        return -1;
    }

    snprintf(read_name, sizeof(read_name), AZARC_PLUGIN "/%s", name);
    cdtime_t interval = inst->interval_s > 0 ? DOUBLE_TO_CDTIME_T(inst->interval_s) : 0;
    unsigned checks = inst->checks;
    double timeout = inst->timeout_s;
    user_data_t ud = {.data = inst, .free_func = free_registered_instance};
    /* On failure collectd has already called free_func (which released the
     * name): inst must not be touched after this call. */
    if (plugin_register_complex_read(AZARC_PLUGIN, read_name, azarc_read, interval, &ud) != 0) {
        ERROR(AZARC_PLUGIN " plugin: registering the read callback %s failed", read_name);
        return -1;
    }
    char names[64];
    INFO(AZARC_PLUGIN " plugin: instance \"%s\" registered (checks %s, timeout %.3f s)", name,
         arcp_checks_format(checks, names, sizeof names), timeout);
    return 0;
}

static int azarc_config(oconfig_item_t *ci)
{
    azarc_instance **instances = NULL;
    size_t count = 0;
    double interval = CDTIME_T_TO_DOUBLE(plugin_get_interval());

    configured = 1;
    int rc = azarc_config_parse(ci, interval, &instances, &count);
    for (size_t i = 0; i < count; i++) {
        if (register_instance(instances[i]) != 0)
            rc = -1;
    }
    free(instances);
    return rc;
}

static int azarc_init(void)
{
    /* libcurl's global set-up is not thread-safe: init runs before collectd
     * starts its read threads. */
    if (arcp_global_init() != 0) {
        ERROR(AZARC_PLUGIN " plugin: arcp_global_init failed (libcurl could not be set up); "
                           "no instance will be read");
        /* collectd only unregisters a read callback named like the plugin;
         * ours are "azure_arc/<instance>" in the group "azure_arc". */
        plugin_unregister_read_group(AZARC_PLUGIN);
        return -1;
    }
    if (!configured) {
        oconfig_item_t empty = {.key = "Plugin"};
        /* Its only instance failed, so nothing was registered: init fails
         * for collectd to log, and collectd goes on without the plugin. */
        if (azarc_config(&empty) != 0) {
            ERROR(AZARC_PLUGIN " plugin: LoadPlugin without a <Plugin " AZARC_PLUGIN "> block: "
                               "the default instance could not be configured");
            return -1;
        }
    }
    return 0;
}

AZARC_EXPORT void module_register(void)
{
    configured = 0; /* collectd loads a module once, before its configuration */
    plugin_register_complex_config(AZARC_PLUGIN, azarc_config);
    plugin_register_init(AZARC_PLUGIN, azarc_init);
}

/* collectd_stub.h - a recording stand-in for the part of collectd's plugin
 * API that azure_arc uses (the dispatch seam, as collectd's own plugin tests
 * do), plus builders for oconfig_item_t trees.
 */
#ifndef COLLECTD_STUB_H
#define COLLECTD_STUB_H

#include "collectd/core/daemon/plugin.h"

#include <stddef.h>

struct stub_value {
    char host[DATA_MAX_NAME_LEN];
    char plugin[DATA_MAX_NAME_LEN];
    char plugin_instance[DATA_MAX_NAME_LEN];
    char type[DATA_MAX_NAME_LEN];
    char type_instance[DATA_MAX_NAME_LEN];
    double value;
    size_t values_len;
};

struct stub_notification {
    int severity;
    cdtime_t time;
    char message[NOTIF_MAX_MSG_LEN];
    char host[DATA_MAX_NAME_LEN];
    char plugin[DATA_MAX_NAME_LEN];
    char plugin_instance[DATA_MAX_NAME_LEN];
    char type[DATA_MAX_NAME_LEN];
    char type_instance[DATA_MAX_NAME_LEN];
};

struct stub_log {
    int level;
    char message[1024];
};

struct stub_read {
    char group[DATA_MAX_NAME_LEN];
    char name[2 * DATA_MAX_NAME_LEN];
    plugin_read_cb callback;
    cdtime_t interval;
    user_data_t ud;
};

/* Knobs. */
extern int stub_record;          /* 0: only count (the soak harness) */
extern size_t stub_values_total; /* every value dispatched since start */
extern size_t stub_notifications_total;
extern cdtime_t stub_interval;      /* what plugin_get_interval() returns */
extern int stub_fail_next_register; /* make the next complex read registration fail */
extern int stub_fail_dispatch;      /* plugin_dispatch_values refuses (a full write queue) */
extern int stub_echo_log;           /* print plugin_log lines to stderr */

/* What the plugin registered through module_register. */
extern int (*stub_config_cb)(oconfig_item_t *);
extern int (*stub_init_cb)(void);
extern int stub_config_registrations, stub_init_registrations, stub_other_registrations;
extern char stub_config_name[64], stub_init_name[64];

/* Recorded calls (thread-safe). Indexes are stable until stub_clear(). */
size_t stub_value_count(void);
size_t stub_notification_count(void);
size_t stub_log_count(void);
size_t stub_read_count(void);
const struct stub_value *stub_value_at(size_t i);
const struct stub_notification *stub_notification_at(size_t i);
const struct stub_log *stub_log_at(size_t i);
const struct stub_read *stub_read_at(size_t i);
const struct stub_read *stub_find_read(const char *name);

/* The value dispatched last with this type and type_instance (any plugin
 * instance when instance is NULL), or NULL. */
const struct stub_value *stub_find_value(const char *instance, const char *type,
                                         const char *type_instance);
/* Number of log lines at or above level (LOG_ERR is the highest) containing
 * text (any when NULL). */
size_t stub_log_matching(int max_level, const char *text);

/* Forget values, notifications and log lines. */
void stub_clear(void);
/* Like collectd's shutdown: free every registered read's user data, forget
 * the reads and the config/init callbacks, then stub_clear(). */
void stub_shutdown(void);

/* oconfig_item_t builders. ci_add() appends a child option with values given
 * as "s:text", "n:number" or "b:true"/"b:false", terminated by NULL; the
 * returned pointer is valid until the parent gets another child. */
oconfig_item_t *ci_root(const char *key, ...);
oconfig_item_t *ci_add(oconfig_item_t *parent, const char *key, ...);
void ci_free(oconfig_item_t *ci);

#endif

/* collectd_stub.c - recording stand-in for collectd's plugin API. */
#include "collectd_stub.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int stub_record = 1;
cdtime_t stub_interval = DOUBLE_TO_CDTIME_T_STATIC(10.0);
int stub_fail_next_register;
int stub_fail_dispatch;
int stub_echo_log;
size_t stub_values_total;
size_t stub_notifications_total;

int (*stub_config_cb)(oconfig_item_t *);
int (*stub_init_cb)(void);
int stub_config_registrations, stub_init_registrations, stub_other_registrations;
char stub_config_name[64], stub_init_name[64];

static char hostname_buf[] = "stubhost";
char *hostname_g = hostname_buf;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

#define ARRAY(type, name)                                                                          \
    static type *name;                                                                             \
    static size_t name##_count, name##_cap;
ARRAY(struct stub_value, values)
ARRAY(struct stub_notification, notifications)
ARRAY(struct stub_log, logs)
ARRAY(struct stub_read, reads)

static void *grow(void *array, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return array;
    size_t want = *cap ? *cap * 2 : 64;
    void *grown = realloc(array, want * size);
    if (grown == NULL) {
        fprintf(stderr, "collectd_stub: out of memory\n");
        abort();
    }
    *cap = want;
    return grown;
}

static void copy(char *dst, const char *src)
{
    snprintf(dst, DATA_MAX_NAME_LEN, "%s", src);
}

/* ---- the plugin API ---- */

int plugin_register_complex_config(const char *type, int (*callback)(oconfig_item_t *))
{
    stub_config_cb = callback;
    snprintf(stub_config_name, sizeof(stub_config_name), "%s", type);
    stub_config_registrations++;
    return 0;
}

int plugin_register_init(const char *name, plugin_init_cb callback)
{
    stub_init_cb = callback;
    snprintf(stub_init_name, sizeof(stub_init_name), "%s", name);
    stub_init_registrations++;
    return 0;
}

int plugin_register_complex_read(const char *group, const char *name, plugin_read_cb callback,
                                 cdtime_t interval, user_data_t const *user_data)
{
    pthread_mutex_lock(&lock);
    int duplicate = stub_find_read(name) != NULL;
    int fail = stub_fail_next_register || duplicate;
    stub_fail_next_register = 0;
    if (fail) {
        pthread_mutex_unlock(&lock);
        /* As collectd 5.12 does: the user data is freed on failure. */
        if (user_data != NULL && user_data->free_func != NULL)
            user_data->free_func(user_data->data);
        return duplicate ? EINVAL : ENOMEM;
    }
    reads = grow(reads, &reads_cap, reads_count, sizeof(*reads));
    struct stub_read *r = &reads[reads_count++];
    memset(r, 0, sizeof(*r));
    snprintf(r->group, sizeof(r->group), "%s", group ? group : "");
    snprintf(r->name, sizeof(r->name), "%s", name);
    r->callback = callback;
    r->interval = interval;
    if (user_data != NULL)
        r->ud = *user_data;
    pthread_mutex_unlock(&lock);
    return 0;
}

int plugin_unregister_read_group(const char *group)
{
    pthread_mutex_lock(&lock);
    size_t kept = 0;
    for (size_t i = 0; i < reads_count; i++) {
        if (strcmp(reads[i].group, group) == 0) {
            if (reads[i].ud.free_func != NULL)
                reads[i].ud.free_func(reads[i].ud.data);
        } else {
            reads[kept++] = reads[i];
        }
    }
    reads_count = kept;
    pthread_mutex_unlock(&lock);
    stub_other_registrations++;
    return 0;
}

int plugin_dispatch_values(value_list_t const *vl)
{
    pthread_mutex_lock(&lock);
    stub_values_total++;
    if (stub_fail_dispatch) {
        pthread_mutex_unlock(&lock);
        return -1;
    }
    if (!stub_record) {
        pthread_mutex_unlock(&lock);
        return 0;
    }
    values = grow(values, &values_cap, values_count, sizeof(*values));
    struct stub_value *v = &values[values_count++];
    memset(v, 0, sizeof(*v));
    copy(v->host, vl->host);
    copy(v->plugin, vl->plugin);
    copy(v->plugin_instance, vl->plugin_instance);
    copy(v->type, vl->type);
    copy(v->type_instance, vl->type_instance);
    v->values_len = vl->values_len;
    v->value = vl->values_len > 0 ? vl->values[0].gauge : 0;
    pthread_mutex_unlock(&lock);
    return 0;
}

int plugin_dispatch_notification(const notification_t *n)
{
    pthread_mutex_lock(&lock);
    stub_notifications_total++;
    if (!stub_record) {
        pthread_mutex_unlock(&lock);
        return 0;
    }
    notifications =
        grow(notifications, &notifications_cap, notifications_count, sizeof(*notifications));
    struct stub_notification *s = &notifications[notifications_count++];
    memset(s, 0, sizeof(*s));
    s->severity = n->severity;
    s->time = n->time;
    memcpy(s->message, n->message, sizeof(s->message));
    s->message[sizeof(s->message) - 1] = '\0';
    copy(s->host, n->host);
    copy(s->plugin, n->plugin);
    copy(s->plugin_instance, n->plugin_instance);
    copy(s->type, n->type);
    copy(s->type_instance, n->type_instance);
    pthread_mutex_unlock(&lock);
    return 0;
}

void plugin_log(int level, const char *format, ...)
{
    struct stub_log l;
    va_list ap;
    va_start(ap, format);
    l.level = level;
    vsnprintf(l.message, sizeof(l.message), format, ap);
    va_end(ap);
    if (stub_echo_log)
        fprintf(stderr, "[log %d] %s\n", level, l.message);
    pthread_mutex_lock(&lock);
    logs = grow(logs, &logs_cap, logs_count, sizeof(*logs));
    logs[logs_count++] = l;
    pthread_mutex_unlock(&lock);
}

cdtime_t plugin_get_interval(void)
{
    return stub_interval;
}

cdtime_t cdtime(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return TIMESPEC_TO_CDTIME_T(&ts);
}

/* ---- recorded calls ---- */

#define ACCESSORS(type, name, plural)                                                              \
    size_t stub_##name##_count(void)                                                               \
    {                                                                                              \
        pthread_mutex_lock(&lock);                                                                 \
        size_t n = plural##_count;                                                                 \
        pthread_mutex_unlock(&lock);                                                               \
        return n;                                                                                  \
    }                                                                                              \
    const type *stub_##name##_at(size_t i)                                                         \
    {                                                                                              \
        pthread_mutex_lock(&lock);                                                                 \
        const type *p = i < plural##_count ? &plural[i] : NULL;                                    \
        pthread_mutex_unlock(&lock);                                                               \
        return p;                                                                                  \
    }
ACCESSORS(struct stub_value, value, values)
ACCESSORS(struct stub_notification, notification, notifications)
ACCESSORS(struct stub_log, log, logs)
ACCESSORS(struct stub_read, read, reads)

const struct stub_read *stub_find_read(const char *name)
{
    for (size_t i = 0; i < reads_count; i++) {
        if (strcmp(reads[i].name, name) == 0)
            return &reads[i];
    }
    return NULL;
}

const struct stub_value *stub_find_value(const char *instance, const char *type,
                                         const char *type_instance)
{
    const struct stub_value *found = NULL;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < values_count; i++) {
        const struct stub_value *v = &values[i];
        if ((instance == NULL || strcmp(v->plugin_instance, instance) == 0) &&
            strcmp(v->type, type) == 0 && strcmp(v->type_instance, type_instance) == 0)
            found = v;
    }
    pthread_mutex_unlock(&lock);
    return found;
}

size_t stub_log_matching(int max_level, const char *text)
{
    size_t n = 0;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < logs_count; i++) {
        if (logs[i].level <= max_level && (text == NULL || strstr(logs[i].message, text)))
            n++;
    }
    pthread_mutex_unlock(&lock);
    return n;
}

void stub_clear(void)
{
    pthread_mutex_lock(&lock);
    free(values);
    free(notifications);
    free(logs);
    values = NULL;
    notifications = NULL;
    logs = NULL;
    values_count = values_cap = notifications_count = notifications_cap = 0;
    logs_count = logs_cap = 0;
    pthread_mutex_unlock(&lock);
}

void stub_shutdown(void)
{
    pthread_mutex_lock(&lock);
    struct stub_read *old = reads;
    size_t n = reads_count;
    reads = NULL;
    reads_count = reads_cap = 0;
    pthread_mutex_unlock(&lock);
    for (size_t i = 0; i < n; i++) {
        if (old[i].ud.free_func != NULL)
            old[i].ud.free_func(old[i].ud.data);
    }
    free(old);
    stub_config_cb = NULL;
    stub_init_cb = NULL;
    stub_config_registrations = stub_init_registrations = stub_other_registrations = 0;
    stub_fail_next_register = 0;
    stub_clear();
}

/* ---- oconfig_item_t builders ---- */

static void add_values(oconfig_item_t *ci, va_list ap)
{
    const char *spec;
    while ((spec = va_arg(ap, const char *)) != NULL) {
        oconfig_value_t *grown = realloc(ci->values, (ci->values_num + 1) * sizeof(*grown));
        if (grown == NULL)
            abort();
        ci->values = grown;
        oconfig_value_t *v = &ci->values[ci->values_num++];
        memset(v, 0, sizeof(*v));
        if (strncmp(spec, "n:", 2) == 0) {
            v->type = OCONFIG_TYPE_NUMBER;
            v->value.number = strtod(spec + 2, NULL);
        } else if (strncmp(spec, "b:", 2) == 0) {
            v->type = OCONFIG_TYPE_BOOLEAN;
            v->value.boolean = strcmp(spec + 2, "true") == 0;
        } else {
            v->type = OCONFIG_TYPE_STRING;
            v->value.string = strdup(strncmp(spec, "s:", 2) == 0 ? spec + 2 : spec);
            if (v->value.string == NULL)
                abort();
        }
    }
}

oconfig_item_t *ci_root(const char *key, ...)
{
    oconfig_item_t *ci = calloc(1, sizeof(*ci));
    if (ci == NULL || (ci->key = strdup(key)) == NULL)
        abort();
    va_list ap;
    va_start(ap, key);
    add_values(ci, ap);
    va_end(ap);
    return ci;
}

oconfig_item_t *ci_add(oconfig_item_t *parent, const char *key, ...)
{
    oconfig_item_t *grown =
        realloc(parent->children, (parent->children_num + 1) * sizeof(*parent->children));
    if (grown == NULL)
        abort();
    parent->children = grown;
    oconfig_item_t *ci = &parent->children[parent->children_num++];
    memset(ci, 0, sizeof(*ci));
    if ((ci->key = strdup(key)) == NULL)
        abort();
    ci->parent = parent;
    va_list ap;
    va_start(ap, key);
    add_values(ci, ap);
    va_end(ap);
    return ci;
}

static void ci_free_contents(oconfig_item_t *ci)
{
    for (int i = 0; i < ci->values_num; i++) {
        if (ci->values[i].type == OCONFIG_TYPE_STRING)
            free(ci->values[i].value.string);
    }
    free(ci->values);
    for (int i = 0; i < ci->children_num; i++)
        ci_free_contents(&ci->children[i]);
    free(ci->children);
    free(ci->key);
}

void ci_free(oconfig_item_t *ci)
{
    if (ci == NULL)
        return;
    ci_free_contents(ci);
    free(ci);
}

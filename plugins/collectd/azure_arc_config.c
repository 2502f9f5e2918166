/* azure_arc_config.c - turn a <Plugin azure_arc> block into probe instances.
 *
 * Options outside <Instance> blocks are defaults for every instance; with no
 * <Instance> block they make one instance called "default". A probe key from
 * the shared arcprobe.conf may be overridden either as `Set "key" "value"` or
 * by writing the key itself as an option (`endpoint_timeout 5`). Overrides are
 * applied after ConfigFile is loaded, the <Plugin> level first, so an instance
 * can refine what the plugin level set.
 */
#include "azure_arc.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define ERRLEN 512

struct override {
    char *option; /* as written, for error messages */
    char *key;
    char *value;
};

/* What one level (plugin block or instance block) asked for. */
struct settings {
    char *config_file;
    int has_interval, has_timeout, has_checks;
    double interval_s, timeout_s;
    unsigned checks;
    struct override *overrides;
    size_t override_count;
};

static void settings_free(struct settings *s)
{
    free(s->config_file);
    for (size_t i = 0; i < s->override_count; i++) {
        free(s->overrides[i].option);
        free(s->overrides[i].key);
        free(s->overrides[i].value);
    }
    free(s->overrides);
    memset(s, 0, sizeof(*s));
}

/* One value as the text arcp_config_set expects. */
static int value_text(const oconfig_value_t *v, char *buf, size_t buflen)
{
    int n;
    switch (v->type) {
    case OCONFIG_TYPE_STRING:
        n = snprintf(buf, buflen, "%s", v->value.string);
        break;
    case OCONFIG_TYPE_NUMBER:
        n = snprintf(buf, buflen, "%.15g", v->value.number);
        break;
    case OCONFIG_TYPE_BOOLEAN:
        n = snprintf(buf, buflen, "%s", v->value.boolean ? "true" : "false");
        break;
    default:
        return -1;
    }
    return (n < 0 || (size_t)n >= buflen) ? -1 : 0;
}

/* Values first..end joined by single spaces (lists in the probe's config are
 * comma- or space-separated). NULL on out-of-memory or an unknown type. */
static char *join_values(const oconfig_item_t *ci, int first)
{
    size_t cap = 0, len = 0;
    char *out = NULL;
    if (arcp_grow(&out, &cap, 1, 1) != 0)
        return NULL;
    out[0] = '\0';
    for (int i = first; i < ci->values_num; i++) {
        const oconfig_value_t *v = &ci->values[i];
        size_t need = v->type == OCONFIG_TYPE_STRING ? strlen(v->value.string) + 1 : 32;
        if (arcp_grow(&out, &cap, len + need + 2, 1) != 0) {
            free(out);
            return NULL;
        }
        if (len > 0)
            out[len++] = ' ';
        if (value_text(v, out + len, cap - len) != 0) {
            free(out);
            return NULL;
        }
        len += strlen(out + len);
    }
    return out;
}

/* A positive number of seconds, given as a number or a numeric string. */
static int one_duration(const oconfig_item_t *ci, double *out, char *err, size_t errlen)
{
    double d = NAN;
    if (ci->values_num == 1 && ci->values[0].type == OCONFIG_TYPE_NUMBER) {
        d = ci->values[0].value.number;
    } else if (ci->values_num == 1 && ci->values[0].type == OCONFIG_TYPE_STRING) {
        char *end = NULL;
        errno = 0;
        d = strtod(ci->values[0].value.string, &end);
        if (errno != 0 || end == ci->values[0].value.string || *end != '\0')
            d = NAN;
    }
    if (!isfinite(d) || d <= 0 || d > 86400) {
        snprintf(err, errlen, "option \"%s\" needs one number of seconds (0 < n <= 86400)",
                 ci->key);
        return -1;
    }
    *out = d;
    return 0;
}

/* The probe's deadline. Its one rule is the core's for the "timeout" key:
 * a bad Timeout is refused here, in the core's words, when collectd reads
 * its configuration. */
static int one_timeout(const oconfig_item_t *ci, double *out, char *err, size_t errlen)
{
    char text[64], why[ERRLEN] = "";
    if (ci->values_num != 1 || value_text(&ci->values[0], text, sizeof(text)) != 0) {
        snprintf(err, errlen, "option \"%s\" needs one number of seconds", ci->key);
        return -1;
    }
    arcp_config *judge = arcp_config_new();
    if (judge == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = arcp_config_set(judge, "timeout", text, why, sizeof(why));
    if (rc == 0)
        *out = arcp_config_timeout(judge);
    else
        snprintf(err, errlen, "option \"%s\": %s", ci->key, why);
    arcp_config_free(judge);
    return rc == 0 ? 0 : -1;
}

unsigned azarc_parse_checks(const char *list, char *err, size_t errlen)
{
    unsigned mask = 0;
    return arcp_checks_parse(list, &mask, err, errlen) == 0 ? mask : 0;
}

static int add_override(struct settings *s, const char *option, const char *key, const char *value)
{
    struct override *grown = realloc(s->overrides, (s->override_count + 1) * sizeof(*s->overrides));
    if (grown == NULL)
        return -1;
    s->overrides = grown;
    struct override *o = &s->overrides[s->override_count];
    o->option = strdup(option);
    o->key = strdup(key);
    o->value = strdup(value);
    if (o->option == NULL || o->key == NULL || o->value == NULL) {
        free(o->option);
        free(o->key);
        free(o->value);
        return -1;
    }
    for (char *c = o->key; *c != '\0'; c++)
        *c = (char)tolower((unsigned char)*c);
    s->override_count++;
    return 0;
}

/* One option of a <Plugin> or <Instance> block (not <Instance> itself). */
static int parse_option(struct settings *s, const oconfig_item_t *ci, char *err, size_t errlen)
{
    if (ci->children_num > 0) {
        snprintf(err, errlen, "unexpected block <%s>", ci->key);
        return -1;
    }
    if (strcasecmp(ci->key, "ConfigFile") == 0) {
        /* collectd's own helper (it logs its refusal too); a path must not be empty */
        if (cf_util_get_string(ci, &s->config_file) != 0 || s->config_file[0] == '\0') {
            snprintf(err, errlen, "option \"%s\" needs exactly one non-empty string", ci->key);
            return -1;
        }
        return 0;
    }
    if (strcasecmp(ci->key, "Interval") == 0) {
        s->has_interval = 1;
        return one_duration(ci, &s->interval_s, err, errlen);
    }
    if (strcasecmp(ci->key, "Timeout") == 0) {
        s->has_timeout = 1;
        return one_timeout(ci, &s->timeout_s, err, errlen);
    }
    if (strcasecmp(ci->key, "Checks") == 0) {
        if (ci->values_num < 1) {
            snprintf(err, errlen, "option \"Checks\" needs at least one check name");
            return -1;
        }
        for (int i = 0; i < ci->values_num; i++) {
            if (ci->values[i].type != OCONFIG_TYPE_STRING) {
                snprintf(err, errlen, "option \"Checks\" takes names (strings)");
                return -1;
            }
        }
        char *list = join_values(ci, 0);
        if (list == NULL) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        s->checks = azarc_parse_checks(list, err, errlen);
        free(list);
        s->has_checks = 1;
        return s->checks == 0 ? -1 : 0;
    }
    if (strcasecmp(ci->key, "Set") == 0) {
        if (ci->values_num < 2 || ci->values[0].type != OCONFIG_TYPE_STRING ||
            ci->values[0].value.string[0] == '\0') {
            snprintf(err, errlen, "option \"Set\" needs a key and a value: Set \"key\" \"value\"");
            return -1;
        }
        char *value = join_values(ci, 1);
        if (value == NULL) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        int rc = add_override(s, ci->values[0].value.string, ci->values[0].value.string, value);
        free(value);
        if (rc != 0)
            snprintf(err, errlen, "out of memory");
        return rc;
    }
    /* Anything else is a probe key; arcp_config_set judges it later. */
    if (ci->values_num < 1) {
        snprintf(err, errlen, "option \"%s\" needs a value", ci->key);
        return -1;
    }
    char *value = join_values(ci, 0);
    if (value == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = add_override(s, ci->key, ci->key, value);
    free(value);
    if (rc != 0)
        snprintf(err, errlen, "out of memory");
    return rc;
}

/* Parse every option of a block; <Instance> blocks are left to the caller
 * at the plugin level and are an error inside an instance. Logs each error. */
static int parse_block(struct settings *s, const oconfig_item_t *block, const char *where,
                       int plugin_level)
{
    int bad = 0;
    for (int i = 0; i < block->children_num; i++) {
        const oconfig_item_t *child = &block->children[i];
        char err[ERRLEN] = "";
        if (plugin_level && strcasecmp(child->key, "Instance") == 0)
            continue;
        if (parse_option(s, child, err, sizeof(err)) != 0) {
            ERROR(AZARC_PLUGIN " plugin: %s: %s", where, err);
            bad = 1;
        }
    }
    return bad ? -1 : 0;
}

/* Instance names end up in identifiers and file names. */
static int valid_instance_name(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len >= AZARC_INSTANCE_NAME_MAX)
        return 0;
    for (const char *c = name; *c != '\0'; c++) {
        if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-' && *c != '.')
            return 0;
    }
    return 1;
}

static int load_config_file(arcp_config *cfg, const char *given, char *err, size_t errlen)
{
    return arcp_config_load_given_or_default(cfg, given, err, errlen) < 0 ? -1 : 0;
}

static int apply_overrides(arcp_config *cfg, const struct settings *s, const char *name,
                           int *timeout_overridden)
{
    for (size_t i = 0; i < s->override_count; i++) {
        const struct override *o = &s->overrides[i];
        char err[ERRLEN] = "";
        if (arcp_config_set(cfg, o->key, o->value, err, sizeof(err)) != 0) {
            /* a mistyped Set key may hold a proxy URL with its password */
            char option[ERRLEN];
            arcp_mask_credentials(option, sizeof option, o->option);
            ERROR(AZARC_PLUGIN " plugin: instance \"%s\": option \"%s\": %s", name, option,
                  err[0] != '\0' ? err : "rejected by the probe configuration");
            return -1;
        }
        if (strcmp(o->key, "timeout") == 0)
            *timeout_overridden = 1;
    }
    return 0;
}

static azarc_instance *build_instance(const char *name, const struct settings *top,
                                      const struct settings *own, double default_interval_s)
{
    char err[ERRLEN] = "";
    azarc_instance *inst = azarc_instance_new(name);
    if (inst == NULL) {
        ERROR(AZARC_PLUGIN " plugin: instance \"%s\": out of memory", name);
        return NULL;
    }

    const char *file = own->config_file != NULL ? own->config_file : top->config_file;
    if (load_config_file(inst->cfg, file, err, sizeof(err)) != 0) {
        ERROR(AZARC_PLUGIN " plugin: instance \"%s\": ConfigFile: %s", name,
              err[0] != '\0' ? err : "cannot be loaded");
        goto bad;
    }

    /* per level: the instance's timeout, however written, beats the plugin level's */
    int top_sets_timeout = 0, own_sets_timeout = 0;
    if (apply_overrides(inst->cfg, top, name, &top_sets_timeout) != 0 ||
        apply_overrides(inst->cfg, own, name, &own_sets_timeout) != 0)
        goto bad;

    inst->checks = own->has_checks ? own->checks : top->has_checks ? top->checks : ARCP_CHECK_ALL;
    inst->interval_s = own->has_interval   ? own->interval_s
                       : top->has_interval ? top->interval_s
                                           : 0;
    double interval = inst->interval_s > 0 ? inst->interval_s : default_interval_s;

    if (own->has_timeout) {
        inst->timeout_s = own->timeout_s;
    } else if (own_sets_timeout) {
        inst->timeout_s = arcp_config_timeout(inst->cfg);
    } else if (top->has_timeout) {
        inst->timeout_s = top->timeout_s;
    } else if (top_sets_timeout) {
        inst->timeout_s = arcp_config_timeout(inst->cfg);
    } else {
        /* A probe that outlives its interval ties up a read thread. */
        inst->timeout_s = arcp_config_timeout(inst->cfg);
        if (interval > 0 && (inst->timeout_s <= 0 || inst->timeout_s > 0.8 * interval))
            inst->timeout_s = 0.8 * interval;
    }
    if (!(inst->timeout_s > 0)) {
        ERROR(AZARC_PLUGIN " plugin: instance \"%s\": the timeout must be above 0 s", name);
        goto bad;
    }
    char text[32];
    snprintf(text, sizeof(text), "%.3f", inst->timeout_s);
    if (arcp_config_set(inst->cfg, "timeout", text, err, sizeof(err)) != 0) {
        ERROR(AZARC_PLUGIN " plugin: instance \"%s\": Timeout %s: %s", name, text, err);
        goto bad;
    }
    if (interval > 0 && inst->timeout_s >= interval)
        WARNING(AZARC_PLUGIN " plugin: instance \"%s\": Timeout %.3f s is not below the "
                             "interval %.3f s; reads will overlap the next interval",
                name, inst->timeout_s, interval);
    return inst;

bad:
    azarc_instance_free(inst);
    return NULL;
}

static int append_instance(azarc_instance ***list, size_t *count, azarc_instance *inst)
{
    azarc_instance **grown = realloc(*list, (*count + 1) * sizeof(**list));
    if (grown == NULL)
        return -1;
    *list = grown;
    (*list)[(*count)++] = inst;
    return 0;
}

int azarc_config_parse(const oconfig_item_t *ci, double default_interval_s,
                       azarc_instance ***instances, size_t *count)
{
    struct settings top = {0};
    int bad = 0, blocks = 0;

    *instances = NULL;
    *count = 0;
    if (parse_block(&top, ci, "<Plugin " AZARC_PLUGIN ">", 1) != 0) {
        ERROR(AZARC_PLUGIN " plugin: no instance configured because the <Plugin> level has "
                           "errors");
        settings_free(&top);
        return -1;
    }

    for (int i = 0; i < ci->children_num; i++) {
        const oconfig_item_t *child = &ci->children[i];
        if (strcasecmp(child->key, "Instance") != 0)
            continue;
        blocks++;
        if (child->values_num != 1 || child->values[0].type != OCONFIG_TYPE_STRING ||
            !valid_instance_name(child->values[0].value.string)) {
            ERROR(AZARC_PLUGIN " plugin: <Instance> needs one name of 1 to %d letters, "
                               "digits, '_', '-' or '.'; block skipped",
                  AZARC_INSTANCE_NAME_MAX - 1);
            bad = 1;
            continue;
        }
        const char *name = child->values[0].value.string;
        /* An empty <Instance "x"></Instance> (which liboconfig cannot tell
         * from a bare `Instance "x"`) simply inherits everything. */
        char where[AZARC_INSTANCE_NAME_MAX + 16];
        snprintf(where, sizeof(where), "instance \"%s\"", name);
        struct settings own = {0};
        azarc_instance *inst = NULL;
        if (parse_block(&own, child, where, 0) == 0)
            inst = build_instance(name, &top, &own, default_interval_s);
        settings_free(&own);
        if (inst == NULL || append_instance(instances, count, inst) != 0) {
            if (inst != NULL)
                ERROR(AZARC_PLUGIN " plugin: instance \"%s\": out of memory", name);
            azarc_instance_free(inst);
            ERROR(AZARC_PLUGIN " plugin: instance \"%s\" not registered", name);
            bad = 1;
        }
    }

    if (blocks == 0) {
        struct settings none = {0};
        azarc_instance *inst = build_instance("default", &top, &none, default_interval_s);
        if (inst == NULL || append_instance(instances, count, inst) != 0) {
            azarc_instance_free(inst);
            ERROR(AZARC_PLUGIN " plugin: instance \"default\" not registered");
            bad = 1;
        }
    }
    settings_free(&top);
    return bad ? -1 : 0;
}

azarc_instance *azarc_instance_new(const char *name)
{
    azarc_instance *inst = calloc(1, sizeof(*inst));
    if (inst == NULL)
        return NULL;
    snprintf(inst->name, sizeof(inst->name), "%s", name);
    inst->cfg = arcp_config_new();
    if (inst->cfg == NULL || pthread_mutex_init(&inst->lock, NULL) != 0) {
        arcp_config_free(inst->cfg);
        free(inst);
        return NULL;
    }
    azarc_notify_state_init(&inst->notify);
    return inst;
}

void azarc_instance_free(void *instance)
{
    azarc_instance *inst = instance;
    if (inst == NULL)
        return;
    arcp_config_free(inst->cfg);
    azarc_notify_state_free(&inst->notify);
    pthread_mutex_destroy(&inst->lock);
    free(inst);
}

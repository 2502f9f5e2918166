/* libFuzzer-style target (replayed under ctest): the collectd plugin's
 * <Plugin azure_arc> block parser (azarc_config_parse) on trees built from
 * arbitrary bytes. Each 0x1e-separated record is one option: its first byte
 * picks the key (the plugin's own, a probe key, <Instance>, or the record's
 * text) and the types of up to three values, separated by 0x1f; an
 * <Instance> takes the records up to the next 0x1d as its children.
 * Oracles: a block accepted as a whole (0) logged no ERROR and made at least
 * one instance, each with a valid name, a timeout above 0 and a non-empty
 * check mask within ARCP_CHECK_ALL; a refused one (-1) logged at least one
 * ERROR saying why. No crash, no leak (ASan replay). */
#include "azure_arc.h"
#include "collectd_stub.h"
#include "input_args.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const keys[] = {"ConfigFile", "Interval",
                                   "Timeout",    "Checks",
                                   "Set",        "Instance",
                                   "timeout",    "endpoint_timeout",
                                   "himds_url",  "service_check",
                                   "features",   "endpoints",
                                   "proxy",      NULL /* the record's own text */};
#define KEY_COUNT (sizeof keys / sizeof keys[0])

/* "s:text", "n:text" or "b:true"/"b:false" for value i of a record. */
static void value_spec(char *dst, size_t dstlen, unsigned type, const char *text)
{
    switch (type % 3) {
    case 0:
        snprintf(dst, dstlen, "s:%s", text);
        break;
    case 1:
        snprintf(dst, dstlen, "n:%s", text[0] ? text : "0");
        break;
    default:
        snprintf(dst, dstlen, "b:%s", strlen(text) % 2 ? "true" : "false");
        break;
    }
}

/* Add one record (NUL-terminated, 0x1f-separated values) under parent. */
static oconfig_item_t *add_record(oconfig_item_t *parent, char *record)
{
    unsigned op = (unsigned char)record[0];
    char *text = record[0] ? record + 1 : record;
    const char *key = keys[op % KEY_COUNT];
    char *values[3] = {NULL, NULL, NULL};
    size_t nvalues = (op >> 4) % 4;
    char *p = text;
    if (key == NULL) {
        key = text[0] ? text : "x";
        p = strchr(text, 0x1f);
        p = p ? p + 1 : text + strlen(text);
    }
    for (size_t i = 0; i < nvalues; i++) {
        values[i] = p;
        char *sep = strchr(p, 0x1f);
        if (sep == NULL)
            break;
        *sep = '\0';
        p = sep + 1;
    }
    char spec[3][600];
    for (size_t i = 0; i < nvalues; i++)
        value_spec(spec[i], sizeof spec[i], op >> (i + 1), values[i] ? values[i] : "");
    char key_copy[256];
    snprintf(key_copy, sizeof key_copy, "%s", key);
    if (strchr(key_copy, 0x1f))
        *strchr(key_copy, 0x1f) = '\0';
    if (key_copy[0] == '\0')
        snprintf(key_copy, sizeof key_copy, "x");
    switch (nvalues) {
    case 0:
        return ci_add(parent, key_copy, NULL);
    case 1:
        return ci_add(parent, key_copy, spec[0], NULL);
    case 2:
        return ci_add(parent, key_copy, spec[0], spec[1], NULL);
    default:
        return ci_add(parent, key_copy, spec[0], spec[1], spec[2], NULL);
    }
}

static int valid_name(const char *name)
{
    if (name[0] == '\0' || strlen(name) >= AZARC_INSTANCE_NAME_MAX)
        return 0;
    for (const char *c = name; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-' && *c != '.')
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = fuzz_input_copy(data, size);
    if (copy == NULL)
        return 0;

    stub_clear();
    stub_interval = DOUBLE_TO_CDTIME_T(10.0);
    oconfig_item_t *root = ci_root("Plugin", "s:azure_arc", NULL);
    char *save = NULL;
    for (char *block = strtok_r(copy, "\x1d", &save); block != NULL;
         block = strtok_r(NULL, "\x1d", &save)) {
        /* the first record of a block is top level; when it is an
         * <Instance>, the block's other records are its children */
        char *rsave = NULL;
        char *first = strtok_r(block, "\x1e", &rsave);
        if (first == NULL)
            continue;
        oconfig_item_t *top = add_record(root, first);
        int is_instance = top != NULL && strcmp(top->key, "Instance") == 0;
        for (char *r = strtok_r(NULL, "\x1e", &rsave); r != NULL;
             r = strtok_r(NULL, "\x1e", &rsave))
            if (is_instance)
                add_record(&root->children[root->children_num - 1], r);
            else
                add_record(root, r);
    }

    azarc_instance **instances = NULL;
    size_t count = 0;
    int rc = azarc_config_parse(root, 10.0, &instances, &count);
    size_t errors = stub_log_matching(LOG_ERR, NULL);
    if (getenv("FUZZ_DEBUG") != NULL) /* what a seed exercises */
        fprintf(stderr, "rc %d, %zu instance(s), %zu error(s)\n", rc, count, errors);
    if (rc == 0 && (errors != 0 || count == 0))
        abort();
    if (rc != 0 && errors == 0)
        abort();
    for (size_t i = 0; i < count; i++) {
        const azarc_instance *inst = instances[i];
        if (!valid_name(inst->name) || !(inst->timeout_s > 0) || inst->checks == 0 ||
            (inst->checks & ~(unsigned)ARCP_CHECK_ALL) != 0)
            abort();
        azarc_instance_free(instances[i]);
    }
    free(instances);
    ci_free(root);
    free(copy);
    return 0;
}

/* libFuzzer target: how the endpoint check turns settings and what the
 * agent says into its list of endpoints, before a packet leaves
 * (endpoint_probe.c): cloud and region by precedence (ep_locate), the
 * cloud's catalog with the chosen features (ep_catalog_build), the
 * regional his host from a discovery answer, and the catalog again with
 * it. The input's lines are the cloud and location settings, himds's cloud
 * and location, the features setting; the rest is the discovery answer.
 * Oracles: a region is a plain lower-case name; a list built holds only
 * https URLs (http only for the ESU certificate host) with a host; a
 * refusal says why; every text stays terminated. */
#include "config_internal.h"
#include "endpoint_config_error.h"
#include "endpoint_internal.h"
#include "sanitize.h"
#include "input_args.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { LINE_CLOUD, LINE_LOCATION, LINE_HIMDS_CLOUD, LINE_HIMDS_LOCATION, LINE_FEATURES, LINES };

static int terminated(const char *s, size_t size)
{
    return memchr(s, '\0', size) != NULL;
}

static void check_list(const struct ep_list *l, int rc, const char *err)
{
    if (rc != 0) {
        if (err[0] == '\0')
            abort(); /* refused without a word */
        return;
    }
    if (l->count > EP_MAX_ENDPOINTS || !terminated(l->unprobed, sizeof l->unprobed))
        abort();
    for (size_t i = 0; i < l->count; i++) {
        const struct ep_entry *e = &l->items[i];
        if (!terminated(e->url, sizeof e->url) || !terminated(e->name, sizeof e->name) ||
            !terminated(e->host, sizeof e->host) || e->host[0] == '\0')
            abort();
        if (strncmp(e->url, "https://", 8) != 0 && strncmp(e->url, "http://", 7) != 0)
            abort();
    }
}

/* What the check reports when it cannot start: UNKNOWN, with a text. */
static void check_config_error(enum ep_config_problem problem, const char *err)
{
    struct arcp_endpoints out;
    memset(&out, 0, sizeof out);
    ep_config_error(&out, problem, err);
    if (out.state != ARCP_UNKNOWN || !terminated(out.text, sizeof out.text) || out.text[0] == '\0')
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_input_text(data, size, 65536);
    if (!text)
        return 0;
    const char *line[LINES];
    char *p = text;
    for (int i = 0; i < LINES; i++) {
        line[i] = p;
        char *nl = strchr(p, '\n');
        if (nl) {
            *nl = '\0';
            p = nl + 1;
        } else {
            p += strlen(p);
        }
    }
    const char *discovery = p;

    static arcp_config *cfg;
    if (!cfg && !(cfg = arcp_config_new())) {
        free(text);
        return 0;
    }
    cfg->agent_dir[0] = '\0'; /* no agentconfig.json: fuzz_endpoint_list reads that */
    arcp_copy(cfg->cloud, sizeof cfg->cloud, line[LINE_CLOUD]);
    arcp_copy(cfg->location, sizeof cfg->location, line[LINE_LOCATION]);
    arcp_copy(cfg->features, sizeof cfg->features, line[LINE_FEATURES]);

    struct ep_location where;
    ep_locate(cfg, line[LINE_HIMDS_CLOUD], line[LINE_HIMDS_LOCATION], &where);
    if (!terminated(where.cloud, sizeof where.cloud) || strlen(where.region) > 40)
        abort();
    for (const char *c = where.region; *c; c++)
        if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c))
            abort();

    char err[ARCP_TEXT_MAX] = "";
    const struct ep_cloud *cloud = ep_cloud_find(where.cloud);
    if (!cloud) {
        check_config_error(EP_PROBLEM_CLOUD, "unknown cloud");
        free(text);
        return 0;
    }
    struct ep_list list;
    ep_list_init(&list);
    int rc = ep_catalog_build(&list, cloud, where.region, "", cfg->features, err, sizeof err);
    check_list(&list, rc, err);
    if (rc != 0)
        check_config_error(EP_PROBLEM_FEATURES, err);
    ep_list_free(&list);

    char his[256];
    if (rc == 0 &&
        ep_discovery_parse(discovery, strlen(discovery), cloud->his_domain, his, sizeof his)) {
        ep_list_init(&list);
        err[0] = '\0';
        rc = ep_catalog_build(&list, cloud, where.region, his, cfg->features, err, sizeof err);
        check_list(&list, rc, err);
        ep_list_free(&list);
    }
    free(text);
    return 0;
}

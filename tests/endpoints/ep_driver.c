/* Runs one endpoint cycle and prints the result as JSON, so the endpoint
 * tests exercise the engine itself without a front end.
 *
 *   ep-driver [--config FILE] [--himds-cloud C] [--himds-location L]
 *             [--cycles N --between CMD --cycle-out PREFIX] [key=value ...]
 *
 * With --cycles, N cycles run in this one process (as in a long-running
 * host): before cycle k >= 2 `CMD k` runs (to change the world between
 * cycles), cycle k's JSON goes to PREFIX.k, and the last one also to stdout.
 *
 * key=value pairs go through arcp_config_set like command-line overrides.
 * The clock verdict from the endpoints' Date headers is printed as "clock",
 * the number of the engine's batch helper threads alive after the cycle
 * (http_batch_helper.c) as "helper_threads".
 * Exit status: the component's state (0..3), 4 on a usage error or when a
 * helper thread is still alive after the libcurl state was released. */
#include "clock_skew.h"
#include "endpoints.h"
#include "http_batch.h"

#include <curl/curl.h>
#include <dirent.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Threads of this process named like the batch helper. */
static int helper_threads(void)
{
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[300], name[32] = "";
        snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        if (fgets(name, sizeof name, f) && strcmp(name, "arcprobe-http2\n") == 0)
            n++;
        fclose(f);
    }
    closedir(d);
    return n;
}

static json_object *seconds(double s)
{
    return s < 0 ? NULL : json_object_new_double(s);
}

static json_object *seconds_signed(double s)
{
    return json_object_new_double(s);
}

static json_object *clock_json(const struct arcp_clock *c)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "state", json_object_new_string(arcp_state_name(c->state)));
    json_object_object_add(o, "judged", json_object_new_boolean(c->judged));
    json_object_object_add(o, "offset_s", c->judged ? json_object_new_double(c->offset_s) : NULL);
    json_object_object_add(o, "answers", json_object_new_int64((int64_t)c->answers));
    json_object_object_add(o, "text", json_object_new_string(c->text));
    json_object_object_add(o, "cause", json_object_new_string(c->cause));
    json_object_object_add(o, "remedy", json_object_new_string(c->remedy));
    return o;
}

static json_object *endpoint_json(const struct arcp_endpoint *e)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "name", json_object_new_string(e->name));
    json_object_object_add(o, "url", json_object_new_string(e->url));
    json_object_object_add(o, "required", json_object_new_string(arcp_required_name(e->required)));
    json_object_object_add(o, "state", json_object_new_string(arcp_state_name(e->state)));
    json_object_object_add(o, "class", json_object_new_string(arcp_endpoint_class_name(e->cls)));
    json_object_object_add(o, "dns_s", seconds(e->dns_s));
    json_object_object_add(o, "connect_s", seconds(e->connect_s));
    json_object_object_add(o, "tls_s", seconds(e->tls_s));
    json_object_object_add(o, "ttfb_s", seconds(e->ttfb_s));
    json_object_object_add(o, "total_s", seconds(e->total_s));
    json_object_object_add(o, "http_status", json_object_new_int(e->http_status));
    json_object_object_add(o, "tls_version", json_object_new_string(e->tls_version));
    json_object_object_add(o, "tls_issuer", json_object_new_string(e->tls_issuer));
    json_object_object_add(o, "proxy", json_object_new_string(e->proxy));
    json_object_object_add(o, "remedy", json_object_new_string(e->remedy ? e->remedy : ""));
    json_object_object_add(o, "detail", json_object_new_string(e->detail));
    json_object_object_add(o, "clock_offset_s",
                           e->has_date ? seconds_signed(e->clock_offset_s) : NULL);
    return o;
}

static int usage(void)
{
    fprintf(stderr, "usage: ep-driver [--config FILE] [--himds-cloud C] [--himds-location L] "
                    "[--cycles N --between CMD --cycle-out PREFIX] [key=value ...]\n");
    return 4;
}

/* One cycle's report as JSON (the caller puts it). */
static json_object *cycle_json(const arcp_config *cfg, const struct arcp_endpoints *out,
                               double elapsed)
{
    json_object *root = json_object_new_object();
    json_object_object_add(root, "state", json_object_new_string(arcp_state_name(out->state)));
    json_object_object_add(root, "text", json_object_new_string(out->text));
    json_object_object_add(root, "cloud", json_object_new_string(out->cloud));
    json_object_object_add(root, "location", json_object_new_string(out->location));
    json_object_object_add(root, "cloud_source",
                           json_object_new_string(arcp_cloud_source_name(out->cloud_source)));
    json_object_object_add(root, "his_source",
                           json_object_new_string(arcp_his_source_name(out->his_source)));
    json_object *not_probed = json_object_new_array();
    for (const char *p = out->not_probed; *p;) {
        const char *end = strstr(p, ", ");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        json_object_array_add(not_probed, json_object_new_string_len(p, (int)len));
        p = end ? end + 2 : p + len;
    }
    json_object_object_add(root, "not_probed", not_probed);
    json_object_object_add(root, "proxy_source",
                           json_object_new_string(arcp_proxy_source_name(out->proxy_source)));
    json_object_object_add(root, "count", json_object_new_int64((int64_t)out->count));
    json_object_object_add(root, "failed", json_object_new_int64((int64_t)out->failed));
    json_object_object_add(root, "elapsed_s", json_object_new_double(elapsed));
    json_object *list = json_object_new_array();
    for (size_t i = 0; i < out->count; i++)
        json_object_array_add(list, endpoint_json(&out->items[i]));
    json_object_object_add(root, "endpoints", list);
    struct arcp_clock clock;
    clock_skew_judge(cfg, out, &clock);
    json_object_object_add(root, "clock", clock_json(&clock));
    json_object_object_add(root, "helper_threads", json_object_new_int(helper_threads()));
    return root;
}

#define JSON_FLAGS (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE)

int main(int argc, char **argv)
{
    char err[512];
    const char *himds_cloud = "", *himds_location = "";
    const char *between = NULL, *cycle_out = NULL;
    int cycles = 1;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return 4;
    arcp_config *cfg = arcp_config_new();
    if (!cfg)
        return 4;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            if (arcp_config_load(cfg, argv[++i], err, sizeof err) != 0) {
                fprintf(stderr, "ep-driver: %s\n", err);
                return 4;
            }
        } else if (strcmp(argv[i], "--himds-cloud") == 0 && i + 1 < argc) {
            himds_cloud = argv[++i];
        } else if (strcmp(argv[i], "--himds-location") == 0 && i + 1 < argc) {
            himds_location = argv[++i];
        } else if (strcmp(argv[i], "--cycles") == 0 && i + 1 < argc) {
            cycles = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--between") == 0 && i + 1 < argc) {
            between = argv[++i];
        } else if (strcmp(argv[i], "--cycle-out") == 0 && i + 1 < argc) {
            cycle_out = argv[++i];
        } else if (strchr(argv[i], '=')) {
            char *key = strdup(argv[i]);
            char *eq = strchr(key, '=');
            *eq = '\0';
            if (arcp_config_set(cfg, key, eq + 1, err, sizeof err) != 0) {
                fprintf(stderr, "ep-driver: %s\n", err);
                free(key);
                arcp_config_free(cfg);
                curl_global_cleanup();
                return 4;
            }
            free(key);
        } else {
            return usage();
        }
    }

    if (cycles < 1 || (cycles > 1 && (!between || !cycle_out)))
        return usage();
    struct endpoint_context ctx = {himds_cloud, himds_location};
    int status = 4;
    for (int k = 1; k <= cycles; k++) {
        if (k > 1) {
            char cmd[4096];
            snprintf(cmd, sizeof cmd, "%s %d", between, k);
            if (system(cmd) != 0) {
                fprintf(stderr, "ep-driver: '%s' failed\n", cmd);
                status = 4;
                break;
            }
        }
        struct arcp_endpoints out;
        memset(&out, 0, sizeof out);
        double start = http_now();
        endpoints_probe(cfg, &ctx, start + arcp_config_timeout(cfg), &out);
        json_object *root = cycle_json(cfg, &out, http_now() - start);
        if (cycle_out) {
            char path[4096];
            snprintf(path, sizeof path, "%s.%d", cycle_out, k);
            json_object_to_file_ext(path, root, JSON_FLAGS);
        }
        if (k == cycles)
            puts(json_object_to_json_string_ext(root, JSON_FLAGS));
        status = (int)out.state;
        json_object_put(root);
        free(out.items);
    }
    arcp_config_free(cfg);
    http_batch_thread_release();
    int left = helper_threads();
    if (left != 0) {
        fprintf(stderr, "ep-driver: %d batch helper threads alive after the release\n", left);
        status = 4;
    }
    curl_global_cleanup();
    return status;
}

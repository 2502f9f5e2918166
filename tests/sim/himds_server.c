#include "himds_server.h"
#include "agent_log.h"
#include "conn_wait.h"
#include "field_shape.h"
#include "fsutil.h"
#include "mhd_log.h"
#include "mhd_request.h"
#include "scenario.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *const API_VERSIONS[] = {"2020-06-01", "2019-11-01"};
#define API_VERSION_COUNT (sizeof(API_VERSIONS) / sizeof(API_VERSIONS[0]))

static const char GARBAGE_BODY[] = "{\"compute\": {\"azEnvironment\": \"AzurePublicCl\x7f"
                                   "<<truncated>> status=Connected";

static const char HTML_BODY[] =
    "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n"
    "<body><h1>Internal Server Error</h1>\n"
    "<p>The server encountered an internal error and was unable to complete your request.</p>\n"
    "</body></html>\n";

static enum MHD_Result send_body(struct MHD_Connection *c, unsigned status,
                                 const char *content_type, const char *body, size_t len,
                                 const char *www_authenticate)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (r == NULL)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
    if (www_authenticate != NULL)
        MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, www_authenticate);
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Serialises and frees `obj`. */
static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, struct json_object *obj,
                                 const char *www_authenticate)
{
    enum MHD_Result ret = MHD_NO;
    if (obj != NULL) {
        size_t len = 0;
        const char *text = json_object_to_json_string_length(
            obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
        if (text != NULL)
            ret = send_body(c, status, "application/json; charset=utf-8", text, len,
                            www_authenticate);
    }
    json_object_put(obj);
    return ret;
}

static void add_string(struct json_object *obj, const char *key, const char *value)
{
    json_object_object_add(obj, key, json_object_new_string(value));
}

/* The status alone: no public source shows himds' error bodies (the JSON
 * errors of Azure's VM metadata service are another service's). */
static enum MHD_Result send_status(struct MHD_Connection *c, unsigned status,
                                   const char *www_authenticate)
{
    return send_body(c, status, "text/plain; charset=utf-8", "", 0, www_authenticate);
}

static void resource_id(char *out, size_t size)
{
    const struct sim_identity *id = &SIM_IDENTITY;
    snprintf(out, size,
             "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.HybridCompute/machines/%s",
             id->subscription_id, id->resource_group, id->resource_name);
}

static struct json_object *tags_list(const char *name, const char *value)
{
    struct json_object *list = json_object_new_array();
    struct json_object *tag = json_object_new_object();
    if (list == NULL || tag == NULL) {
        json_object_put(list);
        json_object_put(tag);
        return NULL;
    }
    add_string(tag, "name", name);
    add_string(tag, "value", value);
    json_object_array_add(list, tag);
    return list;
}

static struct json_object *service_entry(const char *display, const char *name, const char *status)
{
    struct json_object *o = json_object_new_object();
    if (o != NULL) {
        add_string(o, "displayName", display);
        add_string(o, "serviceName", name);
        add_string(o, "status", status);
    }
    return o;
}

/* The shape of the /agentstatus members besides `status`. No public source
 * shows them there (Microsoft's onboarding script reads only `status`), so a
 * plain scenario leaves them out unless the test asked for them with
 * --agentstatus-extras; the shape-* scenarios play their unconfirmed
 * variants either way. */
static enum field_shape agentstatus_extras_shape(const struct sim *sim,
                                                 const struct scenario_info *info)
{
    if (info->shape != SHAPE_CONFIRMED)
        return info->shape;
    return sim->opt.agentstatus_extras ? SHAPE_CONFIRMED : SHAPE_ABSENT;
}

/* Counts the /agentstatus request and whether it carried a Metadata header.
 * The default answers either way: how himds treats the header there is
 * unknown, only that Microsoft's onboarding script sends none. */
static void count_agentstatus_request(struct sim *sim, struct MHD_Connection *c)
{
    bool with_metadata = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Metadata") != NULL;
    pthread_mutex_lock(&sim->token_lock);
    sim->agentstatus_requests++;
    if (with_metadata)
        sim->agentstatus_with_metadata++;
    char path[PATH_MAX], text[96];
    int n = snprintf(text, sizeof(text), "requests=%lu with_metadata=%lu\n",
                     sim->agentstatus_requests, sim->agentstatus_with_metadata);
    if (path_join(path, sizeof(path), sim->opt.dir, "agentstatus-requests") != 0 ||
        write_file_atomic(path, text, (size_t)n, 0644) != 0)
        fprintf(stderr, "arc-sim: cannot write the /agentstatus request count\n");
    pthread_mutex_unlock(&sim->token_lock);
}

/* /agentstatus: `status` always; the other members are those `azcmagent
 * show -j` is known to print, shaped by agentstatus_extras_shape(). */
static enum MHD_Result agent_status(struct MHD_Connection *c, struct sim *sim,
                                    const struct scenario_info *info)
{
    const struct sim_identity *id = &SIM_IDENTITY;
    count_agentstatus_request(sim, c);
    enum field_shape shape = agentstatus_extras_shape(sim, info);
    time_t now = time(NULL);
    char heartbeat[21];
    rfc3339_utc(now - info->heartbeat_age_s, heartbeat);

    struct json_object *o = json_object_new_object();
    if (o == NULL)
        return MHD_NO;
    add_string(o, "status", info->status);
    shape_add(o, shape, "resourceName", json_object_new_string(id->resource_name),
              json_object_new_array());
    shape_add(o, shape, "resourceGroup", json_object_new_string(id->resource_group),
              json_object_new_int(1));
    shape_add(o, shape, "location", json_object_new_string(id->location), json_object_new_int(12));
    shape_add(o, shape, "subscriptionId", json_object_new_string(id->subscription_id),
              json_object_new_boolean(1));
    shape_add(o, shape, "tenantId", json_object_new_string(id->tenant_id), NULL);
    shape_add(o, shape, "agentVersion", json_object_new_string(id->agent_version),
              json_object_new_double(1.58));
    shape_add(o, shape, "lastHeartbeat", json_object_new_string(heartbeat),
              json_object_new_int64((int64_t)(now - info->heartbeat_age_s)));
    shape_add(o, shape, "httpsProxy", json_object_new_string(""), NULL);
    shape_add(o, shape, "proxyBypass", json_object_new_string(""), json_object_new_array());
    shape_add(o, shape, "agentErrorCode", json_object_new_string(info->error_code),
              json_object_new_int(0));
    shape_add(o, shape, "agentErrorDetails", json_object_new_string(info->error_details),
              json_object_new_object());
    struct json_object *services = json_object_new_array();
    if (services != NULL) {
        json_object_array_add(services, service_entry("Agent Service", "himdsd", "active"));
        json_object_array_add(services, service_entry("Arc Proxy", "arcproxyd", "inactive"));
        json_object_array_add(services, service_entry("Extension Service", "extd", "active"));
        json_object_array_add(services, service_entry("GC Service", "gcad", "active"));
    }
    shape_add(o, shape, "services", services, json_object_new_string("active"));
    return send_json(c, MHD_HTTP_OK, o, NULL);
}

/* A request without `Metadata: true` or with an api-version himds does not
 * know gets 400 (the body's shape is unconfirmed: none is sent). Returns
 * MHD_YES with *answered = 0 when the request may go on. */
static enum MHD_Result check_metadata_request(struct MHD_Connection *c, int *answered)
{
    *answered = 1;
    const char *metadata = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Metadata");
    if (metadata == NULL || strcasecmp(metadata, "true") != 0)
        return send_status(c, MHD_HTTP_BAD_REQUEST, NULL);

    const char *version = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "api-version");
    for (size_t i = 0; version != NULL && i < API_VERSION_COUNT; i++) {
        if (strcmp(version, API_VERSIONS[i]) == 0) {
            *answered = 0;
            return MHD_YES;
        }
    }
    return send_status(c, MHD_HTTP_BAD_REQUEST, NULL);
}

/* The members and value forms of the himds answer shown in Microsoft's Arc
 * Jumpstart (github.com/microsoft/azure_arc,
 * docs/azure_arc_jumpstart/azure_arc_servers/day2/arc_managed_identity/linux/_index.md,
 * "Example output"): azEnvironment "AzurePublicCloud", osType "linux", one tag
 * as "name:value" and in tagsList. The shape-* scenarios still rename and
 * retype them: one example of one agent version is all a source shows. */
static enum MHD_Result instance_metadata(struct MHD_Connection *c, enum field_shape shape)
{
    const struct sim_identity *id = &SIM_IDENTITY;
    int answered;
    enum MHD_Result ret = check_metadata_request(c, &answered);
    if (answered)
        return ret;

    char rid[512];
    resource_id(rid, sizeof(rid));
    struct json_object *root = json_object_new_object();
    struct json_object *compute = json_object_new_object();
    if (root == NULL || compute == NULL) {
        json_object_put(root);
        json_object_put(compute);
        return MHD_NO;
    }
    shape_add(compute, shape, "azEnvironment", json_object_new_string(id->az_environment),
              json_object_new_int(0));
    shape_add(compute, shape, "location", json_object_new_string(id->location),
              json_object_new_array());
    shape_add(compute, shape, "name", json_object_new_string(id->resource_name), NULL);
    shape_add(compute, shape, "osType", json_object_new_string("linux"), NULL);
    shape_add(compute, shape, "resourceGroupName", json_object_new_string(id->resource_group),
              NULL);
    shape_add(compute, shape, "resourceId", json_object_new_string(rid), json_object_new_object());
    shape_add(compute, shape, "subscriptionId", json_object_new_string(id->subscription_id), NULL);
    shape_add(compute, shape, "tags", json_object_new_string("env:test"), json_object_new_object());
    shape_add(compute, shape, "tagsList", tags_list("env", "test"), NULL);
    shape_add(compute, shape, "vmId", json_object_new_string(id->vm_id), NULL);
    shape_add(compute, shape, "version", json_object_new_string("12"), json_object_new_int(12));
    json_object_object_add(root, shape == SHAPE_RENAMED ? "Compute" : "compute", compute);
    json_object_object_add(root, "network", json_object_new_object());
    return send_json(c, MHD_HTTP_OK, root, NULL);
}

/* Like the real service: a fresh challenge file only root/himds could read,
 * named in the 401. The simulator never hands out a token. */
static enum MHD_Result identity_token(struct sim *sim, struct MHD_Connection *c)
{
    int answered;
    enum MHD_Result ret = check_metadata_request(c, &answered);
    if (answered)
        return ret;

    char hex[65], name[80], path[PATH_MAX], secret[65], realm[PATH_MAX + 32];
    if (random_hex(hex, 16) != 0 || random_hex(secret, 32) != 0)
        return send_status(c, MHD_HTTP_INTERNAL_SERVER_ERROR, NULL);
    snprintf(name, sizeof(name), "tokens/%s.key", hex);
    if (path_join(path, sizeof(path), sim->agent_dir, name) != 0)
        return MHD_NO;

    pthread_mutex_lock(&sim->token_lock);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    int ok = fd >= 0 && write(fd, secret, 64) == 64;
    if (fd >= 0)
        close(fd);
    if (ok) {
        /* The real service removes a challenge once used; keep only one. */
        if (sim->last_token_file[0] != '\0')
            unlink(sim->last_token_file);
        snprintf(sim->last_token_file, sizeof(sim->last_token_file), "%s", path);
        /* Tests bound how often a probe makes himds write a key file. */
        sim->challenges++;
        char count_path[PATH_MAX], count[32];
        int n = snprintf(count, sizeof(count), "%lu\n", sim->challenges);
        if (path_join(count_path, sizeof(count_path), sim->opt.dir, "identity-challenges") != 0 ||
            write_file_atomic(count_path, count, (size_t)n, 0644) != 0)
            fprintf(stderr, "arc-sim: cannot write the challenge count\n");
    }
    pthread_mutex_unlock(&sim->token_lock);
    if (!ok) {
        fprintf(stderr, "arc-sim: cannot create %s: %s\n", path, strerror(errno));
        return send_status(c, MHD_HTTP_INTERNAL_SERVER_ERROR, NULL);
    }

    snprintf(realm, sizeof(realm), "Basic realm=%s", path);
    return send_status(c, MHD_HTTP_UNAUTHORIZED, realm);
}

static enum MHD_Result route(struct sim *sim, struct MHD_Connection *c, const char *url,
                             const char *method)
{
    const struct scenario_info *info = scenario_info((enum scenario)atomic_load(&sim->scenario));
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return send_status(c, MHD_HTTP_METHOD_NOT_ALLOWED, NULL);
    if (strcmp(url, "/agentstatus") == 0)
        return agent_status(c, sim, info);
    if (strcmp(url, "/metadata/instance") == 0)
        return instance_metadata(c, info->shape);
    if (strcmp(url, "/metadata/identity/oauth2/token") == 0)
        return identity_token(sim, c);
    return send_status(c, MHD_HTTP_NOT_FOUND, NULL);
}

static enum himds_mode current_mode(struct sim *sim)
{
    return scenario_info((enum scenario)atomic_load(&sim->scenario))->himds;
}

static bool still_hung(struct sim *sim)
{
    return current_mode(sim) == HIMDS_HUNG;
}

static enum MHD_Result himds_access(void *cls, struct MHD_Connection *c, const char *url,
                                    const char *method, const char *version,
                                    const char *upload_data, size_t *upload_data_size,
                                    void **req_cls)
{
    struct sim *sim = cls;
    (void)version;
    (void)upload_data;

    if (!mhd_request_complete(req_cls, upload_data_size))
        return MHD_YES;

    for (;;) {
        switch (current_mode(sim)) {
        case HIMDS_HUNG:
            /* Never answer; a client that gives up frees the thread. */
            if (conn_wait(sim, c, CONN_WAIT_FOREVER, still_hung) != CONN_WAIT_DONE)
                return MHD_NO;
            continue; /* the scenario changed: answer as the new one says */
        case HIMDS_DOWN:
            return MHD_NO; /* a request that raced the shutdown */
        case HIMDS_SLOW:
            if (conn_wait(sim, c, SIM_SLOW_MS, NULL) != CONN_WAIT_DONE)
                return MHD_NO;
            return route(sim, c, url, method);
        case HIMDS_GARBAGE:
            return send_body(c, MHD_HTTP_OK, "application/json", GARBAGE_BODY,
                             sizeof(GARBAGE_BODY) - 1, NULL);
        case HIMDS_HTML:
            return send_body(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/html; charset=utf-8",
                             HTML_BODY, sizeof(HTML_BODY) - 1, NULL);
        case HIMDS_NORMAL:
            return route(sim, c, url, method);
        }
        return MHD_NO;
    }
}

int himds_start(struct sim *sim, unsigned port, int attempts)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    /* libmicrohttpd sets SO_REUSEADDR itself; MHD_OPTION_LISTENING_ADDRESS_REUSE
     * would add SO_REUSEPORT and let a second process share the port. */
    for (int attempt = 0; attempt < attempts; attempt++) {
        sim->himds_daemon = MHD_start_daemon(
            MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL |
                MHD_USE_ERROR_LOG,
            (uint16_t)port, NULL, NULL, himds_access, sim, MHD_OPTION_EXTERNAL_LOGGER, mhd_log,
            (void *)"himds", MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
            MHD_OPTION_CONNECTION_LIMIT, (unsigned)512, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
            MHD_OPTION_END);
        if (sim->himds_daemon != NULL)
            break;
        if (port == 0 || atomic_load(&sim->stopping))
            break;
        sim_sleep_ms(sim, 100); /* the old socket may still be closing */
    }
    if (sim->himds_daemon == NULL) {
        fprintf(stderr, "arc-sim: cannot listen on 127.0.0.1:%u for himds\n", port);
        return -1;
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(sim->himds_daemon, MHD_DAEMON_INFO_BIND_PORT);
    if (info == NULL || info->port == 0) {
        fprintf(stderr, "arc-sim: cannot tell the himds port\n");
        himds_stop(sim);
        return -1;
    }
    sim->himds_port = info->port;
    return 0;
}

void himds_stop(struct sim *sim)
{
    if (sim->himds_daemon != NULL) {
        MHD_stop_daemon(sim->himds_daemon);
        sim->himds_daemon = NULL;
    }
}

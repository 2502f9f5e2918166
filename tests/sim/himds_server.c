#include "himds_server.h"
#include "agent_log.h"
#include "conn_wait.h"
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

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *message)
{
    struct json_object *obj = json_object_new_object();
    if (obj != NULL)
        add_string(obj, "error", message);
    return send_json(c, status, obj, NULL);
}

static void resource_id(char *out, size_t size)
{
    const struct sim_identity *id = &SIM_IDENTITY;
    snprintf(out, size,
             "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.HybridCompute/machines/%s",
             id->subscription_id, id->resource_group, id->resource_name);
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

/* The same keys as `azcmagent show -j`. */
static enum MHD_Result agent_status(struct MHD_Connection *c, const struct scenario_info *info)
{
    const struct sim_identity *id = &SIM_IDENTITY;
    time_t now = time(NULL);
    char rid[512], heartbeat[21], error_time[21] = "";
    resource_id(rid, sizeof(rid));
    rfc3339_utc(now - info->heartbeat_age_s, heartbeat);
    if (info->error_code[0] != '\0')
        rfc3339_utc(now - info->error_age_s, error_time);

    struct json_object *o = json_object_new_object();
    if (o == NULL)
        return MHD_NO;
    add_string(o, "resourceName", id->resource_name);
    add_string(o, "resourceGroup", id->resource_group);
    add_string(o, "resourceId", rid);
    add_string(o, "location", id->location);
    add_string(o, "subscriptionId", id->subscription_id);
    add_string(o, "tenantId", id->tenant_id);
    add_string(o, "vmId", id->vm_id);
    add_string(o, "cloud", id->cloud);
    add_string(o, "agentVersion", id->agent_version);
    add_string(o, "status", info->status);
    add_string(o, "lastHeartbeat", heartbeat);
    add_string(o, "httpsProxy", "");
    add_string(o, "proxyBypass", "");
    add_string(o, "agentErrorCode", info->error_code);
    add_string(o, "agentErrorDetails", info->error_details);
    add_string(o, "agentErrorTimestamp", error_time);
    struct json_object *services = json_object_new_array();
    if (services != NULL) {
        json_object_array_add(services, service_entry("Agent Service", "himdsd", "active"));
        json_object_array_add(services, service_entry("Arc Proxy", "arcproxyd", "inactive"));
        json_object_array_add(services, service_entry("Extension Service", "extd", "active"));
        json_object_array_add(services, service_entry("GC Service", "gcad", "active"));
        json_object_object_add(o, "services", services);
    }
    return send_json(c, MHD_HTTP_OK, o, NULL);
}

/* 400 answers shaped like the real metadata service's. Returns MHD_YES with
 * *answered = 0 when the request may go on. */
static enum MHD_Result check_metadata_request(struct MHD_Connection *c, int *answered)
{
    *answered = 1;
    const char *metadata = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Metadata");
    if (metadata == NULL || strcasecmp(metadata, "true") != 0)
        return send_error(c, MHD_HTTP_BAD_REQUEST,
                          "Bad request. Required metadata header not specified");

    const char *version = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "api-version");
    for (size_t i = 0; version != NULL && i < API_VERSION_COUNT; i++) {
        if (strcmp(version, API_VERSIONS[i]) == 0) {
            *answered = 0;
            return MHD_YES;
        }
    }
    struct json_object *o = json_object_new_object();
    struct json_object *list = json_object_new_array();
    if (o == NULL || list == NULL) {
        json_object_put(o);
        json_object_put(list);
        return MHD_NO;
    }
    add_string(o, "error",
               version == NULL ? "Bad request. api-version was not specified in the request"
                               : "Bad request. api-version is invalid or not supported");
    for (size_t i = 0; i < API_VERSION_COUNT; i++)
        json_object_array_add(list, json_object_new_string(API_VERSIONS[i]));
    json_object_object_add(o, "newest-versions", list);
    return send_json(c, MHD_HTTP_BAD_REQUEST, o, NULL);
}

static enum MHD_Result instance_metadata(struct MHD_Connection *c)
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
    add_string(compute, "azEnvironment", id->az_environment);
    add_string(compute, "location", id->location);
    add_string(compute, "name", id->resource_name);
    add_string(compute, "osType", "Linux");
    add_string(compute, "resourceGroupName", id->resource_group);
    add_string(compute, "resourceId", rid);
    add_string(compute, "subscriptionId", id->subscription_id);
    add_string(compute, "tags", "env:test;owner:arcprobe");
    json_object_object_add(compute, "tagsList", json_object_new_array());
    add_string(compute, "vmId", id->vm_id);
    add_string(compute, "version", "12");
    json_object_object_add(root, "compute", compute);
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
        return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "challenge unavailable");
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
    }
    pthread_mutex_unlock(&sim->token_lock);
    if (!ok) {
        fprintf(stderr, "arc-sim: cannot create %s: %s\n", path, strerror(errno));
        return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "challenge unavailable");
    }

    snprintf(realm, sizeof(realm), "Basic realm=%s", path);
    struct json_object *o = json_object_new_object();
    if (o == NULL)
        return MHD_NO;
    add_string(o, "error", "unauthorized_client");
    add_string(o, "error_description",
               "Authorization header with the challenge file contents required");
    return send_json(c, MHD_HTTP_UNAUTHORIZED, o, realm);
}

static enum MHD_Result route(struct sim *sim, struct MHD_Connection *c, const char *url,
                             const char *method)
{
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "Method not allowed");
    if (strcmp(url, "/agentstatus") == 0)
        return agent_status(c, scenario_info((enum scenario)atomic_load(&sim->scenario)));
    if (strcmp(url, "/metadata/instance") == 0)
        return instance_metadata(c);
    if (strcmp(url, "/metadata/identity/oauth2/token") == 0)
        return identity_token(sim, c);
    return send_error(c, MHD_HTTP_NOT_FOUND, "Not found");
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

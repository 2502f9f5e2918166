#include "tls_endpoint.h"
#include "conn_wait.h"
#include "mhd_log.h"
#include "mhd_request.h"
#include "scenario.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static const char ENDPOINT_BODY[] = "arc-sim: simulated Azure endpoint\n";

/* Certificates are small; anything larger is not one. */
#define PEM_MAX (256 * 1024)

static char *read_pem(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "arc-sim: cannot open %s: %s\n", path, strerror(errno));
        return NULL;
    }
    char *data = malloc(PEM_MAX + 1);
    size_t len = data != NULL ? fread(data, 1, PEM_MAX + 1, f) : 0;
    int bad = data == NULL || ferror(f) || len == 0 || len > PEM_MAX;
    fclose(f);
    if (bad) {
        fprintf(stderr, "arc-sim: %s: empty, unreadable or too large\n", path);
        free(data);
        return NULL;
    }
    data[len] = '\0';
    return data;
}

static enum MHD_Result endpoint_access(void *cls, struct MHD_Connection *c, const char *url,
                                       const char *method, const char *version,
                                       const char *upload_data, size_t *upload_data_size,
                                       void **req_cls)
{
    struct sim *sim = cls;
    (void)url;
    (void)method;
    (void)version;
    (void)upload_data;

    if (!mhd_request_complete(req_cls, upload_data_size))
        return MHD_YES;
    /* Each connection has its own thread, so the delay holds only this one. */
    if (sim->opt.tls_delay_ms > 0 &&
        conn_wait(sim, c, sim->opt.tls_delay_ms, NULL) != CONN_WAIT_DONE)
        return MHD_NO;
    struct MHD_Response *r = MHD_create_response_from_buffer(
        sizeof(ENDPOINT_BODY) - 1, (void *)ENDPOINT_BODY, MHD_RESPMEM_PERSISTENT);
    if (r == NULL)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
    long shift = scenario_info((enum scenario)atomic_load(&sim->scenario))->date_offset_s;
    if (shift != 0) {
        /* libmicrohttpd stamps its own Date only when the response has none */
        char date[64];
        time_t t = time(NULL) + shift;
        struct tm tm;
        strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", gmtime_r(&t, &tm));
        MHD_add_response_header(r, MHD_HTTP_HEADER_DATE, date);
    }
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

int tls_endpoint_start(struct sim *sim, unsigned port)
{
    sim->tls_cert_pem = read_pem(sim->opt.tls_cert);
    sim->tls_key_pem = read_pem(sim->opt.tls_key);
    if (sim->tls_cert_pem == NULL || sim->tls_key_pem == NULL) {
        tls_endpoint_stop(sim);
        return -1;
    }

    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    sim->tls_daemon = MHD_start_daemon(
        MHD_USE_TLS | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
            MHD_USE_POLL | MHD_USE_ERROR_LOG,
        (uint16_t)port, NULL, NULL, endpoint_access, sim, MHD_OPTION_EXTERNAL_LOGGER, mhd_log,
        (void *)"tls", MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_HTTPS_MEM_CERT,
        sim->tls_cert_pem, MHD_OPTION_HTTPS_MEM_KEY, sim->tls_key_pem, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)1024, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_LISTEN_BACKLOG_SIZE,
        (unsigned)256, MHD_OPTION_END);
    if (sim->tls_daemon == NULL) {
        fprintf(stderr, "arc-sim: cannot listen on 127.0.0.1:%u for HTTPS (bad cert/key?)\n", port);
        tls_endpoint_stop(sim);
        return -1;
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(sim->tls_daemon, MHD_DAEMON_INFO_BIND_PORT);
    if (info == NULL || info->port == 0) {
        fprintf(stderr, "arc-sim: cannot tell the HTTPS port\n");
        tls_endpoint_stop(sim);
        return -1;
    }
    sim->tls_port = info->port;
    return 0;
}

void tls_endpoint_stop(struct sim *sim)
{
    if (sim->tls_daemon != NULL) {
        MHD_stop_daemon(sim->tls_daemon);
        sim->tls_daemon = NULL;
    }
    free(sim->tls_cert_pem);
    free(sim->tls_key_pem);
    sim->tls_cert_pem = NULL;
    sim->tls_key_pem = NULL;
}

/* A stand-in for the Azure endpoints in the endpoint tests: an HTTPS
 * server (libmicrohttpd + GnuTLS) with a chosen certificate, an injected
 * latency per request and an optional discovery answer.
 *
 *   ep-server --cert F --key F [--bind ADDR] [--port N] [--delay-ms N]
 *             [--status N] [--discovery-body JSON] [--date-offset SECONDS]
 *             [--count-file F] --ready FILE
 *   ep-server --plain ...   (plain HTTP, no certificate: the ESU port-80 path)
 *
 * Writes "port=N" to FILE once listening; SIGTERM/SIGINT stop it. With
 * --count-file, F always holds the number of TCP connections accepted so
 * far (tests check that every probe opens its own). */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct options {
    const char *cert_file;
    const char *key_file;
    const char *bind;
    unsigned port;
    long delay_ms;
    unsigned status;
    const char *discovery_body;
    const char *ready_file;
    int plain;
    long date_offset; /* the Date header says now + this (0: the library's own) */
    const char *count_file;
};

static struct options opt = {NULL, NULL, "127.0.0.1", 0, 0, 200, NULL, NULL, 0, 0, NULL};
static unsigned long accepted;
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
        }
        size_t n = fread(buf + len, 1, 4096, f);
        len += n;
        if (n < 4096)
            break;
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **state)
{
    (void)cls;
    (void)method;
    (void)version;
    (void)upload;
    (void)upload_size;
    /* The first call only announces the request. */
    if (*state == NULL) {
        *state = (void *)1;
        return MHD_YES;
    }
    if (opt.delay_ms > 0)
        sleep_ms(opt.delay_ms);
    const char *body = "ok\n";
    const char *type = "text/plain";
    unsigned status = opt.status;
    if (opt.discovery_body && strncmp(url, "/discovery", 10) == 0) {
        body = opt.discovery_body;
        type = "application/json";
        status = 200;
    }
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", type);
    if (opt.date_offset != 0) {
        /* libmicrohttpd adds its own Date only when the response has none */
        char date[64];
        time_t t = time(NULL) + opt.date_offset;
        struct tm tm;
        strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", gmtime_r(&t, &tm));
        MHD_add_response_header(resp, "Date", date);
    }
    enum MHD_Result rc = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    return rc;
}

/* libmicrohttpd's accept policy callback runs once per accepted connection,
 * on the listening thread: the count needs no lock. */
static enum MHD_Result count_connection(void *cls, const struct sockaddr *addr, socklen_t len)
{
    (void)cls;
    (void)addr;
    (void)len;
    accepted++;
    if (opt.count_file) {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s.tmp", opt.count_file);
        FILE *f = fopen(tmp, "w");
        if (f) {
            fprintf(f, "%lu\n", accepted);
            if (fclose(f) == 0)
                rename(tmp, opt.count_file);
        }
    }
    return MHD_YES;
}

static int usage(void)
{
    fprintf(stderr, "usage: ep-server (--cert F --key F | --plain) [--bind ADDR] [--port N] "
                    "[--delay-ms N] [--status N] [--discovery-body JSON] [--date-offset S] "
                    "[--count-file F] --ready FILE\n");
    return 2;
}

int main(int argc, char **argv)
{
    int i = 1;
    while (i < argc) {
        const char *a = argv[i];
        if (strcmp(a, "--plain") == 0) {
            opt.plain = 1;
            i++;
            continue;
        }
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            return usage();
        if (strcmp(a, "--cert") == 0)
            opt.cert_file = v;
        else if (strcmp(a, "--key") == 0)
            opt.key_file = v;
        else if (strcmp(a, "--bind") == 0)
            opt.bind = v;
        else if (strcmp(a, "--port") == 0)
            opt.port = (unsigned)strtoul(v, NULL, 10);
        else if (strcmp(a, "--delay-ms") == 0)
            opt.delay_ms = strtol(v, NULL, 10);
        else if (strcmp(a, "--status") == 0)
            opt.status = (unsigned)strtoul(v, NULL, 10);
        else if (strcmp(a, "--discovery-body") == 0)
            opt.discovery_body = v;
        else if (strcmp(a, "--date-offset") == 0)
            opt.date_offset = strtol(v, NULL, 10);
        else if (strcmp(a, "--ready") == 0)
            opt.ready_file = v;
        else if (strcmp(a, "--count-file") == 0)
            opt.count_file = v;
        else
            return usage();
        i += 2;
    }
    if ((!opt.plain && (!opt.cert_file || !opt.key_file)) || !opt.ready_file)
        return usage();
    char *cert = opt.plain ? NULL : slurp(opt.cert_file);
    char *key = opt.plain ? NULL : slurp(opt.key_file);
    if (!opt.plain && (!cert || !key)) {
        fprintf(stderr, "ep-server: cannot read certificate or key\n");
        return 1;
    }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)opt.port);
    if (inet_pton(AF_INET, opt.bind, &addr.sin_addr) != 1) {
        fprintf(stderr, "ep-server: bad bind address %s\n", opt.bind);
        return 2;
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* A thread per connection: one slow answer must not delay the others. */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                     MHD_USE_POLL | MHD_USE_ERROR_LOG;
    struct MHD_Daemon *d =
        opt.plain ? MHD_start_daemon(flags, 0, count_connection, NULL, answer, NULL,
                                     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_END)
                  : MHD_start_daemon(flags | MHD_USE_TLS, 0, count_connection, NULL, answer, NULL,
                                     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                     MHD_OPTION_HTTPS_MEM_CERT, cert, MHD_OPTION_HTTPS_MEM_KEY, key,
                                     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "ep-server: cannot start on %s:%u\n", opt.bind, opt.port);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : opt.port;

    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", opt.ready_file);
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "port=%u\n", port) < 0 || fclose(f) != 0 || rename(tmp, opt.ready_file)) {
        fprintf(stderr, "ep-server: cannot write %s\n", opt.ready_file);
        MHD_stop_daemon(d);
        return 1;
    }
    /* sleep() returns early on a signal; at worst the exit waits a second. */
    while (!stop)
        sleep(1);
    MHD_stop_daemon(d);
    free(cert);
    free(key);
    return 0;
}

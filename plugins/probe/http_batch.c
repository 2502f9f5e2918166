/* Running many HTTP(S) requests at once on the thread's libcurl multi
 * handle. The deadline is absolute so a caller can split one probe budget
 * between phases; each request additionally keeps its own timeout. A
 * request may be added while the batch runs (the regional host once
 * discovery named it). */
#include "http_batch.h"
#include "http_batch_helper.h"
#include "http_session.h"
#include "sanitize.h"
#include "tls_issuer.h"
#include "l10n.h"

#include <openssl/ssl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct transfer {
    struct http_request *req;
    CURL *easy;
    struct curl_slist *headers;
    struct curl_slist *connect_to;
    X509_STORE *ca_store; /* the thread's, handed to the connection's SSL_CTX */
    int added;            /* in the multi handle */
    struct transfer *next;
};

struct http_batch {
    CURLM *multi; /* the thread's, not ours to clean up */
    double deadline;
    struct transfer *transfers;
    size_t pending; /* added and not finished */
    int failed;     /* a request could not be set up: the batch is void */
};

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
    struct http_request *req = userdata;
    size_t len = size * nmemb;
    size_t room = req->body_cap > req->body_len ? req->body_cap - req->body_len : 0;
    if (len > room) {
        /* Keep what fits and stop: a response larger than the cap is not
         * worth the time or memory, and the caller learns it was cut. */
        req->body_truncated = 1;
        len = room;
    }
    if (len > 0) {
        char *grown = realloc(req->body, req->body_len + len + 1);
        if (!grown)
            return 0;
        req->body = grown;
        memcpy(req->body + req->body_len, data, len);
        req->body_len += len;
        req->body[req->body_len] = '\0';
    }
    return req->body_truncated ? 0 : size * nmemb;
}

/* Copy a header's value (after "Name:"), trimmed and sanitised. */
static void header_value(char *dst, size_t dstlen, const char *line, size_t len, size_t name_len)
{
    const char *v = line + name_len + 1;
    size_t vlen = len - name_len - 1;
    while (vlen > 0 && (*v == ' ' || *v == '\t')) {
        v++;
        vlen--;
    }
    arcp_sanitize(dst, dstlen, v, vlen);
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
    struct http_request *req = userdata;
    size_t len = size * nmemb;
    /* A new status line starts a new response (after 100-continue or a
     * redirect): forget what the previous one said. */
    if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        req->content_type[0] = '\0';
        req->captured[0] = '\0';
        return len;
    }
    const char *colon = memchr(data, ':', len);
    if (!colon)
        return len;
    size_t name_len = (size_t)(colon - data);
    if (name_len == 12 && strncasecmp(data, "Content-Type", 12) == 0)
        header_value(req->content_type, sizeof req->content_type, data, len, name_len);
    if (req->capture_header && strlen(req->capture_header) == name_len &&
        strncasecmp(data, req->capture_header, name_len) == 0)
        header_value(req->captured, sizeof req->captured, data, len, name_len);
    if (name_len == 4 && strncasecmp(data, "Date", 4) == 0) {
        header_value(req->date, sizeof req->date, data, len, name_len);
        req->date_wall = wall_now();
    }
    return len;
}

/* libcurl reports the negotiated protocol only as informational text; this
 * avoids tying the core to one TLS backend's API. */
static int on_debug(CURL *easy, curl_infotype type, char *data, size_t size, void *userdata)
{
    (void)easy;
    struct http_request *req = userdata;
    static const char marker[] = "SSL connection using ";
    if (type != CURLINFO_TEXT || size < sizeof marker - 1 ||
        strncmp(data, marker, sizeof marker - 1) != 0)
        return 0;
    const char *v = data + sizeof marker - 1;
    size_t n = 0;
    while (n < size - (sizeof marker - 1) && n + 1 < sizeof req->tls_version && v[n] != ' ' &&
           v[n] != '\n' && v[n] != '/')
        n++;
    memcpy(req->tls_version, v, n);
    req->tls_version[n] = '\0';
    return 0;
}

static struct curl_slist *slist_from(const char *const *items, int *failed)
{
    struct curl_slist *list = NULL;
    for (size_t i = 0; items && items[i]; i++) {
        struct curl_slist *next = curl_slist_append(list, items[i]);
        if (!next) {
            *failed = 1;
            break;
        }
        list = next;
    }
    return list;
}

static long remaining_ms(double deadline)
{
    double left = deadline - http_now();
    if (left <= 0)
        return 0;
    return (long)(left * 1000.0) + 1;
}

/* libcurl takes one SSL_CTX callback per transfer; it serves the CA store
 * (set_ca) and the naming of a refused chain's CA (tls_issuer.c). */
static CURLcode on_ssl_ctx(CURL *easy, void *ssl_ctx, void *arg)
{
    (void)easy;
    struct transfer *t = arg;
    if (t->ca_store)
        SSL_CTX_set1_cert_store(ssl_ctx, t->ca_store);
    tls_issuer_prepare(ssl_ctx, t->req->tls_issuer);
    return CURLE_OK;
}

/* The SSL_CTX libcurl hands over is this process's OpenSSL's only when
 * libcurl runs on the same major version (one libssl.so per soname). */
static int curl_on_our_openssl(void)
{
    const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
    char ours[32];
    snprintf(ours, sizeof ours, "OpenSSL/%u.", OPENSSL_version_major());
    return v && v->ssl_version && strncmp(v->ssl_version, ours, strlen(ours)) == 0;
}

/* What a request verifies the server with: the ca_file or libcurl's
 * built-in system bundle, served from the thread's indexed store when the
 * SSL_CTX callback is ours (http_session.c), else loaded by libcurl; either
 * way noted so a change on disk counts at the next batch. Through an
 * https:// proxy the callback also sees the proxy's handshake, which
 * verifies with its own CA settings: such requests keep libcurl's loading. */
static void set_ca(struct transfer *t, int ssl_ctx_hook)
{
    CURL *e = t->easy;
    const struct http_request *req = t->req;
    const char *path = req->ca_file && *req->ca_file ? req->ca_file : NULL;
    if (path)
        curl_easy_setopt(e, CURLOPT_CAINFO, path);
    /* Debian's libcurl also has a compiled-in CApath: while it is set, the
     * parsed CA store is not cached in the multi handle (every handshake
     * re-reads the bundle, ~50 ms of CPU each) and ca_file only adds to the
     * system store instead of replacing it. The bundle holds the same CAs. */
    curl_easy_setopt(e, CURLOPT_CAPATH, NULL);
    if (strncasecmp(req->url, "https://", 8) != 0)
        return;
    char *builtin = NULL;
    if (!path && curl_easy_getinfo(e, CURLINFO_CAINFO, &builtin) == CURLE_OK)
        path = builtin;
    int via_tls_proxy = req->proxy && strncasecmp(req->proxy, "https://", 8) == 0;
    t->ca_store = ssl_ctx_hook && !via_tls_proxy ? http_session_ca_store(path) : NULL;
    if (!t->ca_store) {
        http_session_note_ca(path);
        return;
    }
    /* nothing for libcurl to load, and no store of its own to cache in the
     * multi handle (it would hand that to the next request, whatever its
     * bundle) */
    curl_easy_setopt(e, CURLOPT_CAINFO, NULL);
    curl_easy_setopt(e, CURLOPT_CA_CACHE_TIMEOUT, 0L);
}

static int setup_transfer(struct transfer *t, double deadline)
{
    struct http_request *req = t->req;
    int failed = 0;
    t->easy = curl_easy_init();
    if (!t->easy)
        return -1;
    t->headers = slist_from(req->headers, &failed);
    t->connect_to = slist_from(req->connect_to, &failed);
    if (failed)
        return -1;

    long limit = remaining_ms(deadline);
    if (req->timeout_ms > 0 && req->timeout_ms < limit)
        limit = req->timeout_ms;
    if (limit <= 0)
        limit = 1;

    CURL *e = t->easy;
    req->start_wall = wall_now();
    curl_easy_setopt(e, CURLOPT_URL, req->url);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    /* libcurl's threaded resolver joins a lookup thread that is still in
     * getaddrinfo() when its transfer ends early, so a resolver that drops
     * queries would hold every front end for the resolver's own timeout
     * (5 s x 2 tries by default), far past the probe's deadline. With
     * QUICK_EXIT the thread is detached instead and frees itself when
     * getaddrinfo() returns: abandoned lookups live at most as long as the
     * C library's own resolver timeout, so a long-running host holds at
     * most (names per cycle) x ceil(that timeout / cycle interval) of them,
     * however long DNS stays dead. */
    curl_easy_setopt(e, CURLOPT_QUICK_EXIT, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, limit);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, limit);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, req->errbuf);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, req);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, req);
    curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug);
    curl_easy_setopt(e, CURLOPT_DEBUGDATA, req);
    curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "arcprobe/" ARCPROBE_VERSION);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
    /* The multi handle outlives the batch (for its CA store): nothing else
     * may carry over. Reachability is measured, not remembered: a new
     * connection, a new name lookup and a full handshake every time. */
    curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(e, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
    curl_easy_setopt(e, CURLOPT_SSL_SESSIONID_CACHE, 0L);
    /* An explicit empty proxy also keeps http_proxy & co. from the
     * environment out: the probe must go the way the agent goes. */
    curl_easy_setopt(e, CURLOPT_PROXY, req->proxy ? req->proxy : "");
    if (req->noproxy)
        curl_easy_setopt(e, CURLOPT_NOPROXY, req->noproxy);
    if (req->proxy && req->proxy_username) {
        curl_easy_setopt(e, CURLOPT_PROXYUSERNAME, req->proxy_username);
        curl_easy_setopt(e, CURLOPT_PROXYPASSWORD, req->proxy_password ? req->proxy_password : "");
    }
    req->tls_issuer[0] = '\0';
    int ssl_ctx_hook = curl_on_our_openssl() &&
                       curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, on_ssl_ctx) == CURLE_OK &&
                       curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, t) == CURLE_OK;
    set_ca(t, ssl_ctx_hook);
    if (t->headers)
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    if (t->connect_to)
        curl_easy_setopt(e, CURLOPT_CONNECT_TO, t->connect_to);
    if (req->nobody)
        curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    return 0;
}

/* Phase times from libcurl are cumulative from the start; a phase that was
 * never reached reads 0 there, which we report as -1. */
static double phase_seconds(CURL *e, CURLINFO info, int reached)
{
    curl_off_t us = 0;
    if (curl_easy_getinfo(e, info, &us) != CURLE_OK || (!reached && us == 0))
        return -1;
    return (double)us / 1e6;
}

static void collect_result(struct transfer *t, CURLcode result)
{
    struct http_request *req = t->req;
    CURL *e = t->easy;
    req->done = 1;
    req->result = result;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &req->http_status);
    curl_easy_getinfo(e, CURLINFO_HTTP_CONNECTCODE, &req->connect_code);
    curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &req->os_errno);
    curl_easy_getinfo(e, CURLINFO_SSL_VERIFYRESULT, &req->ssl_verify_result);
    int ok = result == CURLE_OK;
    req->dns_s = phase_seconds(e, CURLINFO_NAMELOOKUP_TIME_T, ok);
    req->connect_s = phase_seconds(e, CURLINFO_CONNECT_TIME_T, ok);
    req->tls_s = phase_seconds(e, CURLINFO_APPCONNECT_TIME_T, 0);
    req->ttfb_s = phase_seconds(e, CURLINFO_STARTTRANSFER_TIME_T, ok);
    req->total_s = phase_seconds(e, CURLINFO_TOTAL_TIME_T, 1);
    /* libcurl refuses a response header longer than CURL_MAX_HTTP_HEADER
     * with CURLE_OUT_OF_MEMORY ("Out of memory"): once a connection is up
     * that is the peer's fault, not this process's memory. */
    if (result == CURLE_OUT_OF_MEMORY && req->connect_s >= 0) {
        req->header_oversized = 1;
        snprintf(req->errbuf, sizeof req->errbuf,
                 _("invalid answer: a response header is larger than %d KiB"),
                 CURL_MAX_HTTP_HEADER / 1024);
    }
    if (result != CURLE_OK && !req->errbuf[0])
        arcp_copy(req->errbuf, sizeof req->errbuf, curl_easy_strerror(result));
}

static void reset_outputs(struct http_request *req)
{
    req->done = 0;
    req->result = CURLE_OK;
    req->errbuf[0] = '\0';
    req->http_status = req->connect_code = req->os_errno = req->ssl_verify_result = 0;
    req->dns_s = req->connect_s = req->tls_s = req->ttfb_s = req->total_s = -1;
    req->tls_version[0] = '\0';
    req->body = NULL;
    req->body_len = 0;
    req->body_truncated = 0;
    req->content_type[0] = '\0';
    req->captured[0] = '\0';
    req->header_oversized = 0;
    req->date[0] = '\0';
    req->start_wall = req->date_wall = 0;
}

static void release_transfers(struct http_batch *b)
{
    struct transfer *t = b->transfers;
    while (t) {
        struct transfer *next = t->next;
        if (t->easy) {
            if (t->added)
                curl_multi_remove_handle(b->multi, t->easy);
            curl_easy_cleanup(t->easy);
        }
        curl_slist_free_all(t->headers);
        curl_slist_free_all(t->connect_to);
        free(t);
        t = next;
    }
    b->transfers = NULL;
}

struct http_batch *http_batch_begin(double deadline)
{
    struct http_batch *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->multi = http_session_multi();
    if (!b->multi) {
        free(b);
        return NULL;
    }
    b->deadline = deadline;
    return b;
}

int http_batch_add(struct http_batch *b, struct http_request *req)
{
    reset_outputs(req);
    if (b->failed)
        return -1;
    struct transfer *t = calloc(1, sizeof *t);
    if (!t) {
        b->failed = 1;
        return -1;
    }
    t->req = req;
    t->next = b->transfers;
    b->transfers = t;
    if (setup_transfer(t, b->deadline) != 0 ||
        curl_multi_add_handle(b->multi, t->easy) != CURLM_OK) {
        b->failed = 1;
        return -1;
    }
    t->added = 1;
    b->pending++;
    return 0;
}

static void take_finished(struct http_batch *b, http_batch_done_fn on_done, void *arg)
{
    CURLMsg *msg;
    int queued;
    while ((msg = curl_multi_info_read(b->multi, &queued))) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        struct transfer *t = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
        if (!t || t->req->done)
            continue;
        collect_result(t, msg->data.result);
        b->pending--;
        /* may add requests: they start at the next perform */
        if (on_done)
            on_done(t->req, arg);
    }
}

int http_batch_finish(struct http_batch *b, http_batch_done_fn on_done, void *arg)
{
    while (!b->failed && b->pending > 0) {
        int running;
        if (curl_multi_perform(b->multi, &running) != CURLM_OK)
            break;
        take_finished(b, on_done, arg);
        if (b->pending == 0)
            break;
        long wait = remaining_ms(b->deadline);
        if (wait <= 0)
            break;
        if (wait > 1000)
            wait = 1000;
        if (curl_multi_poll(b->multi, NULL, 0, (int)wait, NULL) != CURLM_OK)
            break;
    }
    int rc = b->failed ? -1 : 0;
    /* Requests still running at the deadline keep done = 0 but report how
     * far they got, so a caller can say "timed out during TLS". */
    for (struct transfer *t = b->transfers; t; t = t->next) {
        if (rc != 0) {
            t->req->done = 0;
        } else if (!t->req->done) {
            collect_result(t, CURLE_OPERATION_TIMEDOUT);
            t->req->done = 0;
            arcp_copy(t->req->errbuf, sizeof t->req->errbuf, _("probe deadline reached"));
        }
    }
    release_transfers(b);
    free(b);
    return rc;
}

int http_batch_run(struct http_request *reqs, size_t n, double deadline)
{
    for (size_t i = 0; i < n; i++)
        reset_outputs(&reqs[i]);
    if (n == 0)
        return 0;
    struct http_batch *b = http_batch_begin(deadline);
    if (!b)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (http_batch_add(b, &reqs[i]) != 0)
            break;
    return http_batch_finish(b, NULL, NULL);
}

void http_batch_thread_release(void)
{
    /* the helper's own libcurl state goes when its thread ends */
    http_helper_release();
    http_session_release();
}

void http_request_release(struct http_request *req)
{
    free(req->body);
    req->body = NULL;
    req->body_len = 0;
}

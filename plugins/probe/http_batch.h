/* Many HTTP(S) requests at once on the thread's libcurl multi handle, under one deadline.
 * Shared by the himds probe and the endpoint engine. */
#ifndef ARCPROBE_HTTP_BATCH_H
#define ARCPROBE_HTTP_BATCH_H

#include "arcprobe.h"
#include "monotonic_now.h"

#include <curl/curl.h>
#include <stddef.h>

struct http_request {
    /* ---- in (set by the caller; strings must outlive the run) ---- */
    const char *url;
    const char *const *headers; /* NULL-terminated list of "Name: value", or NULL */
    const char *proxy;          /* NULL: no proxy at all (env ignored); else the proxy URL */
    const char *noproxy;        /* NULL or curl's NOPROXY list */
    const char *ca_file;        /* NULL: system store */
    long timeout_ms;            /* this request's own limit (0 = only the batch deadline) */
    size_t body_cap;            /* keep at most this many body bytes (0 = discard body) */
    const char *capture_header; /* response header whose value to keep, e.g. "WWW-Authenticate" */
    int nobody;                 /* HEAD-like: don't ask for a body */
    const char *const *connect_to; /* NULL-terminated curl CONNECT_TO entries, or NULL */
    /* Proxy credentials, never inside the proxy URL (libcurl would read a
     * URL with '@' or '/' in the password differently from the agent). */
    const char *proxy_username; /* NULL: none */
    const char *proxy_password;

    /* ---- out ---- */
    int done; /* 0 when the batch deadline ran out first */
    CURLcode result;
    char errbuf[CURL_ERROR_SIZE];
    long http_status;  /* 0: no HTTP answer */
    long connect_code; /* proxy's answer to CONNECT, 0 if none */
    long os_errno;
    long ssl_verify_result; /* OpenSSL X509_V_* code of the peer check, 0 = ok */
    double dns_s, connect_s, tls_s, ttfb_s, total_s; /* cumulative from start, -1 unknown */
    char tls_version[16];                            /* "TLSv1.3", "" if plain or unknown */
    char tls_issuer[ARCP_NAME_MAX]; /* CN of the CA an untrusted chain named, "" otherwise */
    char *body;                     /* NUL-terminated, malloc'd, may be NULL */
    size_t body_len;
    int body_truncated; /* more arrived than body_cap: the transfer was
                           stopped there (result CURLE_WRITE_ERROR) */
    char content_type[128];
    char captured[512]; /* value of capture_header, "" if absent */
    /* for the clock-skew check (clock_skew.c): the answer's Date header and
     * when, by the wall clock, the request was set up and the Date arrived */
    char date[64];        /* Date header value, "" if absent */
    double start_wall;    /* CLOCK_REALTIME seconds at set-up */
    double date_wall;     /* CLOCK_REALTIME seconds when the Date header arrived, 0 none */
    int header_oversized; /* a response header was longer than libcurl keeps
                             (100 KiB): an invalid answer, errbuf says so */
};

/* Run all n requests concurrently until each is done or `deadline`
 * (CLOCK_MONOTONIC seconds, see http_now()) passes. Returns 0, or -1 when
 * the multi handle could not be set up (then every request has done = 0). */
int http_batch_run(struct http_request *reqs, size_t n, double deadline);

/* The same in steps, for a batch that grows while it runs: begin, add
 * requests, then finish, which runs until every request added so far (and
 * any added by on_done) is done or the deadline passes, calling on_done for
 * each request as it finishes, and frees the batch. A failed add voids the
 * batch: finish then returns -1 with every request done = 0. */
struct http_batch;
typedef void (*http_batch_done_fn)(struct http_request *req, void *arg);
struct http_batch *http_batch_begin(double deadline);
int http_batch_add(struct http_batch *b, struct http_request *req);
int http_batch_finish(struct http_batch *b, http_batch_done_fn on_done, void *arg);

/* The calling thread's libcurl state is kept between batches (the parsed
 * CA store lives there); this drops it now, and stops the thread's batch
 * helper (http_batch_helper.h) with its state. Other threads' state goes
 * when they end. */
void http_batch_thread_release(void);

/* Free what a run allocated in one request (body). */
void http_request_release(struct http_request *req);

#endif

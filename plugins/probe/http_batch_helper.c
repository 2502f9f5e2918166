/* A second thread that runs part of a big batch, so that the TLS
 * handshakes (~3 ms of CPU each, most of it in OpenSSL) of a long endpoint
 * list use two cores instead of one.
 *
 * Each thread that asks gets its own helper, made on first use and kept
 * for the thread's life: the helper keeps its own libcurl multi handle and
 * indexed CA store (http_session.c) from batch to batch, so a long-running
 * host does not index the CA bundle again every cycle. Nothing else
 * carries over (http_batch.c forces a fresh connection, name lookup and
 * handshake per request). The helper ends with its owner: a key destructor
 * stops and joins it when the owning thread exits (collectd's read
 * threads, agentx's prober), and http_helper_release() does it for a
 * thread that stays (the main thread at arcp_global_cleanup()). The
 * network module is never unloaded (net_module_load.c), so the helper's
 * code cannot go away under it.
 *
 * The helper's batch runs to the same absolute deadline as the owner's and
 * stops there like any batch (http_batch_finish() never waits past it), so
 * waiting for it cannot hold the report past the deadline by more than the
 * clean-up of its transfers. */
#include "http_batch_helper.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

struct helper {
    pthread_t thread;
    pid_t pid; /* the process that made the thread: a forked child has none */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int stop;
    /* the job, under lock */
    struct http_request **reqs;
    size_t n;
    double deadline;
    int busy; /* started, not yet collected by http_helper_wait() */
    int done; /* the batch has ended */
    int rc;
};

static pthread_key_t helper_key;
static pthread_once_t helper_once = PTHREAD_ONCE_INIT;
static int helper_key_ok;

static int run_batch(struct http_request **reqs, size_t n, double deadline)
{
    struct http_batch *b = http_batch_begin(deadline);
    if (!b)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (http_batch_add(b, reqs[i]) != 0)
            break;
    return http_batch_finish(b, NULL, NULL);
}

static void *helper_main(void *arg)
{
    struct helper *h = arg;
    pthread_mutex_lock(&h->lock);
    for (;;) {
        while (!h->stop && !(h->busy && !h->done))
            pthread_cond_wait(&h->cond, &h->lock);
        if (h->stop)
            break;
        struct http_request **reqs = h->reqs;
        size_t n = h->n;
        double deadline = h->deadline;
        pthread_mutex_unlock(&h->lock);
        int rc = run_batch(reqs, n, deadline);
        pthread_mutex_lock(&h->lock);
        h->rc = rc;
        h->done = 1;
        pthread_cond_broadcast(&h->cond);
    }
    pthread_mutex_unlock(&h->lock);
    /* the thread's libcurl state goes with it (http_session.c's key) */
    return NULL;
}

static void helper_stop(struct helper *h)
{
    if (!h)
        return;
    /* In a forked child the thread does not exist and the lock may be in
     * any state: only the memory is ours to drop. */
    if (h->pid == getpid()) {
        pthread_mutex_lock(&h->lock);
        h->stop = 1;
        pthread_cond_broadcast(&h->cond);
        pthread_mutex_unlock(&h->lock);
        pthread_join(h->thread, NULL);
        pthread_cond_destroy(&h->cond);
        pthread_mutex_destroy(&h->lock);
    }
    free(h);
}

static void helper_key_destroy(void *arg)
{
    helper_stop(arg);
}

static void make_key(void)
{
    helper_key_ok = pthread_key_create(&helper_key, helper_key_destroy) == 0;
}

static struct helper *helper_new(void)
{
    struct helper *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    if (pthread_mutex_init(&h->lock, NULL) != 0) {
        free(h);
        return NULL;
    }
    if (pthread_cond_init(&h->cond, NULL) != 0) {
        pthread_mutex_destroy(&h->lock);
        free(h);
        return NULL;
    }
    /* Signals stay with the host's own threads (agentx waits for SIGTERM,
     * collectd for SIGINT): the helper starts with all of them blocked. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&h->thread, NULL, helper_main, h);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        pthread_cond_destroy(&h->cond);
        pthread_mutex_destroy(&h->lock);
        free(h);
        return NULL;
    }
    pthread_setname_np(h->thread, "arcprobe-http2");
    h->pid = getpid();
    return h;
}

/* The calling thread's helper, made when there is none (or only a forked
 * parent's); NULL when it cannot be made. */
static struct helper *this_threads_helper(void)
{
    pthread_once(&helper_once, make_key);
    if (!helper_key_ok)
        return NULL;
    struct helper *h = pthread_getspecific(helper_key);
    if (h && h->pid != getpid()) {
        helper_stop(h);
        h = NULL;
        pthread_setspecific(helper_key, NULL);
    }
    if (!h) {
        h = helper_new();
        if (h && pthread_setspecific(helper_key, h) != 0) {
            helper_stop(h);
            h = NULL;
        }
    }
    return h;
}

int http_helper_worth_it(void)
{
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    if (sched_getaffinity(0, sizeof cpus, &cpus) != 0)
        return 0;
    return CPU_COUNT(&cpus) >= 2;
}

int http_helper_start(struct http_request **reqs, size_t n, double deadline)
{
    struct helper *h = this_threads_helper();
    if (!h)
        return -1;
    pthread_mutex_lock(&h->lock);
    int busy = h->busy;
    if (!busy) {
        h->reqs = reqs;
        h->n = n;
        h->deadline = deadline;
        h->busy = 1;
        h->done = 0;
        pthread_cond_broadcast(&h->cond);
    }
    pthread_mutex_unlock(&h->lock);
    return busy ? -1 : 0;
}

int http_helper_wait(void)
{
    pthread_once(&helper_once, make_key);
    struct helper *h = helper_key_ok ? pthread_getspecific(helper_key) : NULL;
    if (!h || h->pid != getpid())
        return -1;
    pthread_mutex_lock(&h->lock);
    while (h->busy && !h->done)
        pthread_cond_wait(&h->cond, &h->lock);
    int rc = h->busy ? h->rc : -1;
    h->busy = 0;
    h->reqs = NULL;
    pthread_mutex_unlock(&h->lock);
    return rc;
}

void http_helper_release(void)
{
    pthread_once(&helper_once, make_key);
    if (!helper_key_ok)
        return;
    struct helper *h = pthread_getspecific(helper_key);
    pthread_setspecific(helper_key, NULL);
    helper_stop(h);
}

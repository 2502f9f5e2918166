/* prober.c - the probe thread: arcp_probe() on a timer, result into a mailbox. */
#include "prober.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct prober {
    const arcp_config *cfg;
    unsigned interval_s;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake; /* signalled on stop */
    int stop;
    int ended;               /* the thread has left its loop */
    struct snapshot *newest; /* not yet taken; owned by the prober */
    unsigned long probes;
    char error[320]; /* last failure not yet taken, "" none */
};

/* Net-SNMP is not thread-safe, so failures are not logged here: they wait
 * in the mailbox for the SNMP thread (prober_take_error). */
static struct snapshot *probe_once(struct prober *p, char *err, size_t errlen)
{
    arcp_report *report = NULL;

    if (arcp_probe(p->cfg, ARCP_CHECK_ALL, &report, err, errlen) != 0 || report == NULL) {
        if (err[0] == '\0')
            snprintf(err, errlen, "no report");
        return NULL;
    }
    struct snapshot *snap = snapshot_from_report(report, p->probes + 1);
    arcp_report_free(report);
    if (snap == NULL)
        snprintf(err, errlen, "out of memory converting a report");
    return snap;
}

static void deadline_after(struct timespec *ts, const struct timespec *start, unsigned seconds)
{
    *ts = *start;
    ts->tv_sec += (time_t)seconds;
}

static void *prober_main(void *arg)
{
    struct prober *p = arg;

    for (;;) {
        struct timespec started;
        clock_gettime(CLOCK_MONOTONIC, &started);

        char err[256] = "";
        struct snapshot *snap = probe_once(p, err, sizeof err);

        pthread_mutex_lock(&p->lock);
        if (snap == NULL) {
            snprintf(p->error, sizeof p->error, "probe failed: %s", err);
        } else {
            p->probes++;
            snapshot_free(p->newest); /* superseded before the SNMP thread took it */
            p->newest = snap;
        }
        struct timespec next;
        deadline_after(&next, &started, p->interval_s);
        while (!p->stop) {
            int rc = pthread_cond_timedwait(&p->wake, &p->lock, &next);
            if (rc == ETIMEDOUT)
                break;
        }
        int stopping = p->stop;
        p->ended = stopping;
        pthread_mutex_unlock(&p->lock);
        if (stopping)
            break;
    }
    return NULL;
}

struct prober *prober_start(const arcp_config *cfg, unsigned interval_s, char *err, size_t errlen)
{
    struct prober *p = calloc(1, sizeof *p);
    if (p == NULL) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    p->cfg = cfg;
    p->interval_s = interval_s > 0 ? interval_s : 1;

    pthread_condattr_t cattr;
    pthread_condattr_init(&cattr);
    pthread_condattr_setclock(&cattr, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&p->wake, &cattr);
    pthread_condattr_destroy(&cattr);
    if (rc != 0) {
        snprintf(err, errlen, "pthread_cond_init: %s", strerror(rc));
        free(p);
        return NULL;
    }
    pthread_mutex_init(&p->lock, NULL);

    /* Signals belong to the SNMP thread: its select() must be the one that
     * a SIGTERM interrupts. The probe thread (and any thread the core
     * starts from it) inherits this mask. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    rc = pthread_create(&p->thread, NULL, prober_main, p);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        snprintf(err, errlen, "pthread_create: %s", strerror(rc));
        pthread_cond_destroy(&p->wake);
        pthread_mutex_destroy(&p->lock);
        free(p);
        return NULL;
    }
    return p;
}

struct snapshot *prober_take(struct prober *p)
{
    pthread_mutex_lock(&p->lock);
    struct snapshot *snap = p->newest;
    p->newest = NULL;
    pthread_mutex_unlock(&p->lock);
    return snap;
}

int prober_take_error(struct prober *p, char *buf, size_t buflen)
{
    pthread_mutex_lock(&p->lock);
    int have = p->error[0] != '\0';
    if (have) {
        snprintf(buf, buflen, "%s", p->error);
        p->error[0] = '\0';
    }
    pthread_mutex_unlock(&p->lock);
    return have;
}

void prober_request_stop(struct prober *p)
{
    pthread_mutex_lock(&p->lock);
    p->stop = 1;
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
}

int prober_ended(struct prober *p)
{
    pthread_mutex_lock(&p->lock);
    int ended = p->ended;
    pthread_mutex_unlock(&p->lock);
    return ended;
}

void prober_stop(struct prober *p)
{
    if (p == NULL)
        return;
    prober_request_stop(p);
    pthread_join(p->thread, NULL);
    snapshot_free(p->newest);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

/* Forward sweeps of a log region (see log_sweep.h). */
#include "log_sweep.h"
#include "monotonic_now.h"
#include "pread_cached.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ALIGN 64

/* Read n bytes at off into dst. Returns 0 or an errno value (see s->err). */
static int read_region(const struct log_sweep *s, char *dst, size_t n, off_t off)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k;
        if (s->cached_only) {
            k = pread_cached(s->fd, dst + got, n - got, off + (off_t)got);
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0)
                return EAGAIN; /* not cached: the reader reads it */
        } else {
            k = pread(s->fd, dst + got, n - got, off + (off_t)got);
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0)
                return errno;
        }
        if (k == 0)
            return ESTALE; /* shorter than when opened: truncated (copytruncate) */
        got += (size_t)k;
    }
    return 0;
}

struct log_sweep_helper {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t finished_cond; /* on CLOCK_MONOTONIC */
    /* under lock: */
    int taken;               /* the reader took the result: the helper reads no more */
    int finished;            /* the helper's thread has ended its sweep */
    struct log_sweep shared; /* the helper's result as of its last whole chunk */
    /* the helper thread's own: */
    struct log_sweep job;
    char buf[LOG_SWEEP_BUF_SIZE];
};

/* Whether the helper may read on: the reader has not taken its result. */
static int may_read(struct log_sweep_helper *h)
{
    pthread_mutex_lock(&h->lock);
    int ok = !h->taken;
    pthread_mutex_unlock(&h->lock);
    return ok;
}

static int fail(struct log_sweep *s, int err)
{
    s->err = err;
    return -1;
}

/* The jump for what was judged so far: lines end at or below last_nl. */
static void set_jump(struct log_sweep *s, off_t first_nl, off_t last_nl, off_t wanted_end)
{
    if (last_nl < 0)
        return;
    s->jump_from = last_nl;
    s->jump_to = wanted_end >= 0 ? wanted_end : s->lo_is_line ? s->lo : first_nl;
}

/* The first line the region holds whole starts after first_nl (at lo when
 * lo is a line start). Lines over LOG_REVERSE_LINE_MAX are not held: they
 * count as wanted once they end, and the reader judges them. A helper (h)
 * stops (EAGAIN) before a read once the reader has taken its result. */
static int sweep_region(struct log_sweep *s, char *buf, struct log_sweep_helper *h)
{
    s->err = 0;
    s->swept = 0;
    s->jump_from = s->jump_to = -1;
    s->found = 0;
    off_t lo = s->lo, hi = s->hi;
    int line_start_known = s->lo_is_line;
    off_t first_nl = lo - 1, last_nl = -1;
    off_t wanted_end = -1;        /* the '\n' ending the newest line the filter may want */
    int in_long = 0;              /* inside a line over LOG_REVERSE_LINE_MAX */
    size_t carry = 0, at_buf = 0; /* buf[at_buf, +carry): the line not yet ended */
    for (off_t at = lo; at < hi;) {
        if (deadline_passed(s->deadline))
            return fail(s, ETIME);
        size_t n = hi - at < (off_t)LOG_SWEEP_READ ? (size_t)(hi - at) : LOG_SWEEP_READ;
        if (h && !may_read(h))
            return fail(s, EAGAIN);
        char *d = buf + log_aligned_below(buf, ALIGN - 1 + carry, at) - carry;
        memmove(d, buf + at_buf, carry);
        int err = read_region(s, d + carry, n, at);
        if (err)
            return fail(s, err);
        s->swept += n;
        if (s->progress)
            s->progress(s->progress_arg, n);
        size_t len = carry + n;
        off_t d_at = at - (off_t)carry; /* file offset of d[0] */
        at += (off_t)n;
        size_t from = 0; /* d[from, len) is not judged yet */
        if (!line_start_known || in_long) {
            const char *nl = memchr(d, '\n', len);
            if (!nl) {
                carry = 0; /* all of it belongs to a line judged elsewhere */
                continue;
            }
            last_nl = d_at + (nl - d);
            if (!line_start_known)
                first_nl = last_nl;
            else
                wanted_end = last_nl; /* the long line ends */
            line_start_known = 1;
            in_long = 0;
            from = (size_t)(nl - d) + 1;
        }
        const char *nl = memrchr(d + from, '\n', len - from);
        if (nl) {
            last_nl = d_at + (nl - d);
            const char *c = s->filter(d + from, (size_t)(nl - (d + from)));
            if (c) {
                const char *end = memchr(c, '\n', (size_t)(nl - c));
                wanted_end = d_at + ((end ? end : nl) - d);
            }
            from = (size_t)(nl - d) + 1;
        }
        carry = len - from;
        at_buf = (size_t)(d - buf) + from;
        if (carry > LOG_REVERSE_LINE_MAX) {
            in_long = 1; /* too long to hold: the reader judges it */
            carry = 0;
        }
    }
    if (hi - last_nl <= (off_t)s->jump_limit)
        set_jump(s, first_nl, last_nl, wanted_end);
    s->found = wanted_end >= 0;
    return 0;
}

int log_sweep_run(struct log_sweep *s, char *buf)
{
    return sweep_region(s, buf, NULL);
}

/* The helper sweeps [job.lo, job.hi) in chunks from the top down, each
 * front to back, until a chunk holds a line the filter may want: below it
 * nothing matters to the reader, who comes down from job.hi. Each chunk
 * ends at the '\n' that ended the line crossing the top of the chunk above,
 * so that line is judged whole. After each chunk the result is published:
 * the top chunk's last '\n' (jump_from) and where the lines the filter may
 * want end (jump_to: the wanted line's end, else the lowest chunk's first
 * '\n'). */
static void *helper_main(void *arg)
{
    struct log_sweep_helper *h = arg;
    struct log_sweep done = h->job; /* the chunks swept so far */
    off_t chunk_lo = h->job.hi, chunk_hi = h->job.hi;
    int err = 0;
    for (;;) {
        struct log_sweep c = h->job;
        chunk_lo = chunk_lo - h->job.lo > LOG_SWEEP_CHUNK ? chunk_lo - LOG_SWEEP_CHUNK : h->job.lo;
        c.lo = chunk_lo;
        c.hi = chunk_hi;
        c.lo_is_line = chunk_lo == h->job.lo && h->job.lo_is_line;
        c.jump_limit = (size_t)(chunk_hi - chunk_lo); /* any: the reader reads down in blocks */
        int rc = sweep_region(&c, h->buf, h);
        done.swept += c.swept;
        if (rc != 0 || c.jump_from < 0) {
            err = c.err; /* a chunk without a '\n' too: the reader reads it */
            break;
        }
        if (done.jump_from < 0)
            done.jump_from = c.jump_from;
        done.jump_to = c.jump_to;
        done.found = c.found;
        done.lo = chunk_lo;
        pthread_mutex_lock(&h->lock);
        h->shared = done;
        pthread_mutex_unlock(&h->lock);
        if (c.found || chunk_lo == h->job.lo)
            break;
        chunk_hi = c.jump_to + 1; /* the line crossing chunk_lo goes with the chunk below */
    }
    pthread_mutex_lock(&h->lock);
    h->shared.swept = done.swept;
    h->shared.err = err;
    h->finished = 1;
    pthread_cond_signal(&h->finished_cond);
    pthread_mutex_unlock(&h->lock);
    return NULL;
}

struct log_sweep_helper *log_sweep_start(const struct log_sweep *job)
{
    struct log_sweep_helper *h = malloc(sizeof(*h));
    if (!h)
        return NULL;
    h->job = *job;
    h->job.cached_only = 1;
    h->job.progress = NULL;
    h->job.jump_from = h->job.jump_to = -1;
    h->job.swept = 0;
    h->job.err = 0;
    h->job.found = 0;
    h->shared = h->job;
    h->taken = h->finished = 0;
    pthread_condattr_t ca;
    if (pthread_condattr_init(&ca) != 0)
        goto fail;
    int cond_ok = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0 &&
                  pthread_cond_init(&h->finished_cond, &ca) == 0;
    pthread_condattr_destroy(&ca);
    if (!cond_ok)
        goto fail;
    if (pthread_mutex_init(&h->lock, NULL) != 0)
        goto fail_cond;
    /* Signals stay with the host's threads (collectd, the subagent). */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int started = pthread_create(&h->thread, NULL, helper_main, h) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (started)
        return h;
    pthread_mutex_destroy(&h->lock);
fail_cond:
    pthread_cond_destroy(&h->finished_cond);
fail:
    free(h);
    return NULL;
}

void log_sweep_take(struct log_sweep_helper *h, struct log_sweep *result)
{
    pthread_mutex_lock(&h->lock);
    h->taken = 1;
    *result = h->shared;
    pthread_mutex_unlock(&h->lock);
}

int log_sweep_wait(struct log_sweep_helper *h, double deadline)
{
    struct timespec until;
    until.tv_sec = (time_t)deadline;
    until.tv_nsec = (long)((deadline - (double)until.tv_sec) * 1e9);
    pthread_mutex_lock(&h->lock);
    int rc = 0;
    while (!h->finished && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&h->finished_cond, &h->lock, &until);
    int finished = h->finished;
    pthread_mutex_unlock(&h->lock);
    return finished;
}

void log_sweep_stop(struct log_sweep_helper *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->lock);
    h->taken = 1; /* the thread ends before its next read */
    pthread_mutex_unlock(&h->lock);
    pthread_join(h->thread, NULL);
    pthread_cond_destroy(&h->finished_cond);
    pthread_mutex_destroy(&h->lock);
    free(h);
}

/* Prefetch of a cold log below a backwards reader (see log_prefetch.h).
 * Each chunk is read front to back by sendfile to /dev/null: the kernel's
 * sequential readahead with large pages, and no copy to user space. */
#include "log_prefetch.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/sendfile.h>
#include <time.h>
#include <unistd.h>

struct log_prefetch {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t moved;
    int fd, sink;
    off_t top, floor;
    double deadline;
    off_t reader_lo; /* under lock */
    int stop;        /* under lock */
    unsigned long long bytes;
};

int log_deadline_passed(double deadline)
{
    if (deadline <= 0)
        return 0;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 >= deadline;
}

static int stopped(struct log_prefetch *p)
{
    pthread_mutex_lock(&p->lock);
    int s = p->stop;
    pthread_mutex_unlock(&p->lock);
    return s || log_deadline_passed(p->deadline);
}

/* Read [low, top) front to back. Returns 0, or -1 to give up. */
static int read_chunk(struct log_prefetch *p, off_t low, off_t top)
{
    off_t at = low;
    while (at < top) {
        if (stopped(p))
            return -1;
        size_t piece =
            top - at < (off_t)LOG_PREFETCH_PIECE ? (size_t)(top - at) : LOG_PREFETCH_PIECE;
        ssize_t k = sendfile(p->sink, p->fd, &at, piece);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1; /* not possible here, or the file shrank: the reads will tell */
        p->bytes += (unsigned long long)k;
    }
    return 0;
}

static void *run(void *arg)
{
    struct log_prefetch *p = arg;
    off_t top = p->top, size = LOG_PREFETCH_FIRST;
    while (top > p->floor) {
        off_t low = top - p->floor < size ? p->floor : top - size;
        if (read_chunk(p, low, top) != 0)
            break;
        /* the next chunk once the reader is half way through this one */
        off_t half = low + (top - low) / 2;
        pthread_mutex_lock(&p->lock);
        while (!p->stop && p->reader_lo > half)
            pthread_cond_wait(&p->moved, &p->lock);
        pthread_mutex_unlock(&p->lock);
        top = low;
        if (size < LOG_PREFETCH_MAX)
            size *= 2;
    }
    return NULL;
}

struct log_prefetch *log_prefetch_start(int fd, off_t top, off_t floor, double deadline)
{
    struct log_prefetch *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    *p = (struct log_prefetch){
        .fd = fd, .top = top, .floor = floor, .deadline = deadline, .reader_lo = top};
    p->sink = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (p->sink < 0)
        goto fail_sink;
    if (pthread_mutex_init(&p->lock, NULL) != 0)
        goto fail_lock;
    if (pthread_cond_init(&p->moved, NULL) != 0)
        goto fail_cond;
    if (pthread_create(&p->thread, NULL, run, p) != 0)
        goto fail_thread;
    return p;
fail_thread:
    pthread_cond_destroy(&p->moved);
fail_cond:
    pthread_mutex_destroy(&p->lock);
fail_lock:
    close(p->sink);
fail_sink:
    free(p);
    return NULL;
}

void log_prefetch_reader_at(struct log_prefetch *p, off_t lo)
{
    pthread_mutex_lock(&p->lock);
    p->reader_lo = lo;
    pthread_cond_signal(&p->moved);
    pthread_mutex_unlock(&p->lock);
}

unsigned long long log_prefetch_stop(struct log_prefetch *p)
{
    pthread_mutex_lock(&p->lock);
    p->stop = 1;
    pthread_cond_signal(&p->moved);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    unsigned long long bytes = p->bytes;
    pthread_cond_destroy(&p->moved);
    pthread_mutex_destroy(&p->lock);
    close(p->sink);
    free(p);
    return bytes;
}

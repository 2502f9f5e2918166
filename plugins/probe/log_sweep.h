/* Sweeping a region of a log front to back, judging whole lines with a
 * filter, to find where the newest line the filter may want ends: the part
 * of log_reverse that reads forward. A sweep runs in the reader's thread
 * (a cold file: forward reads get the kernel's readahead) or on one helper
 * thread (a deep scan in the page cache: the second core judges the lower
 * part of the file while the reader reads the upper part backwards). */
#ifndef ARCPROBE_LOG_SWEEP_H
#define ARCPROBE_LOG_SWEEP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "log_reverse.h"

struct log_sweep {
    /* the job */
    int fd;
    off_t lo, hi;      /* the region [lo, hi) */
    int lo_is_line;    /* lo starts a line (the file's start, a resumed scan's floor) */
    double deadline;   /* CLOCK_MONOTONIC seconds; no read starts after it (0 none) */
    int cached_only;   /* read only what is in the page cache: stop (EAGAIN) at a miss */
    size_t jump_limit; /* no jump when the line crossing hi is longer than this */
    const char *(*filter)(const char *p, size_t n);
    /* NULL, or called after every read with its size (the reader's thread only) */
    void (*progress)(void *arg, size_t n);
    void *progress_arg;
    /* the result */
    int err;                  /* 0, ETIME (deadline), ESTALE (the file shrank), EAGAIN (a
                               * page not in the cache), or a read's errno */
    unsigned long long swept; /* bytes read */
    int found;                /* jump_to ends a line the filter may want */
    off_t jump_from, jump_to; /* the region's last '\n', and where the lines the filter may
                               * want end (below: lo, or the first '\n' when lo cuts a line);
                               * -1 when there is no jump to make */
};

/* A sweep reads this much at a time: small reads let the kernel's readahead
 * run ahead of the reader smoothly (forward reads of 128 MiB from a cold
 * virtio disk: 66-73 ms in 128 KiB reads, 79-91 ms in 1 MiB, 92-97 ms in
 * 4 MiB), and each read is judged while it is in the CPU's cache. */
#define LOG_SWEEP_READ ((size_t)128 * 1024)
/* A helper sweeps its region in chunks of this size, from the top down. */
#define LOG_SWEEP_CHUNK ((off_t)1024 * 1024)
/* The buffer a sweep needs: alignment, a line carried over, one read, NUL. */
#define LOG_SWEEP_BUF_SIZE (64 + LOG_REVERSE_LINE_MAX + LOG_SWEEP_READ + 1)

/* Sweep in the calling thread with buf (LOG_SWEEP_BUF_SIZE bytes). Returns
 * 0, or -1 with s->err set. */
int log_sweep_run(struct log_sweep *s, char *buf);

struct log_sweep_helper;

/* Where in a buffer at base data for file offset off goes so that the two
 * are aligned alike (mod 64), at or below want: the kernel's copy out of the
 * page cache is several times slower when they are not. */
static inline size_t log_aligned_below(const char *base, size_t want, off_t off)
{
    return want - (((uintptr_t)(base + want) - (uintptr_t)off) & 63);
}

/* Start one thread sweeping [job->lo, job->hi) for the caller, who reads
 * backwards down to job->hi meanwhile: chunk by chunk from the top down
 * (each front to back) until a chunk holds a line the filter may want,
 * reading only what is in the page cache (it never waits for the disk, so
 * it ends soon once told to). NULL when no thread could be started. */
struct log_sweep_helper *log_sweep_start(const struct log_sweep *job);

/* The caller came down to job->hi: *result is the helper's result as of its
 * last whole chunk (jump_from -1 when it has none: the caller reads on by
 * itself; jump_to ends the wanted line when found, else the lowest chunk's
 * first '\n'; lo is the lowest chunk's start; err as log_sweep_run when the
 * helper has ended on one). The helper reads no more. */
void log_sweep_take(struct log_sweep_helper *h, struct log_sweep *result);

/* Wait until the helper's thread has ended its sweep or the deadline
 * (CLOCK_MONOTONIC seconds) comes. Returns 1 when it has ended. For tests. */
int log_sweep_wait(struct log_sweep_helper *h, double deadline);

/* Make the helper end before its next read, join its thread, free it.
 * NULL is allowed. */
void log_sweep_stop(struct log_sweep_helper *h);

#endif

/* Reading a text file line by line from the end backwards, in growing
 * pread blocks, with bounded memory: finding the newest interesting line
 * costs in proportion to its distance from the end, not to the file size. */
#ifndef ARCPROBE_LOG_REVERSE_H
#define ARCPROBE_LOG_REVERSE_H

#include <stddef.h>
#include <sys/types.h>

/* The first read; each further read doubles, up to LOG_REVERSE_BLOCK_MAX:
 * a poll whose code is near the end stays cheap, a deep scan gets large
 * reads (and, when cold and filtered, sweeps: see below). */
#define LOG_REVERSE_BLOCK (64 * 1024)
#define LOG_REVERSE_BLOCK_MAX (1024 * 1024)
/* Lines longer than this are skipped, never held whole. */
#define LOG_REVERSE_LINE_MAX (64 * 1024)
/* A filtered read of a file that is not in the page cache sweeps the region
 * below it front to back, a chunk at a time, the way a forward read (grep)
 * does: the kernel's sequential readahead then keeps the device busy, which
 * a backwards read never gets. The sweep finds the newest line the filter
 * wants in the chunk; the reader then jumps over the lines above it. The
 * first chunk; each further one is four times bigger, up to the largest:
 * every chunk restarts the readahead (on a virtio disk, 1 MiB reads: 128 MiB
 * forward in one go 70-80 ms, in chunks of 4, 8, 16, 32, 64 MiB going
 * backwards 95-125 ms, in chunks of 4, 16, 64 MiB 95-110 ms). Reading
 * backwards with a thread prefetching each chunk forward (sendfile) was
 * slower still: a whole deep scan 140-200 ms against 115-130 ms swept. */
#define LOG_REVERSE_SWEEP_FIRST ((off_t)4 * 1024 * 1024)
#define LOG_REVERSE_SWEEP_MAX ((off_t)128 * 1024 * 1024)
/* A filtered read of a file in the page cache that has gone this far back
 * with at least LOG_REVERSE_HELP_MIN below it starts one helper thread that
 * sweeps the lower half of what is left (from the page cache only, in
 * chunks from the top down, each forward as a cold sweep) while the reader
 * reads the upper half backwards; at the half the reader takes the helper's
 * result and jumps over the lines it rejected. The helper stops at the
 * first chunk with a wanted line, so it reads little the reader would not
 * have read; the reader never waits for it. A shorter scan is not worth a
 * thread. */
#define LOG_REVERSE_HELP_AFTER ((off_t)4 * 1024 * 1024)
#define LOG_REVERSE_HELP_MIN ((off_t)16 * 1024 * 1024)

struct log_sweep_helper;

struct log_reverse {
    int fd;
    dev_t dev;
    ino_t ino;
    uid_t uid;         /* the file's owner */
    off_t size;        /* size when opened: nothing appended later is read */
    off_t floor;       /* lowest offset we may read (size - max_bytes) */
    off_t lo;          /* file offset of buf[head] */
    char *buf;         /* LOG_REVERSE_LINE_MAX + LOG_REVERSE_BLOCK_MAX + 64 + 1 bytes */
    size_t next_block; /* size of the next read */
    size_t head;       /* unconsumed bytes are buf[head, tail) */
    size_t tail;
    int strip_final_newline; /* the file's last '\n' ends a line, not starts one */
    int skipping;            /* inside an over-long line, looking for its start */
    int done;
    unsigned long long bytes_read;
    unsigned long skipped_long;      /* lines over LOG_REVERSE_LINE_MAX, skipped */
    int limited;                     /* stopped at max_bytes before reaching the file's start */
    int shrunk;                      /* the file got shorter while being read (truncated) */
    double deadline;                 /* CLOCK_MONOTONIC seconds; no read starts after it (0 none) */
    int timed_out;                   /* stopped because the deadline came */
    unsigned long padding_skipped;   /* runs of NUL bytes (copytruncate holes) dropped */
    int floor_at_line;               /* the floor is a line start (resumed scan), not a cut */
    int ends_with_newline;           /* the file's last byte (when opened) is '\n' */
    off_t newest_line_start;         /* file offset where the file's last line starts; -1 unknown */
    off_t line_at;                   /* file offset of the line handed out last */
    int cold;                        /* a read missed the page cache: swept from then on */
    char *sweep_buf;                 /* NULL until the first sweep */
    off_t sweep_size;                /* the next sweep's chunk */
    off_t swept_low;                 /* the lowest offset swept (size when none) */
    off_t jump_from, jump_to;        /* once empty at lo == jump_from, go on at jump_to (-1 none) */
    unsigned long long swept;        /* bytes the sweeps read (part of bytes_read) */
    unsigned long sweeps;            /* chunks swept */
    struct log_sweep_helper *helper; /* NULL, or the helper thread (joined on close) */
    off_t helper_at;                 /* the top of the helper's region until the reader
                                      * takes its result there; -1 none */
    int helper_started;              /* one helper per reader, at most */
    int no_helper;                   /* never start one (tests compare with it) */
    unsigned long helped;            /* helper results the reader jumped with */
    /* NULL, or: the last position in p[0..n) that may start something the
     * caller wants (NULL none); lines without one are never handed out */
    const char *(*filter)(const char *p, size_t n);
    void (*after_read)(void *arg); /* NULL, or called after every block the reader's thread
                                    * reads (tests) */
    void *after_read_arg;
};

/* Open path for reverse reading, reading at most max_bytes (0 = no limit).
 * Returns 0, or -1 with errno set (ENOENT, EACCES, ELOOP for a symbolic link,
 * which is never followed, EISDIR or EINVAL for a non-regular file, ENOMEM...). */
int log_reverse_open(struct log_reverse *r, const char *path, unsigned long long max_bytes);

/* Read only from line_start (a line's first byte, e.g. where the last
 * scan's newest line began) to the end: what was appended since. The
 * max_bytes limit still holds. */
void log_reverse_resume_at(struct log_reverse *r, off_t line_start);

/* The previous line (newest first), without its '\n' or a trailing '\r'.
 * *line stays valid, NUL-terminated, until the next call. Returns 1 with a
 * line, 0 at the start of the file or at the max_bytes limit, -1 on a read
 * error (errno set; r->shrunk when the file was truncated under us). */
int log_reverse_prev(struct log_reverse *r, const char **line, size_t *len);

/* As log_reverse_prev, but only returns a line already in memory: 0 when
 * getting it would need another read. Lets callers look at a little context
 * at no extra I/O cost. */
int log_reverse_prev_cached(struct log_reverse *r, const char **line, size_t *len);

/* No read starts after `deadline` (CLOCK_MONOTONIC seconds, the clock of
 * http_now(); 0 = none): log_reverse_prev then returns -1 with errno ETIME
 * and r->timed_out set. */
void log_reverse_set_deadline(struct log_reverse *r, double deadline);

/* Hand out only lines for which filter (see struct log_reverse) finds a
 * candidate: whole runs of other lines are dropped at memory speed instead
 * of one by one. Once a read misses the page cache, the reader sweeps the
 * file below it forward in chunks (LOG_REVERSE_SWEEP_FIRST); a deep read
 * in the page cache shares the work with a helper thread
 * (LOG_REVERSE_HELP_AFTER). The lines handed out are the same. */
void log_reverse_set_filter(struct log_reverse *r, const char *(*filter)(const char *p, size_t n));

/* Stops the helper thread, if any, before returning. */
void log_reverse_close(struct log_reverse *r);

#endif

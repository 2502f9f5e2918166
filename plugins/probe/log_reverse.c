/* Backwards line reader (see log_reverse.h).
 *
 * The buffer holds the unconsumed part of the file that has been read:
 * buf[head, tail) is file [lo, lo + tail - head). New blocks are read in
 * front of head; before that the remaining bytes are moved to the buffer's
 * end, so there is always room for one block as long as the partial line
 * is shorter than LOG_REVERSE_LINE_MAX (longer ones are dropped while
 * skipping to their start).
 *
 * Blocks land at an address congruent to their file offset modulo 64: the
 * kernel's copy out of the page cache can be several times slower when
 * source and destination are aligned differently (a test program on AMD
 * EPYC: 128 MiB in 1 MiB preads, 16 ms with both 64-byte aligned, 80 ms
 * with the file offset aligned and the buffer 16 bytes past).
 *
 * A sweep (see log_reverse.h) reads a chunk below lo front to back and
 * leaves the reader a jump: the chunk's last '\n' (jump_from) and where the
 * lines the filter could want end (jump_to). The reader first reads the
 * piece from jump_from up to lo as an ordinary block, so the line crossing
 * lo is read and judged as before; once it is used up, lo moves to jump_to
 * and the reader goes on backwards from there over pages the sweep just
 * brought in. Everything skipped is whole lines the filter had rejected.
 *
 * A helper thread (deep reads in the page cache) takes the lower half of
 * what is left below the reader, [floor, helper_at), and sweeps it in
 * chunks from the top down, reading only what is cached, until a chunk
 * holds a wanted line; the reader reads down to helper_at meanwhile. There
 * it takes the helper's result as if it had swept the chunks itself: it
 * reads down to the top chunk's last '\n' and jumps over the lines the
 * helper rejected, to the wanted line or to below the lowest chunk swept,
 * and goes on alone. It never waits: what the helper has not finished is
 * read by the reader. */
#include "log_reverse.h"
#include "monotonic_now.h"
#include "log_sweep.h"
#include "pread_cached.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ALIGN 64
#define BUF_CAP (LOG_REVERSE_LINE_MAX + LOG_REVERSE_BLOCK_MAX + ALIGN)

int log_reverse_open(struct log_reverse *r, const char *path, unsigned long long max_bytes)
{
    memset(r, 0, sizeof(*r));
    r->fd = -1;
    /* O_NOFOLLOW: a link planted under a log's name must not make the
     * probe (often root) print another file's lines (ELOOP). */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return -1;
    }
    r->buf = malloc(BUF_CAP + 1);
    if (!r->buf) {
        close(fd);
        errno = ENOMEM;
        return -1;
    }
    r->fd = fd;
    r->dev = st.st_dev;
    r->ino = st.st_ino;
    r->uid = st.st_uid;
    r->size = st.st_size;
    r->lo = st.st_size;
    if (max_bytes > 0 && (unsigned long long)st.st_size > max_bytes)
        r->floor = st.st_size - (off_t)max_bytes;
    r->head = r->tail = BUF_CAP;
    r->strip_final_newline = 1;
    r->next_block = LOG_REVERSE_BLOCK;
    r->newest_line_start = -1;
    r->line_at = -1;
    r->sweep_size = LOG_REVERSE_SWEEP_FIRST;
    r->jump_from = r->jump_to = -1;
    r->swept_low = st.st_size;
    r->helper_at = -1;
    r->done = st.st_size == 0;
    return 0;
}

void log_reverse_close(struct log_reverse *r)
{
    log_sweep_stop(r->helper); /* before the fd it reads is closed */
    r->helper = NULL;
    if (r->fd >= 0)
        close(r->fd);

    free(r->buf);
    free(r->sweep_buf);
    r->fd = -1;
    r->buf = NULL;
    r->sweep_buf = NULL;
}

void log_reverse_resume_at(struct log_reverse *r, off_t line_start)
{
    if (line_start >= r->floor && line_start <= r->size) {
        r->floor = line_start;
        r->floor_at_line = 1;
        r->done = r->done || line_start == r->size;
    }
}

void log_reverse_set_deadline(struct log_reverse *r, double deadline)
{
    r->deadline = deadline;
}

/* Read from the page cache only: 1 when all n bytes were there. */
static int read_cached(struct log_reverse *r, char *dst, size_t n, off_t off, size_t *got)
{
    ssize_t k = pread_cached(r->fd, dst, n, off);
    if (k > 0) {
        *got = (size_t)k;
        r->bytes_read += (unsigned long long)k;
    }
    return k == (ssize_t)n;
}

static int deadline_came(struct log_reverse *r)
{
    if (!deadline_passed(r->deadline))
        return 0;
    r->timed_out = 1;
    errno = ETIME;
    return 1;
}

/* Read n bytes at off, the first got of them already in dst. */
static int read_rest(struct log_reverse *r, char *dst, size_t n, off_t off, size_t got)
{
    while (got < n) {
        ssize_t k = pread(r->fd, dst + got, n - got, off + (off_t)got);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (k == 0) {
            /* Shorter than when we opened it: truncated (copytruncate). */
            r->shrunk = 1;
            errno = ESTALE;
            return -1;
        }
        got += (size_t)k;
        r->bytes_read += (unsigned long long)k;
    }
    return 0;
}

static int read_exact(struct log_reverse *r, char *dst, size_t n, off_t off)
{
    if (deadline_came(r))
        return -1;
    size_t got = 0;
    if (!r->cold) {
        if (read_cached(r, dst, n, off, &got))
            return 0;
        r->cold = 1; /* a filtered reader sweeps from now on (see load_block) */
    }
    return read_rest(r, dst, n, off, got);
}

static void count_swept(void *arg, size_t n)
{
    struct log_reverse *r = arg;
    r->swept += n;
    r->bytes_read += n;
    if (r->after_read)
        r->after_read(r->after_read_arg);
}

/* Whether a sweep starting at lo starts at a line. */
static int starts_line(const struct log_reverse *r, off_t lo)
{
    return lo == r->floor && (r->floor == 0 || r->floor_at_line);
}

/* Take a finished sweep of [s->lo, s->hi = lo)'s jump (see the top of this
 * file). */
static void take_sweep(struct log_reverse *r, const struct log_sweep *s)
{
    if (s->jump_from < 0)
        return;
    r->jump_from = s->jump_from;
    r->jump_to = s->jump_to;
    r->swept_low = s->lo;
}

/* Sweep the chunk [r->lo - sweep_size, r->lo) (not below the floor) in this
 * thread and set the jump (see the top of this file). The line crossing lo
 * is left to the reader: it continues in the buffer. No jump when the chunk
 * holds no '\n' or the line crossing lo is longer than a block. Returns 0,
 * or -1 on a read error or the deadline (as read_exact). */
static int sweep(struct log_reverse *r)
{
    if (!r->sweep_buf && !(r->sweep_buf = malloc(LOG_SWEEP_BUF_SIZE)))
        return 0; /* not vital: read backwards as when warm */
    off_t hi = r->lo, lo = hi - r->floor < r->sweep_size ? r->floor : hi - r->sweep_size;
    if (r->sweep_size < LOG_REVERSE_SWEEP_MAX)
        r->sweep_size *= 4; /* each new chunk restarts the readahead: few of them */
    r->sweeps++;
    r->swept_low = lo;
    struct log_sweep s = {.fd = r->fd,
                          .lo = lo,
                          .hi = hi,
                          .lo_is_line = starts_line(r, lo),
                          .deadline = r->deadline,
                          .jump_limit = LOG_REVERSE_BLOCK_MAX,
                          .filter = r->filter,
                          .progress = count_swept,
                          .progress_arg = r};
    if (log_sweep_run(&s, r->sweep_buf) != 0) {
        if (s.err == ETIME)
            r->timed_out = 1;
        if (s.err == ESTALE)
            r->shrunk = 1;
        errno = s.err;
        return -1;
    }
    take_sweep(r, &s);
    return 0;
}

/* A deep filtered read in the page cache: a helper thread sweeps the lower
 * half of what is left (see the top of this file). */
static void maybe_start_helper(struct log_reverse *r)
{
    if (r->helper_started || r->no_helper || !r->filter || r->cold || r->skipping ||
        r->jump_from >= 0 || r->size - r->lo < LOG_REVERSE_HELP_AFTER ||
        r->lo - r->floor < LOG_REVERSE_HELP_MIN)
        return;
    r->helper_started = 1;
    off_t half = r->floor + (r->lo - r->floor) / 2;
    struct log_sweep s = {.fd = r->fd,
                          .lo = r->floor,
                          .hi = half,
                          .lo_is_line = starts_line(r, r->floor),
                          .deadline = r->deadline,
                          .filter = r->filter};
    r->helper = log_sweep_start(&s);
    if (r->helper) {
        r->helper_at = half;
        r->swept_low = half; /* the reader's blocks stop there */
    }
}

/* The reader came down to helper_at: take the helper's jump, if it has
 * one. Returns 0, or -1 when the file shrank under the helper (errno
 * ESTALE, as the reader's own read would have found). */
static int take_helper(struct log_reverse *r)
{
    struct log_sweep s;
    log_sweep_take(r->helper, &s); /* the thread is joined in log_reverse_close */
    r->helper_at = -1;
    r->swept += s.swept;
    r->bytes_read += s.swept;
    if (s.err == ESTALE) {
        r->shrunk = 1;
        errno = ESTALE;
        return -1;
    }
    if (s.jump_from >= 0) {
        take_sweep(r, &s);
        r->helped++;
    }
    return 0;
}

/* At the swept chunk's last '\n' with nothing left in the buffer: go on
 * below the lines the sweep rejected. Returns 1 when it moved lo. */
static int take_jump(struct log_reverse *r)
{
    if (r->jump_from < 0 || r->lo > r->jump_from)
        return 0;
    int jump = r->lo == r->jump_from && r->tail == r->head && !r->skipping;
    if (jump)
        r->lo = r->jump_to;
    r->jump_from = r->jump_to = -1; /* else passed by another way: read on */
    return jump;
}

/* The size of the next read below lo. */
static size_t block_size(const struct log_reverse *r)
{
    off_t avail = r->lo - r->floor;
    size_t n = avail < (off_t)r->next_block ? (size_t)avail : r->next_block;
    if (r->jump_from >= 0 && r->lo > r->jump_from) {
        /* down to the swept region's last '\n': in one read after a sweep
         * in this thread, in blocks after the helper's (further away) */
        if (r->lo - r->jump_from <= (off_t)LOG_REVERSE_BLOCK_MAX || r->lo - r->jump_from < (off_t)n)
            n = (size_t)(r->lo - r->jump_from);
    } else if (r->lo > r->swept_low && r->lo - (off_t)n < r->swept_low)
        n = (size_t)(r->lo - r->swept_low); /* what is below is swept next, forward */
    return n;
}

/* Read the block before lo in front of the unconsumed bytes. */
static int load_block(struct log_reverse *r)
{
    if (take_jump(r))
        return 0;
    if (r->helper_at >= 0 && r->lo <= r->helper_at) {
        if (take_helper(r) != 0) {
            r->done = 1;
            return -1;
        }
        if (take_jump(r))
            return 0;
    }
    maybe_start_helper(r);
    if (r->helper_at < 0 && r->cold && r->filter && !r->skipping && r->jump_from < 0 &&
        r->lo <= r->swept_low && r->lo - r->floor > (off_t)LOG_REVERSE_BLOCK_MAX && sweep(r) != 0) {
        r->done = 1;
        return -1;
    }
    size_t n = block_size(r);
    size_t have = r->tail - r->head;
    size_t head = log_aligned_below(r->buf, BUF_CAP - have, r->lo);
    if (r->head != head) {
        memmove(r->buf + head, r->buf + r->head, have);
        r->head = head;
        r->tail = head + have;
    }
    if (read_exact(r, r->buf + r->head - n, n, r->lo - (off_t)n) != 0) {
        r->done = 1;
        return -1;
    }
    r->head -= n;
    r->lo -= (off_t)n;
    if (r->after_read)
        r->after_read(r->after_read_arg);
    if (r->next_block < LOG_REVERSE_BLOCK_MAX)
        r->next_block *= 2;
    if (r->strip_final_newline) {
        r->strip_final_newline = 0;
        if (r->tail > r->head && r->buf[r->tail - 1] == '\n') {
            r->tail--;
            r->ends_with_newline = 1;
        }
        const char *nl = memrchr(r->buf + r->head, '\n', r->tail - r->head);
        if (nl)
            r->newest_line_start = r->lo + (off_t)(nl + 1 - (r->buf + r->head));
        else if (r->lo == r->floor && (r->floor == 0 || r->floor_at_line))
            r->newest_line_start = r->lo;
    }
    return 0;
}

/* Hand out buf[start, end) as a line; 0 if it is over-long and skipped. */
static int emit(struct log_reverse *r, size_t start, size_t end, const char **line, size_t *len)
{
    if (end > start && r->buf[end - 1] == '\r')
        end--;
    if (end > start && r->buf[start] == '\0') {
        /* A copytruncate hole starts where a line started: the NULs are
         * padding and the text after them the line; all NULs is no line. */
        const char *nul = memrchr(r->buf + start, '\0', end - start);
        r->padding_skipped++;
        start = (size_t)(nul - r->buf) + 1;
        if (start == end)
            return 0;
    }
    if (end - start > LOG_REVERSE_LINE_MAX) {
        /* A long run of NULs (a copytruncate hole) is padding, not a line:
         * the text after it is the line. */
        const char *nul = memrchr(r->buf + start, '\0', end - start);
        if (nul && (size_t)(r->buf + end - nul - 1) <= LOG_REVERSE_LINE_MAX) {
            r->padding_skipped++;
            return emit(r, (size_t)(nul - r->buf) + 1, end, line, len);
        }
        r->skipped_long++;
        return 0;
    }
    r->buf[end] = '\0';
    r->line_at = r->lo + (off_t)(start - r->head);
    *line = r->buf + start;
    *len = end - start;
    return 1;
}

/* No newline in a full buffer: when NUL padding is what makes the "line"
 * long, the bytes after the last NUL are the line, and the NUL run before
 * them is dropped instead of being read as one over-long line. Returns 1
 * with that line, 0 when the buffer was cut (look again), -1 when there is
 * no NUL to cut at. */
static int take_after_padding(struct log_reverse *r, const char **line, size_t *len)
{
    const char *nul = memrchr(r->buf + r->head, '\0', r->tail - r->head);
    if (!nul)
        return -1;
    size_t start = (size_t)(nul - r->buf) + 1, end = r->tail;
    size_t pad = start - 1;
    while (pad > r->head && r->buf[pad - 1] == '\0')
        pad--;
    r->tail = pad; /* older bytes, if any, end where the padding starts */
    r->padding_skipped++;
    if (end > start)
        return emit(r, start, end, line, len);
    return 0;
}

void log_reverse_set_filter(struct log_reverse *r, const char *(*filter)(const char *p, size_t n))
{
    r->filter = filter;
}

/* Drop the whole lines in the buffer after the last one the filter wants. */
static void drop_unwanted(struct log_reverse *r)
{
    size_t have = r->tail - r->head;
    const char *base = r->buf + r->head;
    size_t from; /* where the whole lines in the buffer begin */
    if (r->lo <= r->floor && (r->floor == 0 || r->floor_at_line))
        from = r->head;
    else {
        const char *nl = memchr(base, '\n', have);
        if (!nl)
            return;
        from = (size_t)(nl - r->buf) + 1;
    }
    const char *c = r->filter(r->buf + from, r->tail - from);
    if (!c) {
        r->tail = from > r->head ? from - 1 : r->head;
        return;
    }
    const char *end = memchr(c, '\n', (size_t)(r->buf + r->tail - c));
    if (end)
        r->tail = (size_t)(end - r->buf);
}

static int prev_line(struct log_reverse *r, const char **line, size_t *len, int allow_io)
{
    for (;;) {
        if (r->done)
            return 0;
        if (r->filter && !r->skipping && r->tail > r->head)
            drop_unwanted(r);
        size_t have = r->tail - r->head;
        char *nl = have ? memrchr(r->buf + r->head, '\n', have) : NULL;
        if (!r->skipping) {
            if (nl) {
                size_t start = (size_t)(nl - r->buf) + 1;
                size_t end = r->tail;
                r->tail = start - 1; /* that '\n' ends the line before */
                if (emit(r, start, end, line, len))
                    return 1;
                continue;
            }
            if (r->lo <= r->floor) {
                r->done = 1;
                if (r->floor > 0 && !r->floor_at_line) {
                    /* The bytes left are the cut-off end of a line. */
                    r->limited = 1;
                    return 0;
                }
                return emit(r, r->head, r->tail, line, len);
            }
            int cut = have >= LOG_REVERSE_LINE_MAX ? take_after_padding(r, line, len) : -1;
            if (cut == 1)
                return 1;
            if (cut == 0)
                continue;
            if (have >= LOG_REVERSE_LINE_MAX) {
                r->skipping = 1;
                r->head = r->tail = BUF_CAP;
                continue;
            }
        } else {
            if (nl) {
                /* Found where the long line starts: drop what follows. */
                r->skipping = 0;
                r->skipped_long++;
                r->tail = (size_t)(nl - r->buf);
                continue;
            }
            r->head = r->tail = BUF_CAP;
            if (r->lo <= r->floor) {
                r->done = 1;
                if (r->floor > 0 && !r->floor_at_line)
                    r->limited = 1;
                else
                    r->skipped_long++; /* the file's first line was the long one */
                return 0;
            }
        }
        if (!allow_io)
            return 0;
        if (load_block(r) != 0)
            return -1;
    }
}

int log_reverse_prev(struct log_reverse *r, const char **line, size_t *len)
{
    return prev_line(r, line, len, 1);
}

int log_reverse_prev_cached(struct log_reverse *r, const char **line, size_t *len)
{
    return prev_line(r, line, len, 0);
}

/* The backwards block line reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "log_reverse.h"
#include "monotonic_now.h"
#include "log_sweep.h"

static char tmpdir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_log_reverse.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *write_file(const char *name, const char *data, size_t len)
{
    static char path[256];
    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* All lines, newest first, joined with '|' (the test data has no '|'). */
static char *read_all(const char *path, unsigned long long max, struct log_reverse *r_out)
{
    struct log_reverse r;
    assert_int_equal(log_reverse_open(&r, path, max), 0);
    size_t cap = 1 << 20, used = 0;
    char *out = calloc(1, cap);
    assert_non_null(out);
    const char *line;
    size_t len;
    int rc;
    while ((rc = log_reverse_prev(&r, &line, &len)) == 1) {
        assert_int_equal(strlen(line), len);
        while (used + len + 2 >= cap) {
            out = realloc(out, cap *= 2);
            assert_non_null(out);
        }
        memcpy(out + used, line, len);
        used += len;
        out[used++] = '|';
        out[used] = '\0';
    }
    assert_int_equal(rc, 0);
    log_reverse_close(&r);
    if (r_out)
        *r_out = r;
    return out;
}

/* NUL runs (copytruncate holes) are padding between lines, however long:
 * never one over-long line that hides the text after it. */
static void test_nul_padding(void **state)
{
    (void)state;
    size_t hole = 300 * 1024;
    size_t n = 2 + hole + 4;
    char *data = calloc(1, n);
    assert_non_null(data);
    memcpy(data, "a\n", 2);
    memcpy(data + 2 + hole, "b\nc\n", 4);
    struct log_reverse r;
    char *all = read_all(write_file("holes", data, n), 0, &r);
    assert_string_equal(all, "c|b|a|");
    assert_int_equal(r.skipped_long, 0);
    assert_true(r.padding_skipped >= 1);
    free(all);
    free(data);
}

static void test_empty_file(void **state)
{
    (void)state;
    struct log_reverse r;
    char *all = read_all(write_file("empty", "", 0), 0, &r);
    assert_string_equal(all, "");
    assert_int_equal(r.bytes_read, 0);
    free(all);
}

static void test_small_files(void **state)
{
    (void)state;
    const struct {
        const char *data, *expect;
    } cases[] = {
        {"a\nb\nc\n", "c|b|a|"}, {"a\nb\nc", "c|b|a|"},     /* no trailing newline */
        {"a\r\nb\r\n", "b|a|"},                             /* CRLF */
        {"\n\n", "||"},                                     /* two empty lines */
        {"\nx\n", "x||"},                                   /* empty first line */
        {"only", "only|"},       {"mid\rcr\n", "mid\rcr|"}, /* a lone CR inside stays */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *all = read_all(write_file("small", cases[i].data, strlen(cases[i].data)), 0, NULL);
        assert_string_equal(all, cases[i].expect);
        free(all);
    }
}

/* Lines of many lengths across block boundaries come back whole, reversed. */
static void test_block_boundaries(void **state)
{
    (void)state;
    size_t cap = 5 * LOG_REVERSE_BLOCK, n = 0;
    char *data = malloc(cap);
    assert_non_null(data);
    unsigned seed = 7;
    int lines = 0;
    while (n < 4 * LOG_REVERSE_BLOCK) {
        seed = seed * 1103515245u + 12345u;
        size_t len = (seed >> 8) % 3000;
        for (size_t k = 0; k < len; k++)
            data[n + k] = (char)('a' + (lines + k) % 26);
        n += len;
        data[n++] = '\n';
        lines++;
    }
    const char *path = write_file("boundaries", data, n);
    struct log_reverse r;
    assert_int_equal(log_reverse_open(&r, path, 0), 0);
    size_t end = n - 1; /* index of the newline ending the expected line */
    const char *line;
    size_t len;
    int got = 0;
    while (log_reverse_prev(&r, &line, &len) == 1) {
        size_t start = end;
        while (start > 0 && data[start - 1] != '\n')
            start--;
        assert_int_equal(len, end - start);
        assert_memory_equal(line, data + start, len);
        got++;
        if (start == 0)
            break;
        end = start - 1;
    }
    assert_int_equal(got, lines);
    assert_int_equal(r.bytes_read, n);
    log_reverse_close(&r);
    free(data);
}

/* The newest line costs one block, however big the file. */
static void test_cost_independent_of_size(void **state)
{
    (void)state;
    size_t n = 40 * LOG_REVERSE_BLOCK / 100 * 100; /* whole 100-byte lines */
    char *data = malloc(n);
    assert_non_null(data);
    for (size_t i = 0; i < n; i++)
        data[i] = (i % 100 == 99) ? '\n' : 'x';
    const char *path = write_file("big", data, n);
    struct log_reverse r;
    assert_int_equal(log_reverse_open(&r, path, 0), 0);
    const char *line;
    size_t len;
    assert_int_equal(log_reverse_prev(&r, &line, &len), 1);
    assert_int_equal(len, 99);
    assert_int_equal(r.bytes_read, LOG_REVERSE_BLOCK);
    /* lines already in memory come without another read */
    assert_int_equal(log_reverse_prev_cached(&r, &line, &len), 1);
    assert_int_equal(r.bytes_read, LOG_REVERSE_BLOCK);
    log_reverse_close(&r);
    free(data);
}

/* A 10 MB line is skipped without holding it; its neighbours survive. */
static void test_huge_line(void **state)
{
    (void)state;
    size_t huge = 10u * 1024 * 1024;
    size_t n = huge + 64;
    char *data = malloc(n);
    assert_non_null(data);
    size_t o = 0;
    o += (size_t)sprintf(data, "first\n");
    memset(data + o, 'H', huge);
    o += huge;
    o += (size_t)sprintf(data + o, "\nlast\n");
    struct log_reverse r;
    char *all = read_all(write_file("huge", data, o), 0, &r);
    assert_string_equal(all, "last|first|");
    assert_int_equal(r.skipped_long, 1);
    free(all);
    /* a huge first line (no newline before it) is also skipped */
    all = read_all(write_file("hugefirst", data + 6, o - 6), 0, &r);
    assert_string_equal(all, "last|");
    assert_int_equal(r.skipped_long, 1);
    free(all);
    /* a line just over the limit is skipped whatever the block alignment */
    o = (size_t)sprintf(data, "a\n");
    memset(data + o, 'L', LOG_REVERSE_LINE_MAX + 1);
    o += LOG_REVERSE_LINE_MAX + 1;
    o += (size_t)sprintf(data + o, "\nz");
    all = read_all(write_file("justover", data, o), 0, &r);
    assert_string_equal(all, "z|a|");
    assert_int_equal(r.skipped_long, 1);
    free(all);
    free(data);
}

static void test_max_bytes(void **state)
{
    (void)state;
    const char *data = "line1\nline2\nline3\nline4\n";
    struct log_reverse r;
    /* 13 bytes reach back to the newline that ends line2, so line3 is whole */
    char *all = read_all(write_file("cap", data, strlen(data)), 13, &r);
    assert_string_equal(all, "line4|line3|");
    assert_int_equal(r.limited, 1);
    assert_int_equal(r.bytes_read, 13);
    free(all);
    /* exactly at a line start the first line is still treated as cut */
    all = read_all(write_file("cap2", data, strlen(data)), 12, &r);
    assert_string_equal(all, "line4|");
    free(all);
}

static void test_truncated_while_reading(void **state)
{
    (void)state;
    size_t n = 3 * LOG_REVERSE_BLOCK;
    char *data = malloc(n);
    assert_non_null(data);
    for (size_t i = 0; i < n; i++)
        data[i] = (i % 50 == 49) ? '\n' : 'y';
    const char *path = write_file("shrink", data, n);
    struct log_reverse r;
    assert_int_equal(log_reverse_open(&r, path, 0), 0);
    const char *line;
    size_t len;
    assert_int_equal(log_reverse_prev(&r, &line, &len), 1);
    assert_int_equal(truncate(path, 100), 0); /* copytruncate under our feet */
    int rc;
    while ((rc = log_reverse_prev(&r, &line, &len)) == 1)
        ;
    assert_int_equal(rc, -1);
    assert_int_equal(r.shrunk, 1);
    log_reverse_close(&r);
    free(data);
}

/* Whether the page holding off is in the page cache; -1 when unknown. */
static int page_cached(int fd, off_t off)
{
    long page = sysconf(_SC_PAGESIZE);
    off_t at = off / page * page;
    void *m = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, fd, at);
    if (m == MAP_FAILED)
        return -1;
    unsigned char v = 0;
    int rc = mincore(m, (size_t)page, &v) == 0 ? (v & 1) : -1;
    munmap(m, (size_t)page);
    return rc;
}

/* How many of the first size bytes' pages are in the page cache, -1 when
 * that cannot be told. */
static long pages_cached(int fd, off_t size)
{
    long page = sysconf(_SC_PAGESIZE);
    size_t pages = (size_t)((size + page - 1) / page);
    void *m = mmap(NULL, (size_t)size, PROT_READ, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED)
        return -1;
    unsigned char *v = calloc(pages, 1);
    long n = v && mincore(m, (size_t)size, v) == 0 ? 0 : -1;
    for (size_t i = 0; n >= 0 && i < pages; i++)
        n += v[i] & 1;
    free(v);
    munmap(m, (size_t)size);
    return n;
}

/* Drop every page of path from the cache; 0 when the file system does not.
 * Every page, not only the ends: a page still under writeback stays, and a
 * cached page in the reader's first block made it look warm (1 run in 8). */
static int drop_cache(const char *path, off_t size)
{
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    long left = -1;
    for (int attempt = 0; attempt < 50 && left != 0; attempt++) {
        if (attempt)
            usleep(20 * 1000);
        fsync(fd);
        posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        left = pages_cached(fd, size);
    }
    close(fd);
    return left == 0;
}

static int cached_at(const char *path, off_t off)
{
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    int rc = page_cached(fd, off);
    close(fd);
    return rc;
}

/* A file of n bytes of numbered lines, not in the page cache (the test is
 * skipped where the file system has none to drop: tmpfs). The reader's
 * first read finds nothing cached, every time: its reads from the page
 * cache only are the page cache's answer here, without the readahead race
 * of the real RWF_NOWAIT read (see pread_cached_page_cache.c). */
static const char *cold_file(const char *name, size_t n)
{
    char *data = malloc(n);
    assert_non_null(data);
    for (size_t o = 0; o < n; o += 64)
        snprintf(data + o, 65, "%062zu\n", o / 64);
    const char *path = write_file(name, data, n);
    free(data);
    if (!drop_cache(path, (off_t)n))
        skip();
    return path;
}

/* A file that is not in the page cache gives the same lines and the same
 * byte count as a cached one; a read that stops near the end does not
 * bring in much of it. */
static void test_cold_file(void **state)
{
    (void)state;
    const off_t mib = 1024 * 1024;
    size_t n = (size_t)(24 * mib);
    const char *path = cold_file("cold", n);

    struct log_reverse r;
    const char *line;
    size_t len;
    assert_int_equal(log_reverse_open(&r, path, 0), 0);
    assert_int_equal(log_reverse_prev(&r, &line, &len), 1);
    log_reverse_close(&r);
    assert_int_equal(r.cold, 1);
    assert_int_equal(r.bytes_read, LOG_REVERSE_BLOCK);
    assert_int_equal(cached_at(path, (off_t)n - 12 * mib), 0);

    unsigned long long max = (unsigned long long)(20 * mib);
    assert_true(drop_cache(path, (off_t)n));
    char *cold = read_all(path, max, &r);
    assert_int_equal(r.cold, 1);
    unsigned long long cold_bytes = r.bytes_read;
    assert_int_equal(cached_at(path, 0), 0); /* below the limit: not read */
    char *warm = read_all(path, max, &r);    /* cached now (the kernel may still say otherwise) */
    assert_int_equal(r.bytes_read, cold_bytes);
    assert_string_equal(cold, warm);
    free(cold);
    free(warm);
}

/* Test filter: the last 'X' may start something wanted. */
static const char *last_x(const char *p, size_t n)
{
    return memrchr(p, 'X', n);
}

enum helper_mode {
    HELPER_FREE,   /* as in production: the helper and the reader meet where they get to */
    HELPER_NONE,   /* the reader alone */
    HELPER_WAITED, /* the reader waits until the helper has swept up to it */
};

/* after_read hook for HELPER_WAITED: once the helper runs, let it sweep
 * everything below the reader before the reader reads on. */
static void wait_for_helper(void *arg)
{
    struct log_reverse *r = arg;
    if (r->helper)
        assert_true(log_sweep_wait(r->helper, http_now() + 30));
}

/* The lines a filtered reader hands out, newest first, joined with '|'. */
static char *read_filtered_with(const char *path, enum helper_mode mode, struct log_reverse *r_out)
{
    struct log_reverse r;
    assert_int_equal(log_reverse_open(&r, path, 0), 0);
    log_reverse_set_filter(&r, last_x);
    r.no_helper = mode == HELPER_NONE;
    if (mode == HELPER_WAITED) {
        r.after_read = wait_for_helper;
        r.after_read_arg = &r;
    }
    size_t cap = 1 << 20, used = 0;
    char *out = calloc(1, cap);
    assert_non_null(out);
    const char *line;
    size_t len;
    int rc;
    while ((rc = log_reverse_prev(&r, &line, &len)) == 1) {
        while (used + len + 2 >= cap) {
            out = realloc(out, cap *= 2);
            assert_non_null(out);
        }
        memcpy(out + used, line, len);
        used += len;
        out[used++] = '|';
        out[used] = '\0';
    }
    assert_int_equal(rc, 0);
    log_reverse_close(&r);
    *r_out = r;
    return out;
}

static char *read_filtered(const char *path, struct log_reverse *r_out)
{
    return read_filtered_with(path, HELPER_FREE, r_out);
}

/* A filtered read of the file (n bytes) with its pages dropped: its lines;
 * r says what the reader did, for the caller's assertions. */
static char *read_filtered_cold(const char *path, size_t n, struct log_reverse *r)
{
    if (!drop_cache(path, (off_t)n))
        skip();
    return read_filtered(path, r);
}

/* 40 MiB of lines of many lengths; wanted lines ('X') at scattered depths,
 * some over-long, some after NUL padding, runs of megabytes without one. */
static const char *sweep_file(const char *name, size_t *n_out)
{
    size_t cap = 40u * 1024 * 1024, n = 0;
    char *data = malloc(cap);
    assert_non_null(data);
    unsigned seed = 7;
    while (n + 200 * 1024 < cap) {
        seed = seed * 1103515245u + 12345u;
        unsigned pick = (seed >> 8) % 100000;
        if (n / (3u * 1024 * 1024) % 3 == 1)
            pick = 100 + pick % 99900; /* 3 MiB stretches with nothing wanted */
        if (pick < 3) {                /* a line over LOG_REVERSE_LINE_MAX, half of them wanted */
            size_t len = LOG_REVERSE_LINE_MAX + 1000 + pick * 7000;
            memset(data + n, 'l', len);
            if (pick & 1)
                data[n + len / 2] = 'X';
            n += len;
        } else if (pick < 6) { /* NUL padding, then a wanted line */
            memset(data + n, 0, 5000 + pick * 20000);
            n += 5000 + pick * 20000;
            n += (size_t)sprintf(data + n, "after-hole-X%zu", n);
        } else if (pick < 30) {
            n += (size_t)sprintf(data + n, "wanted-X-%zu", n);
        } else {
            n += (size_t)sprintf(data + n, "%.*s%zu", (int)(seed % 190),
                                 "abcdefghij"
                                 "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij"
                                 "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij"
                                 "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij",
                                 n);
        }
        data[n++] = '\n';
    }
    const char *path = write_file(name, data, n);
    free(data);
    *n_out = n;
    return path;
}

/* A cold filtered read sweeps the file forward in chunks and hands out the
 * same lines as a warm one reading backwards block by block. */
static void test_sweep_same_lines(void **state)
{
    (void)state;
    size_t n;
    const char *path = sweep_file("sweep", &n);
    struct log_reverse r;
    char *warm = read_filtered(path, &r);
    assert_int_equal(r.sweeps, 0);
    assert_non_null(strstr(warm, "X"));
    char *cold = read_filtered_cold(path, n, &r);
    assert_int_equal(r.cold, 1);
    assert_true(r.sweeps >= 2);
    assert_true(r.swept >= (unsigned long long)(n / 2));
    assert_string_equal(cold, warm);
    free(cold);
    free(warm);
}

/* The only wanted line, deep down, after NUL padding longer than a sweep's
 * read: the sweep cannot hold it, leaves it to the reader, which finds it. */
static void test_sweep_long_line(void **state)
{
    (void)state;
    size_t hole = 300 * 1024, cap = hole + 13u * 1024 * 1024, n = 0;
    char *data = malloc(cap);
    assert_non_null(data);
    n += (size_t)sprintf(data, "first-X\n");
    memset(data + n, 0, hole);
    n += hole;
    n += (size_t)sprintf(data + n, "after-hole-X\n");
    while (n + 100 < cap)
        n += (size_t)sprintf(data + n, "plain line %zu\n", n);
    const char *path = write_file("sweep_long", data, n);
    free(data);
    struct log_reverse r;
    char *warm = read_filtered(path, &r);
    assert_string_equal(warm, "after-hole-X|first-X|");
    char *cold = read_filtered_cold(path, n, &r);
    assert_true(r.sweeps >= 2);
    assert_string_equal(cold, warm);
    free(cold);
    free(warm);
}

/* Every block lands at an address aligned like its file offset (the copy
 * out of the page cache is several times slower otherwise). */
static struct log_reverse *aligned_reader;
static int aligned_reads;

static void check_aligned(void *arg)
{
    (void)arg;
    struct log_reverse *r = aligned_reader;
    assert_int_equal(((uintptr_t)(r->buf + r->head) - (uintptr_t)r->lo) % 64, 0);
    aligned_reads++;
}

static void test_blocks_aligned_like_file(void **state)
{
    (void)state;
    for (size_t n = 3 * 1024 * 1024; n < 3 * 1024 * 1024 + 64; n += 13) {
        char *data = malloc(n);
        assert_non_null(data);
        for (size_t i = 0; i < n; i++)
            data[i] = (i * 7919 % 113 == 0) ? '\n' : 'a';
        const char *path = write_file("aligned", data, n);
        struct log_reverse r;
        assert_int_equal(log_reverse_open(&r, path, 0), 0);
        aligned_reader = &r;
        aligned_reads = 0;
        r.after_read = check_aligned;
        const char *line;
        size_t len;
        while (log_reverse_prev(&r, &line, &len) == 1)
            ;
        assert_true(aligned_reads >= 5);
        log_reverse_close(&r);
        free(data);
    }
}

struct sweep_hook {
    struct log_reverse *r;
    const char *path;
    int mode; /* 1 truncate the file, 2 sleep past the deadline */
    int fired;
};

static void during_sweep(void *arg)
{
    struct sweep_hook *h = arg;
    if (h->r->swept == 0 || h->fired)
        return;
    h->fired = 1;
    if (h->mode == 1)
        assert_int_equal(truncate(h->path, 100), 0);
    else
        usleep(400 * 1000);
}

/* Opens h->path filtered, with hook called after every read (it truncates
 * the file, h->mode 1, or sleeps past a deadline 0.2 s away, h->mode 2),
 * reads until the reader stops, and checks that it stopped for that
 * reason. *r is left open. */
static void read_until_stopped(struct log_reverse *r, struct sweep_hook *h, void (*hook)(void *))
{
    assert_int_equal(log_reverse_open(r, h->path, 0), 0);
    log_reverse_set_filter(r, last_x);
    r->after_read = hook;
    r->after_read_arg = h;
    if (h->mode == 2)
        log_reverse_set_deadline(r, http_now() + 0.2);
    const char *line;
    size_t len;
    int rc;
    while ((rc = log_reverse_prev(r, &line, &len)) == 1)
        ;
    int why = errno;
    assert_int_equal(h->fired, 1);
    assert_int_equal(rc, -1);
    if (h->mode == 1) {
        assert_int_equal(r->shrunk, 1);
    } else {
        assert_int_equal(why, ETIME);
        assert_int_equal(r->timed_out, 1);
    }
}

/* A file truncated while a sweep reads it, and a deadline that comes
 * during a sweep: the read stops with the reason, no read starts after the
 * deadline. */
static void test_sweep_truncated_or_late(void **state)
{
    (void)state;
    for (int mode = 1; mode <= 2; mode++) {
        size_t n;
        const char *path = sweep_file("sweep_cut", &n);
        if (!drop_cache(path, (off_t)n))
            skip();
        struct log_reverse r;
        struct sweep_hook h = {&r, path, mode, 0};
        read_until_stopped(&r, &h, during_sweep);
        if (mode == 2)
            assert_true(r.swept <= 128 * 1024); /* the read before the deadline only */
        log_reverse_close(&r);
    }
}

/* Threads of this process. */
static int threads_now(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    assert_non_null(f);
    char line[256];
    int n = -1;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "Threads: %d", &n) == 1)
            break;
    fclose(f);
    return n;
}

/* A deep filtered read in the page cache shares the work with a helper
 * thread and hands out the same lines as the reader alone, whether the
 * helper sweeps everything below the reader or they meet half way. */
static void test_helper_same_lines(void **state)
{
    (void)state;
    size_t n;
    const char *path = sweep_file("helper", &n);
    struct log_reverse r;
    char *alone = read_filtered_with(path, HELPER_NONE, &r);
    assert_int_equal(r.helped, 0);
    assert_int_equal(r.helper_started, 0);
    assert_non_null(strstr(alone, "X"));
    for (enum helper_mode mode = HELPER_FREE; mode <= HELPER_WAITED; mode += 2) {
        for (int run = 0; run < 3; run++) {
            char *shared = read_filtered_with(path, mode, &r);
            assert_int_equal(r.cold, 0);
            assert_int_equal(r.helper_started, 1);
            if (mode == HELPER_WAITED)
                assert_int_equal(r.helped, 1);
            assert_string_equal(shared, alone);
            free(shared);
        }
    }
    free(alone);
}

/* The only wanted lines are deep down: the reader jumps over what the
 * helper swept and reads the upper half of the file itself, not all of it
 * (as a reader that ignored the helper's result would), with the same
 * lines; no thread is left once the reader is closed. */
static void test_helper_jump(void **state)
{
    (void)state;
    const size_t mib = 1024 * 1024;
    size_t cap = 40 * mib, n = 0;
    char *data = malloc(cap);
    assert_non_null(data);
    n += (size_t)sprintf(data, "first-X\n");
    while (n < 2 * mib)
        n += (size_t)sprintf(data + n, "plain line %zu\n", n);
    n += (size_t)sprintf(data + n, "deep-X\n");
    while (n + 100 < cap)
        n += (size_t)sprintf(data + n, "plain line %zu\n", n);
    const char *path = write_file("helper_jump", data, n);
    free(data);
    struct log_reverse r;
    char *alone = read_filtered_with(path, HELPER_NONE, &r);
    assert_string_equal(alone, "deep-X|first-X|");
    assert_true(r.bytes_read >= n);

    int threads_before = threads_now();
    char *shared = read_filtered_with(path, HELPER_WAITED, &r);
    assert_int_equal(threads_now(), threads_before);
    assert_string_equal(shared, alone);
    assert_int_equal(r.helped, 1);
    unsigned long long own = r.bytes_read - r.swept;
    /* the upper half (4 MiB before the helper, then down to the half of
     * the rest), the 2 MiB below deep-X, a block or two: not all 40 */
    assert_true(own < 28 * mib);
    assert_true(r.swept > 14 * mib); /* the half down to deep-X's chunk */
    free(shared);
    free(alone);
}

/* The deadline comes while the helper runs, or the file is truncated under
 * it: the reader stops with the reason, and no thread outlives the close. */
static void late_or_cut(void *arg)
{
    struct sweep_hook *h = arg;
    if (!h->r->helper || h->fired)
        return;
    h->fired = 1;
    if (h->mode == 1) {
        assert_true(log_sweep_wait(h->r->helper, http_now() + 30));
        assert_int_equal(truncate(h->path, 100), 0);
    } else {
        usleep(300 * 1000);
    }
}

static void test_helper_truncated_or_late(void **state)
{
    (void)state;
    for (int mode = 1; mode <= 2; mode++) {
        size_t n;
        const char *path = sweep_file("helper_cut", &n);
        int threads_before = threads_now();
        struct log_reverse r;
        struct sweep_hook h = {&r, path, mode, 0};
        read_until_stopped(&r, &h, late_or_cut);
        log_reverse_close(&r);
        assert_null(r.helper);
        assert_int_equal(threads_now(), threads_before);
    }
}

static void test_open_errors(void **state)
{
    (void)state;
    struct log_reverse r;
    char path[256];
    snprintf(path, sizeof(path), "%s/missing", tmpdir);
    assert_int_equal(log_reverse_open(&r, path, 0), -1);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(log_reverse_open(&r, tmpdir, 0), -1);
    assert_int_equal(errno, EISDIR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_small_files),
        cmocka_unit_test(test_block_boundaries),
        cmocka_unit_test(test_cost_independent_of_size),
        cmocka_unit_test(test_huge_line),
        cmocka_unit_test(test_max_bytes),
        cmocka_unit_test(test_truncated_while_reading),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_nul_padding),
        cmocka_unit_test(test_cold_file),
        cmocka_unit_test(test_sweep_same_lines),
        cmocka_unit_test(test_sweep_long_line),
        cmocka_unit_test(test_blocks_aligned_like_file),
        cmocka_unit_test(test_sweep_truncated_or_late),
        cmocka_unit_test(test_helper_same_lines),
        cmocka_unit_test(test_helper_jump),
        cmocka_unit_test(test_helper_truncated_or_late),
    };
#ifdef TEST_FILTER
    cmocka_set_test_filter(TEST_FILTER); /* the ThreadSanitizer build: the threaded cases */
#endif
    return cmocka_run_group_tests(tests, setup, teardown);
}

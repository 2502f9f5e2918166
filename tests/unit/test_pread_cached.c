/* The real read from the page cache only (pread_cached.c) on a file that
 * is cached. (Whether it misses on a file that is not cannot be tested
 * reliably: the readahead a RWF_NOWAIT miss starts may finish before the
 * read looks again, see pread_cached_page_cache.c; the log reader's cold
 * cases use that file's race-free answer.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pread_cached.h"

/* A file just written is in the page cache: every byte comes back, the
 * part before the end, and 0 at the end. */
static void test_cached_file(void **state)
{
    (void)state;
    char path[] = "/tmp/test_pread_cached.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    size_t n = 256 * 1024;
    char *data = malloc(n), *got = malloc(n);
    assert_non_null(data);
    assert_non_null(got);
    for (size_t i = 0; i < n; i++)
        data[i] = (char)('a' + i % 23);
    assert_int_equal(pwrite(fd, data, n, 0), (ssize_t)n);

    assert_int_equal(pread_cached(fd, got, n, 0), (ssize_t)n);
    assert_memory_equal(got, data, n);
    assert_int_equal(pread_cached(fd, got, 1000, (off_t)n - 300), 300);
    assert_memory_equal(got, data + n - 300, 300);
    assert_int_equal(pread_cached(fd, got, 1000, (off_t)n), 0);
    close(fd);
    free(data);
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cached_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

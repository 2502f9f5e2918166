/* azcm_last_candidate, the filter a deep scan spends its time in: its
 * vector paths must find exactly the candidate a byte-by-byte search finds,
 * wherever it sits relative to their 16- and 64-byte steps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "azcm_line.h"

/* The definition, one byte at a time: the last position that starts "AZCM"
 * or the value of a "level=" that is error, fatal or panic. */
static const char *reference(const char *s, size_t n)
{
    for (size_t i = n; i-- > 0;) {
        if (n - i >= 4 && memcmp(s + i, "AZCM", 4) == 0)
            return s + i;
        if (s[i] == '=' && i >= 5 && n - i >= 6 && memcmp(s + i - 5, "level", 5) == 0 &&
            (memcmp(s + i + 1, "error", 5) == 0 || memcmp(s + i + 1, "fatal", 5) == 0 ||
             memcmp(s + i + 1, "panic", 5) == 0))
            return s + i;
    }
    return NULL;
}

static void expect_same(const char *s, size_t n)
{
    const char *want = reference(s, n), *got = azcm_last_candidate(s, n);
    if (want != got)
        fail_msg("length %zu: want offset %td, got %td", n, want ? want - s : -1,
                 got ? got - s : -1);
}

/* Every needle at every offset of buffers of every length around the steps,
 * with near misses ("AZ", "=e", "level=err") around it. */
static void test_every_offset(void **state)
{
    (void)state;
    static const char *const needles[] = {"AZCM", "level=error", "level=fatal", "level=panic",
                                          "AZC",  "level=errox", "=error",      "AZCMAZCM"};
    char buf[300];
    for (size_t k = 0; k < sizeof(needles) / sizeof(needles[0]); k++) {
        size_t nl = strlen(needles[k]);
        for (size_t n = 0; n <= 200; n++) {
            for (size_t at = 0; at + nl <= n; at++) {
                memset(buf, 'x', n);
                for (size_t j = 0; j < n; j += 23)
                    buf[j] = j % 46 ? 'A' : '='; /* near misses everywhere */
                memcpy(buf + at, needles[k], nl);
                expect_same(buf, n);
            }
        }
    }
}

/* Random text over the alphabet the needles are made of. */
static void test_random_text(void **state)
{
    (void)state;
    static const char alphabet[] = "AZCM=levlerrorfatalpanicx\n";
    char *buf = malloc(4096);
    assert_non_null(buf);
    srand(14);
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)rand() % 4096;
        for (size_t i = 0; i < n; i++)
            buf[i] = alphabet[(size_t)rand() % (sizeof(alphabet) - 1)];
        expect_same(buf, n);
    }
    free(buf);
}

/* A candidate far from the end of a big block is found, not skipped. */
static void test_deep_in_block(void **state)
{
    (void)state;
    size_t n = 1u << 20;
    char *buf = malloc(n);
    assert_non_null(buf);
    memset(buf, 'x', n);
    assert_null(azcm_last_candidate(buf, n));
    for (size_t at = 1; at < n; at = at * 3 + 1) {
        memset(buf, 'x', n);
        memcpy(buf + at - 1, "AZCM", 4 <= n - at + 1 ? 4 : n - at + 1);
        expect_same(buf, n);
    }
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_offset),
        cmocka_unit_test(test_random_text),
        cmocka_unit_test(test_deep_in_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* arcp_grow, the one growable buffer of the core and every front end
 * (check_azure_arc's output text and ini values, collectd's joined values,
 * the endpoint list). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "arcprobe.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void doubles_and_keeps_content(void **state)
{
    (void)state;
    int *items = NULL;
    size_t cap = 0, reallocs = 0;
    for (int n = 0; n < 1000; n++) {
        size_t before = cap;
        assert_int_equal(arcp_grow(&items, &cap, (size_t)n + 1, sizeof *items), 0);
        assert_true(cap >= (size_t)n + 1);
        if (cap != before) {
            reallocs++;
            assert_true(before == 0 || cap == before * 2);
        }
        items[n] = n;
    }
    for (int n = 0; n < 1000; n++)
        assert_int_equal(items[n], n);
    /* 16, 32, ..., 1024: doubling, not one realloc per item */
    assert_int_equal(reallocs, 7);
    assert_int_equal(arcp_grow(&items, &cap, 10, sizeof *items), 0);
    assert_int_equal(cap, 1024);
    free(items);
}

static void text_buffer_grows_to_fit(void **state)
{
    (void)state;
    char *text = NULL;
    size_t cap = 0;
    assert_int_equal(arcp_grow(&text, &cap, 300, 1), 0);
    assert_int_equal(cap, 512);
    memset(text, 'x', 299);
    text[299] = '\0';
    assert_int_equal(arcp_grow(&text, &cap, 513, 1), 0);
    assert_int_equal(cap, 1024);
    assert_int_equal(strlen(text), 299);
    free(text);
}

static void overflow_leaves_buffer_untouched(void **state)
{
    (void)state;
    long *items = NULL;
    size_t cap = 0;
    assert_int_equal(arcp_grow(&items, &cap, 4, sizeof *items), 0);
    long *kept = items;
    assert_int_equal(arcp_grow(&items, &cap, SIZE_MAX / 4, sizeof *items), -1);
    assert_int_equal(arcp_grow(&items, &cap, SIZE_MAX, 1), -1);
    assert_ptr_equal(items, kept);
    assert_int_equal(cap, 16);
    free(items);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(doubles_and_keeps_content),
        cmocka_unit_test(text_buffer_grows_to_fit),
        cmocka_unit_test(overflow_leaves_buffer_untouched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

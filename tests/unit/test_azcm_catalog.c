/* Every AZCM code the seeds and the reference list is in the catalog. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "azcm_catalog.h"

/* Inclusive ranges: the seeds' table, then the reference's current list. */
static const int ranges[][2] = {
    {0, 1},     {11, 18},   {41, 44},   {61, 68},   {81, 81},   {101, 104}, /* seeds */
    {2, 6},     {19, 20},   {23, 23},   {26, 28},   {45, 45},   {69, 70},   {72, 76},   {82, 83},
    {105, 105}, {107, 108}, {130, 133}, {141, 141}, {143, 143}, {145, 150}, {157, 160}, {171, 171},
};

static void test_every_listed_code(void **state)
{
    (void)state;
    int count = 0;
    for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
        for (int code = ranges[i][0]; code <= ranges[i][1]; code++) {
            const struct azcm_code *c = azcm_catalog_lookup(code);
            if (!c)
                fail_msg("AZCM%04d missing from the catalog", code);
            assert_int_equal(c->code, code);
            assert_true(strlen(c->name) > 0);
            assert_true(strlen(c->meaning) > 0);
            assert_true(strlen(c->remedy) > 0);
            /* report text must not need sanitising */
            assert_null(strchr(c->meaning, '|'));
            assert_null(strchr(c->remedy, '|'));
            count++;
        }
    }
    assert_int_equal(count, 68); /* 27 from the seeds, 41 from the reference */
}

static void test_sorted_unique_and_unknown(void **state)
{
    (void)state;
    size_t n = azcm_catalog_count();
    assert_true(n >= 68);
    for (size_t i = 1; i < n; i++)
        assert_true(azcm_catalog_at(i - 1)->code < azcm_catalog_at(i)->code);
    assert_null(azcm_catalog_at(n));
    assert_null(azcm_catalog_lookup(999));
    assert_null(azcm_catalog_lookup(7));
    assert_null(azcm_catalog_lookup(-1));
    assert_string_equal(azcm_catalog_lookup(26)->name, "Network Error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_listed_code),
        cmocka_unit_test(test_sorted_unique_and_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

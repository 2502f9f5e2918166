/* Perfdata numbers and labels: C locale, no exponent, quoting rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "perfdata.h"
#include "strbuf.h"

static void expect_decimal(double v, const char *want)
{
    char buf[64];
    int n = arc_format_decimal(buf, sizeof buf, v);
    assert_int_equal(n, (int)strlen(want));
    assert_string_equal(buf, want);
}

static void test_decimal(void **state)
{
    (void)state;
    expect_decimal(0, "0");
    expect_decimal(1, "1");
    expect_decimal(0.5, "0.5");
    expect_decimal(0.012345, "0.012345");
    expect_decimal(0.0123456789, "0.012346");
    expect_decimal(1e-9, "0");
    expect_decimal(-0.0000001, "0");
    expect_decimal(1800, "1800");
    expect_decimal(12345678901234.0, "12345678901234");
    expect_decimal(1e20, "100000000000000000000");
    expect_decimal(1.5e-5, "0.000015");
    expect_decimal(-2.25, "-2.25");
    expect_decimal(NAN, "U");
    expect_decimal(INFINITY, "U");
    char small[3];
    assert_int_equal(arc_format_decimal(small, sizeof small, 1234), -1);
}

static void expect_label(const char *in, const char *want)
{
    char buf[128];
    int n = arc_perf_label(buf, sizeof buf, in);
    assert_int_equal(n, (int)strlen(want));
    assert_string_equal(buf, want);
}

static void test_labels(void **state)
{
    (void)state;
    expect_label("himds_latency", "himds_latency");
    expect_label("gbl.his.arc.azure.com", "gbl.his.arc.azure.com");
    expect_label("gbl.his.arc.azure.com total", "'gbl.his.arc.azure.com total'");
    expect_label("host:8443 dns", "'host:8443 dns'");
    expect_label("it's", "'it''s'");
    expect_label("a=b", "'a_b'");
    expect_label("a|b", "'a_b'");
    expect_label("new\nline", "'new_line'");
    expect_label("", "''");
    char tiny[4];
    assert_int_equal(arc_perf_label(tiny, sizeof tiny, "abcdef"), -1);
}

static void test_items(void **state)
{
    (void)state;
    struct arc_buf b;
    arc_buf_init(&b);
    arc_perf_add(&b, &(struct arc_perf_item){.label = "himds_latency",
                                             .value = 0.0015,
                                             .uom = "s",
                                             .warn = "0.5",
                                             .crit = "1",
                                             .min = ARC_BOUND(0)});
    assert_string_equal(arc_buf_str(&b), "himds_latency=0.0015s;0.5;1;0");
    arc_perf_add(&b,
                 &(struct arc_perf_item){.label = "azcm_code", .value = 26, .min = ARC_BOUND(0)});
    assert_string_equal(arc_buf_str(&b), "himds_latency=0.0015s;0.5;1;0 azcm_code=26;;;0");
    arc_perf_add(&b, &(struct arc_perf_item){
                         .label = "x y", .value = 3, .min = ARC_BOUND(0), .max = ARC_BOUND(12)});
    assert_string_equal(arc_buf_str(&b),
                        "himds_latency=0.0015s;0.5;1;0 azcm_code=26;;;0 'x y'=3;;;0;12");
    arc_buf_free(&b);

    arc_buf_init(&b);
    arc_perf_add(&b, &(struct arc_perf_item){.label = "plain", .value = 7});
    assert_string_equal(arc_buf_str(&b), "plain=7");
    arc_perf_add(&b, &(struct arc_perf_item){
                         .label = "r", .value = 2, .uom = "s", .warn = "@1:3", .crit = "~:10"});
    assert_string_equal(arc_buf_str(&b), "plain=7 r=2s;@1:3;~:10");
    arc_buf_free(&b);
}

static void test_buf(void **state)
{
    (void)state;
    struct arc_buf b;
    arc_buf_init(&b);
    assert_string_equal(arc_buf_str(&b), "");
    for (int i = 0; i < 1000; i++)
        arc_buf_printf(&b, "%d,", i % 10);
    assert_int_equal(b.len, 2000);
    assert_int_equal(strlen(arc_buf_str(&b)), 2000);
    arc_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decimal),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_items),
        cmocka_unit_test(test_buf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Range parser and evaluator: every form of the monitoring-plugins
 * guidelines, and the malformed input lenient parsers accept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "range.h"

/* text must parse; its perfdata form is text itself unless normalised is given */
static struct arc_range parse_as(const char *text, const char *normalised)
{
    struct arc_range r;
    char err[256] = "";
    int rc = arc_range_parse(&r, text, err, sizeof err);
    if (rc != 0)
        print_error("'%s' rejected: %s\n", text, err);
    assert_int_equal(rc, 0);
    assert_true(r.set);
    assert_string_equal(r.text, normalised ? normalised : text);
    return r;
}

static struct arc_range parse_ok(const char *text)
{
    return parse_as(text, NULL);
}

static void test_plain_end(void **state)
{
    (void)state;
    struct arc_range r = parse_ok("10");
    assert_false(r.inside);
    assert_false(arc_range_alerts(&r, 0));
    assert_false(arc_range_alerts(&r, 10));
    assert_false(arc_range_alerts(&r, 5.5));
    assert_true(arc_range_alerts(&r, 10.0001));
    assert_true(arc_range_alerts(&r, -0.5));
    assert_true(arc_range_alerts(&r, 11));
}

static void test_start_only(void **state)
{
    (void)state;
    struct arc_range r = parse_ok("10:");
    assert_true(r.end_inf);
    assert_true(arc_range_alerts(&r, 9.99));
    assert_true(arc_range_alerts(&r, -1));
    assert_false(arc_range_alerts(&r, 10));
    assert_false(arc_range_alerts(&r, 1e12));
}

static void test_negative_infinity(void **state)
{
    (void)state;
    struct arc_range r = parse_ok("~:10");
    assert_true(r.start_inf);
    assert_false(arc_range_alerts(&r, -1e12));
    assert_false(arc_range_alerts(&r, 10));
    assert_true(arc_range_alerts(&r, 10.5));
}

static void test_between(void **state)
{
    (void)state;
    struct arc_range r = parse_ok("10:20");
    assert_true(arc_range_alerts(&r, 9));
    assert_false(arc_range_alerts(&r, 10));
    assert_false(arc_range_alerts(&r, 15));
    assert_false(arc_range_alerts(&r, 20));
    assert_true(arc_range_alerts(&r, 21));
}

static void test_inside(void **state)
{
    (void)state;
    struct arc_range r = parse_ok("@10:20");
    assert_true(r.inside);
    assert_false(arc_range_alerts(&r, 9.999));
    assert_true(arc_range_alerts(&r, 10));
    assert_true(arc_range_alerts(&r, 15));
    assert_true(arc_range_alerts(&r, 20));
    assert_false(arc_range_alerts(&r, 20.001));

    r = parse_ok("@5");
    assert_true(arc_range_alerts(&r, 0));
    assert_true(arc_range_alerts(&r, 5));
    assert_false(arc_range_alerts(&r, 6));

    r = parse_ok("@~:0");
    assert_true(arc_range_alerts(&r, -3));
    assert_false(arc_range_alerts(&r, 0.5));

    r = parse_ok("@1:");
    assert_true(arc_range_alerts(&r, 1));
    assert_false(arc_range_alerts(&r, 0.9));
}

static void test_decimals_and_signs(void **state)
{
    (void)state;
    struct arc_range r = parse_ok("0.5");
    assert_true(arc_range_alerts(&r, 0.51));
    assert_false(arc_range_alerts(&r, 0.5));

    r = parse_ok("-10:-5");
    assert_true(arc_range_alerts(&r, -11));
    assert_false(arc_range_alerts(&r, -7));
    assert_true(arc_range_alerts(&r, -4));

    /* perfdata numbers are [-0-9.] only: the '+' signs are dropped */
    r = parse_as("+1.25:+2", "1.25:2");
    assert_false(arc_range_alerts(&r, 1.5));
    assert_true(arc_range_alerts(&r, 1));

    r = parse_as("+1", "1");
    assert_true(arc_range_alerts(&r, 1.5));
    r = parse_as("@~:+0.5", "@~:0.5");
    assert_true(arc_range_alerts(&r, 0.5));
    r = parse_as("-5:+5", "-5:5");
    assert_true(arc_range_alerts(&r, -6));

    r = parse_ok(".5:1");
    assert_true(arc_range_alerts(&r, 0.4));

    r = parse_ok("0");
    assert_false(arc_range_alerts(&r, 0));
    assert_true(arc_range_alerts(&r, 0.1));

    r = parse_ok("7:7");
    assert_false(arc_range_alerts(&r, 7));
    assert_true(arc_range_alerts(&r, 7.1));
}

static void test_unset_never_alerts(void **state)
{
    (void)state;
    struct arc_range r;
    memset(&r, 0, sizeof r);
    assert_false(arc_range_alerts(&r, 1e9));
    assert_false(arc_range_alerts(NULL, 1));
}

static void test_malformed(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",      "10x",   "x10",    "1:2:3", "@",    "~",      "~:",       "@~:", ":",
        ":10",   "@:5",   "nan",    "NaN",   "inf",  "-inf",   "infinity", "1e3", "1E3",
        "0x10",  " 10",   "10 ",    "1 0",   "10:5", "@20:10", "~10",      "10~", "10:~",
        "@@10",  "10@",   "1:@2",   "--1",   "+-1",  "1.",     ".",        "-",   "+",
        "1..2",  "1.2.3", "10,5",   "10;20", "\t10", "10\n",   "１０",     "10s", "5%",
        "~:10:", "1:2:",  "@1:2:3", "1:+",   "1:-",  "~:-",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct arc_range r;
        char err[256] = "";
        int rc = arc_range_parse(&r, bad[i], err, sizeof err);
        if (rc == 0)
            print_error("'%s' accepted\n", bad[i]);
        assert_int_equal(rc, -1);
        assert_false(r.set);
        assert_true(strlen(err) > 0);
    }
    /* too long for the perfdata copy */
    char longtext[200];
    memset(longtext, '1', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = '\0';
    struct arc_range r;
    char err[256];
    assert_int_equal(arc_range_parse(&r, longtext, err, sizeof err), -1);
    assert_int_equal(arc_range_parse(&r, NULL, err, sizeof err), -1);
}

static void test_decimal_parser(void **state)
{
    (void)state;
    double v = -1;
    assert_int_equal(arc_parse_decimal("42", &v), 0);
    assert_true(v == 42);
    assert_int_equal(arc_parse_decimal("-0.25", &v), 0);
    assert_true(v == -0.25);
    assert_int_equal(arc_parse_decimal("1e2", &v), -1);
    assert_int_equal(arc_parse_decimal("", &v), -1);
    assert_int_equal(arc_parse_decimal("12a", &v), -1);
}

static void test_error_names_input(void **state)
{
    (void)state;
    struct arc_range r;
    char err[256];
    assert_int_equal(arc_range_parse(&r, "20:10", err, sizeof err), -1);
    assert_non_null(strstr(err, "20:10"));
    assert_non_null(strstr(err, "greater"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_end),
        cmocka_unit_test(test_start_only),
        cmocka_unit_test(test_negative_infinity),
        cmocka_unit_test(test_between),
        cmocka_unit_test(test_inside),
        cmocka_unit_test(test_decimals_and_signs),
        cmocka_unit_test(test_unset_never_alerts),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_decimal_parser),
        cmocka_unit_test(test_error_names_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The logrus line parser and the AZCM code matcher. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "azcm_internal.h"
#include "logrus_parse.h"

static const struct logrus_field *find(const struct logrus_line *l, const char *key)
{
    return logrus_find(l, key);
}

/* The decoded value of key, or "<missing>". */
static const char *value_of(const struct logrus_line *l, const char *key)
{
    static char buf[4096];
    const struct logrus_field *f = find(l, key);
    if (!f)
        return "<missing>";
    logrus_value(f, buf, sizeof(buf));
    return buf;
}

static void test_basic_line(void **state)
{
    (void)state;
    const char *line =
        "time=\"2022-09-30T10:04:14Z\" level=debug msg=\"https://weu.his.arc.azure.com "
        "is available, using cryptographic protocol: TLS 1.3\"";
    struct logrus_line l;
    assert_int_equal(logrus_parse(line, strlen(line), &l), 3);
    assert_string_equal(value_of(&l, "time"), "2022-09-30T10:04:14Z");
    assert_string_equal(value_of(&l, "level"), "debug");
    assert_string_equal(value_of(&l, "msg"),
                        "https://weu.his.arc.azure.com is available, using cryptographic "
                        "protocol: TLS 1.3");
    assert_int_equal(find(&l, "level")->quoted, 0);
    assert_int_equal(find(&l, "msg")->quoted, 1);
    assert_int_equal(l.unterminated, 0);
}

static void test_escapes_and_spaced_key(void **state)
{
    (void)state;
    const char *line =
        "time=\"2026-11-25T08:40:00Z\" level=error msg=\"Regional Service Discovery\" "
        "Error=\"Get \\\"https://gbl.his.arc.azure.com/discovery?x=1\\\": proxyconnect "
        "tcp: a\\\\b\\nnext\\tcol\" Proxy Status=\"proxy set via config command\"";
    struct logrus_line l;
    assert_int_equal(logrus_parse(line, strlen(line), &l), 5);
    assert_string_equal(value_of(&l, "Error"),
                        "Get \"https://gbl.his.arc.azure.com/discovery?x=1\": proxyconnect tcp: "
                        "a\\b\nnext\tcol");
    assert_string_equal(value_of(&l, "Proxy Status"), "proxy set via config command");
}

static void test_go_escapes(void **state)
{
    (void)state;
    char out[64];
    const char *src = "A\\x42\\u00e9\\U0001F600\\q\\";
    logrus_unescape(out, sizeof(out), src, strlen(src));
    assert_string_equal(out, "AB\xc3\xa9\xf0\x9f\x98\x80\\q\\");
    /* a bad \u keeps what was written */
    src = "\\u12zz";
    logrus_unescape(out, sizeof(out), src, strlen(src));
    assert_string_equal(out, "\\u12zz");
    /* cut at piece boundaries, always terminated */
    src = "abc\\u00e9";
    assert_int_equal(logrus_unescape(out, 5, src, strlen(src)), 3);
    assert_string_equal(out, "abc");
    assert_int_equal(logrus_unescape(out, 1, src, strlen(src)), 0);
    assert_string_equal(out, "");
}

static void test_prefix_is_not_key(void **state)
{
    (void)state;
    const char *line = "Nov 25 08:40:01 web01 himds[812]: time=\"2026-11-25T08:40:01Z\" level=info "
                       "msg=\"x\"";
    struct logrus_line l;
    assert_int_equal(logrus_parse(line, strlen(line), &l), 3);
    assert_string_equal(value_of(&l, "time"), "2026-11-25T08:40:01Z");
}

static void test_missing_and_empty_fields(void **state)
{
    (void)state;
    struct logrus_line l;
    const char *line = "msg=\"only a message\"";
    assert_int_equal(logrus_parse(line, strlen(line), &l), 1);
    assert_null(find(&l, "time"));
    assert_null(find(&l, "level"));
    line = "time= level= msg=\"\"";
    assert_int_equal(logrus_parse(line, strlen(line), &l), 3);
    assert_string_equal(value_of(&l, "time"), "");
    assert_string_equal(value_of(&l, "level"), "");
    assert_string_equal(value_of(&l, "msg"), "");
}

static void test_unterminated_quote(void **state)
{
    (void)state;
    struct logrus_line l;
    const char *line = "time=\"2026-11-25T08:02:00Z\" level=info msg=\"truncated li";
    assert_int_equal(logrus_parse(line, strlen(line), &l), 3);
    assert_int_equal(l.unterminated, 1);
    assert_string_equal(value_of(&l, "msg"), "truncated li");
    /* ending in a lone backslash must not read past the end */
    line = "msg=\"abc\\";
    assert_int_equal(logrus_parse(line, strlen(line), &l), 1);
    assert_int_equal(l.unterminated, 1);
}

static void test_junk(void **state)
{
    (void)state;
    struct logrus_line l;
    const char *junk[] = {"",
                          "   ",
                          "plain text without fields",
                          "\"quoted\" only",
                          "====",
                          "=value",
                          "\"unterminated",
                          "a\"b=c"};
    for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
        assert_int_equal(logrus_parse(junk[i], strlen(junk[i]), &l), 0);
    /* embedded NUL and binary bytes: parsed by length, not by NUL */
    const char bin[] = "level=error\0\xff\xfe msg=\"a\0b\"";
    assert_int_equal(logrus_parse(bin, sizeof(bin) - 1, &l), 2);
    const struct logrus_field *m = find(&l, "msg");
    assert_non_null(m);
    assert_int_equal(m->raw_len, 3);
}

static void test_too_many_fields(void **state)
{
    (void)state;
    char line[1024] = "";
    size_t n = 0;
    for (int i = 0; i < LOGRUS_MAX_FIELDS + 4; i++)
        n += (size_t)snprintf(line + n, sizeof(line) - n, "k%d=v%d ", i, i);
    struct logrus_line l;
    assert_int_equal(logrus_parse(line, n, &l), LOGRUS_MAX_FIELDS);
    assert_int_equal(l.dropped, 4);
}

static void test_find_code(void **state)
{
    (void)state;
    const struct {
        const char *s;
        int code;
    } cases[] = {
        {"AZCM0026: Network Error", 26},
        {"error (AZCM0104) while reading", 104},
        {"code=AZCM0000", 0},
        {"xAZCM0026 is glued", -1},
        {"AZCM00261 too many digits", -1},
        {"AZCM002 too few", -1},
        {"AZCM0026_x", -1},
        {"azcm0026 lower case", -1},
        {"first AZCM12x then AZCM0042.", 42},
        {"AZCM", -1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_int_equal(azcm_find_code(cases[i].s, strlen(cases[i].s)), cases[i].code);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_line),
        cmocka_unit_test(test_escapes_and_spaced_key),
        cmocka_unit_test(test_go_escapes),
        cmocka_unit_test(test_prefix_is_not_key),
        cmocka_unit_test(test_missing_and_empty_fields),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_junk),
        cmocka_unit_test(test_too_many_fields),
        cmocka_unit_test(test_find_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Sanitising untrusted text and reading RFC 3339 timestamps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "arcprobe.h"
#include "rfc3339.h"
#include "sanitize.h"

#include <string.h>

static const char *clean(const char *in, size_t cap)
{
    static char out[256];
    return arcp_sanitize(out, cap, in, strlen(in));
}

static void sanitize_rules(void **state)
{
    (void)state;
    assert_string_equal(clean("plain text", 64), "plain text");
    assert_string_equal(clean("a|b", 64), "a/b");
    assert_string_equal(clean("line1\r\nline2\t\tend", 64), "line1 line2 end");
    assert_string_equal(clean("  lead and trail  ", 64), "lead and trail");
    assert_string_equal(clean("esc\033[31mred", 64), "esc [31mred");
    assert_string_equal(clean("bad \xff\xfe utf8", 64), "bad ?? utf8");
    assert_string_equal(clean("caf\xc3\xa9", 64), "caf\xc3\xa9");
    assert_string_equal(clean("c1 \xc2\x85 next", 64), "c1 next");
    assert_string_equal(clean("overlong \xe0\x80\xaf", 64), "overlong ???");
    /* cut on a character boundary, always terminated */
    assert_string_equal(clean("caf\xc3\xa9", 5), "caf");
    assert_string_equal(clean("abcdef", 4), "abc");
    char one[1];
    arcp_sanitize(one, 1, "x", 1);
    assert_int_equal(one[0], '\0');
    char buf[8];
    arcp_sanitize(buf, sizeof buf, NULL, 5);
    assert_string_equal(buf, "");
}

/* arcp_clean_text, the one cleaner every front end uses for its host
 * (Nagios output lines, SNMP DisplayStrings, collectd messages). */
static void clean_text_for_every_host(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(arcp_clean_text(buf, sizeof buf, "a|b\nc\r\td  e"), "a/b c d e");
    assert_string_equal(arcp_clean_text(buf, sizeof buf, "  \x01lead"), "lead");
    assert_string_equal(arcp_clean_text(buf, sizeof buf, NULL), "");
    assert_string_equal(arcp_clean_text(buf, sizeof buf,
                                        "a\tb\x1b[31mc|d\x7f"
                                        "e\r\nf"),
                        "a b [31mc/d e f");
    /* é (C3 A9), CSI as C1 (C2 9B), a lone continuation byte, a truncated sequence */
    assert_string_equal(arcp_clean_text(buf, sizeof buf, "caf\xc3\xa9 \xc2\x9bx \x80y \xe2\x82"),
                        "caf\xc3\xa9 x ?y ??");
    /* overlong encoding of '/' and a UTF-16 surrogate are not UTF-8 */
    assert_string_equal(arcp_clean_text(buf, sizeof buf, "\xc0\xaf\xed\xa0\x80"), "?????");
    /* "ab" + 'é' (2 bytes) + 'x' does not fit in 4: the cut keeps whole characters */
    char tiny[5];
    assert_string_equal(arcp_clean_text(tiny, sizeof tiny, "ab\xc3\xa9x"), "ab\xc3\xa9");
    char tiny2[4];
    assert_string_equal(arcp_clean_text(tiny2, sizeof tiny2, "ab\xc3\xa9"), "ab");
    char one[1] = {'x'};
    arcp_clean_text(one, sizeof one, "abc");
    assert_int_equal(one[0], '\0');
}

static void timestamps(void **state)
{
    (void)state;
    time_t t;
    assert_int_equal(rfc3339_parse("1970-01-01T00:00:00Z", 20, &t), 0);
    assert_int_equal(t, 0);
    assert_int_equal(rfc3339_parse("2025-11-19T23:34:03Z", 20, &t), 0);
    assert_int_equal(t, 1763595243);
    assert_int_equal(rfc3339_parse("2025-11-19T23:34:03.123456Z", 27, &t), 0);
    assert_int_equal(t, 1763595243);
    assert_int_equal(rfc3339_parse("2025-11-20T00:34:03+01:00", 25, &t), 0);
    assert_int_equal(t, 1763595243);
    assert_int_equal(rfc3339_parse("2024-02-29T12:00:00Z", 20, &t), 0);
    assert_int_equal(t, 1709208000);
    const char *bad[] = {"2025-11-19 23:34:03",   "2025-13-19T23:34:03Z",
                         "2025-11-19T23:34:03",   "2025-11-19T23:34:03Zjunk",
                         "2025-11-19T23:34:03.Z", "yesterday",
                         "2025-11-19T25:00:00Z",  ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(rfc3339_parse(bad[i], strlen(bad[i]), &t), -1);
    /* impossible calendar dates are refused, not rolled over */
    assert_int_equal(rfc3339_parse("2025-02-31T00:00:00Z", 20, &t), -1);
    assert_int_equal(rfc3339_parse("2025-02-29T00:00:00Z", 20, &t), -1);
    assert_int_equal(rfc3339_parse("2000-02-29T00:00:00Z", 20, &t), 0);
    assert_int_equal(rfc3339_parse("1900-02-29T00:00:00Z", 20, &t), -1);
    char buf[32];
    rfc3339_format(1763595243, buf, sizeof buf);
    assert_string_equal(buf, "2025-11-19T23:34:03Z");
    rfc3339_format(-44700000000LL, buf, sizeof buf); /* year 553: still four digits */
    assert_int_equal(rfc3339_parse(buf, strlen(buf), &t), 0);
    assert_int_equal(t, -44700000000LL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sanitize_rules),
        cmocka_unit_test(clean_text_for_every_host),
        cmocka_unit_test(timestamps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

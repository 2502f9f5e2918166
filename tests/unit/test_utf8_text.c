/* Display width and cuts of Korean and Japanese text: two columns a
 * character, three bytes a character, and no cut inside one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "arcprobe.h"
#include "sanitize.h"

#include <locale.h>
#include <stdint.h>
#include <string.h>

#define KO "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4" /* 한국어 */
#define KO_STATE "\xec\x83\x81\xed\x83\x9c"       /* 상태 */
#define JA_COMPONENT                                                                                                \
    "\xe3\x82\xb3\xe3\x83\xb3\xe3\x83\x9d\xe3\x83\xbc\xe3\x83\x8d\xe3\x83\xb3\xe3\x83\x88" /* コンポーネント \
                                                                                            */
#define JA_TEXT "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e" /* 日本語 */

static int utf8_locale(void **state)
{
    (void)state;
    return setlocale(LC_CTYPE, "C.UTF-8") ? 0 : -1;
}

static void width_counts_columns(void **state)
{
    (void)state;
    assert_int_equal(arcp_text_width(""), 0);
    assert_int_equal(arcp_text_width("STATE"), 5);
    assert_int_equal(arcp_text_width("caf\xc3\xa9"), 4);
    assert_int_equal(arcp_text_width(KO_STATE), 4);
    assert_int_equal(arcp_text_width(KO), 6);
    assert_int_equal(arcp_text_width(JA_COMPONENT), 14);
    assert_int_equal(arcp_text_width("ko " KO " ja " JA_TEXT), 3 + 6 + 4 + 6);
    /* a combining acute accent adds no column */
    assert_int_equal(arcp_text_width("e\xcc\x81"), 1);
    /* bytes that are no character, and a sequence cut short: one each */
    assert_int_equal(arcp_text_width("a\xff"
                                     "b"),
                     3);
    assert_int_equal(arcp_text_width("a\xed\x95"), 3);
    assert_int_equal(arcp_text_width(NULL), 0);
}

static void fit_never_splits_a_character(void **state)
{
    (void)state;
    int columns = -1;
    /* byte limits: 9 bytes of Korean, three per character */
    assert_int_equal(arcp_text_fit(KO, SIZE_MAX, -1, &columns), 9);
    assert_int_equal(columns, 6);
    assert_int_equal(arcp_text_fit(KO, 8, -1, NULL), 6);
    assert_int_equal(arcp_text_fit(KO, 7, -1, NULL), 6);
    assert_int_equal(arcp_text_fit(KO, 5, -1, NULL), 3);
    assert_int_equal(arcp_text_fit(KO, 2, -1, NULL), 0);
    assert_int_equal(arcp_text_fit("ab" JA_TEXT, 4, -1, NULL), 2);
    /* column limits: a two-column character does not go in one column */
    assert_int_equal(arcp_text_fit(KO, SIZE_MAX, 5, &columns), 6);
    assert_int_equal(columns, 4);
    assert_int_equal(arcp_text_fit(JA_COMPONENT, SIZE_MAX, 7, &columns), 9);
    assert_int_equal(columns, 6);
    assert_int_equal(arcp_text_fit("a" JA_TEXT, SIZE_MAX, 2, &columns), 1);
    assert_int_equal(columns, 1);
    /* both limits: the tighter one wins */
    assert_int_equal(arcp_text_fit(JA_TEXT, 7, 6, &columns), 6);
    assert_int_equal(columns, 4);
    /* a combining mark stays with its letter when it fits */
    assert_int_equal(arcp_text_fit("e\xcc\x81x", SIZE_MAX, 1, NULL), 3);
}

static void trim_split_drops_half_a_character(void **state)
{
    (void)state;
    char buf[16];
    /* what snprintf leaves when its limit falls inside the second character */
    memcpy(buf, KO, 4);
    buf[4] = '\0';
    assert_string_equal(arcp_text_trim_split(buf), "\xed\x95\x9c");
    strcpy(buf, "ok \xe6\x97");
    assert_string_equal(arcp_text_trim_split(buf), "ok ");
    strcpy(buf, "ok \xf0\x9f\x98");
    assert_string_equal(arcp_text_trim_split(buf), "ok ");
    strcpy(buf, KO);
    assert_string_equal(arcp_text_trim_split(buf), KO);
    strcpy(buf, "plain");
    assert_string_equal(arcp_text_trim_split(buf), "plain");
    buf[0] = '\0';
    assert_string_equal(arcp_text_trim_split(buf), "");
}

/* The core's byte-limited copies cut between characters too. */
static void copies_cut_on_a_boundary(void **state)
{
    (void)state;
    char buf[8];
    arcp_copy(buf, sizeof buf, KO); /* 7 bytes of room: two characters */
    assert_string_equal(buf, "\xed\x95\x9c\xea\xb5\xad");
    arcp_copy(buf, 3, JA_TEXT);
    assert_string_equal(buf, "");
    char out[32];
    /* 12 bytes: nine for the text, three for "..." */
    arcp_text_shorten(out, sizeof out, JA_TEXT JA_TEXT, 12);
    assert_string_equal(out, JA_TEXT "...");
    arcp_text_shorten(out, sizeof out, JA_TEXT JA_TEXT, 11);
    assert_string_equal(out, "\xe6\x97\xa5\xe6\x9c\xac...");
}

/* Without a UTF-8 locale nothing tells a character's width: one column
 * each, still never half a character. */
static void c_locale_counts_one_column_per_character(void **state)
{
    (void)state;
    assert_non_null(setlocale(LC_CTYPE, "C"));
    assert_int_equal(arcp_text_width(KO), 3);
    assert_int_equal(arcp_text_fit(KO, SIZE_MAX, 2, NULL), 6);
    assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(width_counts_columns),
        cmocka_unit_test(fit_never_splits_a_character),
        cmocka_unit_test(trim_split_drops_half_a_character),
        cmocka_unit_test(copies_cut_on_a_boundary),
        cmocka_unit_test(c_locale_counts_one_column_per_character),
    };
    return cmocka_run_group_tests(tests, utf8_locale, NULL);
}

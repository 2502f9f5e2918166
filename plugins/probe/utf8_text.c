/* Where UTF-8 text may be cut and how many terminal columns it takes.
 * Every limit in arcprobe is in bytes (Nagios' 8 KiB, SNMP and collectd
 * sizes, the report's fixed fields) or in columns (the CLI's table); a cut
 * by either must fall between characters, or a Korean or Japanese text (three
 * bytes per character, two columns each) would end in a broken sequence or
 * misalign the table. */
#include "utf8_text.h"
#include "arcprobe.h"

#include <stdint.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

size_t utf8_sequence_length(const unsigned char *s, size_t n)
{
    size_t len;
    if (n == 0)
        return 0;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        len = 2;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        len = 3;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        len = 4;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    /* overlong 3- and 4-byte forms, surrogates, beyond U+10FFFF */
    if (len == 3 && ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0)))
        return 0;
    if (len == 4 && ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90)))
        return 0;
    return len;
}

/* Columns of one character (n bytes at s) under the active LC_CTYPE. What
 * the locale cannot convert (a stray byte, any non-ASCII character under
 * the C locale) or knows no width for shows as one cell on a terminal. */
static int character_width(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return s[0] >= 0x20 && s[0] != 0x7f ? 1 : 0;
    wchar_t wc;
    mbstate_t state;
    memset(&state, 0, sizeof state);
    if (mbrtowc(&wc, (const char *)s, n, &state) != n)
        return 1;
    int width = wcwidth(wc);
    if (width >= 0)
        return width;
    return iswcntrl((wint_t)wc) ? 0 : 1;
}

size_t arcp_text_fit(const char *text, size_t max_bytes, int max_columns, int *columns)
{
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    int want_width = max_columns >= 0 || columns != NULL;
    size_t at = 0;
    int used = 0;
    while (s[at] != '\0') {
        /* bound the look-ahead: no strlen over a long text cut short */
        size_t avail = strnlen((const char *)s + at, 4);
        size_t n = utf8_sequence_length(s + at, avail);
        if (n == 0)
            n = 1; /* a byte that starts no character is one of its own */
        if (n > max_bytes - at)
            break;
        int width = want_width ? character_width(s + at, n) : 0;
        if (max_columns >= 0 && width > max_columns - used)
            break;
        used += width;
        at += n;
    }
    if (columns)
        *columns = used;
    return at;
}

int arcp_text_width(const char *text)
{
    int columns;
    arcp_text_fit(text, SIZE_MAX, -1, &columns);
    return columns;
}

char *arcp_text_trim_split(char *text)
{
    size_t len = strlen(text);
    /* the last character starts at most three bytes before the end */
    size_t start = len;
    while (start > 0 && len - start < 3 && ((unsigned char)text[start - 1] & 0xc0) == 0x80)
        start--;
    if (start == 0)
        return text;
    unsigned char lead = (unsigned char)text[start - 1];
    size_t want = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (len - (start - 1) < want)
        text[start - 1] = '\0';
    return text;
}

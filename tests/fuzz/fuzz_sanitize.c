/* libFuzzer target: the core's text cleaning, which every front end uses
 * for its host (arcp_clean_text: Nagios lines, SNMP DisplayStrings,
 * collectd messages; arcp_sanitize: log and HTTP text with its length), on
 * arbitrary bytes and every buffer size up to the input's. Oracles, from
 * arcprobe.h and sanitize.h: the output is terminated within the buffer,
 * strict UTF-8 (no overlong forms, surrogates or code points above
 * U+10FFFF, no sequence cut short), free of C0, DEL and C1 controls and of
 * '|', without leading, trailing or doubled blanks; and wherever the input
 * had nothing to clean it comes out unchanged, only cut at a character
 * boundary when it does not fit. */
#include "arcprobe.h"
#include "sanitize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The length of the strict UTF-8 sequence at s, 0 if there is none. */
static size_t valid_sequence(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len = c >= 0xC2 && c <= 0xDF   ? 2
                 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4
                                          : 0;
    if (len == 0)
        return 0;
    unsigned long cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* The first n bytes of s hold nothing a cleaner would change. */
static int clean_already(const unsigned char *s, size_t n)
{
    if (n > 0 && (s[0] == ' ' || s[n - 1] == ' '))
        return 0;
    for (size_t i = 0; i < n;) {
        size_t len = valid_sequence(s + i);
        if (len == 0 || i + len > n || s[i] < 0x20 || s[i] == 0x7F || s[i] == '|' ||
            (s[i] == 0xC2 && s[i + 1] < 0xA0) || (s[i] == ' ' && s[i + 1] == ' '))
            return 0;
        i += len;
    }
    return 1;
}

/* in is NULL when the input cannot be compared as a string (it holds NUL). */
static void check(const char *out, size_t cap, const char *in, size_t in_len)
{
    size_t n = strnlen(out, cap);
    if (n >= cap)
        abort(); /* not terminated */
    if (!clean_already((const unsigned char *)out, n))
        abort(); /* a control character, a bar, a bad sequence or a stray blank */
    if (in != NULL && clean_already((const unsigned char *)in, in_len) &&
        (strncmp(out, in, n) != 0 || (cap > in_len && n != in_len)))
        abort(); /* clean text must pass unchanged, cut only when it does not fit */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *in = malloc(size + 1);
    char *out = malloc(size + 2);
    if (in == NULL || out == NULL) {
        free(in);
        free(out);
        return 0;
    }
    memcpy(in, data, size);
    in[size] = '\0';
    for (size_t cap = 1; cap <= size + 2; cap += cap < 16 ? 1 : 7) {
        arcp_clean_text(out, cap, in);
        check(out, cap, in, strlen(in));
        arcp_sanitize(out, cap, in, size);
        check(out, cap, memchr(in, '\0', size) ? NULL : in, size);
    }
    free(in);
    free(out);
    return 0;
}

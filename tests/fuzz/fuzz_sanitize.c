/* libFuzzer target: the report-text sanitiser on arbitrary bytes and every
 * buffer size up to the input's. Whatever came in, what comes out is
 * terminated, valid UTF-8, free of control characters and '|', and has no
 * leading, trailing or doubled blanks. */
#include "sanitize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    size_t len = (s[0] & 0xe0) == 0xc0   ? 2
                 : (s[0] & 0xf0) == 0xe0 ? 3
                 : (s[0] & 0xf8) == 0xf0 ? 4
                                         : 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return len;
}

static void check(const char *out, size_t cap)
{
    size_t n = strnlen(out, cap);
    if (n >= cap)
        abort(); /* not terminated */
    if (n && (out[0] == ' ' || out[n - 1] == ' '))
        abort();
    const unsigned char *s = (const unsigned char *)out;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x20 || s[i] == 0x7f || s[i] == '|')
            abort();
        if (s[i] == ' ' && s[i + 1] == ' ')
            abort();
        if (s[i] == 0xc2 && s[i + 1] >= 0x80 && s[i + 1] < 0xa0)
            abort(); /* C1 control */
        size_t len = utf8_len(s + i);
        if (len == 0 || i + len > n)
            abort(); /* invalid or cut sequence */
        i += len;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *out = malloc(size + 2);
    if (!out)
        return 0;
    for (size_t cap = 1; cap <= size + 2; cap += cap < 16 ? 1 : 7) {
        arcp_sanitize(out, cap, (const char *)data, size);
        check(out, cap);
    }
    free(out);
    return 0;
}

/* The one masking function for anything that may hold a proxy URL: every
 * print and log path of the core and of the front ends (argument echoes
 * included) passes such text through arcp_mask_credentials.
 *
 * A password may hold any character the agent accepts ('@', ':', '/', ...),
 * so the mask errs on the side of hiding: after a "://" everything up to the
 * last '@' of the line is user info; elsewhere a word holding '@' is masked
 * from its start (or from after its first '=', as in key=user:pw@host) to its
 * last '@'. Afterwards every '@' in the text directly follows "***", a
 * blank, an opening quote or bracket, "://", or nothing. */
#include "arcprobe.h"

#include <string.h>

struct out {
    char *dst;
    size_t cap, len;
};

static void put(struct out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n && o->len + 1 < o->cap; i++)
        o->dst[o->len++] = s[i];
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/* Words of s[0..n) outside any URL: mask each one holding '@'. */
static void mask_words(struct out *o, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        while (i < n && !blank(s[i]))
            i++;
        const char *word = s + start;
        size_t len = i - start;
        const char *last_at = NULL;
        for (size_t k = 0; k < len; k++)
            if (word[k] == '@')
                last_at = word + k;
        if (!last_at) {
            put(o, word, len);
        } else {
            const char *from = word;
            while (from < last_at && strchr("'\"(<[{`", *from))
                from++;
            const char *eq = memchr(from, '=', (size_t)(last_at - from));
            if (eq && eq + 1 < last_at && !memchr(from, '@', (size_t)(eq - from)))
                from = eq + 1;
            put(o, word, (size_t)(from - word));
            if (from < last_at) /* a lone quoted '@' (as in "'@'") hides nothing */
                put(o, "***", 3);
            put(o, last_at, len - (size_t)(last_at - word));
        }
        while (i < n && blank(s[i]))
            put(o, s + i++, 1);
    }
}

/* One line (no '\n'). */
static void mask_line(struct out *o, const char *s, size_t n)
{
    const char *scheme_end = NULL;
    for (size_t i = 0; i + 3 <= n; i++)
        if (memcmp(s + i, "://", 3) == 0) {
            scheme_end = s + i + 3;
            break;
        }
    if (!scheme_end) {
        mask_words(o, s, n);
        return;
    }
    mask_words(o, s, (size_t)(scheme_end - s));
    const char *last_at = NULL;
    for (const char *p = scheme_end; p < s + n; p++)
        if (*p == '@')
            last_at = p;
    if (last_at) {
        if (last_at > scheme_end)
            put(o, "***", 3);
        put(o, last_at, (size_t)(s + n - last_at));
    } else {
        put(o, scheme_end, (size_t)(s + n - scheme_end));
    }
}

char *arcp_mask_credentials(char *dst, size_t dstlen, const char *text)
{
    if (!dst || dstlen == 0)
        return dst;
    struct out o = {dst, dstlen, 0};
    const char *s = text ? text : "";
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        mask_line(&o, s, n);
        s += n;
        if (*s == '\n')
            put(&o, s++, 1);
    }
    dst[o.len] = '\0';
    return dst;
}

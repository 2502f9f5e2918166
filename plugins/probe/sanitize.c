/* Making untrusted text (agent logs, HTTP bodies) safe for every front end:
 * Nagios treats '|' as the start of perfdata, SNMP DisplayString forbids
 * control characters, and a terminal must not receive escape sequences. */
#include "sanitize.h"
#include "arcprobe.h"
#include "utf8_text.h"

#include <stdio.h>
#include <string.h>

char *arcp_sanitize(char *dst, size_t dstlen, const char *src, size_t srclen)
{
    if (dstlen == 0)
        return dst;
    size_t out = 0;
    int pending_blank = 0;
    const unsigned char *s = (const unsigned char *)(src ? src : "");
    if (!src)
        srclen = 0;

    for (size_t i = 0; i < srclen;) {
        size_t len = utf8_sequence_length(s + i, srclen - i);
        const char *piece;
        char one[2] = {0, 0};
        size_t piece_len;
        if (len == 0) {
            one[0] = '?';
            piece = one;
            piece_len = 1;
            len = 1;
        } else if (len == 1 && (s[i] < 0x20 || s[i] == 0x7f || s[i] == ' ')) {
            pending_blank = out > 0;
            i += 1;
            continue;
        } else if (len == 2 && s[i] == 0xc2 && s[i + 1] < 0xa0) {
            /* C1 control characters */
            pending_blank = out > 0;
            i += 2;
            continue;
        } else if (len == 1 && s[i] == '|') {
            one[0] = '/';
            piece = one;
            piece_len = 1;
        } else {
            piece = (const char *)s + i;
            piece_len = len;
        }
        size_t need = piece_len + (pending_blank ? 1 : 0);
        if (out + need >= dstlen)
            break;
        if (pending_blank)
            dst[out++] = ' ';
        pending_blank = 0;
        memcpy(dst + out, piece, piece_len);
        out += piece_len;
        i += len;
    }
    dst[out] = '\0';
    return dst;
}

void arcp_copy(char *dst, size_t dstlen, const char *src)
{
    if (dstlen == 0)
        return;
    src = src ? src : "";
    size_t keep = arcp_text_fit(src, dstlen - 1, -1, NULL);
    memmove(dst, src, keep);
    dst[keep] = '\0';
}

void text_vformat(char *dst, size_t dstlen, const char *fmt, va_list ap)
{
    int n = vsnprintf(dst, dstlen, fmt, ap);
    if (n >= 0 && (size_t)n >= dstlen && dstlen > 0)
        arcp_text_trim_split(dst);
}

char *arcp_clean_text(char *dst, size_t dstlen, const char *src)
{
    return arcp_sanitize(dst, dstlen, src, src ? strlen(src) : 0);
}

/* A cut this close to the limit keeps the sentence's last whole word; a
 * single word longer than this is cut between characters instead. */
#define WORD_SEARCH_BYTES 40

char *arcp_text_shorten(char *dst, size_t dstlen, const char *src, size_t max)
{
    static const char ellipsis[] = "...";
    if (dstlen == 0)
        return dst;
    if (max >= dstlen)
        max = dstlen - 1;
    src = src ? src : "";
    size_t len = strlen(src);
    if (len <= max) {
        memcpy(dst, src, len + 1);
        return dst;
    }
    if (max < sizeof ellipsis) {
        dst[0] = '\0';
        return dst;
    }
    size_t keep = arcp_text_fit(src, max - (sizeof ellipsis - 1), -1, NULL);
    size_t at = keep;
    while (at > 0 && keep - at < WORD_SEARCH_BYTES && src[at] != ' ')
        at--;
    if (at > 0 && src[at] == ' ')
        keep = at;
    /* no dangling separator before the ellipsis */
    while (keep > 0 && (src[keep - 1] == ' ' || src[keep - 1] == ',' || src[keep - 1] == ':' ||
                        src[keep - 1] == '/'))
        keep--;
    memcpy(dst, src, keep);
    memcpy(dst + keep, ellipsis, sizeof ellipsis);
    return dst;
}

void text_format(char *dst, size_t dstlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_vformat(dst, dstlen, fmt, ap);
    va_end(ap);
}

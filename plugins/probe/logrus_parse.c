/* logrus text-format line parser (see logrus_parse.h). */
#include "logrus_parse.h"

#include <string.h>

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Index just past the closing quote of a quoted value starting after the
 * opening quote at i; sets *closed to 0 when the line ends first. */
static size_t skip_quoted(const char *s, size_t len, size_t i, int *closed)
{
    while (i < len) {
        if (s[i] == '\\') {
            i += 2;
            continue;
        }
        if (s[i] == '"') {
            *closed = 1;
            return i + 1;
        }
        i++;
    }
    *closed = 0;
    return len;
}

/* Trim blanks on both sides of [*start, *end). */
static void trim(const char *s, size_t *start, size_t *end)
{
    while (*start < *end && is_blank(s[*start]))
        (*start)++;
    while (*end > *start && is_blank(s[*end - 1]))
        (*end)--;
}

/* Start of the last blank-separated word in [start, end). */
static size_t last_word(const char *s, size_t start, size_t end)
{
    size_t i = end;
    while (i > start && !is_blank(s[i - 1]))
        i--;
    return i;
}

static int key_is_sane(const char *s, size_t start, size_t end)
{
    if (start >= end)
        return 0;
    for (size_t i = start; i < end; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || c == '"')
            return 0;
    }
    return 1;
}

size_t logrus_parse(const char *line, size_t len, struct logrus_line *out)
{
    memset(out, 0, sizeof(*out));
    size_t i = 0;
    while (i < len) {
        while (i < len && is_blank(line[i]))
            i++;
        size_t key_start = i;
        /* Keys may contain spaces ("Proxy Status"), so a key runs to '='. A
         * quote before any '=' means this is not a key: skip the string. */
        while (i < len && line[i] != '=' && line[i] != '"')
            i++;
        if (i >= len)
            break;
        if (line[i] == '"') {
            int closed;
            i = skip_quoted(line, len, i + 1, &closed);
            continue;
        }
        size_t key_end = i;
        trim(line, &key_start, &key_end);
        /* Text before the first field (a syslog prefix, junk) or an
         * implausibly long key is not part of the key: keep its last word. */
        if (out->nfields == 0 || key_end - key_start > LOGRUS_KEY_MAX)
            key_start = last_word(line, key_start, key_end);
        i++; /* past '=' */

        size_t val_start, val_end;
        int quoted = 0;
        if (i < len && line[i] == '"') {
            int closed;
            quoted = 1;
            val_start = i + 1;
            i = skip_quoted(line, len, val_start, &closed);
            if (closed) {
                val_end = i - 1;
            } else {
                val_end = len;
                out->unterminated = 1;
            }
        } else {
            val_start = i;
            while (i < len && !is_blank(line[i]))
                i++;
            val_end = i;
        }
        if (!key_is_sane(line, key_start, key_end))
            continue;
        if (out->nfields >= LOGRUS_MAX_FIELDS) {
            out->dropped++;
            continue;
        }
        struct logrus_field *f = &out->fields[out->nfields++];
        f->key = line + key_start;
        f->key_len = key_end - key_start;
        f->raw = line + val_start;
        f->raw_len = val_end > val_start ? val_end - val_start : 0;
        f->quoted = quoted;
    }
    return out->nfields;
}

const struct logrus_field *logrus_find(const struct logrus_line *l, const char *key)
{
    size_t klen = strlen(key);
    for (size_t i = 0; i < l->nfields; i++) {
        const struct logrus_field *f = &l->fields[i];
        if (f->key_len == klen && memcmp(f->key, key, klen) == 0)
            return f;
    }
    return NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Parse n hex digits at s; -1 if any is not hex. */
static long parse_hex(const char *s, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        int h = hexval(s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* UTF-8 encoding of code point cp into b (up to 4 bytes); returns length. */
static size_t utf8_encode(unsigned long cp, char *b)
{
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        cp = 0xfffd;
    if (cp < 0x80) {
        b[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (char)(0xc0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (char)(0xe0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        b[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    b[0] = (char)(0xf0 | (cp >> 18));
    b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    b[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

size_t logrus_unescape(char *dst, size_t dstlen, const char *src, size_t srclen)
{
    if (dstlen == 0)
        return 0;
    size_t o = 0;
    for (size_t i = 0; i < srclen;) {
        char piece[4];
        size_t plen = 1;
        piece[0] = src[i];
        size_t used = 1;
        if (src[i] == '\\' && i + 1 < srclen) {
            char e = src[i + 1];
            used = 2;
            switch (e) {
            case 'n':
                piece[0] = '\n';
                break;
            case 't':
                piece[0] = '\t';
                break;
            case 'r':
                piece[0] = '\r';
                break;
            case 'a':
                piece[0] = '\a';
                break;
            case 'b':
                piece[0] = '\b';
                break;
            case 'f':
                piece[0] = '\f';
                break;
            case 'v':
                piece[0] = '\v';
                break;
            case '"':
            case '\\':
            case '\'':
                piece[0] = e;
                break;
            case 'x':
            case 'u':
            case 'U': {
                size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                long v = i + 2 + n <= srclen ? parse_hex(src + i + 2, n) : -1;
                if (v < 0) {
                    /* not a valid escape: keep it as written */
                    piece[1] = e;
                    plen = 2;
                } else if (e == 'x') {
                    piece[0] = (char)v;
                    used = 2 + n;
                } else {
                    plen = utf8_encode((unsigned long)v, piece);
                    used = 2 + n;
                }
                break;
            }
            default:
                piece[1] = e;
                plen = 2;
                break;
            }
        }
        if (o + plen >= dstlen)
            break;
        memcpy(dst + o, piece, plen);
        o += plen;
        i += used;
    }
    dst[o] = '\0';
    return o;
}

size_t logrus_value(const struct logrus_field *f, char *dst, size_t dstlen)
{
    if (dstlen == 0)
        return 0;
    if (f->quoted)
        return logrus_unescape(dst, dstlen, f->raw, f->raw_len);
    size_t n = f->raw_len < dstlen - 1 ? f->raw_len : dstlen - 1;
    memcpy(dst, f->raw, n);
    dst[n] = '\0';
    return n;
}

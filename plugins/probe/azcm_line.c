/* Line decoding for the AZCM scan (see azcm_line.h): logrus fields, the
 * code, the time and the words worth showing. */
#include "azcm_line.h"
#include "logrus_parse.h"
#include "rfc3339.h"

#include <ctype.h>
#include <string.h>

#define MSG_DECODE_MAX 4096

int azcm_find_code(const char *s, size_t len)
{
    for (size_t i = 0; i + 8 <= len; i++) {
        if (s[i] != 'A' || memcmp(s + i, "AZCM", 4) != 0)
            continue;
        if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_'))
            continue;
        const char *d = s + i + 4;
        if (!isdigit((unsigned char)d[0]) || !isdigit((unsigned char)d[1]) ||
            !isdigit((unsigned char)d[2]) || !isdigit((unsigned char)d[3]))
            continue;
        if (i + 8 < len && (isalnum((unsigned char)s[i + 8]) || s[i + 8] == '_'))
            continue;
        return (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    }
    return -1;
}

static int key_is(const struct logrus_field *f, const char *key)
{
    size_t n = strlen(key);
    return f->key_len == n && memcmp(f->key, key, n) == 0;
}

/* Fields worth showing next to msg: errors and their details. */
static int key_is_relevant(const struct logrus_field *f)
{
    static const char *const words[] = {"err", "detail", "status", "reason", "cause", "code"};
    char key[LOGRUS_KEY_MAX + 1];
    size_t n = f->key_len < LOGRUS_KEY_MAX ? f->key_len : LOGRUS_KEY_MAX;
    for (size_t i = 0; i < n; i++)
        key[i] = (char)tolower((unsigned char)f->key[i]);
    key[n] = '\0';
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strstr(key, words[i]))
            return 1;
    return 0;
}

static void append(char *dst, size_t cap, size_t *len, const char *src, size_t n)
{
    if (*len + 1 >= cap)
        return;
    if (n > cap - 1 - *len)
        n = cap - 1 - *len;
    memcpy(dst + *len, src, n);
    *len += n;
    dst[*len] = '\0';
}

static int level_is_error(const char *level)
{
    return strcmp(level, "error") == 0 || strcmp(level, "fatal") == 0 ||
           strcmp(level, "panic") == 0;
}

/* Worth parsing at all: mentions a code or is an error-level line. Runs on
 * every line read, so it uses memchr (glibc's memmem is several times slower
 * for needles this short). */
int azcm_line_is_interesting(const char *line, size_t len)
{
    const char *end = line + len;
    for (const char *p = line; (p = memchr(p, 'A', (size_t)(end - p))) != NULL; p++)
        if (end - p >= 4 && memcmp(p, "AZCM", 4) == 0)
            return 1;
    for (const char *p = line; (p = memchr(p, '=', (size_t)(end - p))) != NULL; p++) {
        if (p - line < 5 || end - p < 6 || memcmp(p - 5, "level", 5) != 0)
            continue;
        if (memcmp(p + 1, "error", 5) == 0 || memcmp(p + 1, "fatal", 5) == 0 ||
            memcmp(p + 1, "panic", 5) == 0)
            return 1;
    }
    return 0;
}

/* Decode a line into *li. Returns 0 when it holds neither a code nor an
 * error level (nothing to record). */
int azcm_decode_line(const char *line, size_t len, struct line_info *li)
{
    /* NUL bytes are padding (the hole copytruncate leaves before a writer
     * without O_APPEND writes again), not text: the line is what follows
     * the last one. */
    const char *nul = memrchr(line, '\0', len);
    if (nul) {
        len -= (size_t)(nul + 1 - line);
        line = nul + 1;
    }
    struct logrus_line parsed;
    char value[MSG_DECODE_MAX];
    memset(li, 0, offsetof(struct line_info, combined));
    li->code = -1;
    li->combined[0] = '\0';
    li->combined_len = 0;

    logrus_parse(line, len, &parsed);
    const struct logrus_field *msg = logrus_find(&parsed, "msg");
    const struct logrus_field *time_f = logrus_find(&parsed, "time");
    const struct logrus_field *level_f = logrus_find(&parsed, "level");
    if (time_f) {
        size_t n = logrus_value(time_f, value, sizeof(value));
        li->has_time = rfc3339_parse(value, n, &li->time) == 0;
    }
    if (level_f) {
        logrus_value(level_f, li->level, sizeof(li->level));
        for (char *p = li->level; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        li->error_level = level_is_error(li->level);
    }
    if (!msg) {
        /* Not logrus (or cut before msg): keep the raw text. */
        append(li->combined, sizeof(li->combined), &li->combined_len, line, len);
        li->code = azcm_find_code(line, len);
        return li->code >= 0 || li->error_level;
    }
    size_t n = logrus_value(msg, value, sizeof(value));
    append(li->combined, sizeof(li->combined), &li->combined_len, value, n);
    li->code = azcm_find_code(value, n);
    for (size_t i = 0; i < parsed.nfields; i++) {
        const struct logrus_field *f = &parsed.fields[i];
        if (f == msg || key_is(f, "time") || key_is(f, "level"))
            continue;
        n = logrus_value(f, value, sizeof(value));
        if (li->code < 0)
            li->code = azcm_find_code(value, n);
        if (!key_is_relevant(f) || n == 0)
            continue;
        append(li->combined, sizeof(li->combined), &li->combined_len, "; ", 2);
        append(li->combined, sizeof(li->combined), &li->combined_len, f->key, f->key_len);
        append(li->combined, sizeof(li->combined), &li->combined_len, ": ", 2);
        append(li->combined, sizeof(li->combined), &li->combined_len, value, n);
    }
    return li->code >= 0 || li->error_level;
}
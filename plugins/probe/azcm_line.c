/* Line decoding for the AZCM scan (see azcm_line.h): logrus fields, the
 * code, the time and the words worth showing. */
#include "azcm_line.h"
#include "logrus_parse.h"
#include "rfc3339.h"

#include <ctype.h>
#include <string.h>
#if defined(__x86_64__) && defined(__GNUC__)
#define AZCM_AVX2 1
#include <immintrin.h>
#endif
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/* p starts the level's value and has at least 6 bytes after it. */
static int level_word_is_error(const char *p)
{
    return memcmp(p, "error", 5) == 0 || memcmp(p, "fatal", 5) == 0 || memcmp(p, "panic", 5) == 0;
}

static int level_is_error(const char *level)
{
    return strcmp(level, "error") == 0 || strcmp(level, "fatal") == 0 ||
           strcmp(level, "panic") == 0;
}

/* Does p (inside s[0..n)) start "AZCM" or a "level=" value error, fatal
 * or panic? */
static int candidate_at(const char *s, size_t n, const char *p)
{
    size_t left = (size_t)(s + n - p);
    if (p[0] == 'A')
        return left >= 4 && memcmp(p, "AZCM", 4) == 0;
    return left >= 6 && p - s >= 5 && memcmp(p - 5, "level", 5) == 0 && level_word_is_error(p + 1);
}

static int maybe_candidate(const char *p)
{
    return (p[0] == 'A' && p[1] == 'Z') ||
           (p[0] == '=' && (p[1] == 'e' || p[1] == 'f' || p[1] == 'p'));
}

#ifdef AZCM_AVX2
/* Pairs (p[0], p[1]) that may start a candidate: "AZ", "=e", "=f", "=p". */
__attribute__((target("avx2"))) static __m256i pair_hits(__m256i v0, __m256i v1)
{
    __m256i az = _mm256_and_si256(_mm256_cmpeq_epi8(v0, _mm256_set1_epi8('A')),
                                  _mm256_cmpeq_epi8(v1, _mm256_set1_epi8('Z')));
    __m256i lv = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v1, _mm256_set1_epi8('e')),
                                                 _mm256_cmpeq_epi8(v1, _mm256_set1_epi8('f'))),
                                 _mm256_cmpeq_epi8(v1, _mm256_set1_epi8('p')));
    lv = _mm256_and_si256(lv, _mm256_cmpeq_epi8(v0, _mm256_set1_epi8('=')));
    return _mm256_or_si256(az, lv);
}

/* The newest candidate among the 32 pairs starting at base, by mask. */
static const char *newest_in_mask(const char *s, size_t n, const char *base, unsigned mask)
{
    while (mask) {
        int bit = 31 - __builtin_clz(mask);
        if (candidate_at(s, n, base + bit))
            return base + bit;
        mask &= ~(1u << bit);
    }
    return NULL;
}

/* The bulk of azcm_last_candidate, 64 pairs a step: most logs have no
 * candidate for megabytes (a deep scan is bound by this loop). Returns the
 * candidate, or NULL with *i lowered to where the caller goes on. */
__attribute__((target("avx2"))) static const char *last_candidate_avx2(const char *s, size_t n,
                                                                       size_t *i)
{
    while (*i >= 65) {
        const char *lo = s + *i - 64, *hi = s + *i - 32;
        __m256i m_hi = pair_hits(_mm256_loadu_si256((const __m256i *)(const void *)hi),
                                 _mm256_loadu_si256((const __m256i *)(const void *)(hi + 1)));
        __m256i m_lo = pair_hits(_mm256_loadu_si256((const __m256i *)(const void *)lo),
                                 _mm256_loadu_si256((const __m256i *)(const void *)(lo + 1)));
        __m256i any = _mm256_or_si256(m_hi, m_lo);
        if (!_mm256_testz_si256(any, any)) {
            const char *p = newest_in_mask(s, n, hi, (unsigned)_mm256_movemask_epi8(m_hi));
            if (!p)
                p = newest_in_mask(s, n, lo, (unsigned)_mm256_movemask_epi8(m_lo));
            if (p)
                return p;
        }
        *i -= 64;
    }
    return NULL;
}
#endif

const char *azcm_last_candidate(const char *s, size_t n)
{
    if (n < 2)
        return NULL;
    size_t i = n - 1; /* pairs (i - 1, i) are looked at, newest first */
#ifdef AZCM_AVX2
    if (__builtin_cpu_supports("avx2")) {
        const char *p = last_candidate_avx2(s, n, &i);
        if (p)
            return p;
    }
#endif
#ifdef __SSE2__
    const __m128i eq = _mm_set1_epi8('='), a = _mm_set1_epi8('A'), z = _mm_set1_epi8('Z'),
                  e = _mm_set1_epi8('e'), f = _mm_set1_epi8('f'), pc = _mm_set1_epi8('p');
    while (i >= 17) {
        /* 16 pairs: s[i-16 .. i-1] followed by s[i-15 .. i] */
        __m128i v0 = _mm_loadu_si128((const __m128i *)(const void *)(s + i - 16));
        __m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)(s + i - 15));
        __m128i az = _mm_and_si128(_mm_cmpeq_epi8(v0, a), _mm_cmpeq_epi8(v1, z));
        __m128i lv =
            _mm_and_si128(_mm_cmpeq_epi8(v0, eq),
                          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v1, e), _mm_cmpeq_epi8(v1, f)),
                                       _mm_cmpeq_epi8(v1, pc)));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(az, lv));
        while (mask) {
            int bit = 31 - __builtin_clz(mask); /* the newest pair first */
            const char *p = s + i - 16 + bit;
            if (candidate_at(s, n, p))
                return p;
            mask &= ~(1u << bit);
        }
        i -= 16;
    }
#endif
    for (; i >= 1; i--)
        if (maybe_candidate(s + i - 1) && candidate_at(s, n, s + i - 1))
            return s + i - 1;
    return NULL;
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
    /* logrus writes time="..." level=... first: look there before
     * searching the whole line for "level=" */
    if (len > 40 && memcmp(line, "time=\"", 6) == 0) {
        const char *q = memchr(line + 6, '"', len - 6 < 40 ? len - 6 : 40);
        if (q && end - q > 14 && memcmp(q + 1, " level=", 7) == 0)
            return level_word_is_error(q + 8);
    }
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
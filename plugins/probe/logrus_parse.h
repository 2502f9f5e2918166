/* Parsing one line of the agent's logrus text log:
 *   time="2022-09-30T10:04:14Z" level=error msg="..." Error="..." Proxy Status="..."
 * The parser only records where each key and value lies in the line; values
 * are decoded (backslash escapes) on demand into caller buffers, so parsing
 * never allocates and never copies more than the caller asks for. */
#ifndef ARCPROBE_LOGRUS_PARSE_H
#define ARCPROBE_LOGRUS_PARSE_H

#include <stddef.h>

#define LOGRUS_MAX_FIELDS 16
#define LOGRUS_KEY_MAX 64 /* longer "keys" are junk; only their last word is kept */

struct logrus_field {
    const char *key; /* points into the line, not NUL-terminated */
    size_t key_len;
    const char *raw; /* the value as written, quotes removed, escapes kept */
    size_t raw_len;
    int quoted;
};

struct logrus_line {
    size_t nfields;
    struct logrus_field fields[LOGRUS_MAX_FIELDS];
    size_t dropped;   /* fields beyond LOGRUS_MAX_FIELDS, ignored */
    int unterminated; /* a quoted value ran to the end of the line (cut line) */
};

/* Split line[0..len) (may contain NUL bytes, need not be terminated) into
 * key=value fields. Returns the number of fields recorded; 0 means the line
 * is not logrus at all. Pointers in *out refer into line. */
size_t logrus_parse(const char *line, size_t len, struct logrus_line *out);

/* The first field whose key equals key (case-sensitive), or NULL. */
const struct logrus_field *logrus_find(const struct logrus_line *l, const char *key);

/* Decode a raw value's escapes (\" \\ \n \t \r \xHH \uHHHH ...) into dst,
 * always NUL-terminated when dstlen > 0. Returns the decoded length written
 * (excluding the NUL); output that does not fit is cut. */
size_t logrus_unescape(char *dst, size_t dstlen, const char *src, size_t srclen);

/* Decode field f into dst (as logrus_unescape; unquoted values are copied). */
size_t logrus_value(const struct logrus_field *f, char *dst, size_t dstlen);

#endif

/* Decoding one agent log line for the AZCM scan: is it worth parsing, and
 * what code, time, level and message does it carry. */
#ifndef ARCPROBE_AZCM_LINE_H
#define ARCPROBE_AZCM_LINE_H

#include <stddef.h>
#include <time.h>

#define AZCM_COMBINED_MAX 8192

/* One parsed line, decoded. */
struct line_info {
    int has_time;
    time_t time;
    char level[16];
    int error_level;
    int code;                         /* -1 none */
    char combined[AZCM_COMBINED_MAX]; /* msg plus relevant fields, for message and diagnosis */
    size_t combined_len;
};

/* The first word-bounded AZCMnnnn in s[0..len): its number, or -1. */
int azcm_find_code(const char *s, size_t len);

/* The last position in s[0..n) where a line worth decoding may be: an
 * "AZCM" or a level=error/fatal/panic (log_reverse's filter: the lines
 * after it are skipped without being split). NULL when there is none. */
const char *azcm_last_candidate(const char *s, size_t n);

/* Worth decoding at all: mentions a code or is an error-level line. */
int azcm_line_is_interesting(const char *line, size_t len);

/* Decode line[0..len) into *li. Returns 0 when it holds neither a code nor
 * an error level (nothing to record). */
int azcm_decode_line(const char *line, size_t len, struct line_info *li);

#endif

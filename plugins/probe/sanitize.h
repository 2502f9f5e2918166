#ifndef ARCPROBE_SANITIZE_H
#define ARCPROBE_SANITIZE_H
#include <stdarg.h>
#include <stddef.h>

/* Copy untrusted text (logs, HTTP bodies) for display: control characters
 * become spaces, '|' becomes '/', invalid UTF-8 bytes become '?', runs of
 * blanks fold to one, the result is trimmed and always NUL-terminated,
 * cut at a character boundary when it does not fit. Returns dst. */
char *arcp_sanitize(char *dst, size_t dstlen, const char *src, size_t srclen);

/* Copies src, cut at a character boundary to fit dstlen (always terminated). */
void arcp_copy(char *dst, size_t dstlen, const char *src);

/* vsnprintf for text a person reads: when it does not fit, the cut moves
 * back to the end of the last whole character. */
void text_vformat(char *dst, size_t dstlen, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* text_vformat with the arguments given inline. */
void text_format(char *dst, size_t dstlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif

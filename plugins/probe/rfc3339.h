#ifndef ARCPROBE_RFC3339_H
#define ARCPROBE_RFC3339_H
#include <stddef.h>
#include <time.h>

/* Parse "2025-11-19T23:34:03Z", with optional fractional seconds and a
 * numeric offset (+01:00); len bytes of s. Returns 0 and sets *out (UTC
 * epoch seconds), or -1 when s is not such a timestamp. */
int rfc3339_parse(const char *s, size_t len, time_t *out);

/* Format t as "2025-11-19T23:34:03Z" into buf (at least 21 bytes). */
void rfc3339_format(time_t t, char *buf, size_t buflen);

#endif

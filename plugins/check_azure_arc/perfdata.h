/* perfdata.h - Nagios performance data items:
 * 'label'=value[UOM];[warn];[crit];[min];[max], C locale, no exponents. */
#ifndef CHECK_AZURE_ARC_PERFDATA_H
#define CHECK_AZURE_ARC_PERFDATA_H

#include <stddef.h>

#include "strbuf.h"

/* Write v as a plain decimal (at most 6 fractional digits, trailing zeros
 * dropped, never an exponent; non-finite values write "U"). Returns the
 * length written, or -1 when dst is too small. */
int arc_format_decimal(char *dst, size_t size, double v);

/* Write a perfdata label, quoted with single quotes when it contains
 * anything but [A-Za-z0-9_.-]; a quote inside becomes '', '=' becomes '_',
 * control characters and '|' become '_'. Returns the length, or -1 when
 * dst is too small. */
int arc_perf_label(char *dst, size_t size, const char *label);

/* Append one item (preceded by a space unless buf is empty). warn/crit are
 * range texts or NULL; min/max are used when the matching has_ flag is set. */
void arc_perf_add(struct arc_buf *buf, const char *label, double value, const char *uom,
                  const char *warn, const char *crit, int has_min, double min, int has_max,
                  double max);

#endif

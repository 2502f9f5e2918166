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

/* A min or max of an item: written only when set (ARC_BOUND(v) sets it). */
struct arc_perf_bound {
    int set;
    double value;
};
#define ARC_BOUND(v) ((struct arc_perf_bound){1, (v)})

/* One item, by name:
 *   arc_perf_add(buf, &(struct arc_perf_item){.label = "x", .value = 1, .uom = "s",
 *                                             .min = ARC_BOUND(0)});
 * uom, warn and crit (range texts) may be NULL; unset bounds are left out. */
struct arc_perf_item {
    const char *label;
    double value;
    const char *uom;
    const char *warn, *crit;
    struct arc_perf_bound min, max;
};

/* Append one item (preceded by a space unless buf is empty). */
void arc_perf_add(struct arc_buf *buf, const struct arc_perf_item *item);

#endif

/* range.h - monitoring-plugins threshold ranges, parsed strictly.
 *
 * Grammar: [@]START:END, [@]END (START 0), [@]START: (END +inf), START may be
 * '~' (-inf). Numbers are plain decimals ([+-]digits[.digits]); anything a
 * lenient strtod() would swallow (10x, 1e3, inf, nan, 0x10, blanks) is an
 * error so a typo never silently disables an alert. */
#ifndef CHECK_AZURE_ARC_RANGE_H
#define CHECK_AZURE_ARC_RANGE_H

#include <stddef.h>

#define ARC_RANGE_TEXT_MAX 64

struct arc_range {
    int set;       /* 0: no threshold given, never alerts */
    int inside;    /* '@': alert when the value lies inside [start, end] */
    int start_inf; /* start is -infinity ('~') */
    int end_inf;   /* end is +infinity (nothing after ':') */
    double start;
    double end;
    char text[ARC_RANGE_TEXT_MAX]; /* as given without '+' signs, for perfdata */
};

/* Parse text into *r. Returns 0, or -1 with a message in err. */
int arc_range_parse(struct arc_range *r, const char *text, char *err, size_t errlen);

/* 1 when value should alert under r; 0 when r is unset or value is fine. */
int arc_range_alerts(const struct arc_range *r, double value);

/* Parse a plain decimal number strictly (same rules as range bounds). */
int arc_parse_decimal(const char *text, double *out);

#endif

/* range.c - strict monitoring-plugins range parser and evaluator. */
#include "range.h"
#include "arcprobe_intl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int arc_parse_decimal(const char *text, double *out)
{
    const char *p = text;
    size_t int_digits = 0, frac_digits = 0;

    if (*p == '+' || *p == '-')
        p++;
    while (*p >= '0' && *p <= '9') {
        p++;
        int_digits++;
    }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            p++;
            frac_digits++;
        }
        /* "10." and "." are typos, not numbers */
        if (frac_digits == 0)
            return -1;
    }
    if (*p != '\0' || int_digits + frac_digits == 0)
        return -1;
    /* The character check above leaves strtod only plain decimals: it
     * cannot see hex, exponents, inf or nan here. */
    char *end = NULL;
    double v = strtod(text, &end);
    if (end == NULL || *end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static int parse_bound(const char *text, size_t len, double *out)
{
    char buf[ARC_RANGE_TEXT_MAX];
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, text, len);
    buf[len] = '\0';
    return arc_parse_decimal(buf, out);
}

int arc_range_parse(struct arc_range *r, const char *text, char *err, size_t errlen)
{
    struct arc_range tmp;
    memset(&tmp, 0, sizeof tmp);
    memset(r, 0, sizeof *r);

    if (text == NULL || *text == '\0') {
        snprintf(err, errlen, _("empty threshold range"));
        return -1;
    }
    size_t total = strlen(text);
    if (total >= ARC_RANGE_TEXT_MAX) {
        snprintf(err, errlen, _("threshold range too long (max %d characters)"),
                 ARC_RANGE_TEXT_MAX - 1);
        return -1;
    }
    const char *p = text;
    if (*p == '@') {
        tmp.inside = 1;
        p++;
    }
    const char *colon = strchr(p, ':');
    if (colon != NULL && strchr(colon + 1, ':') != NULL) {
        snprintf(err, errlen, _("invalid threshold range '%s': more than one ':'"), text);
        return -1;
    }
    if (colon == NULL) {
        /* "N" means 0..N */
        tmp.start = 0;
        if (parse_bound(p, strlen(p), &tmp.end) != 0) {
            snprintf(
                err, errlen,
                _("invalid threshold range '%s': expected [@][START:]END with decimal numbers"),
                text);
            return -1;
        }
    } else {
        size_t start_len = (size_t)(colon - p);
        const char *end_text = colon + 1;
        if (start_len == 1 && *p == '~') {
            tmp.start_inf = 1;
        } else if (start_len == 0) {
            /* lenient parsers read ":N" as 0:N; the guidelines never write it */
            snprintf(err, errlen, _("invalid threshold range '%s': empty start (write 0:N or ~:N)"),
                     text);
            return -1;
        } else if (parse_bound(p, start_len, &tmp.start) != 0) {
            snprintf(err, errlen, _("invalid threshold range '%s': bad start"), text);
            return -1;
        }
        if (*end_text == '\0') {
            tmp.end_inf = 1;
        } else if (parse_bound(end_text, strlen(end_text), &tmp.end) != 0) {
            snprintf(err, errlen, _("invalid threshold range '%s': bad end"), text);
            return -1;
        }
        if (tmp.start_inf && tmp.end_inf) {
            snprintf(err, errlen, _("invalid threshold range '%s': no bound at all"), text);
            return -1;
        }
    }
    if (!tmp.start_inf && !tmp.end_inf && tmp.start > tmp.end) {
        snprintf(err, errlen, _("invalid threshold range '%s': start is greater than end"), text);
        return -1;
    }
    tmp.set = 1;
    /* Perfdata numbers allow only [-0-9.]: a '+' the parser accepted can
     * only lead a bound, and dropping it keeps the number's value. */
    size_t kept = 0;
    for (const char *c = text; *c; c++)
        if (*c != '+')
            tmp.text[kept++] = *c;
    tmp.text[kept] = '\0';
    *r = tmp;
    return 0;
}

int arc_range_alerts(const struct arc_range *r, double value)
{
    if (r == NULL || !r->set || isnan(value))
        return 0;
    int below = !r->start_inf && value < r->start;
    int above = !r->end_inf && value > r->end;
    int outside = below || above;
    return r->inside ? !outside : outside;
}

/* perfdata.c - format performance data items. */
#include "perfdata.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int arc_format_decimal(char *dst, size_t size, double v)
{
    int n;
    if (!isfinite(v))
        n = snprintf(dst, size, "U");
    else if (v == floor(v) && fabs(v) < 1e15)
        n = snprintf(dst, size, "%.0f", v);
    else
        n = snprintf(dst, size, "%.6f", v);
    if (n < 0 || (size_t)n >= size)
        return -1;
    if (strchr(dst, '.') != NULL) {
        while (n > 0 && dst[n - 1] == '0')
            dst[--n] = '\0';
        if (n > 0 && dst[n - 1] == '.')
            dst[--n] = '\0';
    }
    /* "-0" reads oddly in graphs */
    if (strcmp(dst, "-0") == 0) {
        dst[0] = '0';
        dst[1] = '\0';
        n = 1;
    }
    return n;
}

static int plain_label_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

int arc_perf_label(char *dst, size_t size, const char *label)
{
    int quote = *label == '\0';
    for (const unsigned char *p = (const unsigned char *)label; *p; p++) {
        if (!plain_label_char(*p))
            quote = 1;
    }
    size_t o = 0;
#define PUT(ch)                                                                                    \
    do {                                                                                           \
        if (o + 1 >= size)                                                                         \
            return -1;                                                                             \
        dst[o++] = (char)(ch);                                                                     \
    } while (0)
    if (quote)
        PUT('\'');
    for (const unsigned char *p = (const unsigned char *)label; *p; p++) {
        unsigned char c = *p;
        if (c == '\'') {
            PUT('\'');
            PUT('\'');
        } else if (c == '=' || c == '|' || c < 0x20 || c == 0x7f) {
            PUT('_');
        } else {
            PUT(c);
        }
    }
    if (quote)
        PUT('\'');
#undef PUT
    dst[o] = '\0';
    return (int)o;
}

void arc_perf_add(struct arc_buf *buf, const struct arc_perf_item *item)
{
    char lab[512], val[64], mn[64] = "", mx[64] = "";
    if (arc_perf_label(lab, sizeof lab, item->label) < 0)
        return;
    if (arc_format_decimal(val, sizeof val, item->value) < 0)
        return;
    if (item->min.set && arc_format_decimal(mn, sizeof mn, item->min.value) < 0)
        return;
    if (item->max.set && arc_format_decimal(mx, sizeof mx, item->max.value) < 0)
        return;
    if (buf->len > 0)
        arc_buf_append(buf, " ");
    arc_buf_printf(buf, "%s=%s%s;%s;%s;%s;%s", lab, val, item->uom ? item->uom : "",
                   item->warn ? item->warn : "", item->crit ? item->crit : "", mn, mx);
    /* trailing empty fields are optional; drop them to keep the line short */
    while (buf->len > 0 && buf->data[buf->len - 1] == ';')
        buf->data[--buf->len] = '\0';
}

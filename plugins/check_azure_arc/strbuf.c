/* strbuf.c - growable text buffer. */
#include "strbuf.h"
#include "arcprobe.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void arc_buf_init(struct arc_buf *b)
{
    memset(b, 0, sizeof *b);
}

void arc_buf_free(struct arc_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

static int reserve(struct arc_buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (arcp_grow(&b->data, &b->cap, b->len + extra + 1, 1) != 0) {
        b->failed = 1;
        return -1;
    }
    return 0;
}

void arc_buf_append_n(struct arc_buf *b, const char *text, size_t n)
{
    if (reserve(b, n) != 0)
        return;
    memcpy(b->data + b->len, text, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void arc_buf_append(struct arc_buf *b, const char *text)
{
    arc_buf_append_n(b, text, strlen(text));
}

void arc_buf_printf(struct arc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(b, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *arc_buf_str(const struct arc_buf *b)
{
    return b->data ? b->data : "";
}

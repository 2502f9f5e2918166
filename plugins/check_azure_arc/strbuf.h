/* strbuf.h - a growable text buffer for assembling plugin output. */
#ifndef CHECK_AZURE_ARC_STRBUF_H
#define CHECK_AZURE_ARC_STRBUF_H

#include <stddef.h>

struct arc_buf {
    char *data; /* always NUL-terminated once anything was appended; may be NULL when empty */
    size_t len;
    size_t cap;
    int failed; /* out of memory happened: content is incomplete */
};

void arc_buf_init(struct arc_buf *b);
void arc_buf_free(struct arc_buf *b);
void arc_buf_append(struct arc_buf *b, const char *text);
void arc_buf_append_n(struct arc_buf *b, const char *text, size_t n);
void arc_buf_printf(struct arc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text so far ("" when nothing was appended). */
const char *arc_buf_str(const struct arc_buf *b);

#endif

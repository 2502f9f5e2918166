/* utf8_text.h - the core's one notion of a UTF-8 character: where text may
 * be cut and how wide it shows (the public side is in arcprobe.h). */
#ifndef ARCPROBE_UTF8_TEXT_H
#define ARCPROBE_UTF8_TEXT_H
#include <stddef.h>

/* Length of the valid UTF-8 sequence starting at s (at most n bytes), or 0
 * when s does not start one (invalid, overlong, surrogate, cut short). */
size_t utf8_sequence_length(const unsigned char *s, size_t n);

#endif

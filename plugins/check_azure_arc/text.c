/* text.c - sanitise text on its way to Nagios. The core already cleans
 * what it read from logs; this second pass also covers text the plugin
 * composed from that data. */
#include "text.h"

#include <string.h>

char *arc_clean_line(char *dst, size_t size, const char *src)
{
    if (size == 0)
        return dst;
    size_t o = 0;
    int pending_blank = 0;
    for (const unsigned char *p = (const unsigned char *)(src ? src : ""); *p; p++) {
        unsigned char c = *p;
        if (c < 0x20 || c == 0x7f || c == ' ') {
            pending_blank = o > 0;
            continue;
        }
        if (c == '|')
            c = '/';
        size_t need = pending_blank ? 2 : 1;
        if (o + need >= size)
            break;
        if (pending_blank)
            dst[o++] = ' ';
        pending_blank = 0;
        dst[o++] = (char)c;
    }
    /* never leave half a UTF-8 sequence at the cut */
    size_t cut = o;
    while (cut > 0 && ((unsigned char)dst[cut - 1] & 0xC0) == 0x80)
        cut--;
    if (cut > 0 && ((unsigned char)dst[cut - 1] & 0x80)) {
        unsigned char lead = (unsigned char)dst[cut - 1];
        size_t want = (lead & 0xE0) == 0xC0   ? 2
                      : (lead & 0xF0) == 0xE0 ? 3
                      : (lead & 0xF8) == 0xF0 ? 4
                                              : 1;
        if (o - (cut - 1) < want)
            o = cut - 1;
    }
    dst[o] = '\0';
    return dst;
}

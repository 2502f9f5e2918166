/* text.c - sanitise text on its way to Nagios. The core already cleans
 * what it read from logs; this second pass also covers text the plugin
 * composed from that data. */
#include "text.h"
#include "arcprobe.h"

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
    dst[o] = '\0';
    /* never leave half a character at the cut, nor the blank before it */
    arcp_text_trim_split(dst);
    for (o = strlen(dst); o > 0 && dst[o - 1] == ' ';)
        dst[--o] = '\0';
    return dst;
}

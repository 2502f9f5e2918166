/* azure_arc_message.c - notification texts: what is wrong and what to do.
 *
 * collectd truncates notification messages at NOTIF_MAX_MSG_LEN (256 bytes),
 * which would cut off the remedy at the end of a long report text, so the
 * text is shortened first and the remedy kept whole when it fits.
 */
#include "azure_arc.h"

#include <string.h>

#define ELLIPSIS "..."
#define FIX " Fix: "
/* A notification without any of the report's text tells too little. */
#define TEXT_MIN 60

/* Append at most max bytes of s to out (length *len, capacity cap), ending in
 * "..." when s had to be cut. */
static void append(char *out, size_t *len, size_t cap, const char *s, size_t max)
{
    size_t room = cap - 1 - *len;
    if (max > room)
        max = room;
    size_t n = strlen(s);
    if (n > max) {
        size_t keep = max >= sizeof(ELLIPSIS) - 1 ? max - (sizeof(ELLIPSIS) - 1) : 0;
        keep = arcp_text_fit(s, keep, -1, NULL);
        memcpy(out + *len, s, keep);
        *len += keep;
        if (max >= sizeof(ELLIPSIS) - 1) {
            memcpy(out + *len, ELLIPSIS, sizeof(ELLIPSIS) - 1);
            *len += sizeof(ELLIPSIS) - 1;
        }
    } else {
        memcpy(out + *len, s, n);
        *len += n;
    }
    out[*len] = '\0';
}

void azarc_format_message(char *out, size_t outlen, const char *subject, arcp_state state,
                          int recovered, const char *text, const char *remedy)
{
    if (outlen == 0)
        return;
    size_t cap = outlen < NOTIF_MAX_MSG_LEN ? outlen : NOTIF_MAX_MSG_LEN;
    size_t len = 0;
    out[0] = '\0';
    if (text == NULL)
        text = "";
    if (remedy == NULL || recovered)
        remedy = "";

    append(out, &len, cap, subject, (cap - 1) / 2);
    append(out, &len, cap, " ", 1);
    append(out, &len, cap, recovered ? "OK again" : arcp_state_name(state), 16);
    if (text[0] == '\0' && remedy[0] == '\0')
        return;
    append(out, &len, cap, ": ", 2);

    size_t avail = cap - 1 - len;
    size_t text_len = strlen(text);
    size_t fix_len = remedy[0] != '\0' ? sizeof(FIX) - 1 + strlen(remedy) : 0;
    size_t text_budget = text_len;
    if (text_len + fix_len > avail) {
        size_t text_min = text_len < TEXT_MIN ? text_len : TEXT_MIN;
        size_t fix_budget = fix_len;
        if (fix_budget + text_min > avail)
            fix_budget = avail > text_min ? avail - text_min : 0;
        text_budget = avail - fix_budget;
    }
    append(out, &len, cap, text, text_budget);
    if (remedy[0] != '\0' && cap - 1 - len > sizeof(FIX) - 1) {
        append(out, &len, cap, FIX, sizeof(FIX) - 1);
        append(out, &len, cap, remedy, cap - 1 - len);
    }
}

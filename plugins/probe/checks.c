/* The one syntax for naming checks, shared by every front end: names
 * (endpoints, himds, agent, azcm, all; any case) separated by commas and/or
 * blanks, e.g. "himds,agent" or "himds agent". */
#include "arcprobe.h"
#include "l10n.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    unsigned bit;
} check_names[] = {{"himds", ARCP_CHECK_HIMDS},
                   {"agent", ARCP_CHECK_AGENT},
                   {"azcm", ARCP_CHECK_AZCM},
                   {"endpoints", ARCP_CHECK_ENDPOINTS},
                   {"all", ARCP_CHECK_ALL}};

#define SEPARATORS ", \t\r\n"

int arcp_checks_parse(const char *list, unsigned *mask, char *err, size_t errlen)
{
    unsigned result = 0;
    const char *p = list ? list : "";
    for (;;) {
        p += strspn(p, SEPARATORS);
        size_t n = strcspn(p, SEPARATORS);
        if (n == 0)
            break;
        unsigned bit = 0;
        for (size_t i = 0; i < sizeof check_names / sizeof check_names[0]; i++)
            if (strlen(check_names[i].name) == n && strncasecmp(p, check_names[i].name, n) == 0)
                bit = check_names[i].bit;
        if (bit == 0) {
            snprintf(err, errlen,
                     _("unknown check '%.*s' (use endpoints, himds, agent, azcm or all)"),
                     (int)(n > 64 ? 64 : n), p);
            return -1;
        }
        result |= bit;
        p += n;
    }
    if (result == 0) {
        snprintf(err, errlen, _("no check named (use endpoints, himds, agent, azcm or all)"));
        return -1;
    }
    *mask = result;
    return 0;
}

char *arcp_checks_format(unsigned mask, char *buf, size_t len)
{
    if (len == 0)
        return buf;
    buf[0] = '\0';
    size_t used = 0;
    /* the last entry is "all": the single names say it */
    for (size_t i = 0; i + 1 < sizeof check_names / sizeof check_names[0]; i++) {
        if (!(mask & check_names[i].bit) || used >= len)
            continue;
        int n = snprintf(buf + used, len - used, "%s%s", used ? "," : "", check_names[i].name);
        used += n > 0 ? (size_t)n : 0;
    }
    if (!buf[0])
        snprintf(buf, len, "none");
    return buf;
}

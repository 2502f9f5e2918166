/* Folding component states into one: the worst wins, and the summary names
 * what is wrong first so a one-line alert says the most useful thing. */
#include "report_fold.h"
#include "sanitize.h"

#include <stdio.h>
#include <string.h>

int arcp_state_severity(arcp_state s)
{
    switch (s) {
    case ARCP_OK:
        return 0;
    case ARCP_UNKNOWN:
        return 1;
    case ARCP_WARNING:
        return 2;
    case ARCP_CRITICAL:
        return 3;
    }
    return 1; /* out of range: as UNKNOWN, never as healthy */
}

arcp_state arcp_state_worse(arcp_state a, arcp_state b)
{
    return arcp_state_severity(b) > arcp_state_severity(a) ? b : a;
}

static void append(char *buf, size_t len, const char *text)
{
    size_t used = strlen(buf);
    if (used + 3 >= len)
        return;
    /* not "; ": Nagios treats ';' in plugin output specially */
    snprintf(buf + used, len - used, "%s%s", used ? " / " : "", text);
}

void report_fold(arcp_report *r)
{
    struct {
        unsigned check;
        arcp_state state;
        const char *text;
        int in_all_ok; /* named in an all-OK summary */
    } parts[] = {
        {ARCP_CHECK_HIMDS, r->himds.state, r->himds.text, 1},
        {ARCP_CHECK_AGENT, r->agent.state, r->agent.text, 1},
        {ARCP_CHECK_ENDPOINTS, r->endpoints.state, r->endpoints.text, 1},
        /* judged from the endpoints' answers, so it runs with them */
        {ARCP_CHECK_ENDPOINTS, r->clock.state, r->clock.text, 0},
        {ARCP_CHECK_AZCM, r->azcm.state, r->azcm.text, 1},
    };
    size_t n = sizeof parts / sizeof parts[0];
    arcp_state worst = ARCP_OK;
    for (size_t i = 0; i < n; i++)
        if ((r->checks & parts[i].check) &&
            arcp_state_severity(parts[i].state) > arcp_state_severity(worst))
            worst = parts[i].state;
    r->state = worst;

    r->incomplete = 0;
    for (size_t i = 0; i < r->endpoints.count; i++)
        if (r->endpoints.items[i].cls == ARCP_EP_NOT_PROBED)
            r->incomplete = 1;
    if ((r->checks & ARCP_CHECK_AZCM) && r->azcm.incomplete)
        r->incomplete = 1;

    /* Most severe first, then the rest that are not OK; all OK: all texts. */
    r->summary[0] = '\0';
    for (int level = 3; level >= 1; level--)
        for (size_t i = 0; i < n; i++)
            if ((r->checks & parts[i].check) && arcp_state_severity(parts[i].state) == level)
                append(r->summary, sizeof r->summary, parts[i].text);
    if (!r->summary[0])
        for (size_t i = 0; i < n; i++)
            if ((r->checks & parts[i].check) && parts[i].in_all_ok)
                append(r->summary, sizeof r->summary, parts[i].text);
}

/* Folding component states into one: the worst wins, and the summary names
 * what is wrong first so a one-line alert says the most useful thing. */
#include "report_fold.h"
#include "endpoint_findings.h"
#include "l10n.h"
#include "report_meaning.h"
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

struct component_part {
    unsigned check;
    const char *name;
    arcp_state state;
    const char *text, *cause, *remedy;
    int in_all_ok; /* named in an all-OK summary */
};

static void add_finding(arcp_report *r, const struct component_part *p)
{
    if (r->finding_count >= ARCP_FINDINGS_MAX)
        return;
    struct arcp_finding *f = &r->findings[r->finding_count++];
    memset(f, 0, sizeof *f);
    f->state = p->state;
    arcp_copy(f->component, sizeof f->component, p->name);
    arcp_copy(f->text, sizeof f->text, p->text);
    arcp_copy(f->cause, sizeof f->cause, p->cause);
    arcp_copy(f->remedy, sizeof f->remedy, p->remedy);
}

/* Worst first; among equals the order they were found in (a stable
 * insertion sort: the list is short). Endpoint rows point into the list,
 * so their indexes move with it. */
static void sort_findings(arcp_report *r)
{
    int moved_to[ARCP_FINDINGS_MAX];
    int at[ARCP_FINDINGS_MAX];
    for (size_t i = 0; i < r->finding_count; i++)
        at[i] = (int)i;
    for (size_t i = 1; i < r->finding_count; i++) {
        struct arcp_finding f = r->findings[i];
        int origin = at[i];
        size_t j = i;
        while (j > 0 &&
               arcp_state_severity(r->findings[j - 1].state) < arcp_state_severity(f.state)) {
            r->findings[j] = r->findings[j - 1];
            at[j] = at[j - 1];
            j--;
        }
        r->findings[j] = f;
        at[j] = origin;
    }
    for (size_t i = 0; i < r->finding_count; i++)
        moved_to[at[i]] = (int)i;
    for (size_t i = 0; i < r->endpoints.count; i++)
        if (r->endpoints.items[i].finding >= 0)
            r->endpoints.items[i].finding = moved_to[r->endpoints.items[i].finding];
}

/* The first line: the worst finding and how many more, short enough for a
 * pager or a chat message; every component's text when all is well. */
static void summarise(arcp_report *r, const struct component_part *parts, size_t n)
{
    char line[ARCP_TEXT_MAX * 2];
    line[0] = '\0';
    if (r->finding_count > 0) {
        snprintf(line, sizeof line, "%s: %s", r->findings[0].component, r->findings[0].text);
        if (r->finding_count > 1) {
            size_t used = strlen(line);
            /* TRANSLATORS: after the worst problem: how many others there are */
            snprintf(line + used, sizeof line - used,
                     P_(" (+%zu more problem)", " (+%zu more problems)", r->finding_count - 1),
                     r->finding_count - 1);
        }
    } else {
        for (size_t i = 0; i < n; i++)
            if ((r->checks & parts[i].check) && parts[i].in_all_ok)
                append(line, sizeof line, parts[i].text);
    }
    char clean[sizeof line];
    arcp_clean_text(clean, sizeof clean, line);
    if (strlen(clean) > ARCP_SUMMARY_MAX && r->finding_count > 1) {
        /* keep the count whole: shorten the finding's text instead */
        char count[64], head[ARCP_TEXT_MAX];
        snprintf(count, sizeof count,
                 P_(" (+%zu more problem)", " (+%zu more problems)", r->finding_count - 1),
                 r->finding_count - 1);
        char named[ARCP_TEXT_MAX + ARCP_COMPONENT_MAX + 2];
        snprintf(named, sizeof named, "%s: %s", r->findings[0].component, r->findings[0].text);
        arcp_clean_text(head, sizeof head, named);
        char cut[ARCP_TEXT_MAX];
        arcp_text_shorten(cut, sizeof cut, head, ARCP_SUMMARY_MAX - strlen(count));
        snprintf(r->summary, sizeof r->summary, "%s%s", cut, count);
        return;
    }
    arcp_text_shorten(r->summary, sizeof r->summary, clean, ARCP_SUMMARY_MAX);
}

void report_fold(arcp_report *r)
{
    component_meanings(r);
    struct component_part parts[] = {
        {ARCP_CHECK_HIMDS, "himds", r->himds.state, r->himds.text, r->himds.cause, r->himds.remedy,
         1},
        {ARCP_CHECK_AGENT, "agent", r->agent.state, r->agent.text, r->agent.cause, r->agent.remedy,
         1},
        /* its rows' findings say why; without rows, what the probe said (endpoint_findings.c) */
        {ARCP_CHECK_ENDPOINTS, "endpoints", r->endpoints.state, r->endpoints.text,
         r->endpoints.cause, r->endpoints.remedy, 1},
        /* judged from the endpoints' answers, so it runs with them */
        {ARCP_CHECK_ENDPOINTS, "clock", r->clock.state, r->clock.text, r->clock.cause,
         r->clock.remedy, 0},
        {ARCP_CHECK_AZCM, "azcm", r->azcm.state, r->azcm.text, r->azcm.cause, r->azcm.remedy, 1},
    };
    size_t n = sizeof parts / sizeof parts[0];
    arcp_state worst = ARCP_OK;
    r->finding_count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(r->checks & parts[i].check))
            continue;
        worst = arcp_state_worse(worst, parts[i].state);
        size_t before = r->finding_count;
        if (parts[i].text == r->endpoints.text)
            endpoint_findings(r);
        /* a component not OK is a finding, also when no endpoint row says
         * why (the probes could not start) */
        if (parts[i].state != ARCP_OK && r->finding_count == before)
            add_finding(r, &parts[i]);
    }
    r->state = worst;
    sort_findings(r);

    /* a front end's refold keeps what the probe knew */
    for (size_t i = 0; i < r->endpoints.count; i++)
        if (r->endpoints.items[i].cls == ARCP_EP_NOT_PROBED)
            r->incomplete = 1;
    if ((r->checks & ARCP_CHECK_AZCM) && r->azcm.incomplete)
        r->incomplete = 1;
    summarise(r, parts, n);
}

void arcp_report_refold(arcp_report *r)
{
    report_fold(r);
}

/* How long a Disconnected agent has before it expires.
 *
 * Microsoft documents that an agent without a heartbeat for 45 days is
 * Expired: its managed identity's certificate (valid 90 days, renewed when
 * 45 or fewer remain) has lapsed and the machine must be onboarded again
 * (arc-agent.md, "Agent status and heartbeat"). The agent publishes no
 * expiry date, so the countdown is an estimate: last heartbeat + 45 days,
 * and the text says so. */
#include "agent_expiry.h"
#include "rfc3339.h"
#include "l10n.h"

#include <stdio.h>

#define DAY_S 86400LL
/* Thresholds beyond the 45-day window mean "always"; the cap keeps the
 * multiplication far from overflow. */
#define THRESHOLD_DAYS_MAX 1000LL

static long long threshold_s(long long days)
{
    return (days > THRESHOLD_DAYS_MAX ? THRESHOLD_DAYS_MAX : days) * DAY_S;
}

static void not_applicable(struct arcp_agent *a)
{
    a->expires_in_s = -1;
    a->expires_at = 0;
    a->expiry_state = ARCP_OK;
    a->expiry_text[0] = '\0';
    a->expiry_remedy[0] = '\0';
}

static void set_reonboard_remedy(struct arcp_agent *a)
{
    snprintf(a->expiry_remedy, sizeof a->expiry_remedy,
             _("onboard the machine again: run azcmagent disconnect, then azcmagent connect"));
}

void agent_expiry_fold(const struct arcp_config *cfg, struct arcp_agent *a)
{
    not_applicable(a);
    char heartbeat[32] = "";
    if (a->last_heartbeat > 0) {
        rfc3339_format(a->last_heartbeat, heartbeat, sizeof heartbeat);
        a->expires_at = a->last_heartbeat + (time_t)(ARCP_EXPIRY_DAYS * DAY_S);
    }

    if (a->status == ARCP_AGENT_EXPIRED) {
        a->expires_in_s = 0;
        a->expiry_state = ARCP_CRITICAL;
        snprintf(a->expiry_text, sizeof a->expiry_text,
                 _("expired: no heartbeat for %d days or more, the machine's identity "
                   "certificate has lapsed"),
                 ARCP_EXPIRY_DAYS);
        set_reonboard_remedy(a);
        return;
    }
    if (a->status != ARCP_AGENT_DISCONNECTED) {
        a->expires_at = 0;
        return;
    }
    if (a->heartbeat_age_s < 0 || a->last_heartbeat <= 0) {
        a->expires_at = 0;
        snprintf(a->expiry_text, sizeof a->expiry_text,
                 _("expiry unknown: the agent reports no last heartbeat to count the %d days "
                   "from"),
                 ARCP_EXPIRY_DAYS);
        return;
    }

    long long left = ARCP_EXPIRY_DAYS * DAY_S - a->heartbeat_age_s;
    char when[32];
    rfc3339_format(a->expires_at, when, sizeof when);
    if (left <= 0) {
        a->expires_in_s = 0;
        a->expiry_state = ARCP_CRITICAL;
        snprintf(a->expiry_text, sizeof a->expiry_text,
                 _("probably expired since %s (estimate: last heartbeat %s + %d days)"), when,
                 heartbeat, ARCP_EXPIRY_DAYS);
        set_reonboard_remedy(a);
        return;
    }
    a->expires_in_s = left;
    long long days = left / DAY_S;
    /* TRANSLATORS: days left (rounded down), the estimated date, the last
     * heartbeat and the 45-day rule it is computed from */
    snprintf(a->expiry_text, sizeof a->expiry_text,
             P_("expires in about %lld day, at %s (estimate: last heartbeat %s + %d days)",
                "expires in about %lld days, at %s (estimate: last heartbeat %s + %d days)",
                (unsigned long)days),
             days, when, heartbeat, ARCP_EXPIRY_DAYS);
    if (left < threshold_s(cfg->expiry_critical_days))
        a->expiry_state = ARCP_CRITICAL;
    else if (left < threshold_s(cfg->expiry_warning_days))
        a->expiry_state = ARCP_WARNING;
    if (a->expiry_state != ARCP_OK)
        snprintf(a->expiry_remedy, sizeof a->expiry_remedy,
                 _("restore the agent's connection to Azure before %s (azcmagent check, network "
                   "and proxy to the required endpoints, himdsd running); after that date the "
                   "machine must be onboarded again"),
                 when);
}

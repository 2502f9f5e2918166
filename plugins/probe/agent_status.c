/* Connected / Disconnected / Expired and the heartbeat's age, from the JSON
 * the agent itself publishes. */
#include "agent_status.h"
#include "agent_expiry.h"
#include "json_util.h"
#include "rfc3339.h"
#include "sanitize.h"
#include "l10n.h"

#include <stdio.h>
#include <time.h>
#include <string.h>
#include <strings.h>

static arcp_agent_status status_from_text(const char *s)
{
    if (strcasecmp(s, "Connected") == 0)
        return ARCP_AGENT_CONNECTED;
    if (strcasecmp(s, "Disconnected") == 0)
        return ARCP_AGENT_DISCONNECTED;
    if (strcasecmp(s, "Expired") == 0)
        return ARCP_AGENT_EXPIRED;
    return ARCP_AGENT_UNKNOWN;
}

/* Sources (tests/sim/AGENT-FIELDS.md): `status` is the one field Microsoft's
 * onboarding script reads from /agentstatus; `azcmagent show -j` documents
 * status, lastHeartbeat, resourceName, location, agentVersion,
 * agentErrorCode and agentErrorDetails. In /agentstatus all but `status` are
 * unconfirmed, and `resourceId` is unconfirmed in both: each is read only if
 * present with the expected type (json_member matches any case), never
 * required. */
int agent_status_from_json(const json_object *obj, time_t now, struct arcp_agent *agent)
{
    char heartbeat[64];
    json_copy_string(obj, "resourceId", agent->resource_id, sizeof agent->resource_id);
    json_copy_string(obj, "resourceName", agent->resource_name, sizeof agent->resource_name);
    json_copy_string(obj, "location", agent->location, sizeof agent->location);
    json_copy_member(obj, "agentVersion", agent->agent_version, sizeof agent->agent_version);
    json_copy_member(obj, "agentErrorCode", agent->error_code, sizeof agent->error_code);
    json_copy_member(obj, "agentErrorDetails", agent->error_details, sizeof agent->error_details);
    if (json_copy_string(obj, "lastHeartbeat", heartbeat, sizeof heartbeat)) {
        time_t t;
        if (rfc3339_parse(heartbeat, strlen(heartbeat), &t) == 0) {
            agent->last_heartbeat = t;
            agent->heartbeat_age_s = now >= t ? (long long)(now - t) : 0;
        }
    }
    if (!json_copy_string(obj, "status", agent->status_raw, sizeof agent->status_raw))
        return 0;
    agent->status = status_from_text(agent->status_raw);
    return 1;
}

static void describe_age(char *buf, size_t len, long long s)
{
    if (s < 0)
        snprintf(buf, len, _("unknown"));
    else if (s < 120)
        snprintf(buf, len, _("%lld s ago"), s);
    else if (s < 7200)
        snprintf(buf, len, _("%lld min ago"), s / 60);
    else if (s < 3 * 86400)
        snprintf(buf, len, _("%lld h ago"), s / 3600);
    else
        snprintf(buf, len, _("%lld days ago"), s / 86400);
}

void agent_status_fold(const struct arcp_config *cfg, struct arcp_agent *agent,
                       const char *why_unknown)
{
    char age[32];
    describe_age(age, sizeof age, agent->heartbeat_age_s);
    long long ahead =
        agent->last_heartbeat ? (long long)agent->last_heartbeat - (long long)time(NULL) : 0;
    switch (agent->status) {
    case ARCP_AGENT_CONNECTED:
        if (ahead > HEARTBEAT_FUTURE_SLACK_S) {
            agent->state = ARCP_WARNING;
            snprintf(agent->text, sizeof agent->text,
                     _("agent Connected but its last heartbeat is %lld s in the future"), ahead);
        } else if (agent->heartbeat_age_s > cfg->heartbeat_critical) {
            agent->state = ARCP_CRITICAL;
            snprintf(agent->text, sizeof agent->text,
                     _("agent Connected but last heartbeat %s (critical above %lld s)"), age,
                     cfg->heartbeat_critical);
        } else if (agent->heartbeat_age_s > cfg->heartbeat_warning) {
            agent->state = ARCP_WARNING;
            snprintf(agent->text, sizeof agent->text,
                     _("agent Connected but last heartbeat %s (warning above %lld s)"), age,
                     cfg->heartbeat_warning);
        } else {
            agent->state = ARCP_OK;
            snprintf(agent->text, sizeof agent->text, _("agent Connected, last heartbeat %s"), age);
        }
        break;
    case ARCP_AGENT_DISCONNECTED:
        agent->state = ARCP_CRITICAL;
        snprintf(agent->text, sizeof agent->text, _("agent Disconnected, last heartbeat %s"), age);
        break;
    case ARCP_AGENT_EXPIRED:
        agent->state = ARCP_CRITICAL;
        snprintf(agent->text, sizeof agent->text, _("agent Expired, last heartbeat %s"), age);
        break;
    case ARCP_AGENT_UNKNOWN:
    default:
        agent->state = ARCP_UNKNOWN;
        if (agent->status_raw[0])
            snprintf(agent->text, sizeof agent->text, _("agent reports unknown status '%s'"),
                     agent->status_raw);
        else
            snprintf(agent->text, sizeof agent->text, _("agent status unknown: %s"),
                     why_unknown && *why_unknown ? why_unknown : _("no status reported"));
        break;
    }
    agent_expiry_fold(cfg, agent);
    /* The countdown belongs in the one line an alert shows: the admin
     * should not need to know the 45-day rule to see the date. */
    if (agent->status == ARCP_AGENT_DISCONNECTED && agent->expires_in_s >= 0) {
        char countdown[128];
        long long days = agent->expires_in_s / 86400;
        if (agent->expires_in_s > 0)
            snprintf(countdown, sizeof countdown,
                     P_("expires in about %lld day (estimate)",
                        "expires in about %lld days (estimate)", (unsigned long)days),
                     days);
        else
            snprintf(countdown, sizeof countdown, "%s", _("probably expired (estimate)"));
        size_t used = strlen(agent->text);
        snprintf(agent->text + used, sizeof agent->text - used, " - %s", countdown);
    }
}

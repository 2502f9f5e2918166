/* What a component's state means and what to do about it. The texts say
 * what was found; cause and remedy live here, once, for every front end.
 * Everything said is true of the agent on Linux (systemd unit himdsd, logs
 * under /var/opt/azcmagent/log). */
#include "report_meaning.h"
#include "agent_status.h"
#include "l10n.h"
#include "sanitize.h"

#include <time.h>

static void say(char *cause, size_t cause_len, char *remedy, size_t remedy_len, const char *why,
                const char *what_to_do)
{
    arcp_copy(cause, cause_len, why);
    arcp_copy(remedy, remedy_len, what_to_do);
}

#define SAY(component, why, what_to_do)                                                            \
    say((component)->cause, sizeof(component)->cause, (component)->remedy,                         \
        sizeof(component)->remedy, why, what_to_do)

/* The himds probe, which fills himds and the agent, always notes how it
 * asked (service_method, agent source, at least "none"). With not one of
 * those facts learnt it did not run (the network side could not be
 * loaded): the probe said why and what to do (net_unavailable.c), and that
 * stands. */
static int network_side_missing(const arcp_report *r)
{
    return r->himds.service_method == ARCP_METHOD_UNSET &&
           r->himds.service == ARCP_SERVICE_UNKNOWN && r->himds.endpoint == ARCP_HIMDS_NOT_PROBED &&
           r->agent.source == ARCP_AGENT_SOURCE_UNSET && r->agent.status == ARCP_AGENT_UNKNOWN &&
           r->agent.last_heartbeat == 0;
}

static void himds_meaning(struct arcp_himds *h)
{
    switch (h->service) {
    case ARCP_SERVICE_NOT_INSTALLED:
        SAY(h,
            _("no himds process and no agent directory: the Connected Machine agent is not "
              "installed (or agent_dir and himds_process point elsewhere)"),
            _("install the Azure Connected Machine agent, or set agent_dir and himds_process in "
              "arcprobe.conf"));
        return;
    case ARCP_SERVICE_INACTIVE:
    case ARCP_SERVICE_FAILED:
        SAY(h, _("the himdsd service is not running"),
            _("start it with 'systemctl start himdsd'; if it stops again, read "
              "'journalctl -u himdsd' and /var/opt/azcmagent/log/himds.log"));
        return;
    default:
        break;
    }
    switch (h->endpoint) {
    case ARCP_HIMDS_ANSWERED:
        if (h->identity == 1) {
            /* only a front end's latency threshold makes this not OK; an
             * answer that is too fast asks nothing of the agent */
            if (h->latency_side == ARCP_LIMIT_BELOW)
                SAY(h, _("himds answers faster than the configured limit"), "");
            else if (h->latency_side == ARCP_LIMIT_INSIDE)
                SAY(h, _("the response time of himds lies in the configured alert range"), "");
            else
                SAY(h, _("himds answers slower than the configured limit"),
                    _("read /var/opt/azcmagent/log/himds.log for what keeps the agent busy"));
            return;
        }
        SAY(h, _("the identity endpoint did not answer with its usual challenge"),
            _("read /var/opt/azcmagent/log/himds.log and check 'azcmagent show': the agent may "
              "be upgrading or its identity may be broken"));
        return;
    case ARCP_HIMDS_REFUSED:
        SAY(h, _("nothing listens on the himds port"),
            _("restart the agent with 'systemctl restart himdsd' and check himds_url"));
        return;
    case ARCP_HIMDS_TIMEOUT:
        SAY(h, _("himds accepts connections but does not answer"),
            _("restart the agent with 'systemctl restart himdsd' and read "
              "/var/opt/azcmagent/log/himds.log"));
        return;
    case ARCP_HIMDS_GARBAGE:
    case ARCP_HIMDS_HTML:
    case ARCP_HIMDS_HTTP_ERROR:
        SAY(h, _("something other than himds answers on its port, or himds is broken"),
            _("check what listens there ('ss -ltnp') and himds_url, then restart himdsd"));
        return;
    default:
        SAY(h, _("himds could not be reached"),
            _("check himds_url and that himdsd runs ('systemctl status himdsd')"));
        return;
    }
}

static void agent_meaning(struct arcp_agent *a)
{
    /* A Disconnected agent's countdown (agent_expiry.c) knows the date to
     * act before, or that the identity has lapsed: its remedy is the one. */
    const char *expiry = a->expiry_remedy;
    switch (a->status) {
    case ARCP_AGENT_DISCONNECTED:
        SAY(a, _("the agent has not reached Azure since its last heartbeat"),
            expiry[0] ? expiry
                      : _("run 'azcmagent check' to test the endpoints and the proxy the agent "
                          "uses, fix what fails, and read /var/opt/azcmagent/log/himds.log"));
        return;
    case ARCP_AGENT_EXPIRED:
        SAY(a,
            _("the machine was disconnected for more than 45 days and its identity certificate "
              "lapsed"),
            expiry[0] ? expiry
                      : _("onboard the machine again: 'azcmagent disconnect "
                          "--force-local-only', then 'azcmagent connect'"));
        return;
    case ARCP_AGENT_CONNECTED:
        if (a->last_heartbeat > 0 &&
            (long long)a->last_heartbeat - (long long)time(NULL) > HEARTBEAT_FUTURE_SLACK_S) {
            SAY(a, _("the heartbeat lies in the future: this machine's clock is wrong"),
                _("check time synchronisation ('timedatectl status', chrony or "
                  "systemd-timesyncd)"));
            return;
        }
        if (a->heartbeat_side == ARCP_LIMIT_BELOW)
            SAY(a,
                _("the agent is Connected but its heartbeat is more recent than the configured "
                  "limit"),
                "");
        else if (a->heartbeat_side == ARCP_LIMIT_INSIDE)
            SAY(a,
                _("the agent is Connected but its heartbeat age lies in the configured alert "
                  "range"),
                "");
        else
            SAY(a, _("the agent is Connected but its heartbeat is older than the configured limit"),
                _("run 'azcmagent check' and read /var/opt/azcmagent/log/himds.log; restart "
                  "himdsd if the log has stopped"));
        return;
    default:
        SAY(a, _("the agent's status could not be read"),
            _("make sure himdsd runs and answers ('systemctl status himdsd'), or set "
              "use_azcmagent_show = true"));
        return;
    }
}

static void azcm_meaning(struct arcp_azcm *z)
{
    /* A scan that could not be trusted said why and what to do
     * (azcm_problem.c): that is what its UNKNOWN means, whatever code it
     * saw before it stopped. */
    if (z->state == ARCP_UNKNOWN && z->cause[0])
        return;
    const char *cause = z->diagnosis[0]                           ? z->diagnosis
                        : z->found && z->meaning && z->meaning[0] ? z->meaning
                                                                  : "";
    const char *remedy = z->diagnosis_remedy[0]       ? z->diagnosis_remedy
                         : z->found && z->code_remedy ? z->code_remedy
                                                      : "";
    /* the catalog's and the diagnosis' texts are static or already clean */
    SAY(z, cause, remedy);
}

void component_meanings(arcp_report *r)
{
    r->azcm.code_in_force = !r->azcm.found || r->azcm.code < 0 ? -1
                            : r->azcm.resolved                 ? 0
                                                               : r->azcm.code;
    if (!network_side_missing(r)) {
        if (r->himds.state != ARCP_OK)
            himds_meaning(&r->himds);
        else
            SAY(&r->himds, "", "");
        if (r->agent.state != ARCP_OK)
            agent_meaning(&r->agent);
        else
            SAY(&r->agent, "", "");
    }
    if (r->azcm.state != ARCP_OK)
        azcm_meaning(&r->azcm);
    else
        SAY(&r->azcm, "", "");
}

/* publish.c - hand each new probe result to the SNMP side, on the SNMP thread. */
#include "publish.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/agent/agent_callbacks.h>

#include "endpoint_table.h"
#include "notifications.h"

static struct snapshot *served;
static struct prober *source;
static unsigned int alarm_id;
/* Set at start and by every (re)connection to the master agent: the next
 * real result is announced as the initial state. */
static int announce;

static int on_connected(int major, int minor, void *server_arg, void *client_arg)
{
    (void)major;
    (void)minor;
    (void)server_arg;
    (void)client_arg;
    announce = 1;
    return SNMPERR_SUCCESS;
}

/* The MIB numbers states from 1 (arcp_state + 1). */
static const char *state_word(long mib_state)
{
    return arcp_state_name(mib_state >= 1 && mib_state <= 4 ? (arcp_state)(mib_state - 1)
                                                            : ARCP_UNKNOWN);
}

/* Once connected with a real result: say what is not ok. */
static void announce_if_due(void)
{
    if (!announce || served == NULL || served->probe_count == 0)
        return;
    notifications_send_initial(served);
    announce = 0;
}

static void collect(unsigned int clientreg, void *clientarg)
{
    (void)clientreg;
    (void)clientarg;
    char err[320];

    if (prober_take_error(source, err, sizeof err))
        snmp_log(LOG_WARNING, "arcprobe-agentx: %s\n", err);
    struct snapshot *next = prober_take(source);
    if (next == NULL) {
        announce_if_due();
        return;
    }
    if (served == NULL || served->overall_state != next->overall_state)
        snmp_log(LOG_INFO, "arcprobe-agentx: state %s: %s\n", state_word(next->overall_state),
                 next->summary);
    if (snapshot_carry_observed(served, next) != 0)
        snmp_log(LOG_WARNING, "arcprobe-agentx: out of memory: endpoints that left the list "
                              "while failing are forgotten, their recovery raises nothing\n");
    endpoint_table_update(next);
    if (!announce)
        notifications_send(served, next);
    snapshot_free(served);
    served = next;
    announce_if_due();
}

int publish_start(struct prober *p, unsigned poll_ms)
{
    struct timeval every = {.tv_sec = poll_ms / 1000, .tv_usec = (poll_ms % 1000) * 1000};

    source = p;
    served = snapshot_new_placeholder();
    if (served == NULL)
        return -1;
    /* the first connection was made in init_snmp(), before this: the
     * first result is announced; every reconnection calls on_connected */
    announce = 1;
    snmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START, on_connected,
                           NULL);
    alarm_id = snmp_alarm_register_hr(every, SA_REPEAT, collect, NULL);
    return alarm_id == 0 ? -1 : 0;
}

const struct snapshot *publish_current(void)
{
    return served;
}

void publish_stop(void)
{
    if (alarm_id != 0)
        snmp_alarm_unregister(alarm_id);
    alarm_id = 0;
    snmp_unregister_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START, on_connected,
                             NULL, 1);
    endpoint_table_clear();
    snapshot_free(served);
    served = NULL;
    source = NULL;
}

/* notifications.c - SNMPv2 notifications for transitions between two snapshots.
 *
 * Each notification carries snmpTrapOID.0 and the objects its
 * NOTIFICATION-TYPE lists, with the new values; send_v2trap() adds
 * sysUpTime.0 and hands it to the master agent, which forwards it to its
 * trap sinks. */
#include "notifications.h"

#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "endpoint_table.h"
#include "mib_oids.h"
#include "scalars.h"

struct scalar_ref {
    int group, item;
};

/* A fresh varbind list holding snmpTrapOID.0 = arcprobeNotifications.which */
static netsnmp_variable_list *start_notification(int which)
{
    static const oid snmp_trap_oid[] = {1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0};
    static const oid base[] = {ARCPROBE_MIB_NOTIFICATIONS};
    oid trap[sizeof base / sizeof base[0] + 1];
    netsnmp_variable_list *vars = NULL;

    memcpy(trap, base, sizeof base);
    trap[sizeof base / sizeof base[0]] = (oid)which;
    if (snmp_varlist_add_variable(&vars, snmp_trap_oid, sizeof snmp_trap_oid / sizeof(oid),
                                  ASN_OBJECT_ID, trap, sizeof trap) == NULL)
        return NULL;
    return vars;
}

/* arcprobeNotificationInitial.0: true(1) when the notification reports a
 * state found at (re)connection rather than a change. */
static int append_initial(netsnmp_variable_list **vars, int initial)
{
    static const oid name[] = {ARCPROBE_MIB_OBJECTS, MIB_NOTIFICATION_INITIAL, 0};
    long value = initial ? MIB_TRUE : MIB_FALSE;
    return snmp_varlist_add_variable(vars, name, sizeof name / sizeof name[0], ASN_INTEGER, &value,
                                     sizeof value) != NULL
               ? 0
               : -1;
}

static void finish(netsnmp_variable_list *vars, int ok, int initial, const char *what)
{
    if (vars != NULL && ok)
        ok = append_initial(&vars, initial) == 0;
    if (vars != NULL && ok)
        send_v2trap(vars);
    else
        snmp_log(LOG_ERR, "arcprobe-agentx: could not build the %s notification\n", what);
    snmp_free_varbind(vars);
}

static void send_scalars(int which, const char *what, const struct snapshot *snap,
                         const struct scalar_ref *refs, size_t n, int initial)
{
    netsnmp_variable_list *vars = start_notification(which);
    int ok = vars != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = scalars_append(&vars, snap, refs[i].group, refs[i].item) == 0;
    finish(vars, ok, initial, what);
}

static void send_endpoint_change(const struct snapshot_endpoint *ep, int initial)
{
    static const int columns[] = {COL_ENDPOINT_NAME, COL_ENDPOINT_STATE,
                                  COL_ENDPOINT_FAILURE_CLASS};
    netsnmp_variable_list *vars = start_notification(NOTIFY_ENDPOINT_STATE_CHANGE);
    int ok = vars != NULL;
    for (size_t i = 0; ok && i < sizeof columns / sizeof columns[0]; i++)
        ok = endpoint_table_append(&vars, ep->name, columns[i]) == 0;
    finish(vars, ok, initial, "arcprobeEndpointStateChange");
}

static int azcm_is_new(const struct snapshot *prev, const struct snapshot *next)
{
    if (!next->azcm_found)
        return 0;
    if (!prev->azcm_found)
        return 1;
    return prev->azcm_code != next->azcm_code || prev->azcm_time != next->azcm_time ||
           strcmp(prev->azcm_code_name, next->azcm_code_name) != 0;
}

static const struct scalar_ref himds_refs[] = {
    {MIB_HIMDS_STATE}, {MIB_HIMDS_SERVICE_STATE}, {MIB_HIMDS_ENDPOINT_RESULT}, {MIB_HIMDS_TEXT}};
static const struct scalar_ref agent_refs[] = {
    {MIB_AGENT_STATUS}, {MIB_AGENT_STATE}, {MIB_AGENT_LAST_HEARTBEAT}};
static const struct scalar_ref azcm_refs[] = {{MIB_AZCM_LAST_CODE},
                                              {MIB_AZCM_LAST_CODE_NAME},
                                              {MIB_AZCM_TIME},
                                              {MIB_AZCM_MESSAGE},
                                              {MIB_AZCM_MEANING}};
#define COUNT(a) (sizeof(a) / sizeof(a)[0])

static void send_himds(const struct snapshot *s, int initial)
{
    send_scalars(NOTIFY_HIMDS_STATE_CHANGE, "arcprobeHimdsStateChange", s, himds_refs,
                 COUNT(himds_refs), initial);
}

static void send_agent(const struct snapshot *s, int initial)
{
    send_scalars(NOTIFY_AGENT_STATUS_CHANGE, "arcprobeAgentStatusChange", s, agent_refs,
                 COUNT(agent_refs), initial);
}

static void send_azcm(const struct snapshot *s, int initial)
{
    send_scalars(NOTIFY_NEW_AZCM_CODE, "arcprobeNewAzcmCode", s, azcm_refs, COUNT(azcm_refs),
                 initial);
}

void notifications_send(const struct snapshot *prev, const struct snapshot *next)
{
    if (prev == NULL || next == NULL || prev->probe_count == 0)
        return;

    if (prev->himds_state != next->himds_state)
        send_himds(next, 0);
    if (prev->agent_status != next->agent_status || prev->agent_state != next->agent_state)
        send_agent(next, 0);
    if (azcm_is_new(prev, next))
        send_azcm(next, 0);
    for (size_t i = 0; i < next->endpoint_count; i++) {
        if (snapshot_endpoint_changed(prev, &next->endpoints[i]))
            send_endpoint_change(&next->endpoints[i], 0);
    }
}

void notifications_send_initial(const struct snapshot *snap)
{
    if (snap == NULL || snap->probe_count == 0)
        return;
    if (snap->himds_state != MIB_STATE_OK)
        send_himds(snap, 1);
    if (snap->agent_state != MIB_STATE_OK)
        send_agent(snap, 1);
    if (snap->azcm_state != MIB_STATE_OK && snap->azcm_found)
        send_azcm(snap, 1);
    for (size_t i = 0; i < snap->endpoint_count; i++) {
        const struct snapshot_endpoint *ep = &snap->endpoints[i];
        /* an endpoint the deadline cut off was not observed */
        if (ep->state != MIB_STATE_OK && ep->reached >= 0)
            send_endpoint_change(ep, 1);
    }
}

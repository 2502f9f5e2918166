/* endpoint_table.c - arcprobeEndpointTable on Net-SNMP's tdata helper.
 *
 * tdata keeps the rows sorted by index and does GETNEXT/GETBULK for us; the
 * rows are plain copies of the served snapshot, so a GET costs a lookup. */
#include "endpoint_table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "mib_oids.h"
#include "mib_value.h"

/* Everything the agent remembers about one endpoint name. */
struct endpoint_row {
    u_long index;
    struct snapshot_endpoint ep;
    uint64_t changed_cs; /* monotonic clock, centiseconds (timestamp_of) */
    uint64_t failures;
    netsnmp_tdata_row *row; /* NULL while the endpoint is not in the snapshot */
};

/* Arbitrary but finite: a config can name a few dozen endpoints. */
#define MAX_KNOWN_ENDPOINTS 1024
#define MAX_ENDPOINT_INDEX 65535u

static netsnmp_tdata *table;
static struct endpoint_row *known[MAX_KNOWN_ENDPOINTS];
static size_t known_count;
static u_long next_index = 1;
static int full_logged;

static uint64_t monotonic_cs(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 100u + (uint64_t)ts.tv_nsec / 10000000u;
}

/* A TimeStamp is the master's sysUpTime when something happened. Net-SNMP
 * sets the subagent's uptime to the master's at every AgentX exchange, so
 * the uptime jumps when snmpd restarts (back to 0) or is first reached
 * after a start without it: a stored uptime would then lie in the future
 * or in the past. The age of the moment, taken from the uptime now, is
 * right on the master's current clock; a moment before that clock started
 * is 0, as RFC 2579 resets every TimeStamp when sysUpTime restarts. */
static u_long timestamp_of(uint64_t at_cs)
{
    uint64_t age = monotonic_cs() - at_cs;
    u_long uptime = netsnmp_get_agent_uptime();
    return age >= uptime ? 0 : uptime - (u_long)age;
}

static struct endpoint_row *find_known(const char *name)
{
    for (size_t i = 0; i < known_count; i++) {
        if (strcmp(known[i]->ep.name, name) == 0)
            return known[i];
    }
    return NULL;
}

static void column_value(const struct endpoint_row *r, int column, struct mib_value *v)
{
    const struct snapshot_endpoint *ep = &r->ep;

    switch (column) {
    case COL_ENDPOINT_NAME:
        mib_value_text(v, ep->name, sizeof ep->name);
        break;
    case COL_ENDPOINT_URL:
        mib_value_text(v, ep->url, sizeof ep->url);
        break;
    case COL_ENDPOINT_REQUIRED:
        mib_value_integer(v, ep->required);
        break;
    case COL_ENDPOINT_STATE:
        mib_value_integer(v, ep->state);
        break;
    case COL_ENDPOINT_FAILURE_CLASS:
        mib_value_integer(v, ep->failure_class);
        break;
    case COL_ENDPOINT_DNS_TIME:
        mib_value_integer(v, ep->dns_us);
        break;
    case COL_ENDPOINT_CONNECT_TIME:
        mib_value_integer(v, ep->connect_us);
        break;
    case COL_ENDPOINT_TLS_TIME:
        mib_value_integer(v, ep->tls_us);
        break;
    case COL_ENDPOINT_TOTAL_TIME:
        mib_value_integer(v, ep->total_us);
        break;
    case COL_ENDPOINT_HTTP_STATUS:
        mib_value_integer(v, ep->http_status);
        break;
    case COL_ENDPOINT_LAST_CHANGE:
        mib_value_timeticks(v, timestamp_of(r->changed_cs));
        break;
    case COL_ENDPOINT_FAILURES:
        mib_value_counter64(v, r->failures);
        break;
    case COL_ENDPOINT_DETAIL:
        mib_value_text(v, ep->detail, sizeof ep->detail);
        break;
    default:
        v->type = 0;
        break;
    }
}

static int table_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
                         netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
    (void)handler;
    (void)reginfo;
    if (reqinfo->mode != MODE_GET)
        return SNMP_ERR_NOERROR;
    for (netsnmp_request_info *req = requests; req != NULL; req = req->next) {
        if (req->processed)
            continue;
        const struct endpoint_row *r = netsnmp_tdata_extract_entry(req);
        netsnmp_table_request_info *info = netsnmp_extract_table_info(req);
        struct mib_value v;
        if (r == NULL || info == NULL) {
            netsnmp_set_request_error(reqinfo, req, SNMP_NOSUCHINSTANCE);
            continue;
        }
        column_value(r, (int)info->colnum, &v);
        if (v.type == 0) {
            netsnmp_set_request_error(reqinfo, req, SNMP_NOSUCHOBJECT);
            continue;
        }
        mib_value_answer(req, &v);
    }
    return SNMP_ERR_NOERROR;
}

int endpoint_table_register(void)
{
    static const oid entry[] = {ARCPROBE_MIB_ENDPOINT_ENTRY};
    /* The registration is for the table, one arc above the entry. */
    const size_t table_len = sizeof entry / sizeof entry[0] - 1;

    table = netsnmp_tdata_create_table("arcprobeEndpointTable", 0);
    netsnmp_table_registration_info *info = SNMP_MALLOC_TYPEDEF(netsnmp_table_registration_info);
    netsnmp_handler_registration *reg = netsnmp_create_handler_registration(
        "arcprobeEndpointTable", table_handler, entry, table_len, HANDLER_CAN_RONLY);
    if (table == NULL || info == NULL || reg == NULL) {
        snmp_log(LOG_ERR, "arcprobe-agentx: out of memory registering the endpoint table\n");
        return -1;
    }
    netsnmp_table_helper_add_indexes(info, ASN_UNSIGNED, 0);
    info->min_column = COL_ENDPOINT_FIRST;
    info->max_column = COL_ENDPOINT_LAST;
    if (netsnmp_tdata_register(reg, table, info) != MIB_REGISTERED_OK) {
        snmp_log(LOG_ERR, "arcprobe-agentx: cannot register the endpoint table\n");
        return -1;
    }
    return 0;
}

static struct endpoint_row *remember(const struct snapshot_endpoint *ep, uint64_t now)
{
    if (known_count == MAX_KNOWN_ENDPOINTS || next_index > MAX_ENDPOINT_INDEX) {
        if (!full_logged)
            snmp_log(LOG_WARNING, "arcprobe-agentx: too many endpoint names, not all are shown\n");
        full_logged = 1;
        return NULL;
    }
    struct endpoint_row *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->index = next_index++;
    r->ep = *ep;
    r->changed_cs = now;
    known[known_count++] = r;
    return r;
}

static int show_row(struct endpoint_row *r)
{
    netsnmp_tdata_row *row = netsnmp_tdata_create_row();
    if (row == NULL)
        return -1;
    row->data = r;
    netsnmp_tdata_row_add_index(row, ASN_UNSIGNED, &r->index, sizeof r->index);
    if (netsnmp_tdata_add_row(table, row) != SNMPERR_SUCCESS) {
        netsnmp_tdata_delete_row(row);
        return -1;
    }
    r->row = row;
    return 0;
}

static void hide_row(struct endpoint_row *r)
{
    if (r->row == NULL)
        return;
    netsnmp_tdata_remove_and_delete_row(table, r->row);
    r->row = NULL;
}

static int in_snapshot(const struct snapshot *snap, const char *name)
{
    for (size_t i = 0; i < snap->endpoint_count; i++) {
        if (strcmp(snap->endpoints[i].name, name) == 0)
            return 1;
    }
    return 0;
}

void endpoint_table_update(const struct snapshot *snap)
{
    uint64_t now = monotonic_cs();

    if (table == NULL)
        return;
    for (size_t i = 0; i < known_count; i++) {
        if (!in_snapshot(snap, known[i]->ep.name))
            hide_row(known[i]);
    }
    for (size_t i = 0; i < snap->endpoint_count; i++) {
        const struct snapshot_endpoint *ep = &snap->endpoints[i];
        struct endpoint_row *r = find_known(ep->name);
        if (r == NULL) {
            r = remember(ep, now);
            if (r == NULL)
                continue;
        } else {
            if (r->ep.state != ep->state || r->row == NULL)
                r->changed_cs = now;
            r->ep = *ep;
        }
        /* "not probed" means the deadline came first: no evidence either way */
        if (ep->reached == 0)
            r->failures++;
        if (r->row == NULL && show_row(r) != 0)
            snmp_log(LOG_ERR, "arcprobe-agentx: out of memory adding an endpoint row\n");
    }
}

int endpoint_table_append(netsnmp_variable_list **list, const char *name, int column)
{
    static const oid entry[] = {ARCPROBE_MIB_ENDPOINT_ENTRY};
    const struct endpoint_row *r = find_known(name);
    struct mib_value v;

    if (r == NULL || r->row == NULL)
        return -1;
    column_value(r, column, &v);
    if (v.type == 0)
        return -1;
    oid oidbuf[sizeof entry / sizeof entry[0] + 2];
    size_t len = sizeof entry / sizeof entry[0];
    memcpy(oidbuf, entry, sizeof entry);
    oidbuf[len++] = (oid)column;
    oidbuf[len++] = (oid)r->index;
    return mib_value_append(list, oidbuf, len, &v);
}

void endpoint_table_clear(void)
{
    for (size_t i = 0; i < known_count; i++) {
        hide_row(known[i]);
        free(known[i]);
        known[i] = NULL;
    }
    known_count = 0;
}

/* scalars.c - GET handlers for the scalars of ARCPROBE-MIB.
 *
 * One table describes every scalar (where it lives in the snapshot and how
 * it is encoded); one handler serves them all from the served snapshot, so
 * an answer never waits for a probe. */
#include "scalars.h"

#include <stddef.h>

#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "mib_oids.h"
#include "mib_value.h"
#include "publish.h"

enum scalar_kind {
    KIND_INTEGER,    /* long */
    KIND_TEXT,       /* char[] */
    KIND_DATETIME,   /* time_t */
    KIND_GAUGE,      /* unsigned long */
    KIND_COUNTER,    /* unsigned long */
    KIND_GAUGE_SIZE, /* size_t */
};

struct scalar_def {
    const char *name;
    oid group, item;
    enum scalar_kind kind;
    size_t offset;
    size_t maxlen; /* KIND_TEXT: the field's size */
};

#define FIELD(f) offsetof(struct snapshot, f)
#define TEXT(f) KIND_TEXT, FIELD(f), sizeof(((struct snapshot *)0)->f)

static const struct scalar_def scalar_defs[] = {
    {"arcprobeOverallState", MIB_OVERALL_STATE, KIND_INTEGER, FIELD(overall_state), 0},
    {"arcprobeSummary", MIB_SUMMARY, TEXT(summary)},
    {"arcprobeLastProbeTime", MIB_LAST_PROBE_TIME, KIND_DATETIME, FIELD(probe_time), 0},
    {"arcprobeProbeDuration", MIB_PROBE_DURATION, KIND_GAUGE, FIELD(duration_ms), 0},
    {"arcprobeProbeIncomplete", MIB_PROBE_INCOMPLETE, KIND_INTEGER, FIELD(incomplete), 0},
    {"arcprobeProbeCount", MIB_PROBE_COUNT, KIND_COUNTER, FIELD(probe_count), 0},

    {"arcprobeHimdsState", MIB_HIMDS_STATE, KIND_INTEGER, FIELD(himds_state), 0},
    {"arcprobeHimdsText", MIB_HIMDS_TEXT, TEXT(himds_text)},
    {"arcprobeHimdsServiceState", MIB_HIMDS_SERVICE_STATE, KIND_INTEGER, FIELD(himds_service), 0},
    {"arcprobeHimdsEndpointResult", MIB_HIMDS_ENDPOINT_RESULT, KIND_INTEGER,
     FIELD(himds_endpoint_result), 0},
    {"arcprobeHimdsEndpointLatency", MIB_HIMDS_ENDPOINT_LATENCY, KIND_INTEGER,
     FIELD(himds_latency_us), 0},
    {"arcprobeHimdsHttpStatus", MIB_HIMDS_HTTP_STATUS, KIND_INTEGER, FIELD(himds_http_status), 0},
    {"arcprobeHimdsIdentityAnswered", MIB_HIMDS_IDENTITY, KIND_INTEGER, FIELD(himds_identity), 0},

    {"arcprobeAgentState", MIB_AGENT_STATE, KIND_INTEGER, FIELD(agent_state), 0},
    {"arcprobeAgentText", MIB_AGENT_TEXT, TEXT(agent_text)},
    {"arcprobeAgentStatus", MIB_AGENT_STATUS, KIND_INTEGER, FIELD(agent_status), 0},
    {"arcprobeAgentLastHeartbeat", MIB_AGENT_LAST_HEARTBEAT, KIND_DATETIME,
     FIELD(agent_last_heartbeat), 0},
    {"arcprobeAgentHeartbeatAge", MIB_AGENT_HEARTBEAT_AGE, KIND_INTEGER,
     FIELD(agent_heartbeat_age_s), 0},
    {"arcprobeAgentResourceId", MIB_AGENT_RESOURCE_ID, TEXT(agent_resource_id)},
    {"arcprobeAgentLocation", MIB_AGENT_LOCATION, TEXT(agent_location)},
    {"arcprobeAgentCloud", MIB_AGENT_CLOUD, TEXT(agent_cloud)},
    {"arcprobeAgentVersion", MIB_AGENT_VERSION, TEXT(agent_version)},
    {"arcprobeAgentExpiresIn", MIB_AGENT_EXPIRES_IN, KIND_INTEGER, FIELD(agent_expires_in_s), 0},
    {"arcprobeAgentExpiryState", MIB_AGENT_EXPIRY_STATE, KIND_INTEGER, FIELD(agent_expiry_state),
     0},
    {"arcprobeAgentExpiryText", MIB_AGENT_EXPIRY_TEXT, TEXT(agent_expiry_text)},

    {"arcprobeAzcmState", MIB_AZCM_STATE, KIND_INTEGER, FIELD(azcm_state), 0},
    {"arcprobeAzcmLastCode", MIB_AZCM_LAST_CODE, KIND_INTEGER, FIELD(azcm_code), 0},
    {"arcprobeAzcmLastCodeName", MIB_AZCM_LAST_CODE_NAME, TEXT(azcm_code_name)},
    {"arcprobeAzcmTime", MIB_AZCM_TIME, KIND_DATETIME, FIELD(azcm_time), 0},
    {"arcprobeAzcmMessage", MIB_AZCM_MESSAGE, TEXT(azcm_message)},
    {"arcprobeAzcmMeaning", MIB_AZCM_MEANING, TEXT(azcm_meaning)},
    {"arcprobeAzcmResolved", MIB_AZCM_RESOLVED, KIND_INTEGER, FIELD(azcm_resolved), 0},

    {"arcprobeEndpointsState", MIB_ENDPOINTS_STATE, KIND_INTEGER, FIELD(endpoints_state), 0},
    {"arcprobeEndpointCount", MIB_ENDPOINT_COUNT, KIND_GAUGE_SIZE, FIELD(endpoint_count), 0},
    {"arcprobeEndpointFailedCount", MIB_ENDPOINT_FAILED_COUNT, KIND_GAUGE, FIELD(endpoint_failed),
     0},

    {"arcprobeClockState", MIB_CLOCK_STATE, KIND_INTEGER, FIELD(clock_state), 0},
    {"arcprobeClockText", MIB_CLOCK_TEXT, TEXT(clock_text)},
    {"arcprobeClockOffset", MIB_CLOCK_OFFSET, KIND_INTEGER, FIELD(clock_offset_ms), 0},
    {"arcprobeClockAnswers", MIB_CLOCK_ANSWERS, KIND_GAUGE, FIELD(clock_answers), 0},
};

static void scalar_value(const struct scalar_def *def, const struct snapshot *snap,
                         struct mib_value *v)
{
    const char *base = (const char *)snap + def->offset;

    switch (def->kind) {
    case KIND_INTEGER:
        mib_value_integer(v, *(const long *)(const void *)base);
        break;
    case KIND_TEXT: {
        size_t max = def->maxlen < SNAPSHOT_TEXT_MAX ? def->maxlen : SNAPSHOT_TEXT_MAX;
        mib_value_text(v, base, max);
        break;
    }
    case KIND_DATETIME:
        mib_value_date_and_time(v, *(const time_t *)(const void *)base);
        break;
    case KIND_GAUGE:
        mib_value_gauge(v, *(const unsigned long *)(const void *)base);
        break;
    case KIND_COUNTER:
        mib_value_counter(v, *(const unsigned long *)(const void *)base);
        break;
    case KIND_GAUGE_SIZE:
        mib_value_gauge(v, (u_long) * (const size_t *)(const void *)base);
        break;
    }
}

static int scalar_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
                          netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
    (void)handler;
    const struct scalar_def *def = reginfo->my_reg_void;
    const struct snapshot *snap = publish_current();

    if (reqinfo->mode != MODE_GET)
        return SNMP_ERR_NOERROR; /* read-only: the helpers refuse SETs */
    for (netsnmp_request_info *req = requests; req != NULL; req = req->next) {
        if (req->processed)
            continue;
        if (snap == NULL) {
            netsnmp_set_request_error(reqinfo, req, SNMP_NOSUCHINSTANCE);
            continue;
        }
        struct mib_value v;
        scalar_value(def, snap, &v);
        mib_value_answer(req, &v);
    }
    return SNMP_ERR_NOERROR;
}

int scalars_register(void)
{
    static const oid objects[] = {ARCPROBE_MIB_OBJECTS};

    for (size_t i = 0; i < sizeof scalar_defs / sizeof scalar_defs[0]; i++) {
        const struct scalar_def *def = &scalar_defs[i];
        oid name[sizeof objects / sizeof objects[0] + 2];
        size_t len = sizeof objects / sizeof objects[0];
        memcpy(name, objects, sizeof objects);
        name[len++] = def->group;
        name[len++] = def->item;

        netsnmp_handler_registration *reg = netsnmp_create_handler_registration(
            def->name, scalar_handler, name, len, HANDLER_CAN_RONLY);
        if (reg == NULL) {
            snmp_log(LOG_ERR, "arcprobe-agentx: cannot register %s\n", def->name);
            return -1;
        }
        reg->my_reg_void = (void *)def;
        if (netsnmp_register_read_only_scalar(reg) != MIB_REGISTERED_OK) {
            snmp_log(LOG_ERR, "arcprobe-agentx: cannot register %s\n", def->name);
            return -1;
        }
    }
    return 0;
}

int scalars_append(netsnmp_variable_list **list, const struct snapshot *snap, int group, int item)
{
    static const oid objects[] = {ARCPROBE_MIB_OBJECTS};

    for (size_t i = 0; i < sizeof scalar_defs / sizeof scalar_defs[0]; i++) {
        const struct scalar_def *def = &scalar_defs[i];
        if (def->group != (oid)group || def->item != (oid)item)
            continue;
        oid name[sizeof objects / sizeof objects[0] + 3];
        size_t len = sizeof objects / sizeof objects[0];
        memcpy(name, objects, sizeof objects);
        name[len++] = def->group;
        name[len++] = def->item;
        name[len++] = 0;
        struct mib_value v;
        scalar_value(def, snap, &v);
        return mib_value_append(list, name, len, &v);
    }
    return -1;
}

/* snapshot.h - one probe result in the form ARCPROBE-MIB serves it.
 *
 * The probe thread builds a snapshot from an arcp_report; the SNMP thread
 * only ever reads snapshots. Every value is already in its MIB encoding
 * (enumerations as the MIB numbers them, durations in microseconds) and
 * every text is cleaned, so the handlers need no knowledge of the core. */
#ifndef ARCPROBE_AGENTX_SNAPSHOT_H
#define ARCPROBE_AGENTX_SNAPSHOT_H

#include <stddef.h>
#include <time.h>

#include "arcprobe.h"

/* ArcprobeText is SIZE (0..1024). */
#define SNAPSHOT_TEXT_MAX 1024

/* ArcprobeStateValue */
enum { MIB_STATE_OK = 1, MIB_STATE_WARNING, MIB_STATE_CRITICAL, MIB_STATE_UNKNOWN };
/* ArcprobeFailureClass values the agent itself looks at */
enum { MIB_FAILURE_NONE = 1, MIB_FAILURE_NOT_PROBED = 11 };
/* TruthValue */
enum { MIB_TRUE = 1, MIB_FALSE = 2 };

struct snapshot_endpoint {
    char name[ARCP_NAME_MAX];
    char url[ARCP_URL_MAX];
    long required;                             /* ArcprobeRequiredLevel */
    long state;                                /* ArcprobeStateValue */
    long failure_class;                        /* ArcprobeFailureClass, 1 = none */
    long dns_us, connect_us, tls_us, total_us; /* -1 not measured */
    long http_status;
    char detail[ARCP_TEXT_MAX];
    /* arcp_endpoint_reached: 1 reached, 0 unreachable, -1 not probed */
    int reached;
    /* The state last observed: the row's own, or for a row the deadline
     * left unprobed the one observed before (snapshot_carry_observed), so
     * that not probing an endpoint is never a change of its state. */
    long observed_state;
};

/* An endpoint that left the list while its observed state was not ok:
 * kept so that its return raises the change a manager holding its alarm
 * waits for. Not served: the table has only the endpoints probed now. */
struct snapshot_departed {
    char name[ARCP_NAME_MAX];
    long observed_state;
};

struct snapshot {
    /* 0 for the placeholder served before the first probe finishes. */
    unsigned long probe_count;

    long overall_state;
    char summary[ARCP_TEXT_MAX];
    time_t probe_time; /* 0 unknown */
    unsigned long duration_ms;
    long incomplete; /* TruthValue */

    long himds_state;
    char himds_text[ARCP_TEXT_MAX];
    long himds_service;         /* ArcprobeServiceCondition */
    long himds_endpoint_result; /* ArcprobeHimdsOutcome */
    long himds_latency_us;
    long himds_http_status;
    long himds_identity; /* ArcprobeIdentityOutcome */

    long agent_state;
    char agent_text[ARCP_TEXT_MAX];
    long agent_status; /* ArcprobeConnectivity */
    time_t agent_last_heartbeat;
    long agent_heartbeat_age_s;
    char agent_resource_id[ARCP_URL_MAX];
    char agent_location[64];
    char agent_cloud[64];
    char agent_version[32];

    long azcm_state;
    int azcm_found;
    long azcm_code; /* -1 none */
    char azcm_code_name[16];
    time_t azcm_time;
    char azcm_message[ARCP_MESSAGE_MAX];
    char azcm_meaning[ARCP_TEXT_MAX];
    long azcm_resolved; /* TruthValue */

    long endpoints_state;
    unsigned long endpoint_failed;
    size_t endpoint_count;
    struct snapshot_endpoint *endpoints; /* endpoint_count entries */
    size_t departed_count;
    struct snapshot_departed *departed; /* departed_count entries */

    long agent_expires_in_s; /* -1 not applicable */
    long agent_expiry_state;
    char agent_expiry_text[SNAPSHOT_TEXT_MAX + 1];

    long clock_state;
    char clock_text[SNAPSHOT_TEXT_MAX + 1];
    long clock_offset_ms; /* 0 without a verdict */
    unsigned long clock_answers;
};

/* The placeholder served until the first probe has finished: every state
 * unknown, every text saying so. NULL on out-of-memory. */
struct snapshot *snapshot_new_placeholder(void);

/* Convert a report. probe_count numbers the result. NULL on out-of-memory. */
struct snapshot *snapshot_from_report(const arcp_report *report, unsigned long probe_count);

void snapshot_free(struct snapshot *snap);

/* Carry prev's observations into next: an unprobed row gets the state
 * observed for it before (ok for one never observed, as collectd's
 * notifications assume), and an endpoint that left the list while not ok
 * is remembered in next->departed (one that left ok is forgotten, which
 * bounds the memory by the names that failed). Returns 0, or -1 when out of
 * memory: then the departed are forgotten, the rows are carried all the
 * same. */
int snapshot_carry_observed(const struct snapshot *prev, struct snapshot *next);

/* Whether now's state is news since prev: a change of its observed state,
 * one observed before as a row or as departed, else ok. A row the deadline
 * left unprobed is not. */
int snapshot_endpoint_changed(const struct snapshot *prev, const struct snapshot_endpoint *now);

/* Map core enumerations to the MIB's. */
long snapshot_mib_state(arcp_state s);
long snapshot_mib_failure_class(arcp_endpoint_class c);

#endif

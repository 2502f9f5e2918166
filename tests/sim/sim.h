/* State shared by the simulator's modules: options, the current scenario and
 * the fixed identity of the simulated Arc resource. */
#ifndef ARC_SIM_SIM_H
#define ARC_SIM_SIM_H

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

enum scenario {
    SCENARIO_CONNECTED = 0,
    SCENARIO_DISCONNECTED,
    SCENARIO_EXPIRED,
    SCENARIO_AZCM_ERROR,
    SCENARIO_HIMDS_DOWN,
    SCENARIO_HIMDS_HUNG,
    SCENARIO_HIMDS_GARBAGE,
    SCENARIO_HIMDS_SLOW,
    SCENARIO_HIMDS_HTML,
    SCENARIO_DISCONNECTED_40D,
    SCENARIO_CLOCK_BEHIND,
    /* connected, with the fields no public source confirms absent, renamed
     * in case or of another JSON type (tests/sim/AGENT-FIELDS.md) */
    SCENARIO_SHAPE_ABSENT,
    SCENARIO_SHAPE_RENAMED,
    SCENARIO_SHAPE_RETYPED,
    SCENARIO_COUNT
};

/* Linux keeps at most 15 characters of a process name (comm). */
#define SIM_PROCESS_NAME_MAX 15

struct sim_options {
    char dir[PATH_MAX];     /* absolute */
    unsigned port;          /* himds, 0 = ephemeral */
    unsigned tls_port;      /* Azure endpoints, 0 = ephemeral */
    enum scenario scenario; /* initial scenario */
    char process_name[SIM_PROCESS_NAME_MAX + 1];
    char tls_cert[PATH_MAX]; /* absolute */
    char tls_key[PATH_MAX];  /* absolute */
    char ca_file[PATH_MAX];  /* absolute, only written into arcprobe.conf */
    unsigned tls_delay_ms;
    /* Serve the unconfirmed /agentstatus members (lastHeartbeat, location,
     * agentVersion, ...) in the plain scenarios, not only `status`. */
    bool agentstatus_extras;
};

struct sim_identity {
    const char *resource_name;
    const char *resource_group;
    const char *subscription_id;
    const char *tenant_id;
    const char *vm_id;
    const char *location;
    const char *cloud;          /* agentconfig.json spelling: AzureCloud */
    const char *az_environment; /* himds spelling: AzurePublicCloud */
    const char *agent_version;
};

extern const struct sim_identity SIM_IDENTITY;

struct MHD_Daemon;

struct sim {
    struct sim_options opt;
    char agent_dir[PATH_MAX]; /* opt.dir/agent */

    /* Read by the HTTP threads on every request; written by the main loop. */
    _Atomic int scenario;
    /* Set once on SIGTERM/SIGINT so that delayed or hung handlers give up. */
    atomic_bool stopping;

    unsigned himds_port; /* bound port, kept across himds-down */
    unsigned tls_port;

    /* Guards the identity challenge file and the request counts. */
    pthread_mutex_t token_lock;
    char last_token_file[PATH_MAX];
    unsigned long challenges; /* 401 challenges issued, also in DIR/identity-challenges */
    /* /agentstatus requests answered, and how many of them carried a Metadata
     * header (any value), also in DIR/agentstatus-requests: the tests check
     * that the probe asks as Microsoft's onboarding script does, without it. */
    unsigned long agentstatus_requests;
    unsigned long agentstatus_with_metadata;

    struct MHD_Daemon *himds_daemon; /* NULL while the scenario is himds-down */
    struct MHD_Daemon *tls_daemon;
    char *tls_cert_pem; /* kept alive for the TLS daemon */
    char *tls_key_pem;

    /* Newest time= written to each log; appended lines never go back in time. */
    time_t log_last[2];
    /* The logs end with an AZCM error not yet followed by AZCM0000. */
    bool log_open_error;
    time_t log_newest_code; /* time of the newest AZCM line in either log */
};

/* Sleeps up to `ms` milliseconds in short steps; returns early (0) when the
 * simulator is stopping, 1 when the full delay elapsed. */
int sim_sleep_ms(struct sim *sim, unsigned ms);

#endif

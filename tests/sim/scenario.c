#include "scenario.h"

#include <string.h>

const struct sim_identity SIM_IDENTITY = {
    .resource_name = "arcsim-host01",
    .resource_group = "rg-arcprobe-sim",
    .subscription_id = "5c1d2a9e-7f3b-4e8a-9d61-0b2c4e6f8a10",
    .tenant_id = "72f988bf-0000-4000-8000-00000000a7c1",
    .vm_id = "3f6c8e2a-91d4-4b7e-a5c0-6d2e8f1b9c47",
    .location = "westeurope",
    .cloud = "AzureCloud",
    .az_environment = "AzurePublicCloud",
    .agent_version = "1.58.03228.2581",
};

#define MINUTE 60L
#define DAY (24L * 60L * MINUTE)

static const char DNS_FAILURE[] =
    "AZCM0026: Network Error: dial tcp: lookup gbl.his.arc.azure.com: "
    "no such host";

static const struct scenario_info SCENARIOS[SCENARIO_COUNT] = {
    [SCENARIO_CONNECTED] = {"connected", HIMDS_NORMAL, "Connected", 1 * MINUTE, "", "", 0, 0,
                            SHAPE_CONFIRMED},
    [SCENARIO_DISCONNECTED] = {"disconnected", HIMDS_NORMAL, "Disconnected", 40 * MINUTE, "", "", 0,
                               0, SHAPE_CONFIRMED},
    [SCENARIO_EXPIRED] = {"expired", HIMDS_NORMAL, "Expired", 50 * DAY, "", "", 0, 0,
                          SHAPE_CONFIRMED},
    /* One missed heartbeat: still Connected, the trouble shows in the logs. */
    [SCENARIO_AZCM_ERROR] = {"azcm-error", HIMDS_NORMAL, "Connected", 8 * MINUTE, "AZCM0026",
                             DNS_FAILURE, 2 * MINUTE, 0, SHAPE_CONFIRMED},
    [SCENARIO_HIMDS_DOWN] = {"himds-down", HIMDS_DOWN, "Connected", 1 * MINUTE, "", "", 0, 0,
                             SHAPE_CONFIRMED},
    [SCENARIO_HIMDS_HUNG] = {"himds-hung", HIMDS_HUNG, "Connected", 1 * MINUTE, "", "", 0, 0,
                             SHAPE_CONFIRMED},
    [SCENARIO_HIMDS_GARBAGE] = {"himds-garbage", HIMDS_GARBAGE, "Connected", 1 * MINUTE, "", "", 0,
                                0, SHAPE_CONFIRMED},
    [SCENARIO_HIMDS_SLOW] = {"himds-slow", HIMDS_SLOW, "Connected", 1 * MINUTE, "", "", 0, 0,
                             SHAPE_CONFIRMED},
    [SCENARIO_HIMDS_HTML] = {"himds-html", HIMDS_HTML, "Connected", 1 * MINUTE, "", "", 0, 0,
                             SHAPE_CONFIRMED},
    /* 5 days before the 45-day expiry: inside the default WARNING (14)
     * and CRITICAL (7) windows of the countdown. */
    [SCENARIO_DISCONNECTED_40D] = {"disconnected-40d", HIMDS_NORMAL, "Disconnected", 40 * DAY, "",
                                   "", 0, 0, SHAPE_CONFIRMED},
    /* Azure's clocks 10 minutes ahead of this machine's. */
    [SCENARIO_CLOCK_BEHIND] = {"clock-behind", HIMDS_NORMAL, "Connected", 1 * MINUTE, "", "", 0,
                               10 * MINUTE, SHAPE_CONFIRMED},
    [SCENARIO_SHAPE_ABSENT] = {"shape-absent", HIMDS_NORMAL, "Connected", 1 * MINUTE, "", "", 0, 0,
                               SHAPE_ABSENT},
    [SCENARIO_SHAPE_RENAMED] = {"shape-renamed", HIMDS_NORMAL, "Connected", 1 * MINUTE, "", "", 0,
                                0, SHAPE_RENAMED},
    [SCENARIO_SHAPE_RETYPED] = {"shape-retyped", HIMDS_NORMAL, "Connected", 1 * MINUTE, "", "", 0,
                                0, SHAPE_RETYPED},
};

const struct scenario_info *scenario_info(enum scenario s)
{
    if ((int)s < 0 || s >= SCENARIO_COUNT)
        s = SCENARIO_CONNECTED;
    return &SCENARIOS[s];
}

int scenario_parse(const char *name, enum scenario *out)
{
    for (int i = 0; i < SCENARIO_COUNT; i++) {
        if (strcmp(name, SCENARIOS[i].name) == 0) {
            *out = (enum scenario)i;
            return 0;
        }
    }
    return -1;
}

const char *scenario_names(void)
{
    return "connected disconnected expired azcm-error himds-down himds-hung himds-garbage "
           "himds-slow himds-html disconnected-40d clock-behind shape-absent shape-renamed "
           "shape-retyped";
}

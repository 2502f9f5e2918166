/* What himds (or `azcmagent show -j`) might answer: the untrusted-JSON
 * parser and the agent-status reader on arbitrary bytes. */
#include "agent_status.h"
#include "config_internal.h"
#include "json_util.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char why[128];
    json_object *obj = json_parse_untrusted((const char *)data, size, why, sizeof why);
    if (obj) {
        struct arcp_agent agent;
        memset(&agent, 0, sizeof agent);
        agent.heartbeat_age_s = -1;
        agent_status_from_json(obj, 1764060000, &agent);
        arcp_config *cfg = arcp_config_new();
        if (cfg) {
            agent_status_fold(cfg, &agent, "fuzz");
            arcp_config_free(cfg);
        }
        json_object_put(obj);
    }
    return 0;
}

/* Stable names for the report's enumerations: the CLI's JSON, the plugin
 * output and the MIB's documentation all use these spellings. */
#include "arcprobe.h"

#define NAME_OF(table, value)                                                                      \
    ((unsigned)(value) < sizeof(table) / sizeof(table)[0] ? (table)[value] : "invalid")

/* const char *function(type value): the name of value, by its position in
 * the list; "invalid" beyond it. */
#define NAME_TABLE(function, type, ...)                                                            \
    const char *function(type value)                                                               \
    {                                                                                              \
        static const char *const names[] = {__VA_ARGS__};                                          \
        return NAME_OF(names, value);                                                              \
    }

NAME_TABLE(arcp_state_name, arcp_state, "OK", "WARNING", "CRITICAL", "UNKNOWN")

NAME_TABLE(arcp_service_state_name, arcp_service_state, "unknown", "active", "inactive", "failed",
           "not installed")

NAME_TABLE(arcp_himds_result_name, arcp_himds_result, "not probed", "answered", "refused",
           "timeout", "garbage", "html", "http error", "error")

NAME_TABLE(arcp_agent_status_name, arcp_agent_status, "Unknown", "Connected", "Disconnected",
           "Expired")

NAME_TABLE(arcp_required_name, arcp_required, "always", "connect", "install", "optional")

NAME_TABLE(arcp_endpoint_class_name, arcp_endpoint_class, "ok", "dns_failure",
           "network_unreachable", "refused", "timeout", "proxy_refused", "proxy_unreachable",
           "tls_untrusted", "tls_other", "other", "not_probed")

NAME_TABLE(arcp_service_method_name, arcp_service_method, "", "systemd", "proc", "none")

NAME_TABLE(arcp_identity_source_name, arcp_identity_source, "", "challenge", "remembered", "off",
           "no state")

NAME_TABLE(arcp_agent_source_name, arcp_agent_source, "", "agentstatus", "azcmagent show", "none")

NAME_TABLE(arcp_cloud_source_name, arcp_cloud_source, "", "config", "agentconfig.json", "himds",
           "default")

NAME_TABLE(arcp_his_source_name, arcp_his_source, "", "discovery", "gbl", "config")

NAME_TABLE(arcp_proxy_source_name, arcp_proxy_source, "", "override", "gateway", "config",
           "unit environment", "systemd default environment", "none")

const char *arcp_version(void)
{
    return ARCPROBE_VERSION;
}

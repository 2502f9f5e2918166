/* Stable names for the report's enumerations: the CLI's JSON, the plugin
 * output and the MIB's documentation all use these spellings. */
#include "arcprobe.h"

#define NAME_OF(table, value)                                                                      \
    ((unsigned)(value) < sizeof(table) / sizeof(table)[0] ? (table)[value] : "invalid")

const char *arcp_state_name(arcp_state s)
{
    static const char *const names[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
    return NAME_OF(names, s);
}

const char *arcp_service_state_name(arcp_service_state s)
{
    static const char *const names[] = {"unknown", "active", "inactive", "failed", "not installed"};
    return NAME_OF(names, s);
}

const char *arcp_himds_result_name(arcp_himds_result r)
{
    static const char *const names[] = {"not probed", "answered", "refused",    "timeout",
                                        "garbage",    "html",     "http error", "error"};
    return NAME_OF(names, r);
}

const char *arcp_agent_status_name(arcp_agent_status s)
{
    static const char *const names[] = {"Unknown", "Connected", "Disconnected", "Expired"};
    return NAME_OF(names, s);
}

const char *arcp_required_name(arcp_required r)
{
    static const char *const names[] = {"always", "connect", "install", "optional"};
    return NAME_OF(names, r);
}

const char *arcp_endpoint_class_name(arcp_endpoint_class c)
{
    static const char *const names[] = {
        "ok",        "dns_failure",   "network_unreachable", "refused",
        "timeout",   "proxy_refused", "proxy_unreachable",   "tls_untrusted",
        "tls_other", "other",         "not_probed"};
    return NAME_OF(names, c);
}

const char *arcp_service_method_name(arcp_service_method m)
{
    static const char *const names[] = {"", "systemd", "proc", "none"};
    return NAME_OF(names, m);
}

const char *arcp_identity_source_name(arcp_identity_source s)
{
    static const char *const names[] = {"", "challenge", "remembered", "off"};
    return NAME_OF(names, s);
}

const char *arcp_agent_source_name(arcp_agent_source s)
{
    static const char *const names[] = {"", "agentstatus", "azcmagent show", "none"};
    return NAME_OF(names, s);
}

const char *arcp_cloud_source_name(arcp_cloud_source s)
{
    static const char *const names[] = {"", "config", "agentconfig.json", "himds", "default"};
    return NAME_OF(names, s);
}

const char *arcp_his_source_name(arcp_his_source s)
{
    static const char *const names[] = {"", "discovery", "gbl", "config"};
    return NAME_OF(names, s);
}

const char *arcp_proxy_source_name(arcp_proxy_source s)
{
    static const char *const names[] = {"",       "override",         "gateway",
                                        "config", "unit environment", "systemd default environment",
                                        "none"};
    return NAME_OF(names, s);
}

const char *arcp_version(void)
{
    return ARCPROBE_VERSION;
}

/* HTTPS_PROXY and NO_PROXY as himdsd.service sees them: the agent falls back
 * to them when proxy.url is empty (manage-agent-proxy-settings.md), and its
 * azcmagent_proxy script puts them into systemd's default environment. */
#ifndef ARCPROBE_PROXY_ENVIRONMENT_H
#define ARCPROBE_PROXY_ENVIRONMENT_H

#include "arcprobe.h"
#include "config_internal.h"

#include <stddef.h>

enum proxy_env_var { PENV_HTTPS_PROXY, PENV_https_proxy, PENV_NO_PROXY, PENV_no_proxy, PENV_COUNT };

/* The variables the agent's Go runtime reads, with the layer that set each. */
struct proxy_env_vars {
    int set[PENV_COUNT];
    int layer[PENV_COUNT]; /* 0 = systemd default environment, 1 = unit environment */
    char value[PENV_COUNT][ARCP_URL_MAX];
};

struct proxy_env {
    char https_proxy[ARCP_URL_MAX]; /* "" none */
    char no_proxy[ARCP_URL_MAX];
    arcp_proxy_source source;  /* unit or systemd default environment; UNSET: none */
    char where[ARCP_TEXT_MAX]; /* where it was read, for the report's text */
};

/* Over sd-bus: the unit's Environment and the manager's Environment (which
 * holds DefaultEnvironment=); without an answering systemd: the
 * DefaultEnvironment= lines of system.conf and its drop-ins under
 * cfg->systemd_root. Never blocks past deadline (CLOCK_MONOTONIC s). */
void proxy_environment_find(const struct arcp_config *cfg, double deadline, struct proxy_env *out);

/* Apply one assignment list in systemd's syntax ("A=1 \"B=two words\"";
 * an empty list resets, as DefaultEnvironment= does) to vars at layer. */
void proxy_env_apply(struct proxy_env_vars *vars, const char *list, int layer);

/* Apply one "KEY=VALUE" entry (a D-Bus Environment array element). */
void proxy_env_apply_one(struct proxy_env_vars *vars, const char *assignment, int layer);

/* The DefaultEnvironment= lines of one system.conf text, applied in order. */
void proxy_env_apply_conf(struct proxy_env_vars *vars, const char *text);

/* Pick HTTPS_PROXY (else https_proxy) and NO_PROXY (else no_proxy) as Go's
 * httpproxy.FromEnvironment does, and name the winning layer. */
void proxy_env_choose(const struct proxy_env_vars *vars, struct proxy_env *out);

#endif

/* The network side of the probe (himds over HTTP, systemd over sd-bus,
 * azcmagent show, the endpoints over HTTPS) as one table the core calls
 * through. The shared core loads it from a module on first need, so a
 * process that only reads logs never maps libcurl, OpenSSL or libsystemd;
 * the static core of the tests links it in. */
#ifndef ARCPROBE_NET_MODULE_H
#define ARCPROBE_NET_MODULE_H

#include "config_internal.h"
#include "endpoints.h"

#include <stddef.h>
#include <time.h>

/* Core and module come from one build: a module whose interface differs
 * (another version, other struct sizes) is refused, never called. */
struct net_module_abi {
    const char *version; /* ARCPROBE_VERSION */
    size_t table_size, config_size, report_size;
};

struct net_module {
    struct net_module_abi abi;
    /* once before the first probe (libcurl's global set-up); 0 or -1 */
    int (*global_init)(void);
    /* the calling thread's kept HTTP state, then libcurl's global state */
    void (*global_cleanup)(void);
    void (*himds_probe)(const struct arcp_config *cfg, unsigned checks, double deadline, time_t now,
                        struct arcp_report *report);
    void (*endpoints_probe)(const struct arcp_config *cfg, const struct endpoint_context *ctx,
                            double deadline, struct arcp_endpoints *out);
    void (*clock_skew_judge)(const struct arcp_config *cfg, const struct arcp_endpoints *eps,
                             struct arcp_clock *out);
    /* arcp_cloud_name(): the cloud catalog lives with the endpoints */
    const char *(*cloud_name)(const char *any_spelling);
};

#define NET_MODULE_ABI                                                                             \
    {                                                                                              \
        ARCPROBE_VERSION, sizeof(struct net_module), sizeof(struct arcp_config),                   \
            sizeof(struct arcp_report)                                                             \
    }

/* The table, as the module exports it (net_module.c). */
extern const struct net_module arcprobe_net_module;

/* The network side, found (loaded or linked in) but not yet set up: NULL
 * with a one-line reason in why when it cannot be had. Called under
 * net_side.c's lock. */
const struct net_module *net_module_find(char *why, size_t why_len);

#endif

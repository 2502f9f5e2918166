/* The network side's table: what the core calls once the module is loaded
 * (or, in the static core, linked in). */
#include "net_module.h"
#include "clock_skew.h"
#include "endpoint_internal.h"
#include "endpoints.h"
#include "himds_probe.h"
#include "http_batch.h"

#include <curl/curl.h>

static int net_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

static void net_global_cleanup(void)
{
    /* the calling thread's kept libcurl state; other threads drop theirs
     * when they end */
    http_batch_thread_release();
    curl_global_cleanup();
}

__attribute__((visibility("default"))) const struct net_module arcprobe_net_module = {
    .abi = NET_MODULE_ABI,
    .global_init = net_global_init,
    .global_cleanup = net_global_cleanup,
    .himds_probe = himds_probe,
    .endpoints_probe = endpoints_probe,
    .clock_skew_judge = clock_skew_judge,
    .cloud_name = ep_cloud_name,
};

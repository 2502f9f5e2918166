/* arcp_cloud_name(): the cloud catalog is the endpoint engine's
 * (endpoint_catalog.c), on the network side. A program that asks has
 * probed the agent or its endpoints already, so the module is loaded; when
 * it cannot be, the name is given back as it was spelt. */
#include "arcprobe.h"
#include "net_module.h"
#include "net_side.h"

const char *arcp_cloud_name(const char *any_spelling)
{
    char why[ARCP_TEXT_MAX];
    const struct net_module *net = net_side_found(why, sizeof why);
    if (net)
        return net->cloud_name(any_spelling);
    return any_spelling ? any_spelling : "";
}

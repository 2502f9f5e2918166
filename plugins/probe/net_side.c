/* The network side, found and set up on the first probe that needs it
 * (net_module.h): libcurl's global set-up moves there from
 * arcp_global_init(), so a log-only process never runs it. A module that
 * cannot be had is asked for again at the next probe: installing it mends
 * a long-running host without a restart. */
#include "net_side.h"
#include "l10n.h"
#include "net_module.h"

#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t net_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct net_module *found;
static int set_up; /* found->global_init() succeeded and is not yet undone */

const struct net_module *net_side_found(char *why, size_t why_len)
{
    pthread_mutex_lock(&net_lock);
    if (!found)
        found = net_module_find(why, why_len);
    const struct net_module *m = found;
    pthread_mutex_unlock(&net_lock);
    return m;
}

const struct net_module *net_side(char *why, size_t why_len)
{
    pthread_mutex_lock(&net_lock);
    if (!found)
        found = net_module_find(why, why_len);
    if (found && !set_up) {
        if (found->global_init() == 0)
            set_up = 1;
        else
            snprintf(why, why_len, _("libcurl could not be initialised"));
    }
    const struct net_module *ready = set_up ? found : NULL;
    pthread_mutex_unlock(&net_lock);
    return ready;
}

void net_side_cleanup(void)
{
    pthread_mutex_lock(&net_lock);
    if (set_up)
        found->global_cleanup();
    set_up = 0;
    pthread_mutex_unlock(&net_lock);
}

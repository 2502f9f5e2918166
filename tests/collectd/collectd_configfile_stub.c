/* collectd_configfile_stub.c - collectd's configuration helpers for the
 * stand-ins of collectd (collectd_stub.c, collectd_stub_mt.c), which the
 * daemon itself provides to a loaded plugin: the same contract as
 * daemon/configfile.c (one string value, copied; a refusal logged as an
 * error). Real collectd runs the real ones (collectd.integration,
 * integration.config_sources). */
#include "collectd/core/daemon/plugin.h"

#include <stdlib.h>
#include <string.h>

int cf_util_get_string(const oconfig_item_t *ci, char **ret_string)
{
    if (ci->values_num != 1 || ci->values[0].type != OCONFIG_TYPE_STRING) {
        plugin_log(LOG_ERR, "The `%s' option requires exactly one string argument.", ci->key);
        return -1;
    }
    char *copy = strdup(ci->values[0].value.string);
    if (copy == NULL)
        return -1;
    free(*ret_string);
    *ret_string = copy;
    return 0;
}

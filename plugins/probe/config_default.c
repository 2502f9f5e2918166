/* "The default config, which may be absent, or the named one, which must
 * exist": the one rule every front end follows when it loads its file. */
#include "arcprobe.h"

#include <errno.h>
#include <sys/stat.h>

int arcp_config_load_given_or_default(arcp_config *cfg, const char *given, char *err, size_t errlen)
{
    if (given != NULL)
        return arcp_config_load(cfg, given, err, errlen);
    const char *path = arcp_config_default_path();
    struct stat st;
    if (arcp_config_default_is_optional() && stat(path, &st) != 0 && errno == ENOENT)
        return 1;
    return arcp_config_load(cfg, path, err, errlen);
}

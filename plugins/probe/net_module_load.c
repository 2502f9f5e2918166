/* The shared core finds the network side in a module beside itself:
 * <directory of libarcprobe.so.0>/arcprobe/arcprobe-net.so, which is
 * <libdir>/arcprobe/ once installed and plugins/probe/arcprobe/ in the build
 * tree, so no path has to be configured. ARCPROBE_NET_MODULE names another
 * file (the tests' missing-module case); it is ignored in set-id programs,
 * like every environment setting of the core. */
#include "net_module.h"
#include "l10n.h"
#include "sanitize.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void module_path(char *path, size_t len)
{
    const char *given = secure_getenv("ARCPROBE_NET_MODULE");
    if (given && *given) {
        arcp_copy(path, len, given);
        return;
    }
    Dl_info self;
    const char *slash = NULL;
    if (dladdr((const void *)module_path, &self) && self.dli_fname)
        slash = strrchr(self.dli_fname, '/');
    if (slash)
        snprintf(path, len, "%.*s/%s/%s", (int)(slash - self.dli_fname), self.dli_fname,
                 ARCPROBE_NET_MODULE_SUBDIR, ARCPROBE_NET_MODULE_FILE);
    else /* the core was found by a bare name: look where it is installed */
        snprintf(path, len, "%s/%s/%s", ARCPROBE_LIBDIR, ARCPROBE_NET_MODULE_SUBDIR,
                 ARCPROBE_NET_MODULE_FILE);
}

static int same_abi(const struct net_module_abi *a, const struct net_module_abi *b)
{
    /* the sizes first: the version string is only read from a table laid
     * out like this one */
    return a->table_size == b->table_size && a->config_size == b->config_size &&
           a->report_size == b->report_size && a->version && strcmp(a->version, b->version) == 0;
}

const struct net_module *net_module_find(char *why, size_t why_len)
{
    char path[PATH_MAX];
    module_path(path, sizeof path);
    /* never closed: its threads' key destructors and libcurl's global
     * state live in it for the rest of the process */
    void *handle = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
    if (!handle) {
        const char *error = dlerror();
        snprintf(why, why_len, _("cannot load the network module: %s"), error ? error : path);
        return NULL;
    }
    const struct net_module *m = dlsym(handle, "arcprobe_net_module");
    if (!m) {
        snprintf(why, why_len, _("%s is not arcprobe's network module"), path);
        dlclose(handle);
        return NULL;
    }
    const struct net_module_abi mine = NET_MODULE_ABI;
    if (!same_abi(&m->abi, &mine)) {
        snprintf(why, why_len, _("the network module %s is from another arcprobe build"), path);
        dlclose(handle);
        return NULL;
    }
    return m;
}

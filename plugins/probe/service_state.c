/* Is the himds service running? systemd knows best; the process table is
 * the fallback where no system bus exists. */
#include "service_state.h"
#include "system_bus.h"
#include "http_batch.h"
#include "sanitize.h"
#include "l10n.h"

#include <ctype.h>
#include <stdlib.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_SYSTEMD
#include <systemd/sd-bus.h>
#endif

#ifdef HAVE_SYSTEMD
/* Returns 0 when systemd answered (service filled), -1 when no bus. */
static int probe_systemd(const struct arcp_config *cfg, double deadline, struct arcp_himds *himds,
                         char *detail, size_t detail_len)
{
    sd_bus *bus = NULL;
    sd_bus_error error = SD_BUS_ERROR_NULL;
    sd_bus_message *reply = NULL;
    char *active = NULL, *load = NULL;
    const char *unit_path = NULL;
    int rc = -1;

    if (!(bus = system_bus_open(deadline)))
        goto out;

    /* LoadUnit answers for units that do not exist too (LoadState
     * "not-found"), which GetUnit would not. */
    if (sd_bus_call_method(bus, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                           "org.freedesktop.systemd1.Manager", "LoadUnit", &error, &reply, "s",
                           cfg->service_unit) < 0 ||
        sd_bus_message_read(reply, "o", &unit_path) < 0)
        goto out;
    if (sd_bus_get_property_string(bus, "org.freedesktop.systemd1", unit_path,
                                   "org.freedesktop.systemd1.Unit", "LoadState", &error,
                                   &load) < 0 ||
        sd_bus_get_property_string(bus, "org.freedesktop.systemd1", unit_path,
                                   "org.freedesktop.systemd1.Unit", "ActiveState", &error,
                                   &active) < 0)
        goto out;

    himds->service_method = ARCP_METHOD_SYSTEMD;
    if (strcmp(load, "not-found") == 0)
        himds->service = ARCP_SERVICE_NOT_INSTALLED;
    else if (strcmp(active, "active") == 0 || strcmp(active, "reloading") == 0)
        himds->service = ARCP_SERVICE_ACTIVE;
    else if (strcmp(active, "failed") == 0)
        himds->service = ARCP_SERVICE_FAILED;
    else
        himds->service = ARCP_SERVICE_INACTIVE;
    snprintf(detail, detail_len, "%s is %s (%s)", cfg->service_unit, active, load);
    rc = 0;
out:
    free(active);
    free(load);
    sd_bus_message_unref(reply);
    sd_bus_error_free(&error);
    sd_bus_flush_close_unref(bus);
    return rc;
}
#endif

/* Compares /proc/PID/comm, which the kernel cuts to 15 characters. */
static int process_running(const char *name)
{
    DIR *proc = opendir("/proc");
    if (!proc)
        return -1;
    char want[16];
    snprintf(want, sizeof want, "%s", name);
    int found = 0;
    struct dirent *d;
    while (!found && (d = readdir(proc))) {
        if (!isdigit((unsigned char)d->d_name[0]))
            continue;
        char path[64], comm[32];
        snprintf(path, sizeof path, "/proc/%.20s/comm", d->d_name);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        ssize_t n = read(fd, comm, sizeof comm - 1);
        close(fd);
        if (n <= 0)
            continue;
        comm[n] = '\0';
        comm[strcspn(comm, "\n")] = '\0';
        found = strcmp(comm, want) == 0;
    }
    closedir(proc);
    return found;
}

static void probe_proc(const struct arcp_config *cfg, struct arcp_himds *himds, char *detail,
                       size_t detail_len)
{
    himds->service_method = ARCP_METHOD_PROC;
    int running = process_running(cfg->himds_process);
    struct stat st;
    if (running < 0) {
        himds->service = ARCP_SERVICE_UNKNOWN;
        snprintf(detail, detail_len, _("cannot read /proc"));
    } else if (running) {
        himds->service = ARCP_SERVICE_ACTIVE;
        snprintf(detail, detail_len, "process %s running", cfg->himds_process);
    } else if (stat(cfg->agent_dir, &st) == 0) {
        himds->service = ARCP_SERVICE_INACTIVE;
        snprintf(detail, detail_len, _("no process %s, agent installed in %s"), cfg->himds_process,
                 cfg->agent_dir);
    } else {
        himds->service = ARCP_SERVICE_NOT_INSTALLED;
        snprintf(detail, detail_len, _("no process %s and no %s"), cfg->himds_process,
                 cfg->agent_dir);
    }
}

void service_state_probe(const struct arcp_config *cfg, double deadline, struct arcp_himds *himds,
                         char *detail, size_t detail_len)
{
    detail[0] = '\0';
    switch (cfg->service_check) {
    case SERVICE_CHECK_NONE:
        himds->service = ARCP_SERVICE_UNKNOWN;
        himds->service_method = ARCP_METHOD_NONE;
        snprintf(detail, detail_len, _("service check disabled"));
        return;
    case SERVICE_CHECK_PROC:
        probe_proc(cfg, himds, detail, detail_len);
        return;
    case SERVICE_CHECK_SYSTEMD:
    case SERVICE_CHECK_AUTO:
#ifdef HAVE_SYSTEMD
        if (probe_systemd(cfg, deadline, himds, detail, detail_len) == 0)
            return;
#else
        (void)deadline;
#endif
        if (cfg->service_check == SERVICE_CHECK_SYSTEMD) {
            himds->service = ARCP_SERVICE_UNKNOWN;
            himds->service_method = ARCP_METHOD_SYSTEMD;
            snprintf(detail, detail_len, _("no answer from systemd on the system bus"));
            return;
        }
        probe_proc(cfg, himds, detail, detail_len);
        return;
    }
}

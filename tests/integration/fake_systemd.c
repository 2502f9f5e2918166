/* A stand-in for systemd's D-Bus API on a private bus, just enough of it for
 * the probe's service check and its proxy discovery: Manager.LoadUnit, the
 * manager's Environment (where DefaultEnvironment= lands), and a unit's
 * LoadState, ActiveState and (Service) Environment. The state of
 * himdsd.service is read from a file on every call ("<load-state>
 * <active-state>"), so a test can change it; the environments from
 * STATE-FILE.manager-env and STATE-FILE.unit-env, one VAR=value a line.
 * Other units are "not-found inactive" with an empty environment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>

#define UNIT_PREFIX "/org/freedesktop/systemd1/unit"

static const char *state_file;

static void unit_state(const char *path, char *load, char *active)
{
    strcpy(load, "not-found");
    strcpy(active, "inactive");
    if (strcmp(path, UNIT_PREFIX "/himdsd_2eservice") != 0)
        return;
    FILE *f = fopen(state_file, "r");
    if (!f)
        return;
    if (fscanf(f, "%31s %31s", load, active) != 2) {
        strcpy(load, "not-found");
        strcpy(active, "inactive");
    }
    fclose(f);
}

static int load_unit(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
    (void)userdata;
    (void)error;
    const char *name;
    int r = sd_bus_message_read(m, "s", &name);
    if (r < 0)
        return r;
    char *path = NULL;
    r = sd_bus_path_encode(UNIT_PREFIX, name, &path);
    if (r < 0)
        return r;
    r = sd_bus_reply_method_return(m, "o", path);
    free(path);
    return r;
}

static int get_property(sd_bus *bus, const char *path, const char *interface, const char *property,
                        sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
    (void)bus;
    (void)interface;
    (void)userdata;
    (void)error;
    char load[32], active[32];
    unit_state(path, load, active);
    return sd_bus_message_append(reply, "s", strcmp(property, "LoadState") == 0 ? load : active);
}

/* An "as" property from STATE-FILE.<suffix>, one entry a line. */
static int append_environment(sd_bus_message *reply, const char *suffix)
{
    char path[4096];
    snprintf(path, sizeof path, "%s.%s", state_file, suffix);
    int r = sd_bus_message_open_container(reply, 'a', "s");
    FILE *f = fopen(path, "r");
    char line[4096];
    while (r >= 0 && f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0])
            r = sd_bus_message_append(reply, "s", line);
    }
    if (f)
        fclose(f);
    return r < 0 ? r : sd_bus_message_close_container(reply);
}

static int manager_environment(sd_bus *bus, const char *path, const char *interface,
                               const char *property, sd_bus_message *reply, void *userdata,
                               sd_bus_error *error)
{
    (void)bus;
    (void)path;
    (void)interface;
    (void)property;
    (void)userdata;
    (void)error;
    return append_environment(reply, "manager-env");
}

static int unit_environment(sd_bus *bus, const char *path, const char *interface,
                            const char *property, sd_bus_message *reply, void *userdata,
                            sd_bus_error *error)
{
    (void)bus;
    (void)interface;
    (void)property;
    (void)userdata;
    (void)error;
    if (strcmp(path, UNIT_PREFIX "/himdsd_2eservice") != 0)
        return append_environment(reply, "no-such-file");
    return append_environment(reply, "unit-env");
}

static const sd_bus_vtable manager_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("LoadUnit", "s", "o", load_unit, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_PROPERTY("Environment", "as", manager_environment, 0, 0), SD_BUS_VTABLE_END};

static const sd_bus_vtable service_vtable[] = {
    SD_BUS_VTABLE_START(0), SD_BUS_PROPERTY("Environment", "as", unit_environment, 0, 0),
    SD_BUS_VTABLE_END};

static const sd_bus_vtable unit_vtable[] = {
    SD_BUS_VTABLE_START(0), SD_BUS_PROPERTY("LoadState", "s", get_property, 0, 0),
    SD_BUS_PROPERTY("ActiveState", "s", get_property, 0, 0), SD_BUS_VTABLE_END};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fake_systemd STATE-FILE (bus from DBUS_SYSTEM_BUS_ADDRESS)\n");
        return 2;
    }
    state_file = argv[1];
    sd_bus *bus = NULL;
    int r = sd_bus_open_system(&bus);
    if (r >= 0)
        r = sd_bus_add_object_vtable(bus, NULL, "/org/freedesktop/systemd1",
                                     "org.freedesktop.systemd1.Manager", manager_vtable, NULL);
    if (r >= 0)
        r = sd_bus_add_fallback_vtable(bus, NULL, UNIT_PREFIX, "org.freedesktop.systemd1.Unit",
                                       unit_vtable, NULL, NULL);
    if (r >= 0)
        r = sd_bus_add_fallback_vtable(bus, NULL, UNIT_PREFIX, "org.freedesktop.systemd1.Service",
                                       service_vtable, NULL, NULL);
    if (r >= 0)
        r = sd_bus_request_name(bus, "org.freedesktop.systemd1", 0);
    if (r < 0) {
        fprintf(stderr, "fake_systemd: %s\n", strerror(-r));
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        r = sd_bus_process(bus, NULL);
        if (r < 0)
            break;
        if (r > 0)
            continue;
        if (sd_bus_wait(bus, (uint64_t)-1) < 0)
            break;
    }
    sd_bus_flush_close_unref(bus);
    return 0;
}

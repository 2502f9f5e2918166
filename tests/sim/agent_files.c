#include "agent_files.h"
#include "field_shape.h"
#include "fsutil.h"
#include "scenario.h"

#include <ctype.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int agent_dirs_create(struct sim *sim)
{
    char path[PATH_MAX];
    if (path_join(sim->agent_dir, sizeof(sim->agent_dir), sim->opt.dir, "agent") != 0 ||
        ensure_dir(sim->agent_dir, 0755) != 0)
        return -1;
    static const struct {
        const char *name;
        mode_t mode;
    } subdirs[] = {{"log", 0755}, {"tokens", 0700}, {"certs", 0700}};
    for (size_t i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
        if (path_join(path, sizeof(path), sim->agent_dir, subdirs[i].name) != 0 ||
            ensure_dir(path, subdirs[i].mode) != 0)
            return -1;
    }
    return 0;
}

static int write_json(const struct sim *sim, const char *name, struct json_object *obj)
{
    char path[PATH_MAX];
    int rc = -1;
    if (obj != NULL && path_join(path, sizeof(path), sim->agent_dir, name) == 0) {
        size_t len = 0;
        const char *text = json_object_to_json_string_length(
            obj, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE,
            &len);
        if (text != NULL)
            rc = write_file_atomic(path, text, len, 0644);
    }
    json_object_put(obj);
    return rc;
}

static void add_string(struct json_object *obj, const char *key, const char *value)
{
    json_object_object_add(obj, key, json_object_new_string(value));
}

/* agentconfig.json: the keys are confirmed, their case is not stable (one
 * Microsoft page writes resourcename): the renamed shape writes them in
 * lower case. */
static int agentconfig_write(const struct sim *sim, enum field_shape shape)
{
    const struct sim_identity *id = &SIM_IDENTITY;
    static const char *const keys[] = {
        "resourceName", "resourceGroup", "subscriptionId", "tenantId", "vmId", "location", "cloud"};
    const char *values[] = {id->resource_name, id->resource_group, id->subscription_id,
                            id->tenant_id,     id->vm_id,          id->location,
                            id->cloud};
    struct json_object *cfg = json_object_new_object();
    if (cfg == NULL)
        return -1;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        char key[32];
        snprintf(key, sizeof(key), "%s", keys[i]);
        for (char *p = key; shape == SHAPE_RENAMED && *p; p++)
            *p = (char)tolower((unsigned char)*p);
        add_string(cfg, key, values[i]);
    }
    return write_json(sim, "agentconfig.json", cfg);
}

/* localconfig.json: its schema is unconfirmed. The agent has no
 * connection.type "default" (gateway or direct, and only when set). */
static int localconfig_write(const struct sim *sim, enum field_shape shape)
{
    if (shape == SHAPE_ABSENT) {
        char path[PATH_MAX];
        if (path_join(path, sizeof(path), sim->agent_dir, "localconfig.json") != 0)
            return -1;
        return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
    }
    struct json_object *local = json_object_new_object();
    if (local == NULL)
        return -1;
    shape_add(local, shape, "proxy.url", json_object_new_string(""), NULL);
    shape_add(local, shape, "proxy.bypass", json_object_new_array(), json_object_new_string(""));
    shape_add(local, shape, "config.mode", json_object_new_string("full"), json_object_new_int(1));
    return write_json(sim, "localconfig.json", local);
}

int agent_config_write(const struct sim *sim)
{
    enum field_shape shape = scenario_info((enum scenario)atomic_load(&sim->scenario))->shape;
    if (agentconfig_write(sim, shape) != 0)
        return -1;
    return localconfig_write(sim, shape);
}

int probe_conf_write(const struct sim *sim)
{
    char path[PATH_MAX];
    char text[5 * PATH_MAX + 512];
    int n = snprintf(text, sizeof(text),
                     "# Written by arc-sim: arcprobe pointed at the simulated agent.\n"
                     "agent_dir = %s\n"
                     "himds_url = http://127.0.0.1:%u\n"
                     "timeout = 5\n"
                     "service_check = proc\n"
                     "himds_process = %s\n"
                     "ca_file = %s\n"
                     "connect_to = ::127.0.0.1:%u\n"
                     "cloud = AzureCloud\n"
                     "location = westeurope\n"
                     "identity_state = %s/identity-state\n"
                     /* not the running user's ~/.cache: a test's runs stay in its directory */
                     "state_dir = %s/state\n",
                     sim->agent_dir, sim->himds_port, sim->opt.process_name, sim->opt.ca_file,
                     sim->tls_port, sim->opt.dir, sim->opt.dir);
    if (n < 0 || (size_t)n >= sizeof(text))
        return -1;
    if (path_join(path, sizeof(path), sim->opt.dir, "arcprobe.conf") != 0)
        return -1;
    return write_file_atomic(path, text, (size_t)n, 0644);
}

int ready_write(const struct sim *sim, enum scenario current)
{
    char path[PATH_MAX];
    char text[256];
    int n = snprintf(text, sizeof(text), "port=%u tls_port=%u\nscenario=%s\npid=%ld\n",
                     sim->himds_port, sim->tls_port, scenario_info(current)->name, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof(text))
        return -1;
    if (path_join(path, sizeof(path), sim->opt.dir, "ready") != 0)
        return -1;
    return write_file_atomic(path, text, (size_t)n, 0644);
}

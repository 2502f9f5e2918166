/* collectd_soak_harness.c - run azure_arc.so's read callback many times the
 * way collectd would, and report memory growth.
 *
 * The harness stands in for collectd: it exports the plugin API (from
 * tests/collectd/collectd_stub.c, linked with -rdynamic), dlopens the real
 * module, calls module_register, the config callback with a <Plugin> tree,
 * the init callback, then the read callback CYCLES times, and finally frees
 * the instance through its free_func and unloads the module, as collectd's
 * shutdown does. Values and notifications are counted, not stored, so the
 * harness itself does not grow.
 *
 * Usage: collectd_soak_harness PLUGIN.so ARCPROBE.CONF CYCLES [CHECKS [TIMEOUT]]
 * Prints one line of key=value results; exit 0 when every read returned 0.
 */
#include "collectd_stub.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long rss_kb(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL)
        return -1;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = -1;
    fclose(f);
    return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s PLUGIN.so ARCPROBE.CONF CYCLES [CHECKS [TIMEOUT]]\n", argv[0]);
        return 2;
    }
    const char *plugin = argv[1], *conf = argv[2];
    long cycles = strtol(argv[3], NULL, 10);
    const char *checks = argc > 4 ? argv[4] : "all";
    const char *timeout = argc > 5 ? argv[5] : "5";
    if (cycles <= 0) {
        fprintf(stderr, "CYCLES must be positive\n");
        return 2;
    }
    stub_echo_log = getenv("SOAK_ECHO_LOG") != NULL;

    void *module = dlopen(plugin, RTLD_NOW | RTLD_LOCAL);
    if (module == NULL) {
        fprintf(stderr, "dlopen %s: %s\n", plugin, dlerror());
        return 1;
    }
    void (*reg)(void) = (void (*)(void))dlsym(module, "module_register");
    if (reg == NULL) {
        fprintf(stderr, "no module_register in %s\n", plugin);
        return 1;
    }
    reg();
    if (stub_config_cb == NULL || stub_init_cb == NULL) {
        fprintf(stderr, "module_register did not register config and init\n");
        return 1;
    }

    char timeout_spec[64], checks_spec[128], conf_spec[4200];
    snprintf(timeout_spec, sizeof(timeout_spec), "s:%s", timeout);
    snprintf(checks_spec, sizeof(checks_spec), "s:%s", checks);
    snprintf(conf_spec, sizeof(conf_spec), "s:%s", conf);
    oconfig_item_t *ci = ci_root("Plugin", "s:azure_arc", NULL);
    oconfig_item_t *inst = ci_add(ci, "Instance", "s:soak", NULL);
    ci_add(inst, "ConfigFile", conf_spec, NULL);
    ci_add(inst, "Checks", checks_spec, NULL);
    ci_add(inst, "Timeout", timeout_spec, NULL);
    int rc = stub_config_cb(ci);
    ci_free(ci);
    if (rc != 0 || stub_init_cb() != 0) {
        for (size_t i = 0; i < stub_log_count(); i++)
            fprintf(stderr, "log: %s\n", stub_log_at(i)->message);
        fprintf(stderr, "config or init failed\n");
        return 1;
    }
    const struct stub_read *read = stub_find_read("azure_arc/soak");
    if (read == NULL) {
        fprintf(stderr, "no read callback azure_arc/soak registered\n");
        return 1;
    }
    stub_record = 0;

    /* The first cycles load libraries, TLS state and caches: measure after. */
    long warmup = cycles <= 100 ? cycles / 5 : 50;
    long failures = 0;
    double t0 = now_s();
    long rss_start = -1;
    for (long i = 0; i < cycles; i++) {
        if (i == warmup)
            rss_start = rss_kb();
        user_data_t ud = read->ud;
        if (read->callback(&ud) != 0)
            failures++;
        if (getenv("SOAK_PROGRESS") != NULL && (i + 1) % 1000 == 0)
            fprintf(stderr, "cycle %ld rss_kb=%ld\n", i + 1, rss_kb());
    }
    double took = now_s() - t0;
    long rss_end = rss_kb();

    printf("cycles=%ld failures=%ld values=%zu notifications=%zu rss_start_kb=%ld "
           "rss_end_kb=%ld rss_growth_kb=%ld seconds=%.1f ms_per_cycle=%.2f\n",
           cycles, failures, stub_values_total, stub_notifications_total, rss_start, rss_end,
           rss_end - rss_start, took, took * 1000.0 / (double)cycles);
    fflush(stdout);

    /* collectd's shutdown: free_func for the instance, then unload. */
    stub_shutdown();
    dlclose(module);
    return failures == 0 ? 0 : 1;
}

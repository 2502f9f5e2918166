/* arc-sim: a simulated Azure Arc Connected Machine agent for arcprobe's
 * tests and demo. The main thread owns all state changes: it waits for
 * signals and polls DIR/scenario; the HTTP threads only read the scenario. */
#include "agent_files.h"
#include "agent_log.h"
#include "fsutil.h"
#include "himds_server.h"
#include "options.h"
#include "scenario.h"
#include "sim.h"
#include "tls_endpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#define TICK_MS 100

/* The probe finds the service by process name: look like himds while it is
 * up, and like something else while it is down. */
static void set_process_name(const struct sim *sim, enum scenario s)
{
    const char *name = scenario_info(s)->himds == HIMDS_DOWN ? "arc-sim" : sim->opt.process_name;
    if (prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0) != 0)
        fprintf(stderr, "arc-sim: cannot set process name: %s\n", strerror(errno));
}

/* Reads DIR/scenario; returns 0 with *out set when it names a scenario. A
 * partly written or unknown name is reported once and otherwise ignored. */
static int read_scenario_file(const struct sim *sim, enum scenario *out)
{
    static char last_bad[64];
    char path[PATH_MAX], buf[64];
    if (path_join(path, sizeof(path), sim->opt.dir, "scenario") != 0)
        return -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    buf[strcspn(buf, " \t\r\n")] = '\0';
    if (scenario_parse(buf, out) == 0) {
        last_bad[0] = '\0';
        return 0;
    }
    if (strcmp(buf, last_bad) != 0) {
        fprintf(stderr, "arc-sim: DIR/scenario: unknown scenario '%s' ignored; one of: %s\n", buf,
                scenario_names());
        snprintf(last_bad, sizeof(last_bad), "%s", buf);
    }
    return -1;
}

static int switch_scenario(struct sim *sim, enum scenario from, enum scenario to)
{
    atomic_store(&sim->scenario, (int)to);
    int rc = agent_config_write(sim);
    int logged;
    while ((logged = agent_log_transition(sim, from, to, time(NULL))) == AGENT_LOG_TOO_SOON &&
           sim_sleep_ms(sim, TICK_MS)) {
    }
    if (logged != 0)
        rc = -1;

    int want_up = scenario_info(to)->himds != HIMDS_DOWN;
    if (!want_up)
        himds_stop(sim);
    else if (sim->himds_daemon == NULL && himds_start(sim, sim->himds_port, 50) != 0)
        rc = -1;
    set_process_name(sim, to);

    if (probe_conf_write(sim) != 0 || ready_write(sim, to) != 0)
        rc = -1;
    fprintf(stderr, "arc-sim: scenario %s -> %s\n", scenario_info(from)->name,
            scenario_info(to)->name);
    return rc;
}

static int start(struct sim *sim)
{
    enum scenario initial = sim->opt.scenario;
    char path[PATH_MAX];

    if (path_join(path, sizeof(path), sim->opt.dir, "ready") != 0)
        return -1;
    unlink(path); /* a stale file from an earlier run must not look ready */

    if (agent_dirs_create(sim) != 0 || agent_config_write(sim) != 0 ||
        agent_log_init(sim, initial, time(NULL)) != 0)
        return -1;
    if (tls_endpoint_start(sim, sim->opt.tls_port) != 0)
        return -1;
    /* Bind even when starting down: the port is fixed for the whole run. */
    if (himds_start(sim, sim->opt.port, 1) != 0)
        return -1;
    if (scenario_info(initial)->himds == HIMDS_DOWN)
        himds_stop(sim);
    set_process_name(sim, initial);

    const char *name = scenario_info(initial)->name;
    char scenario_text[64];
    int n = snprintf(scenario_text, sizeof(scenario_text), "%s\n", name);
    if (path_join(path, sizeof(path), sim->opt.dir, "scenario") != 0 ||
        write_file_atomic(path, scenario_text, (size_t)n, 0644) != 0)
        return -1;
    if (probe_conf_write(sim) != 0 || ready_write(sim, initial) != 0)
        return -1;
    fprintf(stderr, "arc-sim: ready: dir=%s port=%u tls_port=%u scenario=%s\n", sim->opt.dir,
            sim->himds_port, sim->tls_port, name);
    return 0;
}

static void run(struct sim *sim, const sigset_t *signals)
{
    const struct timespec tick = {.tv_sec = 0, .tv_nsec = TICK_MS * 1000000L};
    for (;;) {
        int sig = sigtimedwait(signals, NULL, &tick);
        if (sig == SIGTERM || sig == SIGINT)
            return;
        enum scenario wanted;
        enum scenario current = (enum scenario)atomic_load(&sim->scenario);
        if (read_scenario_file(sim, &wanted) == 0 && wanted != current)
            switch_scenario(sim, current, wanted);
    }
}

static void shutdown_sim(struct sim *sim)
{
    char path[PATH_MAX];
    atomic_store(&sim->stopping, true);
    himds_stop(sim);
    tls_endpoint_stop(sim);
    if (path_join(path, sizeof(path), sim->opt.dir, "ready") == 0)
        unlink(path);
    pthread_mutex_destroy(&sim->token_lock);
}

int main(int argc, char **argv)
{
    static struct sim sim; /* large (paths); shared with the HTTP threads */

    switch (options_parse(argc, argv, &sim.opt)) {
    case OPTIONS_OK:
        break;
    case OPTIONS_EXIT_SUCCESS:
        return 0;
    default:
        return 2;
    }

    /* Signals are taken synchronously by the main thread; every thread the
     * HTTP servers create inherits this mask. */
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    atomic_init(&sim.scenario, (int)sim.opt.scenario);
    atomic_init(&sim.stopping, false);
    pthread_mutex_init(&sim.token_lock, NULL);

    int rc = 0;
    if (start(&sim) == 0)
        run(&sim, &signals);
    else
        rc = 1;
    shutdown_sim(&sim);
    if (rc == 0)
        fprintf(stderr, "arc-sim: stopped\n");
    return rc;
}

/* main.c - arcprobe-agentx: an AgentX subagent serving ARCPROBE-MIB.
 *
 * Two threads. The probe thread (prober.c) runs arcp_probe() on a timer and
 * leaves each result in a mailbox. This thread owns everything Net-SNMP:
 * it answers the master from the served snapshot only, and an alarm
 * (publish.c) swaps in new results and sends notifications. A slow or
 * hung probe therefore never delays an answer. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "arcprobe.h"
#include "endpoint_table.h"
#include "master_link.h"
#include "options.h"
#include "prober.h"
#include "publish.h"
#include "scalars.h"

#define APP_NAME "arcprobe-agentx"
/* How often the SNMP thread looks for a new probe result. */
#define COLLECT_POLL_MS 500

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t log_reopen_requested;

static void on_stop_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void on_hangup(int sig)
{
    (void)sig;
    log_reopen_requested = 1;
}

static int install_signal_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    /* no SA_RESTART: the signal must interrupt select() in the agent loop */
    if (sigaction(SIGTERM, &sa, NULL) != 0 || sigaction(SIGINT, &sa, NULL) != 0)
        return -1;
    /* SIGHUP would end us, and systemd's Restart=on-failure takes that for
     * a clean exit: it means "reopen the log" (logrotate), as for snmpd. */
    sa.sa_handler = on_hangup;
    if (sigaction(SIGHUP, &sa, NULL) != 0)
        return -1;
    /* A write to a master that has gone away must not kill us: we reconnect. */
    sa.sa_handler = SIG_IGN;
    return sigaction(SIGPIPE, &sa, NULL);
}

static arcp_config *load_config(const struct agentx_options *opts)
{
    char err[512];
    arcp_config *cfg = arcp_config_new();
    if (cfg == NULL) {
        snmp_log(LOG_ERR, APP_NAME ": out of memory\n");
        return NULL;
    }
    int loaded = arcp_config_load_given_or_default(cfg, opts->config_path, err, sizeof err);
    if (loaded == 1) {
        snmp_log(LOG_INFO, APP_NAME ": %s not found, using defaults\n", arcp_config_default_path());
    } else if (loaded < 0) {
        snmp_log(LOG_ERR, APP_NAME ": %s\n", err);
        arcp_config_free(cfg);
        return NULL;
    }
    for (size_t i = 0; i < opts->override_count; i++) {
        if (arcp_config_set(cfg, opts->overrides[i].key, opts->overrides[i].value, err,
                            sizeof err) != 0) {
            char key[sizeof opts->overrides[i].key];
            snmp_log(LOG_ERR, APP_NAME ": --set %s: %s\n",
                     arcp_mask_credentials(key, sizeof key, opts->overrides[i].key), err);
            arcp_config_free(cfg);
            return NULL;
        }
    }
    return cfg;
}

static void configure_net_snmp(const struct agentx_options *opts)
{
    netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE, 1);
    if (opts->agentx_socket != NULL)
        netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET,
                              opts->agentx_socket);
    /* A subagent keeps no state between runs and never needs MIB files
     * (it answers by number); it may run where /var/lib/snmp is read-only. */
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
    setenv("MIBS", "", 1);
    setenv("MIBDIRS", "", 1);
}

int main(int argc, char **argv)
{
    struct agentx_options opts;
    int status = EXIT_FAILURE;

    switch (options_parse(argc, argv, &opts)) {
    case OPTIONS_RUN:
        break;
    case OPTIONS_EXIT_OK:
        return EXIT_SUCCESS;
    case OPTIONS_BAD:
        return 2;
    }
    if (!opts.logging_chosen) {
        if (opts.foreground)
            snmp_enable_stderrlog();
        else
            snmp_enable_syslog_ident(APP_NAME, LOG_DAEMON);
    }

    arcp_config *cfg = load_config(&opts);
    if (cfg == NULL)
        return EXIT_FAILURE;
    if (arcp_global_init() != 0) {
        snmp_log(LOG_ERR, APP_NAME ": cannot initialise the probe library\n");
        arcp_config_free(cfg);
        return EXIT_FAILURE;
    }
    if (install_signal_handlers() != 0) {
        snmp_log(LOG_ERR, APP_NAME ": sigaction: %s\n", strerror(errno));
        goto out_global;
    }
    /* Fork before any thread or socket exists. */
    if (!opts.foreground && netsnmp_daemonize(1, snmp_stderrlog_status()) != 0) {
        snmp_log(LOG_ERR, APP_NAME ": cannot become a daemon\n");
        goto out_global;
    }

    configure_net_snmp(&opts);
    SOCK_STARTUP;
    if (init_agent(APP_NAME) != 0) {
        snmp_log(LOG_ERR, APP_NAME ": init_agent failed\n");
        goto out_sock;
    }
    /* init_agent() resets the ping interval to its default; the connection
     * to the master is made in init_snmp(), which reads it. */
    netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL,
                       (int)opts.ping_interval_s);
    if (scalars_register() != 0 || endpoint_table_register() != 0 ||
        master_link_watch(opts.ping_interval_s) != 0)
        goto out_agent;
    init_snmp(APP_NAME);
    master_link_started();

    char err[256];
    struct prober *prober = prober_start(cfg, opts.interval_s, err, sizeof err);
    if (prober == NULL) {
        snmp_log(LOG_ERR, APP_NAME ": %s\n", err);
        goto out_agent;
    }
    if (publish_start(prober, COLLECT_POLL_MS) != 0) {
        snmp_log(LOG_ERR, APP_NAME ": cannot start publishing\n");
        prober_stop(prober);
        goto out_agent;
    }
    snmp_log(LOG_INFO, APP_NAME " %s started: probing every %u s, AgentX ping every %u s\n",
             arcp_version(), opts.interval_s, opts.ping_interval_s);

    while (!stop_requested) {
        agent_check_and_process(1);
        if (log_reopen_requested) {
            log_reopen_requested = 0;
            netsnmp_logging_restart();
            snmp_log(LOG_INFO, APP_NAME ": SIGHUP: log reopened (the configuration is read at "
                                        "start only)\n");
        }
    }

    snmp_log(LOG_INFO, APP_NAME ": stopping\n");
    /* Go on answering while the probe in flight ends (up to its timeout):
     * a master that times out on us fails every request that touches our
     * subtree (genErr), e.g. a walk of the enterprises tree. */
    prober_request_stop(prober);
    while (!prober_ended(prober))
        agent_check_and_process(1);
    prober_stop(prober);
    publish_stop();
    status = EXIT_SUCCESS;
out_agent:
    master_link_unwatch();
    snmp_shutdown(APP_NAME);
out_sock:
    SOCK_CLEANUP;
out_global:
    arcp_global_cleanup();
    arcp_config_free(cfg);
    return status;
}

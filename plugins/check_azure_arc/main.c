/* main.c - check_azure_arc: Nagios/Icinga front end over libarcprobe. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arcprobe.h"
#include "arcprobe_intl.h"
#include "extra_opts.h"
#include "options.h"
#include "output.h"
#include "perfdata.h"
#include "thresholds.h"
#include "watchdog.h"

/* An age no heartbeat reaches: hands the heartbeat thresholds from the core
 * to the plugin's own ranges. Ten years in seconds. */
#define HEARTBEAT_NEVER "315360000"
/* monitoring-plugins' customary default, also the config's default timeout */
#define DEFAULT_TIMEOUT 10.0

static int fail_unknown(const char *message, int with_usage)
{
    char clean[1024], masked[1024];
    arc_watchdog_disarm();
    arcp_mask_credentials(masked, sizeof masked, message);
    printf("ARC UNKNOWN - %s\n", arcp_clean_text(clean, sizeof clean, masked));
    if (with_usage)
        arc_print_usage();
    return ARCP_UNKNOWN;
}

/* The core gets less time than the plugin so it can still return what it
 * found (and mark the report incomplete) before the watchdog fires. */
static double probe_budget(double plugin_timeout)
{
    /* 0.5 s covers process start-up and output on a loaded box, even
     * under sanitizers; long limits keep 15 % up to 1.5 s */
    double margin = plugin_timeout * 0.15;
    if (margin < 0.5)
        margin = 0.5;
    if (margin > 1.5)
        margin = 1.5;
    double budget = plugin_timeout - margin;
    return budget < 0.1 ? 0.1 : budget;
}

static int load_config(arcp_config *cfg, const char *path, char *err, size_t errlen)
{
    return arcp_config_load_given_or_default(cfg, path, err, errlen) < 0 ? -1 : 0;
}

/* Hand a heartbeat range to the core when the core can express it (plain
 * "N": alert above N), otherwise switch the core's threshold off and let
 * the plugin evaluate the range on the reported age. */
static int configure_heartbeat(arcp_config *cfg, const char *key, const struct arc_range *r,
                               char *err, size_t errlen)
{
    if (!r->set)
        return 0;
    char value[64];
    if (!r->inside && !r->start_inf && !r->end_inf && r->start == 0 && r->end >= 1 &&
        r->end == (double)(long long)r->end)
        snprintf(value, sizeof value, "%lld", (long long)r->end);
    else
        snprintf(value, sizeof value, "%s", HEARTBEAT_NEVER);
    return arcp_config_set(cfg, key, value, err, errlen);
}

static int arm_watchdog(double timeout, arcp_state result)
{
    char t[32], message[128];
    arc_format_decimal(t, sizeof t, timeout);
    snprintf(message, sizeof message, _("plugin timed out after %s s before the probe finished"),
             t);
    return arc_watchdog_arm(timeout, result, message);
}

static int run(struct arc_options *opt)
{
    char err[1024];
    char timeout_text[32];

    /* Armed before anything that touches files: even reading the config
     * (a FIFO, a hung network mount) must not outlive -t. Without -t the
     * default holds until the config names the real limit. */
    if (arm_watchdog(opt->timeout > 0 ? opt->timeout : DEFAULT_TIMEOUT, opt->timeout_result) != 0)
        return fail_unknown(_("cannot set the timeout timer"), 0);

    arcp_config *cfg = arcp_config_new();
    if (cfg == NULL)
        return fail_unknown(_("out of memory"), 0);
    arcp_config_keep_state(cfg); /* one run, one probe: the next run resumes the log scan */
    if (load_config(cfg, opt->config_path, err, sizeof err) != 0) {
        arcp_config_free(cfg);
        return fail_unknown(err, 0);
    }
    for (size_t i = 0; i < opt->settings_count; i++) {
        char why[512];
        if (arcp_config_set(cfg, opt->settings[i].key, opt->settings[i].value, why, sizeof why)) {
            char key[256];
            snprintf(err, sizeof err, _("invalid setting %s: %s"),
                     arcp_mask_credentials(key, sizeof key, opt->settings[i].key), why);
            arcp_config_free(cfg);
            return fail_unknown(err, 0);
        }
    }
    if (configure_heartbeat(cfg, "heartbeat_warning", &opt->thresholds.heartbeat_warning, err,
                            sizeof err) ||
        configure_heartbeat(cfg, "heartbeat_critical", &opt->thresholds.heartbeat_critical, err,
                            sizeof err)) {
        arcp_config_free(cfg);
        return fail_unknown(err, 0);
    }

    /* without -t the configured timeout is the plugin's limit */
    double timeout = opt->timeout > 0 ? opt->timeout : arcp_config_timeout(cfg);
    if (timeout <= 0)
        timeout = DEFAULT_TIMEOUT;
    arc_format_decimal(timeout_text, sizeof timeout_text, probe_budget(timeout));
    if (arcp_config_set(cfg, "timeout", timeout_text, err, sizeof err) != 0) {
        arcp_config_free(cfg);
        return fail_unknown(err, 0);
    }
    if (opt->timeout <= 0 && arm_watchdog(timeout, opt->timeout_result) != 0) {
        arcp_config_free(cfg);
        return fail_unknown(_("cannot set the timeout timer"), 0);
    }

    arc_thresholds_cap_endpoints(&opt->thresholds, cfg);

    if (arcp_global_init() != 0) {
        arc_watchdog_disarm();
        arcp_config_free(cfg);
        return fail_unknown(_("cannot initialise the probe library"), 0);
    }
    arcp_report *report = NULL;
    if (arcp_probe(cfg, opt->checks, &report, err, sizeof err) != 0 || report == NULL) {
        arc_watchdog_disarm();
        arcp_config_free(cfg);
        arcp_global_cleanup();
        return fail_unknown(err[0] ? err : _("probe failed"), 0);
    }

    arcp_state state = arc_apply_thresholds(report, &opt->thresholds);
    const char *hb_warn = opt->thresholds.heartbeat_warning.set
                              ? opt->thresholds.heartbeat_warning.text
                              : arcp_config_get(cfg, "heartbeat_warning");
    /* copy: arcp_config_get formats into one shared buffer */
    char hb_warn_copy[ARC_RANGE_TEXT_MAX];
    snprintf(hb_warn_copy, sizeof hb_warn_copy, "%s", hb_warn ? hb_warn : "");
    const char *hb_crit = opt->thresholds.heartbeat_critical.set
                              ? opt->thresholds.heartbeat_critical.text
                              : arcp_config_get(cfg, "heartbeat_critical");
    char hb_crit_copy[ARC_RANGE_TEXT_MAX];
    snprintf(hb_crit_copy, sizeof hb_crit_copy, "%s", hb_crit ? hb_crit : "");

    struct arc_output_context ctx = {
        .thresholds = &opt->thresholds,
        .verbose = opt->verbose,
        .timeout = timeout,
        .config = cfg,
        .heartbeat_warn = hb_warn_copy[0] ? hb_warn_copy : NULL,
        .heartbeat_crit = hb_crit_copy[0] ? hb_crit_copy : NULL,
    };
    char *text = arc_render(report, &ctx, ARC_OUTPUT_LIMIT);
    arc_watchdog_disarm();
    if (text == NULL) {
        state = (arcp_state)fail_unknown(_("out of memory"), 0);
    } else {
        fputs(text, stdout);
        free(text);
    }
    arcp_report_free(report);
    arcp_config_free(cfg);
    arcp_global_cleanup();
    return (int)state;
}

int main(int argc, char **argv)
{
    char err[512];
    struct arc_argv args;
    struct arc_options opt;

    /* messages follow the environment; perfdata and thresholds stay
     * C-locale numbers whatever it says */
    arcprobe_intl_init();

    /* The watchdog runs before any file is read: an ini file named by
     * --extra-opts on a hung mount must not outlive -t either. */
    arc_watchdog_start();
    double early_timeout = DEFAULT_TIMEOUT;
    arcp_state early_result = ARCP_UNKNOWN;
    arc_options_prescan_timeout(argc, argv, &early_timeout, &early_result);
    if (arm_watchdog(early_timeout, early_result) != 0)
        return fail_unknown(_("cannot set the timeout timer"), 0);

    if (arc_extra_opts_expand(argc, argv, ARC_PLUGIN_NAME, &args, err, sizeof err) != 0)
        return fail_unknown(err, 1);
    if (arc_options_parse(&opt, args.argc, args.argv, err, sizeof err) != 0) {
        arc_options_free(&opt);
        arc_argv_free(&args);
        return fail_unknown(err, 1);
    }
    int rc = ARCP_UNKNOWN;
    switch (opt.action) {
    case ARC_ACTION_HELP:
        arc_watchdog_disarm();
        arc_print_help();
        break;
    case ARC_ACTION_VERSION:
        arc_watchdog_disarm();
        printf(ARC_PLUGIN_NAME " %s (libarcprobe %s)\n", ARCPROBE_PLUGIN_VERSION, arcp_version());
        break;
    case ARC_ACTION_RUN:
        rc = run(&opt);
        break;
    }
    fflush(stdout);
    arc_options_free(&opt);
    arc_argv_free(&args);
    return rc;
}

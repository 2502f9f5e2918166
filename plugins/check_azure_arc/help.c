/* help.c - the complete --help text. */
#include <stdio.h>

#include "arcprobe.h"
#include "arcprobe_intl.h"
#include "options.h"

/* One msgid per section so translators get units of a sensible size. */
void arc_print_help(void)
{
    printf(_("%s %s - check an Azure Arc Connected Machine agent\n\n"), ARC_PLUGIN_NAME,
           arcp_version());
    fputs(_("Checks the agent's local service (himds), its connection status and heartbeat,\n"
            "the last AZCM code in its logs, and whether this machine reaches the Azure\n"
            "endpoints the agent needs. Read-only: never reads identity tokens.\n\n"),
          stdout);
    arc_print_usage();
    printf(_("\nOptions:\n"
             " -h, --help\n"
             "    Print this help and exit (status 3).\n"
             " -V, --version\n"
             "    Print the plugin and library version and exit (status 3).\n"
             " -v, --verbose\n"
             "    More long output, up to three times: -v one line per endpoint, -vv phase times,\n"
             "    himds/agent/AZCM details, -vvv endpoint URLs and the effective configuration.\n"
             " -t, --timeout=SECONDS[:STATE]\n"
             "    Overall limit (default: the config's timeout, 10 s). The probe gets a little\n"
             "    less so it can still report what it found; when the limit runs out the result\n"
             "    is UNKNOWN, or STATE. A watchdog ends the plugin at the limit in any case.\n"
             " --timeout-result=STATE\n"
             "    State when the timeout runs out: ok, warning, critical or unknown (default).\n"
             " --extra-opts=[SECTION][@FILE]\n"
             "    Read options from SECTION (default: %s) of an ini FILE\n"
             "    (default: $MP_CONFIG_FILE, /etc/monitoring-plugins/monitoring-plugins.ini or\n"
             "    /etc/nagios/plugins.ini). Lines are long option names: `warning = 2`.\n"
             "    Command-line options given after them win.\n"),
           ARC_PLUGIN_NAME);
    printf(
        _("\nProbe configuration:\n"
          " -C, --config=FILE\n"
          "    arcprobe configuration (default: $ARCPROBE_CONFIG or %s;\n"
          "    the default file may be missing, a named one may not).\n"
          " -s, --set=KEY=VALUE\n"
          "    Override one configuration key after the file is read (repeatable; e.g.\n"
          "    --set endpoints=https://a.example/ --set connect_to=::127.0.0.1:8443).\n"
          " --agent-dir=DIR        same as --set agent_dir=DIR (default /var/opt/azcmagent)\n"
          " --himds-url=URL        same as --set himds_url=URL (default http://127.0.0.1:40342)\n"
          " --cloud=NAME           same as --set cloud=NAME (AzureCloud, AzureUSGovernment,\n"
          "                        AzureChinaCloud; default: as the agent is configured)\n"
          " --location=REGION      same as --set location=REGION (default: from the agent)\n"
          " --proxy=URL|none       same as --set proxy=... (default: the agent's proxy)\n"
          " --ca-file=FILE         same as --set ca_file=FILE (default: the system store)\n"
          " --check=LIST\n"
          "    Comma-separated checks to run: endpoints, himds, agent, azcm, all (default).\n"),
        ARCP_DEFAULT_CONFIG);
    fputs(_("\nThresholds (monitoring-plugins ranges, see below):\n"
            " -w, --warning=RANGE\n"
            " -c, --critical=RANGE\n"
            "    Total time of each reachable endpoint request, in seconds. A slow endpoint\n"
            "    alerts no higher than if it were unreachable: connect at most warning,\n"
            "    install-only and optional ones at most --optional-state.\n"
            " --himds-warning=RANGE\n"
            " --himds-critical=RANGE\n"
            "    Latency of the himds GET /metadata/instance, in SECONDS (e.g. 0.5), like -w/-c.\n"
            " --heartbeat-warning=RANGE\n"
            " --heartbeat-critical=RANGE\n"
            "    Age of the agent's last heartbeat, in seconds (defaults: the config's\n"
            "    heartbeat_warning 900 and heartbeat_critical 1800).\n"
            " --azcm-max-age=SECONDS\n"
            "    AZCM errors older than this no longer alert (config azcm_max_age, 86400).\n"
            " --azcm-state=warning|critical\n"
            "    State of a recent non-zero AZCM code (config azcm_state, warning).\n"
            " --optional-state=ok|warning\n"
            "    Worst state an optional or install-only endpoint may cause (config\n"
            "    optional_state, default warning).\n"
            " --expiry-warning=DAYS\n"
            " --expiry-critical=DAYS\n"
            "    A Disconnected agent expires 45 days after its last heartbeat; fewer days\n"
            "    left than this is WARNING / CRITICAL (config expiry_warning_days 14,\n"
            "    expiry_critical_days 7). Expired is always CRITICAL.\n"
            " --clock-skew-warning=SECONDS\n"
            " --clock-skew-critical=SECONDS\n"
            "    The local clock against the Date headers of the endpoints (median of at\n"
            "    least 2 hosts): off by more than this is WARNING / CRITICAL (config\n"
            "    clock_skew_warning 120, clock_skew_critical 300).\n"),
          stdout);
    fputs(_("\nStates: a required endpoint unreachable, himds not running or not answering,\n"
            "and an agent Disconnected or Expired are CRITICAL; a recent AZCM error and an\n"
            "unreachable connect-only endpoint are WARNING. Critical thresholds are checked\n"
            "before warning thresholds; the worst component state is the result.\n"),
          stdout);
    fputs(_("\nRanges: [@]START:END. `10` alerts outside 0..10, `10:` below 10, `~:10` above\n"
            "10, `10:20` outside 10..20, `@10:20` inside 10..20. Numbers are plain decimals;\n"
            "anything else (10x, 1e3, inf, an empty range, 1:2:3) is rejected with status 3.\n"),
          stdout);
    fputs(_("\nOutput: `ARC <STATE> - <what is wrong> | perfdata`, then one line per component\n"
            "with the remedy for each failure. Perfdata: himds_latency (s), heartbeat_age (s),\n"
            "azcm_code, azcm_age (s), endpoints_failed[_required|_connect|_optional],\n"
            "endpoints_total, expires_in (s, Disconnected/Expired agent), clock_skew (s,\n"
            "positive: this machine is ahead), probe_duration (s) and per endpoint\n"
            "'<name> <phase>' times in s\n"
            "(dns, connect, tls, ttfb, total). Output stays within 8191 bytes: long output is\n"
            "cut first, never perfdata.\n"),
          stdout);
    fputs(_("\nExit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n"), stdout);
    printf(_("\nSee %s(1) and arcprobe.conf for the configuration keys.\n"), ARC_PLUGIN_NAME);
}

/* arcprobe: the probe core's report, for people (a table) and scripts (JSON). */
#include "arcprobe.h"
#include "arcprobe_intl.h"
#include "cli_options.h"
#include "cli_status.h"
#include "table_output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static arcp_config *load_config(const struct cli_options *opt)
{
    char err[1024];
    arcp_config *cfg = arcp_config_new();
    if (!cfg) {
        fprintf(stderr, _("arcprobe: out of memory\n"));
        return NULL;
    }
    const char *path = opt->config_path ? opt->config_path : arcp_config_default_path();
    int optional = !opt->config_path && arcp_config_default_is_optional();
    if (!(optional && access(path, F_OK) != 0) && arcp_config_load(cfg, path, err, sizeof err)) {
        fprintf(stderr, "arcprobe: %s\n", err);
        arcp_config_free(cfg);
        return NULL;
    }
    for (int i = 0; i < opt->n_overrides; i++) {
        char key[128];
        const char *eq = strchr(opt->overrides[i], '=');
        snprintf(key, sizeof key, "%.*s", (int)(eq - opt->overrides[i]), opt->overrides[i]);
        if (arcp_config_set(cfg, key, eq + 1, err, sizeof err)) {
            fprintf(stderr, _("arcprobe: --set %s\n"), err);
            arcp_config_free(cfg);
            return NULL;
        }
    }
    return cfg;
}

int main(int argc, char **argv)
{
    struct cli_options opt;
    arcprobe_intl_init();
    switch (cli_parse(argc, argv, &opt)) {
    case CLI_EXIT_OK:
        return 0;
    case CLI_EXIT_USAGE:
        return ARCP_UNKNOWN;
    case CLI_RUN:
        break;
    }
    /* JSON is for machines: its "text" fields stay in English whatever the
     * locale (the core translates only when LC_MESSAGES asks for it). */
    if (opt.json)
        setlocale(LC_MESSAGES, "C");
    arcp_config *cfg = load_config(&opt);
    if (!cfg)
        return ARCP_UNKNOWN;
    if (arcp_global_init() != 0) {
        fprintf(stderr, _("arcprobe: cannot initialise libcurl\n"));
        arcp_config_free(cfg);
        return ARCP_UNKNOWN;
    }
    arcp_report *report = NULL;
    char err[256];
    int status = ARCP_UNKNOWN;
    if (arcp_probe(cfg, opt.checks, &report, err, sizeof err) != 0) {
        fprintf(stderr, "arcprobe: %s\n", err);
    } else {
        if (opt.json) {
            char *json = arcp_report_json(report);
            if (json) {
                puts(json);
                free(json);
                status = cli_exit_status(report);
            } else {
                fprintf(stderr, _("arcprobe: out of memory\n"));
            }
        } else {
            int color = opt.color >= 0 ? opt.color : table_output_color_wanted(stdout);
            table_output_print(stdout, report, color, opt.verbose);
            status = cli_exit_status(report);
        }
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, _("arcprobe: cannot write the report\n"));
            status = ARCP_UNKNOWN;
        }
    }
    arcp_report_free(report);
    arcp_config_free(cfg);
    arcp_global_cleanup();
    return status;
}

/* arcprobe: the probe core's report, for people (a table) and scripts (JSON). */
#include "arcprobe.h"
#include "arcprobe_intl.h"
#include "atomic_file.h"
#include "cli_options.h"
#include "cli_status.h"
#include "openmetrics_output.h"
#include "table_output.h"

#include <errno.h>
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
    arcp_config_keep_state(cfg); /* one run, one probe: the next run resumes the log scan */
    if (arcp_config_load_given_or_default(cfg, opt->config_path, err, sizeof err) < 0) {
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

/* Writes the report in the chosen format to out; 0, or -1 after saying why. */
static int render(const struct cli_options *opt, const arcp_report *report, FILE *out, int color)
{
    if (opt->json) {
        char *json = arcp_report_json(report);
        if (!json) {
            fprintf(stderr, _("arcprobe: out of memory\n"));
            return -1;
        }
        fputs(json, out);
        fputc('\n', out);
        free(json);
    } else if (opt->openmetrics) {
        openmetrics_output_print(out, report);
    } else {
        table_output_print(out, report, color, opt->verbose);
    }
    return 0;
}

/* The report to stdout, or to --output replaced in one step (a reader never
 * sees half a file, and a failed run leaves the previous report in place).
 * Returns the exit status: the report's state, or UNKNOWN when it could not
 * be written. */
static int print_report(const struct cli_options *opt, const arcp_report *report)
{
    if (!opt->output_path) {
        int color = opt->color >= 0 ? opt->color : table_output_color_wanted(stdout);
        if (render(opt, report, stdout, color) != 0)
            return ARCP_UNKNOWN;
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, _("arcprobe: cannot write the report\n"));
            return ARCP_UNKNOWN;
        }
        return cli_exit_status(report);
    }
    struct atomic_file file;
    if (atomic_file_open(&file, opt->output_path) != 0) {
        fprintf(stderr, _("arcprobe: cannot write %s: %s\n"), opt->output_path, strerror(errno));
        return ARCP_UNKNOWN;
    }
    if (render(opt, report, file.stream, opt->color > 0) != 0) {
        atomic_file_abort(&file);
        return ARCP_UNKNOWN;
    }
    if (atomic_file_commit(&file) != 0) {
        fprintf(stderr, _("arcprobe: cannot write %s: %s\n"), opt->output_path, strerror(errno));
        return ARCP_UNKNOWN;
    }
    return cli_exit_status(report);
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
    if (arcp_probe(cfg, opt.checks, &report, err, sizeof err) != 0)
        fprintf(stderr, "arcprobe: %s\n", err);
    else
        status = print_report(&opt, report);
    arcp_report_free(report);
    arcp_config_free(cfg);
    arcp_global_cleanup();
    return status;
}

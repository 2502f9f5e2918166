/* options.h - the command line of check_azure_arc. */
#ifndef CHECK_AZURE_ARC_OPTIONS_H
#define CHECK_AZURE_ARC_OPTIONS_H

#include "arcprobe.h"
#include "thresholds.h"

#define ARC_PLUGIN_NAME "check_azure_arc"
#define ARC_VERBOSE_MAX 3

enum arc_action { ARC_ACTION_RUN = 0, ARC_ACTION_HELP, ARC_ACTION_VERSION };

/* One probe config override, applied in command-line order. */
struct arc_setting {
    const char *key;
    const char *value;
};

struct arc_options {
    enum arc_action action;
    const char *config_path; /* NULL: arcp_config_default_path() */
    struct arc_setting *settings;
    size_t settings_count;
    char **owned_keys; /* keys split off --set arguments */
    size_t owned_keys_count;
    unsigned checks; /* ARCP_CHECK_* */
    int verbose;     /* 0..3 */
    double timeout;  /* seconds; 0 = not given */
    arcp_state timeout_result;
    struct arc_thresholds thresholds;
};

/* Parse argv (after --extra-opts expansion). Returns 0, or -1 with a
 * message in err (the caller prints it with the usage line and exits 3).
 * Free with arc_options_free() in both cases. */
int arc_options_parse(struct arc_options *o, int argc, char **argv, char *err, size_t errlen);
void arc_options_free(struct arc_options *o);

/* Parse "endpoints,himds,agent,azcm" / "all" into a mask. */
int arc_parse_checks(const char *text, unsigned *mask, char *err, size_t errlen);

/* Parse a state name (case-insensitive: ok, warning, critical, unknown). */
int arc_parse_state(const char *text, arcp_state *out);

/* The -t limit written on the command line itself (-t N, -tN, --timeout N,
 * --timeout=N, with an optional :STATE), looked for before --extra-opts files
 * are read so that reading them is already under the watchdog. Leaves
 * *seconds and *result alone when there is none or it does not parse (the
 * full parse reports that). */
void arc_options_prescan_timeout(int argc, char **argv, double *seconds, arcp_state *result);

void arc_print_usage(void);
/* help.c */
void arc_print_help(void);

#endif

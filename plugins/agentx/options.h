/* options.h - command line of arcprobe-agentx. */
#ifndef ARCPROBE_AGENTX_OPTIONS_H
#define ARCPROBE_AGENTX_OPTIONS_H

#include <stddef.h>

#define OPTIONS_MAX_OVERRIDES 32

struct agentx_options {
    const char *config_path;   /* NULL: arcp_config_default_path() */
    const char *agentx_socket; /* NULL: Net-SNMP's default (/var/agentx/master) */
    int foreground;
    int logging_chosen; /* an -L option was given */
    unsigned interval_s;
    unsigned ping_interval_s;
    size_t override_count;
    struct {
        char key[64];
        const char *value;
    } overrides[OPTIONS_MAX_OVERRIDES];
};

enum options_result {
    OPTIONS_RUN,     /* go on */
    OPTIONS_EXIT_OK, /* --help or --version was printed */
    OPTIONS_BAD,     /* a message was printed to stderr */
};

/* Parse argv. -L options are applied to Net-SNMP's logging at once. */
enum options_result options_parse(int argc, char **argv, struct agentx_options *opts);

#endif

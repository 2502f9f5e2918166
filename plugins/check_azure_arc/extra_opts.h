/* extra_opts.h - monitoring-plugins --extra-opts=[section][@file].
 *
 * Each --extra-opts argument names an ini section (default: the plugin's
 * name) in a file (default: $MP_CONFIG_FILE or the first existing standard
 * file). Every `key = value` line of that section becomes `--key=value` (a
 * bare `key` becomes `--key`), inserted before the real command line so the
 * command line wins. */
#ifndef CHECK_AZURE_ARC_EXTRA_OPTS_H
#define CHECK_AZURE_ARC_EXTRA_OPTS_H

#include <stddef.h>

struct arc_argv {
    int argc;
    char **argv;  /* argv[argc] == NULL */
    char **owned; /* strings this struct allocated */
    size_t owned_count;
};

/* Expand every --extra-opts[=...] in argv. On success *out holds the new
 * vector (free with arc_argv_free) and 0 is returned; -1 with a message in
 * err when a file or section cannot be read. default_section is used when
 * the argument names none. */
int arc_extra_opts_expand(int argc, char **argv, const char *default_section, struct arc_argv *out,
                          char *err, size_t errlen);
void arc_argv_free(struct arc_argv *a);

/* The default ini file: $MP_CONFIG_FILE, else the first of the standard
 * locations that exists; NULL when there is none. */
const char *arc_extra_opts_default_file(void);

#endif

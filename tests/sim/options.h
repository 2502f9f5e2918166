/* Command line of arc-sim. */
#ifndef ARC_SIM_OPTIONS_H
#define ARC_SIM_OPTIONS_H

#include "sim.h"

#define OPTIONS_OK 0
#define OPTIONS_EXIT_SUCCESS 1 /* --help was printed */
#define OPTIONS_EXIT_USAGE 2   /* bad usage, message printed */

/* Fills *opt from argv; prints help or an error message itself. */
int options_parse(int argc, char **argv, struct sim_options *opt);

#endif

/* input_args.h - the fuzz input as text or as a command line, for the
 * targets that parse text, and for those that
 * fuzz a front end's option parser (tests/fuzz/fuzz_cli_options.c,
 * tests/nagios/fuzz_check_options.c, tests/snmp/fuzz_agentx_options.c) or
 * build a configuration from it (tests/collectd/fuzz_collectd_config.c). */
#ifndef ARCPROBE_FUZZ_INPUT_ARGS_H
#define ARCPROBE_FUZZ_INPUT_ARGS_H

#include <stddef.h>
#include <stdint.h>

/* Inputs above this are skipped: larger ones find nothing new in a parser
 * and slow the fuzzer down. */
#define FUZZ_INPUT_MAX 4096
#define FUZZ_ARGS_MAX 80

/* The input as a NUL-terminated string (it may hold more NULs), malloc'd;
 * NULL when it is larger than max bytes or memory ran out. */
char *fuzz_input_text(const uint8_t *data, size_t size, size_t max);
/* fuzz_input_text bounded by FUZZ_INPUT_MAX. */
char *fuzz_input_copy(const uint8_t *data, size_t size);

struct fuzz_args {
    char *copy; /* the input, owned: argv points into it */
    int argc;
    char *argv[FUZZ_ARGS_MAX + 2]; /* NULL after the last */
};

/* argv[0] = program, then the input's NUL-separated arguments, at most max
 * (<= FUZZ_ARGS_MAX) of them. Returns 0, or -1 when the input is skipped. */
int fuzz_args_split(struct fuzz_args *a, const char *program, int max, const uint8_t *data,
                    size_t size);
void fuzz_args_free(struct fuzz_args *a);

/* A parser that refuses a line must say why on stderr: stderr goes to a
 * memory file (stdout to /dev/null) for the whole run. Returns 1 when that
 * is in place. */
int fuzz_stderr_capture(void);
/* Empty the captured stderr before the call under test; 0 on success. */
int fuzz_stderr_rewind(void);
/* Bytes written to stderr since the rewind. */
long fuzz_stderr_written(void);

#endif

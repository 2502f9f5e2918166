/* libFuzzer target: --extra-opts ini files. The input is written to a
 * memory file and read as section "check_azure_arc"; whatever comes out
 * must then survive the option parser. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "extra_opts.h"
#include "options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("ini", 0);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char spec[64];
    snprintf(spec, sizeof spec, "--extra-opts=@/proc/self/fd/%d", fd);
    char *argv[] = {"check_azure_arc", spec, NULL};
    struct arc_argv args;
    char err[512];
    if (arc_extra_opts_expand(2, argv, "check_azure_arc", &args, err, sizeof err) == 0) {
        struct arc_options o;
        (void)arc_options_parse(&o, args.argc, args.argv, err, sizeof err);
        arc_options_free(&o);
        arc_argv_free(&args);
    }
    close(fd);
    return 0;
}

/* input_args.c - the fuzz input as text or a command line (see input_args.h). */
#include "input_args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

char *fuzz_input_text(const uint8_t *data, size_t size, size_t max)
{
    if (size > max)
        return NULL;
    char *copy = malloc(size + 1);
    if (copy == NULL)
        return NULL;
    memcpy(copy, data, size);
    copy[size] = '\0';
    return copy;
}

char *fuzz_input_copy(const uint8_t *data, size_t size)
{
    return fuzz_input_text(data, size, FUZZ_INPUT_MAX);
}

int fuzz_args_split(struct fuzz_args *a, const char *program, int max, const uint8_t *data,
                    size_t size)
{
    a->copy = fuzz_input_copy(data, size);
    if (a->copy == NULL)
        return -1;
    if (max > FUZZ_ARGS_MAX)
        max = FUZZ_ARGS_MAX;
    a->argv[0] = (char *)program;
    a->argc = 1;
    for (size_t i = 0; i <= size && a->argc <= max;) {
        a->argv[a->argc++] = a->copy + i;
        i += strlen(a->copy + i) + 1;
    }
    a->argv[a->argc] = NULL;
    return 0;
}

void fuzz_args_free(struct fuzz_args *a)
{
    free(a->copy);
    a->copy = NULL;
}

int fuzz_stderr_capture(void)
{
    static int ready = -1;
    if (ready == -1) {
        int fd = memfd_create("stderr", 0);
        ready = fd >= 0 && dup2(fd, STDERR_FILENO) >= 0 && freopen("/dev/null", "w", stdout);
        if (fd >= 0)
            close(fd);
    }
    return ready;
}

int fuzz_stderr_rewind(void)
{
    fflush(stderr);
    if (ftruncate(STDERR_FILENO, 0) != 0 || lseek(STDERR_FILENO, 0, SEEK_SET) != 0)
        return -1;
    return 0;
}

long fuzz_stderr_written(void)
{
    fflush(stderr);
    return (long)lseek(STDERR_FILENO, 0, SEEK_CUR);
}

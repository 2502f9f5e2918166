#include "mhd_log.h"

#include <stdio.h>
#include <string.h>

void mhd_log(void *cls, const char *fmt, va_list ap)
{
    /* The handlers drop connections on purpose (client gone while hung,
     * shutdown); libmicrohttpd reports each as an internal error. */
    if (strncmp(fmt, "Application reported internal error", 35) == 0)
        return;
    char line[512];
    vsnprintf(line, sizeof(line), fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    fprintf(stderr, "arc-sim: %s: %s\n", (const char *)cls, line);
}

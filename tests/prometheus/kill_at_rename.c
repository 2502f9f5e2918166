/* LD_PRELOAD shim for the interrupted-write test: the process is killed at
 * the moment it would rename its finished temporary file over the target,
 * which is the worst place for a writer to die. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int rename(const char *from, const char *to)
{
    (void)from;
    (void)to;
    kill(getpid(), SIGKILL);
    return -1;
}

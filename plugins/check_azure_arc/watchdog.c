/* watchdog.c - SIGALRM-based deadline. The core promises to finish within
 * its own timeout, but a plugin must not trust that: a blocked DNS lookup or
 * a stuck read would otherwise let Nagios kill it with no useful output. */
#include "watchdog.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static char watchdog_text[512];
static size_t watchdog_len;
static volatile sig_atomic_t watchdog_exit = ARCP_UNKNOWN;
static struct timespec watchdog_started;
static int watchdog_has_start;

void arc_watchdog_start(void)
{
    watchdog_has_start = clock_gettime(CLOCK_MONOTONIC, &watchdog_started) == 0;
}

static double seconds_since_start(void)
{
    struct timespec now;
    if (!watchdog_has_start || clock_gettime(CLOCK_MONOTONIC, &now) != 0)
        return 0;
    return (double)(now.tv_sec - watchdog_started.tv_sec) +
           (double)(now.tv_nsec - watchdog_started.tv_nsec) / 1e9;
}

static void on_alarm(int sig)
{
    (void)sig;
    ssize_t ignored = write(STDOUT_FILENO, watchdog_text, watchdog_len);
    (void)ignored;
    _exit((int)watchdog_exit);
}

int arc_watchdog_arm(double seconds, arcp_state state, const char *message)
{
    int n = snprintf(watchdog_text, sizeof watchdog_text, "ARC %s - %s\n", arcp_state_name(state),
                     message);
    watchdog_len = n < 0                               ? 0
                   : (size_t)n >= sizeof watchdog_text ? sizeof watchdog_text - 1
                                                       : (size_t)n;
    watchdog_exit = (sig_atomic_t)state;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGALRM, &sa, NULL) != 0)
        return -1;

    struct itimerval it;
    memset(&it, 0, sizeof it);
    seconds -= seconds_since_start();
    if (seconds < 0.001)
        seconds = 0.001;
    it.it_value.tv_sec = (time_t)seconds;
    it.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
    return setitimer(ITIMER_REAL, &it, NULL);
}

void arc_watchdog_disarm(void)
{
    struct itimerval it;
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, NULL);
    signal(SIGALRM, SIG_IGN);
}

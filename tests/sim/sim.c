#include "sim.h"

#include <errno.h>
#include <time.h>

/* Delays in the HTTP threads go through here so that SIGTERM ends them
 * within one step instead of after the whole delay. */
int sim_sleep_ms(struct sim *sim, unsigned ms)
{
    const unsigned step = 50;
    while (ms > 0) {
        if (atomic_load(&sim->stopping))
            return 0;
        unsigned now = ms < step ? ms : step;
        struct timespec ts = {.tv_sec = 0, .tv_nsec = (long)now * 1000000L};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        }
        ms -= now;
    }
    return atomic_load(&sim->stopping) ? 0 : 1;
}

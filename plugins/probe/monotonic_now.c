/* The probe's clock for deadlines (monotonic_now.h). It lives in the core
 * because the log scan keeps time by it too, and the core does not load the
 * network side for that. */
#include "monotonic_now.h"

#include <time.h>

double http_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int deadline_passed(double deadline)
{
    return deadline > 0 && http_now() >= deadline;
}

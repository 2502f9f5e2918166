/* The probe's clock for deadlines, CLOCK_MONOTONIC in seconds. Named
 * http_now for the batch runner it was made for (http_batch.h); it lives
 * in the core because the log scan keeps time by it too, and the core does
 * not load the network side for that. */
#include "http_batch.h"

#include <time.h>

double http_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

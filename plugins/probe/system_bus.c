/* See system_bus.h. */
#include "system_bus.h"

#ifdef HAVE_SYSTEMD
#include "http_batch.h"

#include <stdint.h>

sd_bus *system_bus_open(double deadline)
{
    sd_bus *bus = NULL;
    if (sd_bus_open_system(&bus) < 0)
        return NULL;
    double left = deadline - http_now();
    uint64_t usec = left > 0.05 ? (uint64_t)(left * 1e6) : 50000;
    if (usec > 2000000)
        usec = 2000000;
    sd_bus_set_method_call_timeout(bus, usec);
    return bus;
}
#else
/* ISO C wants something in a translation unit. */
typedef int system_bus_unused;
#endif

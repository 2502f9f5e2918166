/* The system bus for the probe's questions to systemd (service state, the
 * service's environment), bounded by the probe's deadline. */
#ifndef ARCPROBE_SYSTEM_BUS_H
#define ARCPROBE_SYSTEM_BUS_H

#ifdef HAVE_SYSTEMD
#include <systemd/sd-bus.h>

/* The system bus, each method call limited to what is left until deadline
 * (CLOCK_MONOTONIC seconds; at least 50 ms, at most 2 s). NULL when there is
 * no bus. Close with sd_bus_flush_close_unref. */
sd_bus *system_bus_open(double deadline);
#endif

#endif

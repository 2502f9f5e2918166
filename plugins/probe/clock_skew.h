/* The local clock against the Date headers of the endpoints that answered. */
#ifndef ARCPROBE_CLOCK_SKEW_H
#define ARCPROBE_CLOCK_SKEW_H

#include "config_internal.h"
#include "http_batch.h"

#include <time.h>

/* Local clock minus the server's clock from one answer: the server stamped
 * `date` (whole seconds) somewhere between sending the request (sent_wall)
 * and the Date header's arrival (date_wall), so its midpoint stands for
 * `date` + 0.5 s. Returns the offset; positive: the local clock is ahead. */
double clock_offset_from(time_t date, double sent_wall, double date_wall);

/* The offset of one finished request into *offset_s; 0, or -1 when it has
 * no usable Date header (absent, unparsable, no HTTP answer). */
int clock_offset_of_request(const struct http_request *req, double *offset_s);

/* Median of n values (sorts v in place); n > 0. */
double clock_median(double *v, size_t n);

/* Judge the clock from the endpoints' offsets (one per distinct host of an
 * https URL) into out, with thresholds from cfg. */
void clock_skew_judge(const struct arcp_config *cfg, const struct arcp_endpoints *eps,
                      struct arcp_clock *out);

#endif

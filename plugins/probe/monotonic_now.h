/* The probe's clock for deadlines: CLOCK_MONOTONIC, in seconds. */
#ifndef ARCPROBE_MONOTONIC_NOW_H
#define ARCPROBE_MONOTONIC_NOW_H

/* Now. Named http_now for the batch runner it was made for (http_batch.h). */
double http_now(void);

/* Whether the deadline (http_now() seconds; 0: none) has come. */
int deadline_passed(double deadline);

#endif

#ifndef ARCPROBE_REPORT_MEANING_H
#define ARCPROBE_REPORT_MEANING_H
#include "arcprobe.h"

/* Cause and remedy of the himds, agent and AZCM components, from what the
 * probe found (service state, endpoint outcome, agent status, the AZCM
 * catalog and diagnosis; an AZCM scan that could not be trusted keeps what
 * azcm_problem.c said); both "" for a component that is OK. */
void component_meanings(arcp_report *r);

#endif

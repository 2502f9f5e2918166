#ifndef ARCPROBE_ENDPOINT_FINDINGS_H
#define ARCPROBE_ENDPOINT_FINDINGS_H
#include "arcprobe.h"

/* Fold the endpoint rows that failed into findings appended to the
 * report's list: rows sharing a cause become one finding (correlated
 * failures said once), each row gets its static cause and the index of its
 * finding, and a failed row's total time is dropped (a failure has no
 * response time). Sets the endpoints' own cause and remedy to the leading
 * finding's. */
void endpoint_findings(arcp_report *r);

#endif

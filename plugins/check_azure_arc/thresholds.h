/* thresholds.h - the plugin's own thresholds, applied on top of the core's
 * component states, and the fold into one plugin state. */
#ifndef CHECK_AZURE_ARC_THRESHOLDS_H
#define CHECK_AZURE_ARC_THRESHOLDS_H

#include "arcprobe.h"
#include "range.h"

struct arc_thresholds {
    struct arc_range endpoint_warning;  /* endpoint total time, seconds (-w) */
    struct arc_range endpoint_critical; /* (-c) */
    struct arc_range himds_warning;     /* himds GET latency, seconds */
    struct arc_range himds_critical;
    struct arc_range heartbeat_warning; /* heartbeat age, seconds */
    struct arc_range heartbeat_critical;
    /* The most a slow endpoint of each arcp_required level may weigh: the
     * core's arcp_endpoint_state_cap, so slow never outweighs unreachable. */
    arcp_state endpoint_cap[ARCP_REQUIRED_OPTIONAL + 1];
    arcp_state timeout_result; /* state when the deadline cut the probe short */
    /* 1: the operator chose timeout_result (-t S:STATE, --timeout-result);
     * otherwise a cut-short report keeps the core's verdict, which already
     * counts every endpoint left unprobed as UNKNOWN. */
    int timeout_result_set;
};

/* Defaults: no ranges, endpoint caps as the core's default configuration
 * sets them, timeout UNKNOWN. */
void arc_thresholds_init(struct arc_thresholds *t);

/* The endpoint caps the core derives from cfg (its optional_state). */
void arc_thresholds_cap_endpoints(struct arc_thresholds *t, const arcp_config *cfg);

/* State of value under a warning/critical pair (critical checked first). */
arcp_state arc_range_state(const struct arc_range *warning, const struct arc_range *critical,
                           double value);

/* Raise component and endpoint states in report where a threshold fires,
 * noting why in the component text, then fold: returns the plugin state
 * (also stored in report->state). A report the deadline cut short
 * (report->incomplete) ends as t->timeout_result when the operator set it. */
arcp_state arc_apply_thresholds(arcp_report *report, const struct arc_thresholds *t);

#endif

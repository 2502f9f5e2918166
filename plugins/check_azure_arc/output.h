/* output.h - turn a report into Nagios plugin output: the status line, long
 * output (one line per component, remedies for failures, more with -v) and
 * performance data, all within the 8 KiB Nagios keeps. */
#ifndef CHECK_AZURE_ARC_OUTPUT_H
#define CHECK_AZURE_ARC_OUTPUT_H

#include <stddef.h>

#include "arcprobe.h"
#include "strbuf.h"
#include "thresholds.h"

/* Nagios 4 keeps 8192 bytes including the terminating NUL. */
#define ARC_OUTPUT_LIMIT 8191
/* The status line's text part is capped so long output keeps some room. */
#define ARC_SUMMARY_MAX 1024

struct arc_output_context {
    const struct arc_thresholds *thresholds;
    int verbose;                /* 0..3 */
    double timeout;             /* the plugin's limit (-t, else the configured timeout), seconds */
    const arcp_config *config;  /* for -vvv; may be NULL */
    const char *heartbeat_warn; /* perfdata thresholds for heartbeat_age; may be NULL */
    const char *heartbeat_crit;
};

/* Perfdata detail levels, most detailed first: used when the full set
 * would not fit the limit. */
enum arc_perf_level {
    ARC_PERF_ALL_PHASES = 0, /* every endpoint phase time */
    ARC_PERF_TOTALS,         /* per-endpoint total time only */
    ARC_PERF_AGGREGATES,     /* no per-endpoint items */
    ARC_PERF_LEVELS
};

void arc_render_summary(struct arc_buf *out, const arcp_report *r,
                        const struct arc_output_context *ctx);
void arc_render_long(struct arc_buf *out, const arcp_report *r,
                     const struct arc_output_context *ctx);
void arc_render_perfdata(struct arc_buf *out, const arcp_report *r,
                         const struct arc_output_context *ctx, enum arc_perf_level level);

/* Join "ARC <STATE> - <summary> | <perfdata>\n<long output>" within limit
 * bytes: the summary is cut first to ARC_SUMMARY_MAX, then long output
 * loses whole lines from the end (a marker line says how many); perfdata is
 * never cut, but the most detailed of perf_levels (count entries) that fits
 * is chosen. Returns a malloc'd string ending in '\n', NULL on OOM. */
char *arc_assemble(const char *state_name, const char *summary, const char *long_output,
                   const char *const *perf_levels, size_t count, size_t limit);

/* Everything together. */
char *arc_render(const arcp_report *r, const struct arc_output_context *ctx, size_t limit);

#endif

/* The endpoint check when it cannot start: what stopped it, why, and what
 * to do, so an UNKNOWN caused by a setting says which one to change. */
#ifndef ARCPROBE_ENDPOINT_CONFIG_ERROR_H
#define ARCPROBE_ENDPOINT_CONFIG_ERROR_H

#include "arcprobe.h"

enum ep_config_problem {
    EP_PROBLEM_LOCATION,          /* location is not a region name */
    EP_PROBLEM_CLOUD,             /* a cloud whose endpoints are not known */
    EP_PROBLEM_FEATURES,          /* features names one the catalog does not have */
    EP_PROBLEM_LIST_ENTRY,        /* an entry of endpoints or endpoints_add is not usable */
    EP_PROBLEM_LIST_TOO_LONG,     /* more entries than one cycle probes */
    EP_PROBLEM_LIST_EMPTY,        /* endpoints is set but lists nothing */
    EP_PROBLEM_PROXY_SETTING,     /* arcprobe's own proxy key */
    EP_PROBLEM_PROXY_AGENT,       /* the agent's localconfig.json */
    EP_PROBLEM_PROXY_ENVIRONMENT, /* HTTPS_PROXY in himdsd's environment */
    EP_PROBLEM_OUT_OF_MEMORY,
};

/* The endpoints UNKNOWN with text (what was found, already clean) and the
 * problem's cause and remedy; no rows, so endpoint_findings() keeps them. */
void ep_config_error(struct arcp_endpoints *out, enum ep_config_problem problem, const char *text);

#endif

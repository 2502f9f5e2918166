/* The scenarios the simulator can play and what each one means for the
 * agent status and for the himds endpoint's behaviour. */
#ifndef ARC_SIM_SCENARIO_H
#define ARC_SIM_SCENARIO_H

#include "sim.h"

/* How the himds endpoint answers in a scenario. */
enum himds_mode {
    HIMDS_NORMAL,  /* correct answers at once */
    HIMDS_DOWN,    /* nothing listens: connections are refused */
    HIMDS_HUNG,    /* accepts, never answers */
    HIMDS_GARBAGE, /* 200, application/json, body is not JSON */
    HIMDS_SLOW,    /* correct answers after SIM_SLOW_MS */
    HIMDS_HTML,    /* 500 with an HTML error page */
};

#define SIM_SLOW_MS 1500u

/* The shape of the fields no public source confirms (AGENT-FIELDS.md). */
enum field_shape {
    SHAPE_CONFIRMED, /* only what public sources show */
    SHAPE_ABSENT,    /* unconfirmed fields left out */
    SHAPE_RENAMED,   /* unconfirmed keys in another case */
    SHAPE_RETYPED,   /* unconfirmed fields of another JSON type */
};

struct scenario_info {
    const char *name;
    enum himds_mode himds;
    const char *status;     /* "Connected", "Disconnected", "Expired" */
    long heartbeat_age_s;   /* lastHeartbeat = request time - this */
    const char *error_code; /* agentErrorCode, "" when none */
    const char *error_details;
    long error_age_s;   /* error time in the logs = now - this; ignored without code */
    long date_offset_s; /* the HTTPS endpoints' Date header = now + this */
    enum field_shape shape;
};

const struct scenario_info *scenario_info(enum scenario s);

/* Returns 0 and sets *out when `name` is a scenario name, -1 otherwise. */
int scenario_parse(const char *name, enum scenario *out);

/* All names, space separated, for messages. */
const char *scenario_names(void);

#endif

#include "agent_log.h"
#include "fsutil.h"
#include "scenario.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MINUTE 60L
#define HOUR (60L * MINUTE)
#define DAY (24L * HOUR)
#define HEARTBEAT_EVERY (5L * MINUTE)

static const char *const LOG_NAMES[LOG_COUNT] = {"azcmagent.log", "himds.log"};

struct text_buf {
    char *data;
    size_t len, cap;
};

/* Lines for both logs, collected first and then written in one go. */
struct story {
    time_t now;
    struct text_buf out[LOG_COUNT];
    time_t last[LOG_COUNT]; /* newest time per file; lines never go back */
    bool open_error;        /* an AZCM error code is newer than any AZCM0000 */
    time_t newest_code;     /* time of the newest line carrying an AZCM code, 0 none */
    int failed;
};

void rfc3339_utc(time_t t, char out[21])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    if (strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        strcpy(out, "1970-01-01T00:00:00Z");
}

static void buf_put(struct story *st, struct text_buf *b, const char *s, size_t n)
{
    if (st->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (p == NULL) {
            st->failed = 1;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void buf_puts(struct story *st, struct text_buf *b, const char *s)
{
    buf_put(st, b, s, strlen(s));
}

/* Go's strconv.Quote, which logrus uses: quotes and backslashes escaped,
 * control characters as escapes. */
static void buf_put_quoted(struct story *st, struct text_buf *b, const char *s)
{
    buf_puts(st, b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*p;
            buf_put(st, b, esc, 2);
        } else if (*p == '\n') {
            buf_puts(st, b, "\\n");
        } else if (*p == '\t') {
            buf_puts(st, b, "\\t");
        } else if (*p < 0x20 || *p == 0x7f) {
            snprintf(esc, sizeof(esc), "\\x%02x", *p);
            buf_puts(st, b, esc);
        } else {
            buf_put(st, b, (const char *)p, 1);
        }
    }
    buf_puts(st, b, "\"");
}

/* One logrus line `ago` seconds before the story's `now`; the variable part
 * is key, value pairs ended by NULL. */
static void emit(struct story *st, enum log_file f, long ago, const char *level, const char *msg,
                 ...)
{
    struct text_buf *b = &st->out[f];
    time_t t = st->now - ago;
    if (t < st->last[f])
        t = st->last[f];
    st->last[f] = t;
    if (strstr(msg, "AZCM") != NULL && t > st->newest_code)
        st->newest_code = t;

    char stamp[21];
    rfc3339_utc(t, stamp);
    buf_puts(st, b, "time=\"");
    buf_puts(st, b, stamp);
    buf_puts(st, b, "\" level=");
    buf_puts(st, b, level);
    buf_puts(st, b, " msg=");
    buf_put_quoted(st, b, msg);

    va_list ap;
    va_start(ap, msg);
    const char *key;
    while ((key = va_arg(ap, const char *)) != NULL) {
        const char *value = va_arg(ap, const char *);
        buf_puts(st, b, " ");
        buf_puts(st, b, key);
        buf_puts(st, b, "=");
        buf_put_quoted(st, b, value);
    }
    va_end(ap);
    buf_puts(st, b, "\n");
}

static const char *resource_id(char *out, size_t size)
{
    const struct sim_identity *id = &SIM_IDENTITY;
    snprintf(out, size,
             "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.HybridCompute/machines/%s",
             id->subscription_id, id->resource_group, id->resource_name);
    return out;
}

/* ---- pieces of history ------------------------------------------------ */

static void onboarding(struct story *st, long ago)
{
    char rid[512];
    emit(st, LOG_AZCMAGENT, ago, "info",
         "Onboarding Machine. It usually takes a few minutes to complete. Sometimes it may take "
         "longer depending on network and server load status.",
         NULL);
    emit(st, LOG_AZCMAGENT, ago - 2, "info", "Check network connectivity to all endpoints...",
         NULL);
    emit(st, LOG_AZCMAGENT, ago - 3, "debug",
         "https://gbl.his.arc.azure.com is available, using cryptographic protocol: TLS 1.3", NULL);
    emit(st, LOG_AZCMAGENT, ago - 3, "debug",
         "https://weu.his.arc.azure.com is available, using cryptographic protocol: TLS 1.3", NULL);
    emit(st, LOG_AZCMAGENT, ago - 4, "info", "Using Regional Service Discovery", "Location",
         SIM_IDENTITY.location, "Endpoint",
         "https://gbl.his.arc.azure.com/discovery?location=westeurope&api-version=2.1", NULL);
    emit(st, LOG_AZCMAGENT, ago - 9, "info", "Creating resource in Azure", "ResourceId",
         resource_id(rid, sizeof(rid)), NULL);
    emit(st, LOG_AZCMAGENT, ago - 38, "info", "Successfully Onboarded Resource to Azure", "VM Id",
         SIM_IDENTITY.vm_id, NULL);
    emit(st, LOG_AZCMAGENT, ago - 38, "info", "AZCM0000: No Error", "Command", "azcmagent connect",
         NULL);
    st->open_error = false;
}

static void service_start(struct story *st, long ago)
{
    emit(st, LOG_HIMDS, ago, "info", "Starting HIMDS service", "Version",
         SIM_IDENTITY.agent_version, NULL);
    emit(st, LOG_HIMDS, ago, "info", "Listening for metadata requests", "Address",
         "localhost:40342", NULL);
    emit(st, LOG_HIMDS, ago - 1, "info", "Managed identity certificate loaded", NULL);
}

static void heartbeat_ok(struct story *st, long ago)
{
    emit(st, LOG_HIMDS, ago, "info", "Heartbeat sent", "Endpoint", "https://weu.his.arc.azure.com",
         "Status Code", "200", NULL);
}

/* Heartbeats every five minutes from about `from` seconds ago, the last one
 * exactly `to` seconds ago. */
static void heartbeats(struct story *st, long from, long to)
{
    long ago = to + (from - to) / HEARTBEAT_EVERY * HEARTBEAT_EVERY;
    for (; ago >= to; ago -= HEARTBEAT_EVERY)
        heartbeat_ok(st, ago);
}

static void heartbeat_unreachable(struct story *st, long ago)
{
    emit(st, LOG_HIMDS, ago, "error", "Failed to send heartbeat", "Error",
         "Post \"https://weu.his.arc.azure.com/agents/heartbeat?api-version=2.1\": dial tcp "
         "20.61.43.7:443: connect: network is unreachable",
         NULL);
}

static void heartbeat_expired(struct story *st, long ago)
{
    emit(st, LOG_HIMDS, ago, "error", "Failed to send heartbeat", "Error",
         "Post \"https://weu.his.arc.azure.com/agents/heartbeat?api-version=2.1\": tls: "
         "client certificate expired; the machine must be connected again",
         "Status Code", "401", NULL);
}

static void service_stop(struct story *st, long ago)
{
    emit(st, LOG_HIMDS, ago, "info", "Received signal, stopping HIMDS service", "Signal",
         "terminated", NULL);
}

static void insufficient_privileges(struct story *st, long ago)
{
    emit(st, LOG_AZCMAGENT, ago, "fatal", "AZCM0018: Admin Privileges Needed", "Error",
         "this command must be run as root: open /var/opt/azcmagent/agentconfig.json: "
         "permission denied",
         "Command", "azcmagent connect", NULL);
    st->open_error = true;
}

static void invalid_credentials(struct story *st, enum log_file f, long ago)
{
    emit(st, f, ago, "error", "AZCM0041: Failed to Get Access Token", "Error",
         "AADSTS7000215: Invalid client secret is provided. Trace ID: "
         "2b1f0c4e-6a53-4d0e-9a11-3c9e8d7b6f02",
         "Operation", f == LOG_HIMDS ? "token refresh" : "azcmagent connect", NULL);
    st->open_error = true;
}

static void network_error(struct story *st, long ago)
{
    emit(st, LOG_HIMDS, ago, "error",
         "AZCM0026: Network Error: dial tcp: lookup gbl.his.arc.azure.com: no such host", "Error",
         "Get \"https://gbl.his.arc.azure.com/discovery?location=westeurope&api-version=2.1\": "
         "dial tcp: lookup gbl.his.arc.azure.com: no such host",
         "Operation", "Regional Service Discovery", NULL);
    st->open_error = true;
}

/* ---- histories --------------------------------------------------------- */

static void history(struct story *st, enum scenario s)
{
    const long since_boot = 2 * HOUR;
    switch (s) {
    case SCENARIO_DISCONNECTED:
    case SCENARIO_DISCONNECTED_40D:
        onboarding(st, 3 * DAY);
        service_start(st, since_boot);
        heartbeats(st, since_boot - 5, 40 * MINUTE);
        for (long ago = 35 * MINUTE; ago > 30; ago -= HEARTBEAT_EVERY) {
            heartbeat_unreachable(st, ago);
            if (ago == 25 * MINUTE)
                emit(st, LOG_HIMDS, ago, "warning",
                     "No successful heartbeat for 15 minutes, agent status is Disconnected", NULL);
        }
        heartbeat_unreachable(st, 30);
        break;
    case SCENARIO_EXPIRED:
        onboarding(st, 140 * DAY);
        emit(st, LOG_HIMDS, 50 * DAY, "error", "Failed to send heartbeat", "Error",
             "Post \"https://weu.his.arc.azure.com/agents/heartbeat?api-version=2.1\": dial tcp "
             "20.61.43.7:443: connect: network is unreachable",
             NULL);
        service_start(st, since_boot);
        emit(st, LOG_HIMDS, since_boot - 1, "error",
             "Managed identity certificate has expired; the machine must be connected again",
             "Certificate Expiry", "45 days after the last heartbeat", NULL);
        for (long ago = since_boot - 5; ago > 60; ago -= HEARTBEAT_EVERY)
            heartbeat_expired(st, ago);
        heartbeat_expired(st, 60);
        break;
    case SCENARIO_AZCM_ERROR:
        /* Codes in both files, interleaved by time. The newest code by time is
         * in himds.log, while azcmagent.log is written last and ends with an
         * older code: reading by file order or mtime picks the wrong one. */
        onboarding(st, 3 * DAY);
        service_start(st, since_boot);
        heartbeats(st, since_boot - 5, 100 * MINUTE + 15);
        insufficient_privileges(st, 100 * MINUTE);
        heartbeats(st, 95 * MINUTE, 75 * MINUTE);
        invalid_credentials(st, LOG_HIMDS, 70 * MINUTE);
        heartbeats(st, 65 * MINUTE, 30 * MINUTE);
        invalid_credentials(st, LOG_AZCMAGENT, 25 * MINUTE);
        emit(st, LOG_AZCMAGENT, 25 * MINUTE, "fatal",
             "error connecting machine to Azure: AZCM0041: Failed to Get Access Token", NULL);
        heartbeats(st, 20 * MINUTE, 8 * MINUTE);
        emit(st, LOG_HIMDS, 3 * MINUTE, "warning", "Heartbeat failed, retrying", "Error",
             "Post \"https://weu.his.arc.azure.com/agents/heartbeat?api-version=2.1\": dial tcp: "
             "lookup weu.his.arc.azure.com: no such host",
             NULL);
        network_error(st, 2 * MINUTE);
        emit(st, LOG_HIMDS, 60, "info", "Retrying Regional Service Discovery", "Delay", "5m0s",
             NULL);
        break;
    case SCENARIO_HIMDS_DOWN:
        onboarding(st, 3 * DAY);
        service_start(st, since_boot);
        heartbeats(st, since_boot - 5, 60);
        service_stop(st, 30);
        break;
    case SCENARIO_CONNECTED:
    case SCENARIO_CLOCK_BEHIND:
    case SCENARIO_HIMDS_HUNG:
    case SCENARIO_HIMDS_GARBAGE:
    case SCENARIO_HIMDS_SLOW:
    case SCENARIO_HIMDS_HTML:
    case SCENARIO_SHAPE_ABSENT:
    case SCENARIO_SHAPE_RENAMED:
    case SCENARIO_SHAPE_RETYPED:
    case SCENARIO_COUNT:
        onboarding(st, 3 * DAY);
        service_start(st, since_boot);
        heartbeats(st, since_boot - 5, 60);
        break;
    }
}

static void transition(struct story *st, enum scenario from, enum scenario to)
{
    int was_down = from == SCENARIO_HIMDS_DOWN;
    if (was_down && to != SCENARIO_HIMDS_DOWN)
        service_start(st, 1);

    switch (to) {
    case SCENARIO_CONNECTED:
        /* Healthy again: whoever fixed it ran the CLI, which logs success. */
        if (from == SCENARIO_EXPIRED) {
            onboarding(st, 40);
        } else if (st->open_error || from == SCENARIO_DISCONNECTED) {
            emit(st, LOG_AZCMAGENT, 0, "info", "AZCM0000: No Error", "Command", "azcmagent check",
                 NULL);
            st->open_error = false;
        }
        heartbeat_ok(st, 0);
        break;
    case SCENARIO_DISCONNECTED:
    case SCENARIO_DISCONNECTED_40D:
        heartbeat_unreachable(st, 10 * MINUTE);
        heartbeat_unreachable(st, 5 * MINUTE);
        heartbeat_unreachable(st, 0);
        break;
    case SCENARIO_EXPIRED:
        heartbeat_expired(st, 0);
        break;
    case SCENARIO_AZCM_ERROR:
        insufficient_privileges(st, 2 * MINUTE);
        invalid_credentials(st, LOG_AZCMAGENT, 1 * MINUTE);
        network_error(st, 0);
        emit(st, LOG_HIMDS, 0, "info", "Retrying Regional Service Discovery", "Delay", "5m0s",
             NULL);
        break;
    case SCENARIO_HIMDS_DOWN:
        service_stop(st, 0);
        break;
    case SCENARIO_CLOCK_BEHIND:
    case SCENARIO_HIMDS_HUNG:
    case SCENARIO_HIMDS_GARBAGE:
    case SCENARIO_HIMDS_SLOW:
    case SCENARIO_HIMDS_HTML:
    case SCENARIO_SHAPE_ABSENT:
    case SCENARIO_SHAPE_RENAMED:
    case SCENARIO_SHAPE_RETYPED:
    case SCENARIO_COUNT:
        heartbeat_ok(st, 0);
        break;
    }
}

/* ---- writing ----------------------------------------------------------- */

/* himds.log first: azcmagent.log then has the newer mtime (see history). */
static const enum log_file WRITE_ORDER[LOG_COUNT] = {LOG_HIMDS, LOG_AZCMAGENT};

static int story_commit(struct sim *sim, struct story *st, int replace)
{
    int rc = st->failed ? -1 : 0;
    char dir[PATH_MAX], path[PATH_MAX];
    if (rc == 0 && path_join(dir, sizeof(dir), sim->agent_dir, "log") != 0)
        rc = -1;
    for (int i = 0; i < LOG_COUNT && rc == 0; i++) {
        enum log_file f = WRITE_ORDER[i];
        struct text_buf *b = &st->out[f];
        if (path_join(path, sizeof(path), dir, LOG_NAMES[f]) != 0) {
            rc = -1;
            break;
        }
        if (replace)
            rc = write_file_atomic(path, b->data ? b->data : "", b->len, 0644);
        else if (b->len > 0)
            rc = append_file(path, b->data, b->len, 0644);
        if (rc == 0)
            sim->log_last[f] = st->last[f];
    }
    if (rc == 0) {
        sim->log_open_error = st->open_error;
        if (st->newest_code > sim->log_newest_code)
            sim->log_newest_code = st->newest_code;
    }
    for (int f = 0; f < LOG_COUNT; f++)
        free(st->out[f].data);
    return rc;
}

int agent_log_init(struct sim *sim, enum scenario s, time_t now)
{
    struct story st;
    memset(&st, 0, sizeof(st));
    st.now = now;
    history(&st, s);
    return story_commit(sim, &st, 1);
}

int agent_log_transition(struct sim *sim, enum scenario from, enum scenario to, time_t now)
{
    struct story st;
    memset(&st, 0, sizeof(st));
    st.now = now;
    for (int f = 0; f < LOG_COUNT; f++)
        st.last[f] = sim->log_last[f];
    st.open_error = sim->log_open_error;
    transition(&st, from, to);
    /* A code logged in the same second as the previous newest code would
     * leave "which came last" to file order: wait for the next second. */
    if (!st.failed && st.newest_code != 0 && st.newest_code <= sim->log_newest_code) {
        for (int f = 0; f < LOG_COUNT; f++)
            free(st.out[f].data);
        return AGENT_LOG_TOO_SOON;
    }
    return story_commit(sim, &st, 0);
}

/* snmp_get_latency - time synchronous SNMPv2c GETs with the Net-SNMP library.
 *
 * Usage: snmp_get_latency [-c COMMUNITY] [-n COUNT] [-d SECONDS] [-w WARMUP]
 *                         [-t TIMEOUT_MS] HOST:PORT OID [OID...]
 * Sends GETs one after the other, taking the OIDs in turn so that each sees
 * the same conditions: COUNT per OID (after WARMUP untimed rounds), or as many
 * rounds as fit in SECONDS when -d is given. Each GET is timed from send to
 * answer; one line per OID:
 *   oid=OID n=N errors=E min_us=.. p50_us=.. p90_us=.. p99_us=.. max_us=.. mean_us=..
 * An error is a timeout, a transport failure, an error status or a
 * noSuchObject/noSuchInstance answer. Exit status 0 when there were none. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#define MAX_TARGETS 16

struct target {
    const char *text;
    oid name[MAX_OID_LEN];
    size_t name_len;
    double *samples;
    size_t count, capacity;
    long errors;
    double sum;
};

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(const double *sorted, size_t n, double p)
{
    size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return sorted[rank - 1];
}

/* One GET; 0 on a good answer. */
static int get_once(netsnmp_session *ss, const oid *name, size_t name_len)
{
    netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET);
    netsnmp_pdu *response = NULL;
    snmp_add_null_var(pdu, name, name_len);
    int status = snmp_synch_response(ss, pdu, &response);
    int bad = status != STAT_SUCCESS || response == NULL || response->errstat != SNMP_ERR_NOERROR ||
              response->variables == NULL || response->variables->type == SNMP_NOSUCHOBJECT ||
              response->variables->type == SNMP_NOSUCHINSTANCE ||
              response->variables->type == SNMP_ENDOFMIBVIEW;
    if (response != NULL)
        snmp_free_pdu(response);
    return bad;
}

static int record(struct target *t, double us, int bad)
{
    if (t->count == t->capacity) {
        size_t capacity = t->capacity ? 2 * t->capacity : 1024;
        double *bigger = realloc(t->samples, capacity * sizeof *bigger);
        if (bigger == NULL)
            return -1;
        t->samples = bigger;
        t->capacity = capacity;
    }
    t->samples[t->count++] = us;
    t->sum += us;
    t->errors += bad;
    return 0;
}

static void report(struct target *t)
{
    size_t n = t->count;
    if (n == 0) {
        printf("oid=%s n=0 errors=%ld\n", t->text, t->errors);
        return;
    }
    qsort(t->samples, n, sizeof *t->samples, compare_double);
    printf("oid=%s n=%zu errors=%ld min_us=%.0f p50_us=%.0f p90_us=%.0f p99_us=%.0f max_us=%.0f "
           "mean_us=%.0f\n",
           t->text, n, t->errors, t->samples[0], percentile(t->samples, n, 50),
           percentile(t->samples, n, 90), percentile(t->samples, n, 99), t->samples[n - 1],
           t->sum / (double)n);
}

static void usage(void)
{
    fprintf(stderr, "usage: snmp_get_latency [-c COMMUNITY] [-n COUNT] [-d SECONDS] [-w WARMUP] "
                    "[-t TIMEOUT_MS] HOST:PORT OID [OID...]\n");
}

int main(int argc, char **argv)
{
    const char *community = "public";
    long count = 10000, warmup = 100, timeout_ms = 2000;
    double duration_s = 0;
    int c;

    while ((c = getopt(argc, argv, "c:n:d:w:t:")) != -1) {
        switch (c) {
        case 'c':
            community = optarg;
            break;
        case 'n':
            count = strtol(optarg, NULL, 10);
            break;
        case 'd':
            duration_s = strtod(optarg, NULL);
            break;
        case 'w':
            warmup = strtol(optarg, NULL, 10);
            break;
        case 't':
            timeout_ms = strtol(optarg, NULL, 10);
            break;
        default:
            usage();
            return 2;
        }
    }
    int ntargets = argc - optind - 1;
    if (ntargets < 1 || ntargets > MAX_TARGETS || count < 1 || warmup < 0 || timeout_ms < 1 ||
        duration_s < 0 || duration_s > 3600) {
        usage();
        return 2;
    }
    const char *peer = argv[optind];

    /* numeric OIDs only: no MIB files are read */
    setenv("MIBS", "", 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
    init_snmp("snmp_get_latency");

    static struct target targets[MAX_TARGETS];
    for (int i = 0; i < ntargets; i++) {
        struct target *t = &targets[i];
        t->text = argv[optind + 1 + i];
        t->name_len = MAX_OID_LEN;
        if (read_objid(t->text, t->name, &t->name_len) == 0) {
            fprintf(stderr, "snmp_get_latency: bad OID %s\n", t->text);
            return 2;
        }
    }

    netsnmp_session session;
    snmp_sess_init(&session);
    session.peername = (char *)peer;
    session.version = SNMP_VERSION_2c;
    session.community = (u_char *)community;
    session.community_len = strlen(community);
    session.timeout = timeout_ms * 1000;
    session.retries = 0;
    netsnmp_session *ss = snmp_open(&session);
    if (ss == NULL) {
        snmp_sess_perror("snmp_get_latency: snmp_open", &session);
        return 2;
    }

    for (long round = 0; round < warmup; round++) {
        for (int i = 0; i < ntargets; i++)
            (void)get_once(ss, targets[i].name, targets[i].name_len);
    }

    double stop_at = now_us() + duration_s * 1e6;
    int failed = 0;
    for (long round = 0; !failed && (duration_s > 0 ? now_us() < stop_at : round < count);
         round++) {
        for (int i = 0; i < ntargets && !failed; i++) {
            struct target *t = &targets[i];
            double t0 = now_us();
            int bad = get_once(ss, t->name, t->name_len);
            if (record(t, now_us() - t0, bad) != 0) {
                fprintf(stderr, "snmp_get_latency: out of memory\n");
                failed = 1;
            }
        }
    }

    long errors = 0;
    for (int i = 0; i < ntargets; i++) {
        report(&targets[i]);
        errors += targets[i].errors;
        free(targets[i].samples);
    }
    snmp_close(ss);
    snmp_shutdown("snmp_get_latency");
    return failed ? 2 : errors == 0 ? 0 : 1;
}

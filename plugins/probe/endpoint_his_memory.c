/* The regional his host a discovery answer named, kept for the life of the
 * process. A long-running host (collectd, the AgentX subagent) then starts
 * probing the regional host at the beginning of a cycle instead of after
 * the global host answered. The discovery request still goes out every
 * cycle (it is the global host's probe), so every answer re-asks: a new
 * host replaces the old one for the next cycle, an answer naming none
 * forgets it, and what no answer confirmed for EP_HIS_REMEMBER_S is not
 * used. One-shot front ends (CLI, check_azure_arc) never find anything
 * here and wait for the answer within the cycle. */
#include "endpoint_internal.h"
#include "sanitize.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

/* A cloud and region the machine is in: one is the usual, a few cover a
 * process that probes several configurations. */
#define SLOTS 4

struct memory {
    char cloud[32];
    char region[64];
    char his[256];
    time_t learned; /* CLOCK_MONOTONIC seconds */
};

static struct memory slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static time_t monotonic_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec;
}

static struct memory *find(const char *cloud, const char *region)
{
    for (size_t i = 0; i < SLOTS; i++)
        if (slots[i].his[0] && strcmp(slots[i].cloud, cloud) == 0 &&
            strcmp(slots[i].region, region) == 0)
            return &slots[i];
    return NULL;
}

int ep_his_recall(const char *cloud, const char *region, char *his, size_t hislen)
{
    int known = 0;
    pthread_mutex_lock(&lock);
    struct memory *m = find(cloud, region);
    if (m && monotonic_now() - m->learned <= EP_HIS_REMEMBER_S) {
        arcp_copy(his, hislen, m->his);
        known = 1;
    }
    pthread_mutex_unlock(&lock);
    return known;
}

void ep_his_learned(const char *cloud, const char *region, const char *his, int answered)
{
    if (!answered)
        return; /* no answer says nothing about the regional host */
    pthread_mutex_lock(&lock);
    struct memory *m = find(cloud, region);
    if (!his[0]) {
        if (m)
            m->his[0] = '\0';
    } else {
        if (!m) {
            /* a free slot, else the oldest */
            m = &slots[0];
            for (size_t i = 0; i < SLOTS; i++) {
                if (!slots[i].his[0]) {
                    m = &slots[i];
                    break;
                }
                if (slots[i].learned < m->learned)
                    m = &slots[i];
            }
        }
        arcp_copy(m->cloud, sizeof m->cloud, cloud);
        arcp_copy(m->region, sizeof m->region, region);
        arcp_copy(m->his, sizeof m->his, his);
        m->learned = monotonic_now();
    }
    pthread_mutex_unlock(&lock);
}

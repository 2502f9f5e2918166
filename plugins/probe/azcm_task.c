/* The AZCM log scan beside the endpoint batch (see azcm_scan.h): reading
 * logs waits on the disk, the batch on the network, and the probe has one
 * deadline for both. */
#include "azcm_internal.h"
#include "azcm_state.h"
#include "config_internal.h"

#include <pthread.h>
#include <stdlib.h>

struct azcm_task {
    pthread_t thread;
    int threaded;
    const struct arcp_config *cfg;
    time_t now;
    double deadline;
    struct arcp_azcm *out;
};

static void *run_scan(void *arg)
{
    struct azcm_task *t = arg;
    azcm_scan_kept(t->cfg, t->now, t->deadline, t->out);
    return NULL;
}

struct azcm_task *azcm_scan_start(const struct arcp_config *cfg, time_t now, double deadline,
                                  struct arcp_azcm *out)
{
    struct azcm_task *t = calloc(1, sizeof *t);
    if (!t) {
        azcm_scan_kept(cfg, now, deadline, out);
        return NULL;
    }
    *t = (struct azcm_task){.cfg = cfg, .now = now, .deadline = deadline, .out = out};
    t->threaded = pthread_create(&t->thread, NULL, run_scan, t) == 0;
    if (!t->threaded)
        run_scan(t);
    return t;
}

void azcm_scan_finish(struct azcm_task *task)
{
    if (!task)
        return;
    if (task->threaded)
        pthread_join(task->thread, NULL);
    free(task);
}

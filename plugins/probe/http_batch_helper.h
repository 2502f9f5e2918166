/* A second thread for the calling thread's big batches (see
 * http_batch_helper.c). */
#ifndef ARCPROBE_HTTP_BATCH_HELPER_H
#define ARCPROBE_HTTP_BATCH_HELPER_H

#include "http_batch.h"

#include <stddef.h>

/* Whether handing part of a batch to a helper can pay: the process may
 * run on two CPUs or more (its affinity mask, asked each time). */
int http_helper_worth_it(void);

/* Run reqs[0..n) as one batch (http_batch_run) on the calling thread's
 * helper, made on first use and kept, until `deadline`. 0: started, the
 * requests belong to the helper until http_helper_wait(); -1: no helper
 * (it cannot be made), run them yourself. */
int http_helper_start(struct http_request **reqs, size_t n, double deadline);

/* Wait for what http_helper_start() started; its http_batch_finish() code. */
int http_helper_wait(void);

/* Stop and join the calling thread's helper now; its libcurl state goes
 * with it. A thread's helper also ends when the thread does. */
void http_helper_release(void);

#endif

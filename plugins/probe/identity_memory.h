/* When the identity service last answered its challenge, remembered in
 * the process and in a per-user state file, so that the challenge (which
 * makes himds write a key file) is repeated only every identity_interval. */
#ifndef ARCPROBE_IDENTITY_MEMORY_H
#define ARCPROBE_IDENTITY_MEMORY_H

#include "config_internal.h"

#include <time.h>

/* The last time a challenge for cfg's himds was seen, 0 when never (or when
 * the remembered time lies in the future). Thread-safe. */
time_t identity_memory_recall(const struct arcp_config *cfg, time_t now);

/* Whether a challenge seen at `seen` still stands at `now`. */
int identity_memory_fresh(const struct arcp_config *cfg, time_t seen, time_t now);

/* Remember a challenge seen at `seen`. Failing to write the state file is
 * silent: the next one-shot run then challenges again. Thread-safe. */
void identity_memory_store(const struct arcp_config *cfg, time_t seen);

#endif

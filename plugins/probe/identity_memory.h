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

/* Whether the time of a challenge made now would still be known to the
 * next probe: always in a long-running host (its memory); in a one-shot
 * run (arcp_config_keep_state) only when the state file can be replaced,
 * else 0 with a note saying why (a key = none, or what state_file.c
 * refused). A one-shot run that cannot keep it would challenge on every
 * run, and himds would write a key file each time. */
int identity_memory_keepable(const struct arcp_config *cfg, char *note, size_t notelen);

/* Remember a challenge seen at `seen`: in the process always, and in the
 * state file. Returns 0, or -1 with a note (state_file.c's reason) when a
 * one-shot run could not write the file where identity_memory_keepable
 * foresaw no failure (a full disk, a race, EIO): the next one-shot run then
 * challenges again, and its caller says so. A long-running host's memory
 * outlives the probe, so its file failing is no failure. Thread-safe. */
int identity_memory_store(const struct arcp_config *cfg, time_t seen, char *note, size_t notelen);

#endif

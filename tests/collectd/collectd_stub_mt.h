/* collectd_stub_mt.h - a stand-in for collectd's plugin API that does NOT
 * serialise its callers, plus an emulation of collectd's read threads.
 *
 * collectd_stub.c takes one global lock in every dispatch call; under
 * ThreadSanitizer that lock orders almost everything the plugin does, so a
 * missing lock in the plugin goes unseen. Here every read thread records into
 * its own thread-local record and the only locks are the ones collectd itself
 * holds: the read heap's lock around taking and re-inserting a read function
 * (src/daemon/plugin.c, plugin_read_thread).
 */
#ifndef COLLECTD_STUB_MT_H
#define COLLECTD_STUB_MT_H

#include "collectd/core/daemon/plugin.h"

#include <stddef.h>

#define MT_MAX_READS 256

/* What one call of a read callback dispatched, filled in by the thread that
 * ran it and read by the test only after that thread was joined. */
struct mt_read_record {
    const char *instance; /* the instance the callback belongs to */
    size_t round;         /* 0 for its first read: of the function (scheduler runs)
                           * or of the thread (reentered runs) */
    int status;           /* the callback's return value */
    size_t values, notifications, logs;
    size_t foreign;            /* values/notifications naming another instance */
    double state, himds_state; /* the "state" and "himds_state" gauges */
    size_t unexpected_notifications;
};

/* One registered read function, as collectd's read_func_t. */
struct mt_read {
    char group[DATA_MAX_NAME_LEN];
    char name[2 * DATA_MAX_NAME_LEN];
    const char *instance; /* name without "azure_arc/" */
    plugin_read_cb callback;
    user_data_t ud;
    int removed;        /* plugin_unregister_read_group marked it (RF_REMOVE) */
    int freed;          /* its user data was freed */
    size_t rounds_done; /* guarded by the scheduler's lock */
};

/* What module_register registered. */
extern int (*mt_config_cb)(oconfig_item_t *);
extern int (*mt_init_cb)(void);
/* plugin_dispatch_values refuses the values of odd rounds (a write queue
 * that fills and drains): the plugin's throttled complaints change state on
 * every read. Cleared by mt_reset(). */
extern int mt_refuse_odd_rounds;

/* The registration table. Written only while the process is single-threaded
 * (config and init run before collectd starts its read threads). */
size_t mt_read_count(void);
struct mt_read *mt_read_at(size_t i);
/* The registered, not removed, read function of that name, or NULL. */
struct mt_read *mt_find_read(const char *name);

/* Errors logged outside any read (config, init, shutdown). */
size_t mt_errors_outside_reads(void);
/* Values/notifications dispatched by a thread that was not running a read. */
size_t mt_stray_dispatches(void);

/* Records of every read run so far; valid until mt_reset(). */
size_t mt_record_count(void);
const struct mt_read_record *mt_record_at(size_t i);

/* As collectd's read threads: `threads` threads take read functions off a
 * shared queue under one lock, run each (or free it when it was marked
 * removed), and put it back until every function ran `rounds` times. One
 * function is never run by two threads at once. The threads wait for each
 * other before the first take, so they start together. Returns 0, or -1 when
 * a thread could not be started. */
int mt_run_scheduled(size_t threads, size_t rounds);

/* Beyond what collectd 5.12 does: `threads` threads call the SAME read
 * function at once, `rounds` times each, with no lock around the calls. */
int mt_run_reentered(struct mt_read *read, size_t threads, size_t rounds);

/* Free every read function marked removed from `threads` threads that free
 * one each at the same moment (a barrier before each round, nothing between
 * the frees): an interleaving collectd's read threads allow, made certain,
 * because ThreadSanitizer sees only accesses that nothing orders. Returns
 * the number freed. */
size_t mt_free_removed_at_once(size_t threads);

/* As plugin_shutdown_all after stop_read_threads: free the user data of
 * every read function still registered, on the calling thread. */
void mt_shutdown(void);

/* Forget everything (registrations, records, callbacks). */
void mt_reset(void);

#endif

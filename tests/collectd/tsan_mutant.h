/* tsan_mutant.h - force-included into a deliberately broken build of the
 * plugin (azure_arc.c) that skips one of its locks, so the ThreadSanitizer
 * test is seen to fail without it (ctest collectd.threads_tsan_mutant_*).
 * Never part of the real plugin.
 */
#ifndef TSAN_MUTANT_H
#define TSAN_MUTANT_H

#include <pthread.h>

/* registered_lock is azure_arc.c's lock around its table of names; every
 * other mutex locked there is an instance's own lock. */
#if defined(AZARC_MUTANT_NO_INSTANCE_LOCK)
#define AZARC_MUTANT_SKIPS(m) ((const void *)(m) != (const void *)&registered_lock)
#elif defined(AZARC_MUTANT_NO_NAME_LOCK)
#define AZARC_MUTANT_SKIPS(m) ((const void *)(m) == (const void *)&registered_lock)
#else
#error "define AZARC_MUTANT_NO_INSTANCE_LOCK or AZARC_MUTANT_NO_NAME_LOCK"
#endif

/* Defined before the macros below, so these call the real functions. */
static inline int azarc_mutant_lock(pthread_mutex_t *m, int skip)
{
    return skip ? 0 : pthread_mutex_lock(m);
}

static inline int azarc_mutant_unlock(pthread_mutex_t *m, int skip)
{
    return skip ? 0 : pthread_mutex_unlock(m);
}

#define pthread_mutex_lock(m) azarc_mutant_lock((m), AZARC_MUTANT_SKIPS(m))
#define pthread_mutex_unlock(m) azarc_mutant_unlock((m), AZARC_MUTANT_SKIPS(m))

#endif

/* The per-log memory of long-running hosts (see azcm_memory.h). */
#include "azcm_memory.h"
#include "azcm_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS AZCM_MEMORY_SLOTS

struct azcm_memory {
    pthread_mutex_t lock;
    unsigned long long clock;
    struct azcm_remembered slot[SLOTS];
    struct file_scan results[SLOTS];
};

struct azcm_memory *azcm_memory_new(void)
{
    struct azcm_memory *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    if (pthread_mutex_init(&m->lock, NULL) != 0) {
        free(m);
        return NULL;
    }
    for (size_t i = 0; i < SLOTS; i++)
        m->slot[i].result = &m->results[i];
    return m;
}

void azcm_memory_free(struct azcm_memory *m)
{
    if (!m)
        return;
    pthread_mutex_destroy(&m->lock);
    free(m);
}

int azcm_memory_try_lock(struct azcm_memory *m)
{
    return m && pthread_mutex_trylock(&m->lock) == 0;
}

void azcm_memory_unlock(struct azcm_memory *m)
{
    pthread_mutex_unlock(&m->lock);
}

struct azcm_remembered *azcm_memory_entry(struct azcm_memory *m, size_t i)
{
    return m && i < SLOTS ? &m->slot[i] : NULL;
}

struct azcm_remembered *azcm_memory_find(struct azcm_memory *m, dev_t dev, ino_t ino)
{
    for (size_t i = 0; m && i < SLOTS; i++)
        if (m->slot[i].used && m->slot[i].dev == dev && m->slot[i].ino == ino) {
            m->slot[i].last_used = ++m->clock;
            return &m->slot[i];
        }
    return NULL;
}

struct azcm_remembered *azcm_memory_slot(struct azcm_memory *m, dev_t dev, ino_t ino)
{
    if (!m)
        return NULL;
    struct azcm_remembered *s = azcm_memory_find(m, dev, ino);
    for (size_t i = 0; !s && i < SLOTS; i++)
        if (!m->slot[i].used)
            s = &m->slot[i];
    if (!s) {
        /* all taken by other files: the least recently used goes */
        s = &m->slot[0];
        for (size_t i = 1; i < SLOTS; i++)
            if (m->slot[i].last_used < s->last_used)
                s = &m->slot[i];
    }
    s->used = 0; /* filled by the caller, then marked used */
    s->dev = dev;
    s->ino = ino;
    s->last_used = ++m->clock;
    return s;
}

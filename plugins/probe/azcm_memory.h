/* What a long-running host (collectd, the AgentX subagent) remembers about
 * each agent log between probes, so that a cycle reads only what was
 * appended since the last one (as check_logfiles' seek files do): the file's
 * identity (device, inode), how far it was read, the bytes just before that
 * point (to notice a file rewritten in place), and what the scan found. */
#ifndef ARCPROBE_AZCM_MEMORY_H
#define ARCPROBE_AZCM_MEMORY_H

#include <sys/types.h>

struct azcm_memory;
struct file_scan;

struct azcm_memory *azcm_memory_new(void);
void azcm_memory_free(struct azcm_memory *m);

/* Held while one probe's scan uses the memory; 0 when another probe of the
 * same configuration holds it (that scan then reads everything). */
int azcm_memory_try_lock(struct azcm_memory *m);
void azcm_memory_unlock(struct azcm_memory *m);

#define AZCM_FINGERPRINT_MAX 64

/* One remembered log. */
struct azcm_remembered {
    int used;
    dev_t dev;
    ino_t ino;
    off_t size;       /* the file's size when it was read */
    off_t line_start; /* where its newest line began: the next read starts here */
    unsigned char fingerprint[AZCM_FINGERPRINT_MAX]; /* the bytes before line_start */
    size_t fingerprint_len;
    unsigned long long last_used;
    struct file_scan *result;
};

/* How many logs the memory holds at most (azcmagent.log, himds.log and one
 * rotation of each, with room to spare). */
#define AZCM_MEMORY_SLOTS 8

/* Entry i (0 <= i < AZCM_MEMORY_SLOTS), used or not, or NULL when m is NULL:
 * for the state file (azcm_state_json.c), which writes and refills them. */
struct azcm_remembered *azcm_memory_entry(struct azcm_memory *m, size_t i);

/* The entry for (dev, ino), or NULL. */
struct azcm_remembered *azcm_memory_find(struct azcm_memory *m, dev_t dev, ino_t ino);

/* The entry to fill for (dev, ino): its own, a free one or the least
 * recently used. NULL when m is NULL. */
struct azcm_remembered *azcm_memory_slot(struct azcm_memory *m, dev_t dev, ino_t ino);

#endif

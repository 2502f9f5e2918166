/* Pieces of the AZCM log scan exposed for unit tests and the fuzzer. */
#ifndef ARCPROBE_AZCM_INTERNAL_H
#define ARCPROBE_AZCM_INTERNAL_H

#include "azcm_scan.h"
#include <stddef.h>
#include <sys/types.h>

/* How far past an AZCM0000 line the scan keeps reading for the error it
 * resolved, per file (bounded separately from log_scan_max so a healthy
 * machine's poll stays cheap). */
#define AZCM_RESOLVE_LOOKBACK (4u * 1024u * 1024u)

/* Error-level lines up to this long before the code line still count for
 * the diagnosis (the detail is usually logged just before the code). */
#define AZCM_DIAG_WINDOW 600

/* The first word-bounded AZCMnnnn in s[0..len): its number, or -1. */
int azcm_find_code(const char *s, size_t len);

/* "cannot read PATH (permission denied; owner ..., group ..., mode ...):
 * run as root or a member of group G" from the owner, group and mode of the
 * file (or, with is_dir, of the directory that cannot be searched). */
void azcm_permission_text(char *dst, size_t dstlen, const char *path, uid_t uid, gid_t gid,
                          mode_t mode, int is_dir);

/* "45 s ago", "12 min ago", "3 h ago", "2 d ago", "in the future". */
void azcm_format_age(char *dst, size_t dstlen, long long age_s);

/* The newest rotated file for base ("azcmagent" -> azcmagent.log.*,
 * azcmagent-*.log) in dir by mtime, skipping compressed ones. Returns 1 and
 * the path, or 0. When a compressed rotation is newer than the chosen one
 * (or none was chosen), its name goes to skipped (else skipped is ""). */
int azcm_newest_rotated(const char *dir, const char *base, char *path, size_t pathlen,
                        char *skipped, size_t skippedlen);

/* Test hooks: called after each block read from a log, so a test can rotate
 * or truncate the file mid-read. */
struct azcm_hooks {
    void (*after_block)(const char *path, unsigned long blocks, void *arg);
    void *arg;
};

void azcm_scan_hooked(const struct arcp_config *cfg, time_t now, struct arcp_azcm *out,
                      const struct azcm_hooks *hooks);

#endif

/* Pieces of the AZCM log scan exposed for unit tests and the fuzzer. */
#ifndef ARCPROBE_AZCM_INTERNAL_H
#define ARCPROBE_AZCM_INTERNAL_H

#include "azcm_line.h"
#include "azcm_problem.h"
#include "azcm_scan.h"
#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

/* How far past an AZCM0000 line the scan keeps reading for the error it
 * resolved, per file (bounded separately from log_scan_max so a healthy
 * machine's poll stays cheap). */
#define AZCM_RESOLVE_LOOKBACK (4u * 1024u * 1024u)

/* Error-level lines up to this long before the code line still count for
 * the diagnosis (the detail is usually logged just before the code). */
#define AZCM_DIAG_WINDOW 600

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

struct diag_hit {
    int valid;
    int has_time;
    time_t time;
    char cause[ARCP_TEXT_MAX];
    char remedy[ARCP_TEXT_MAX];
};

struct code_hit {
    int valid;
    int code;
    int has_time;
    time_t time;
    char level[16];
    char message[ARCP_MESSAGE_MAX];
    char path[256];
    struct diag_hit own_diag; /* a known failure message on the code line itself */
};

/* What one pass over one log file found. */
struct file_scan {
    const char *path;
    struct code_hit newest;      /* the newest code-bearing line */
    struct code_hit prior_error; /* newest non-zero code before an AZCM0000 newest */
    struct diag_hit diag;        /* newest error-level line with a known failure */
    int err;                     /* errno when the file could not be read */
    int changed;                 /* rotated or truncated while being read */
    int timed_out;               /* the probe's deadline came before the newest code */
    int untrusted_owner;         /* not read: owned by someone other than root or the agent */
    uid_t owner;
    int limited; /* log_scan_max reached before the file's start */
    unsigned long skipped_long;
    unsigned long long bytes;
};

/* What was found for one log name: its current file and maybe a rotation. */
struct log_result {
    char path[PATH_MAX];
    char rotated[PATH_MAX];
    char skipped_z[256];
    struct file_scan cur, rot;
    int scanned_rot;
};

/* Whether a log owned by uid may be read: root's, the agent's (a user
 * named himds, unconfirmed: the agent's service runs as root as far as the
 * public documents say) or the running user's own. Anyone else's file under
 * a log's name was planted by whoever can write the log directory. */
int azcm_owner_trusted(uid_t uid);

/* snprintf for text that may be cut: truncation is expected and fine here,
 * but never inside a character. */
__attribute__((format(printf, 3, 4))) void azcm_textf(char *dst, size_t dstlen, const char *fmt,
                                                      ...);

/* A reason one file's result cannot be trusted (so the component is
 * UNKNOWN): "cannot read ...", "... changed while being read", with the
 * advice that fits the errno. Returns the kind of problem with the text in
 * dst, or AZCM_PROBLEM_NONE when the file was read (or is simply absent). */
enum azcm_problem azcm_file_problem(char *dst, size_t dstlen, const struct file_scan *fs);

/* The state and text for the whole scan, from what each log gave: the
 * newest code across the files (by time), the error an AZCM0000 resolved,
 * the diagnosis. problem ("" none) makes the result UNKNOWN, with the cause
 * and remedy of problem_kind. */
void azcm_compose(const struct arcp_config *cfg, time_t now, const char *logdir,
                  const struct log_result *lr, size_t nlogs, int any_file, const char *problem,
                  enum azcm_problem problem_kind, struct arcp_azcm *out);

/* Test hooks: called after each block read from a log, so a test can rotate
 * or truncate the file mid-read. */
struct azcm_hooks {
    void (*after_block)(const char *path, unsigned long blocks, void *arg);
    void *arg;
};

/* azcm_scan with a deadline (http_now() clock, 0 none), a memory of the
 * logs read by earlier probes (NULL none: read every log from its end) and
 * test hooks (NULL none). */
struct azcm_memory;
void azcm_scan_hooked(const struct arcp_config *cfg, time_t now, double deadline,
                      struct azcm_memory *memory, struct arcp_azcm *out,
                      const struct azcm_hooks *hooks);

#endif

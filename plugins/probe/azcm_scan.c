/* The probe's third question: the last AZCM code in the agent's logs.
 *
 * Each log (azcmagent.log, himds.log; the newest rotation of each when the
 * current file has no code) is read backwards in blocks until its newest
 * code-bearing line turns up, so a poll costs about as much as the distance
 * of that line from the end. The newest line across the files (by its
 * time= field, not by file) decides. An AZCM0000 (success) newer than an
 * error means that error was resolved; the scan then looks a little further
 * back (AZCM_RESOLVE_LOOKBACK) in the same file to name it. */
#include "azcm_internal.h"
#include "azcm_diagnose.h"
#include "azcm_memory.h"
#include "http_batch.h"
#include "log_reverse.h"
#include "sanitize.h"
#include "l10n.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static int diagnose_into(struct diag_hit *d, const struct line_info *li)
{
    char cause[ARCP_TEXT_MAX], remedy[ARCP_TEXT_MAX];
    if (azcm_diagnose(li->combined, li->combined_len, cause, sizeof(cause), remedy,
                      sizeof(remedy)) == AZCM_FAIL_NONE)
        return 0;
    d->valid = 1;
    d->has_time = li->has_time;
    d->time = li->time;
    arcp_sanitize(d->cause, sizeof(d->cause), cause, strlen(cause));
    arcp_sanitize(d->remedy, sizeof(d->remedy), remedy, strlen(remedy));
    return 1;
}

static void record_code(struct code_hit *hit, const struct line_info *li, const char *path)
{
    memset(&hit->own_diag, 0, sizeof hit->own_diag);
    diagnose_into(&hit->own_diag, li);
    hit->valid = 1;
    hit->code = li->code;
    hit->has_time = li->has_time;
    hit->time = li->time;
    arcp_copy(hit->level, sizeof(hit->level), li->level);
    arcp_sanitize(hit->message, sizeof(hit->message), li->combined, li->combined_len);
    arcp_copy(hit->path, sizeof(hit->path), path);
}

/* Keep the newest error-level line that matches a known failure. */
static void maybe_record_diag(struct diag_hit *d, const struct line_info *li)
{
    if (d->valid || !li->error_level)
        return;
    diagnose_into(d, li);
}

/* After the code line: error lines just before it that are already in
 * memory may carry the detail; look at them without reading more. */
static void scan_cached_context(struct log_reverse *r, struct file_scan *fs,
                                const struct code_hit *hit, struct line_info *li)
{
    const char *line;
    size_t len;
    while (!fs->diag.valid && log_reverse_prev_cached(r, &line, &len) == 1) {
        if (!azcm_line_is_interesting(line, len) || !azcm_decode_line(line, len, li))
            continue;
        if (li->code >= 0)
            break; /* an older code's context is not ours */
        if (hit->has_time && li->has_time && li->time < hit->time - AZCM_DIAG_WINDOW)
            break;
        maybe_record_diag(&fs->diag, li);
    }
}

/* What every file's scan in one probe shares. */
struct scan_limits {
    unsigned long long max_bytes;
    double deadline; /* http_now() clock, 0 none */
    const struct azcm_hooks *hooks;
    struct azcm_memory *memory; /* NULL: read every log from its end, nothing remembered */
};

/* A file met before, grown since and unchanged up to where it was read:
 * read only from the start of its newest line then (a line may have been
 * cut by the last read) to the end. Returns 1 when resumed. */
static int resume_from_memory(struct log_reverse *r, const struct azcm_remembered *m,
                              struct file_scan *fs)
{
    if (r->size < m->size || r->floor > m->line_start)
        return 0; /* truncated, or more appended than log_scan_max */
    if (m->fingerprint_len) {
        unsigned char now[AZCM_FINGERPRINT_MAX];
        ssize_t n =
            pread(r->fd, now, m->fingerprint_len, m->line_start - (off_t)m->fingerprint_len);
        if (n > 0)
            fs->bytes += (unsigned long long)n;
        if (n != (ssize_t)m->fingerprint_len || memcmp(now, m->fingerprint, m->fingerprint_len))
            return 0; /* rewritten in place (copytruncate, then refilled) */
    }
    log_reverse_resume_at(r, m->line_start);
    return 1;
}

static void set_path(struct code_hit *h, const char *path)
{
    if (h->valid)
        arcp_copy(h->path, sizeof(h->path), path);
}

/* fs holds what the appended part gave; complete it with what the part
 * read before gave, as one scan of the whole file would have. */
static void merge_remembered(struct file_scan *fs, const struct file_scan *old, const char *path)
{
    if (!fs->diag.valid)
        fs->diag = old->diag;
    fs->limited = old->limited;
    if (fs->newest.valid && fs->newest.code != 0)
        return;
    if (fs->newest.valid) {
        /* an AZCM0000 was appended: the error it resolved may be older */
        if (!fs->prior_error.valid && old->newest.valid)
            fs->prior_error = old->newest.code != 0 ? old->newest : old->prior_error;
        set_path(&fs->prior_error, path);
        return;
    }
    fs->newest = old->newest;
    fs->prior_error = old->prior_error;
    set_path(&fs->newest, path);
    set_path(&fs->prior_error, path);
}

/* Remember what the scan of r found, for the next probe's resume. */
static void remember(struct azcm_memory *memory, const struct log_reverse *r,
                     const struct azcm_remembered *before, const struct file_scan *fs)
{
    off_t line_start = r->ends_with_newline        ? r->size
                       : r->newest_line_start >= 0 ? r->newest_line_start
                       : before                    ? before->line_start
                       : r->size == 0              ? 0
                                                   : -1;
    struct azcm_remembered *m = azcm_memory_slot(memory, r->dev, r->ino);
    if (!m)
        return;
    m->used = 0;
    if (line_start < 0)
        return; /* no line was seen whole: read it all next time */
    size_t n = line_start < AZCM_FINGERPRINT_MAX ? (size_t)line_start : AZCM_FINGERPRINT_MAX;
    if (n && pread(r->fd, m->fingerprint, n, line_start - (off_t)n) != (ssize_t)n)
        return;
    m->fingerprint_len = n;
    m->size = r->size;
    m->line_start = line_start;
    *m->result = *fs;
    m->used = 1;
}

/* The test hook, called by the reader after each block. */
struct block_hook {
    const struct azcm_hooks *hooks;
    const char *path;
    unsigned long blocks;
};

static void after_block(void *arg)
{
    struct block_hook *bh = arg;
    int saved = errno;
    bh->hooks->after_block(bh->path, ++bh->blocks, bh->hooks->arg);
    errno = saved;
}

/* One pass over one file. Returns 0, or -1 with fs->err set. */
static int scan_file_once(const char *path, const struct scan_limits *lim, struct file_scan *fs)
{
    const struct azcm_hooks *hooks = lim->hooks;
    struct log_reverse r;
    if (lim->deadline > 0 && http_now() >= lim->deadline) {
        fs->timed_out = 1;
        return 0;
    }
    if (log_reverse_open(&r, path, lim->max_bytes) != 0) {
        fs->err = errno;
        return -1;
    }
    if (!azcm_owner_trusted(r.uid)) {
        fs->untrusted_owner = 1;
        fs->owner = r.uid;
        log_reverse_close(&r);
        return -1;
    }
    log_reverse_set_deadline(&r, lim->deadline);
    log_reverse_set_filter(&r, azcm_last_candidate);
    struct azcm_remembered *before = azcm_memory_find(lim->memory, r.dev, r.ino);
    int resumed = before && resume_from_memory(&r, before, fs);
    struct line_info *li = malloc(sizeof(*li));
    if (!li) {
        log_reverse_close(&r);
        fs->err = ENOMEM;
        return -1;
    }
    struct block_hook bh = {hooks, path, 0};
    if (hooks && hooks->after_block) {
        r.after_read = after_block;
        r.after_read_arg = &bh;
    }
    off_t zero_at = 0; /* where the newest AZCM0000 line starts */
    int rc = 0;
    const char *line;
    size_t len;
    for (;;) {
        int got = log_reverse_prev(&r, &line, &len);
        int read_errno = errno;
        if (got < 0 && r.timed_out) {
            /* A code found before the deadline stands; only its
             * resolution lookback was cut. */
            fs->timed_out = !fs->newest.valid;
            break;
        }
        if (got < 0) {
            fs->err = read_errno;
            if (r.shrunk)
                fs->changed = 1;
            rc = -1;
            break;
        }
        if (got == 0)
            break;
        /* by line position, not bytes read: the same lines whether the
         * blocks came warm or were swept cold */
        if (fs->newest.valid && fs->newest.code == 0 && zero_at - r.line_at > AZCM_RESOLVE_LOOKBACK)
            break;
        if (!azcm_line_is_interesting(line, len) || !azcm_decode_line(line, len, li))
            continue;
        if (li->code < 0) {
            maybe_record_diag(&fs->diag, li);
            continue;
        }
        if (!fs->newest.valid) {
            record_code(&fs->newest, li, path);
            maybe_record_diag(&fs->diag, li);
            if (li->code != 0) {
                scan_cached_context(&r, fs, &fs->newest, li);
                break;
            }
            zero_at = r.line_at;
            continue;
        }
        if (li->code != 0) {
            /* The error the newest AZCM0000 resolved. */
            record_code(&fs->prior_error, li, path);
            break;
        }
    }
    fs->limited = r.limited;
    fs->skipped_long += r.skipped_long;
    fs->bytes += r.bytes_read;

    /* Rotated (a new file under the name) or truncated while we read? */
    if (rc == 0 && !fs->timed_out) {
        struct stat now_path, now_fd;
        if (stat(path, &now_path) != 0 || now_path.st_dev != r.dev || now_path.st_ino != r.ino ||
            (fstat(r.fd, &now_fd) == 0 && now_fd.st_size < r.size))
            fs->changed = 1;
    }
    if (rc == 0 && !fs->timed_out && resumed)
        merge_remembered(fs, before->result, path);
    if (lim->memory && rc == 0 && !fs->timed_out && !fs->changed)
        remember(lim->memory, &r, resumed ? before : NULL, fs);
    free(li);
    log_reverse_close(&r);
    return rc;
}

/* Scan one file, once more if it changed under us. */
static void scan_file(const char *path, const struct scan_limits *lim, struct file_scan *fs)
{
    unsigned long long bytes = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        memset(fs, 0, sizeof(*fs));
        fs->path = path;
        scan_file_once(path, lim, fs);
        bytes += fs->bytes;
        fs->bytes = bytes;
        if (!fs->changed)
            return; /* includes "gone": a rotation left no file under the name */
    }
    /* fs->changed stays set: it changed on both attempts. */
}

void azcm_scan_hooked(const struct arcp_config *cfg, time_t now, double deadline,
                      struct azcm_memory *memory, struct arcp_azcm *out,
                      const struct azcm_hooks *hooks)
{
    if (memory && !azcm_memory_try_lock(memory))
        memory = NULL; /* another probe of this configuration uses it: read it all */
    const struct scan_limits lim = {cfg->log_scan_max, deadline, hooks, memory};
    static const char *const bases[] = {"azcmagent", "himds"};
    enum { NLOGS = sizeof(bases) / sizeof(bases[0]) };
    char logdir[PATH_MAX];

    memset(out, 0, sizeof(*out));
    out->code = -1;
    out->age_s = -1;
    out->meaning = "";
    out->code_remedy = "";
    azcm_textf(logdir, sizeof(logdir), "%s/log", cfg->agent_dir);

    struct log_result *lr = calloc(NLOGS, sizeof(*lr));
    if (!lr) {
        out->state = ARCP_UNKNOWN;
        arcp_copy(out->text, sizeof(out->text), _("out of memory while scanning the agent logs"));
        azcm_problem_meaning(AZCM_PROBLEM_OUT_OF_MEMORY, out);
        if (memory)
            azcm_memory_unlock(memory);
        return;
    }

    int any_file = 0;
    char problem[ARCP_TEXT_MAX] = "";
    enum azcm_problem problem_kind = AZCM_PROBLEM_NONE;
    for (size_t i = 0; i < NLOGS; i++) {
        struct log_result *l = &lr[i];
        azcm_textf(l->path, sizeof(l->path), "%s/%s.log", logdir, bases[i]);
        scan_file(l->path, &lim, &l->cur);
        out->bytes_read += l->cur.bytes;
        if (l->cur.err != ENOENT)
            any_file = 1;
        if (!problem[0])
            problem_kind = azcm_file_problem(problem, sizeof(problem), &l->cur);
        if (l->cur.newest.valid || l->cur.timed_out || (l->cur.err && l->cur.err != ENOENT))
            continue;
        if (azcm_newest_rotated(logdir, bases[i], l->rotated, sizeof(l->rotated), l->skipped_z,
                                sizeof(l->skipped_z))) {
            any_file = 1;
            l->scanned_rot = 1;
            scan_file(l->rotated, &lim, &l->rot);
            out->bytes_read += l->rot.bytes;
            if (!problem[0])
                problem_kind = azcm_file_problem(problem, sizeof(problem), &l->rot);
        } else if (l->skipped_z[0]) {
            any_file = 1;
        }
    }

    for (size_t i = 0; i < NLOGS; i++)
        if (lr[i].cur.timed_out || (lr[i].scanned_rot && lr[i].rot.timed_out))
            out->incomplete = 1;
    if (memory)
        azcm_memory_unlock(memory);
    azcm_compose(cfg, now, logdir, lr, NLOGS, any_file, problem, problem_kind, out);
    free(lr);
}

void azcm_scan(const struct arcp_config *cfg, time_t now, struct arcp_azcm *out)
{
    azcm_scan_hooked(cfg, now, 0, NULL, out, NULL);
}

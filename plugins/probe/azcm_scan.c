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
#include "http_batch.h"
#include "log_reverse.h"
#include "sanitize.h"
#include "l10n.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
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
};

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
    struct line_info *li = malloc(sizeof(*li));
    if (!li) {
        log_reverse_close(&r);
        fs->err = ENOMEM;
        return -1;
    }
    unsigned long blocks = 0;
    unsigned long long seen_bytes = 0, zero_at = 0;
    int rc = 0;
    const char *line;
    size_t len;
    for (;;) {
        int got = log_reverse_prev(&r, &line, &len);
        int read_errno = errno; /* before the hook can change it */
        if (r.bytes_read != seen_bytes) {
            seen_bytes = r.bytes_read;
            blocks++;
            if (hooks && hooks->after_block)
                hooks->after_block(path, blocks, hooks->arg);
        }
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
        if (fs->newest.valid && fs->newest.code == 0 &&
            r.bytes_read - zero_at > AZCM_RESOLVE_LOOKBACK)
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
            zero_at = r.bytes_read;
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
                      struct arcp_azcm *out, const struct azcm_hooks *hooks)
{
    const struct scan_limits lim = {cfg->log_scan_max, deadline, hooks};
    static const char *const bases[] = {"azcmagent", "himds"};
    enum { NLOGS = sizeof(bases) / sizeof(bases[0]) };
    char logdir[PATH_MAX];

    memset(out, 0, sizeof(*out));
    out->code = -1;
    out->age_s = -1;
    out->meaning = "";
    out->remedy = "";
    azcm_textf(logdir, sizeof(logdir), "%s/log", cfg->agent_dir);

    struct log_result *lr = calloc(NLOGS, sizeof(*lr));
    if (!lr) {
        out->state = ARCP_UNKNOWN;
        arcp_copy(out->text, sizeof(out->text), _("out of memory while scanning the agent logs"));
        return;
    }

    int any_file = 0;
    char problem[ARCP_TEXT_MAX] = "";
    for (size_t i = 0; i < NLOGS; i++) {
        struct log_result *l = &lr[i];
        azcm_textf(l->path, sizeof(l->path), "%s/%s.log", logdir, bases[i]);
        scan_file(l->path, &lim, &l->cur);
        out->bytes_read += l->cur.bytes;
        if (l->cur.err != ENOENT)
            any_file = 1;
        if (!problem[0])
            azcm_file_problem(problem, sizeof(problem), &l->cur);
        if (l->cur.newest.valid || l->cur.timed_out || (l->cur.err && l->cur.err != ENOENT))
            continue;
        if (azcm_newest_rotated(logdir, bases[i], l->rotated, sizeof(l->rotated), l->skipped_z,
                                sizeof(l->skipped_z))) {
            any_file = 1;
            l->scanned_rot = 1;
            scan_file(l->rotated, &lim, &l->rot);
            out->bytes_read += l->rot.bytes;
            if (!problem[0])
                azcm_file_problem(problem, sizeof(problem), &l->rot);
        } else if (l->skipped_z[0]) {
            any_file = 1;
        }
    }

    for (size_t i = 0; i < NLOGS; i++)
        if (lr[i].cur.timed_out || (lr[i].scanned_rot && lr[i].rot.timed_out))
            out->incomplete = 1;
    azcm_compose(cfg, now, logdir, lr, NLOGS, any_file, problem, out);
    free(lr);
}

void azcm_scan(const struct arcp_config *cfg, time_t now, struct arcp_azcm *out)
{
    azcm_scan_hooked(cfg, now, 0, out, NULL);
}

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
#include "azcm_catalog.h"
#include "azcm_diagnose.h"
#include "log_reverse.h"
#include "logrus_parse.h"
#include "rfc3339.h"
#include "sanitize.h"
#include "l10n.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdarg.h>

#define MSG_DECODE_MAX 4096
#define COMBINED_MAX 8192

/* snprintf for text that may be cut: truncation is expected and fine here. */
__attribute__((format(printf, 3, 4))) static void textf(char *dst, size_t dstlen, const char *fmt,
                                                        ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, dstlen, fmt, ap);
    va_end(ap);
}

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

struct file_scan {
    const char *path;
    struct code_hit newest;      /* the newest code-bearing line */
    struct code_hit prior_error; /* newest non-zero code before an AZCM0000 newest */
    struct diag_hit diag;        /* newest error-level line with a known failure */
    int err;                     /* errno when the file could not be read */
    int changed;                 /* rotated or truncated while being read */
    int limited;                 /* log_scan_max reached before the file's start */
    unsigned long skipped_long;
    unsigned long long bytes;
};

/* One parsed line, decoded. */
struct line_info {
    int has_time;
    time_t time;
    char level[16];
    int error_level;
    int code;                    /* -1 none */
    char combined[COMBINED_MAX]; /* msg plus relevant fields, for message and diagnosis */
    size_t combined_len;
};

int azcm_find_code(const char *s, size_t len)
{
    for (size_t i = 0; i + 8 <= len; i++) {
        if (s[i] != 'A' || memcmp(s + i, "AZCM", 4) != 0)
            continue;
        if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_'))
            continue;
        const char *d = s + i + 4;
        if (!isdigit((unsigned char)d[0]) || !isdigit((unsigned char)d[1]) ||
            !isdigit((unsigned char)d[2]) || !isdigit((unsigned char)d[3]))
            continue;
        if (i + 8 < len && (isalnum((unsigned char)s[i + 8]) || s[i + 8] == '_'))
            continue;
        return (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    }
    return -1;
}

static int key_is(const struct logrus_field *f, const char *key)
{
    size_t n = strlen(key);
    return f->key_len == n && memcmp(f->key, key, n) == 0;
}

/* Fields worth showing next to msg: errors and their details. */
static int key_is_relevant(const struct logrus_field *f)
{
    static const char *const words[] = {"err", "detail", "status", "reason", "cause", "code"};
    char key[LOGRUS_KEY_MAX + 1];
    size_t n = f->key_len < LOGRUS_KEY_MAX ? f->key_len : LOGRUS_KEY_MAX;
    for (size_t i = 0; i < n; i++)
        key[i] = (char)tolower((unsigned char)f->key[i]);
    key[n] = '\0';
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strstr(key, words[i]))
            return 1;
    return 0;
}

static void append(char *dst, size_t cap, size_t *len, const char *src, size_t n)
{
    if (*len + 1 >= cap)
        return;
    if (n > cap - 1 - *len)
        n = cap - 1 - *len;
    memcpy(dst + *len, src, n);
    *len += n;
    dst[*len] = '\0';
}

static int level_is_error(const char *level)
{
    return strcmp(level, "error") == 0 || strcmp(level, "fatal") == 0 ||
           strcmp(level, "panic") == 0;
}

/* Worth parsing at all: mentions a code or is an error-level line. Runs on
 * every line read, so it uses memchr (glibc's memmem is several times slower
 * for needles this short). */
static int line_is_interesting(const char *line, size_t len)
{
    const char *end = line + len;
    for (const char *p = line; (p = memchr(p, 'A', (size_t)(end - p))) != NULL; p++)
        if (end - p >= 4 && memcmp(p, "AZCM", 4) == 0)
            return 1;
    for (const char *p = line; (p = memchr(p, '=', (size_t)(end - p))) != NULL; p++) {
        if (p - line < 5 || end - p < 6 || memcmp(p - 5, "level", 5) != 0)
            continue;
        if (memcmp(p + 1, "error", 5) == 0 || memcmp(p + 1, "fatal", 5) == 0 ||
            memcmp(p + 1, "panic", 5) == 0)
            return 1;
    }
    return 0;
}

/* Decode a line into *li. Returns 0 when it holds neither a code nor an
 * error level (nothing to record). */
static int decode_line(const char *line, size_t len, struct line_info *li)
{
    struct logrus_line parsed;
    char value[MSG_DECODE_MAX];
    memset(li, 0, offsetof(struct line_info, combined));
    li->code = -1;
    li->combined[0] = '\0';
    li->combined_len = 0;

    logrus_parse(line, len, &parsed);
    const struct logrus_field *msg = logrus_find(&parsed, "msg");
    const struct logrus_field *time_f = logrus_find(&parsed, "time");
    const struct logrus_field *level_f = logrus_find(&parsed, "level");
    if (time_f) {
        size_t n = logrus_value(time_f, value, sizeof(value));
        li->has_time = rfc3339_parse(value, n, &li->time) == 0;
    }
    if (level_f) {
        logrus_value(level_f, li->level, sizeof(li->level));
        for (char *p = li->level; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        li->error_level = level_is_error(li->level);
    }
    if (!msg) {
        /* Not logrus (or cut before msg): keep the raw text. */
        append(li->combined, sizeof(li->combined), &li->combined_len, line, len);
        li->code = azcm_find_code(line, len);
        return li->code >= 0 || li->error_level;
    }
    size_t n = logrus_value(msg, value, sizeof(value));
    append(li->combined, sizeof(li->combined), &li->combined_len, value, n);
    li->code = azcm_find_code(value, n);
    for (size_t i = 0; i < parsed.nfields; i++) {
        const struct logrus_field *f = &parsed.fields[i];
        if (f == msg || key_is(f, "time") || key_is(f, "level"))
            continue;
        n = logrus_value(f, value, sizeof(value));
        if (li->code < 0)
            li->code = azcm_find_code(value, n);
        if (!key_is_relevant(f) || n == 0)
            continue;
        append(li->combined, sizeof(li->combined), &li->combined_len, "; ", 2);
        append(li->combined, sizeof(li->combined), &li->combined_len, f->key, f->key_len);
        append(li->combined, sizeof(li->combined), &li->combined_len, ": ", 2);
        append(li->combined, sizeof(li->combined), &li->combined_len, value, n);
    }
    return li->code >= 0 || li->error_level;
}

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
        if (!line_is_interesting(line, len) || !decode_line(line, len, li))
            continue;
        if (li->code >= 0)
            break; /* an older code's context is not ours */
        if (hit->has_time && li->has_time && li->time < hit->time - AZCM_DIAG_WINDOW)
            break;
        maybe_record_diag(&fs->diag, li);
    }
}

/* One pass over one file. Returns 0, or -1 with fs->err set. */
static int scan_file_once(const char *path, unsigned long long max_bytes,
                          const struct azcm_hooks *hooks, struct file_scan *fs)
{
    struct log_reverse r;
    if (log_reverse_open(&r, path, max_bytes) != 0) {
        fs->err = errno;
        return -1;
    }
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
        if (!line_is_interesting(line, len) || !decode_line(line, len, li))
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
    if (rc == 0) {
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
static void scan_file(const char *path, unsigned long long max_bytes,
                      const struct azcm_hooks *hooks, struct file_scan *fs)
{
    unsigned long long bytes = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        memset(fs, 0, sizeof(*fs));
        fs->path = path;
        scan_file_once(path, max_bytes, hooks, fs);
        bytes += fs->bytes;
        fs->bytes = bytes;
        if (!fs->changed)
            return; /* includes "gone": a rotation left no file under the name */
    }
    /* fs->changed stays set: it changed on both attempts. */
}

void azcm_format_age(char *dst, size_t dstlen, long long age)
{
    if (age < 0)
        textf(dst, dstlen, _("in the future"));
    else if (age < 120)
        textf(dst, dstlen, _("%lld s ago"), age);
    else if (age < 120 * 60)
        textf(dst, dstlen, _("%lld min ago"), age / 60);
    else if (age < 48 * 3600)
        textf(dst, dstlen, _("%lld h ago"), age / 3600);
    else
        textf(dst, dstlen, _("%lld d ago"), age / 86400);
}

static void user_name(uid_t uid, char *dst, size_t dstlen)
{
    struct passwd pw, *res = NULL;
    char buf[1024];
    if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res)
        arcp_copy(dst, dstlen, res->pw_name);
    else
        textf(dst, dstlen, "%lu", (unsigned long)uid);
}

static void group_name(gid_t gid, char *dst, size_t dstlen)
{
    struct group gr, *res = NULL;
    char buf[4096];
    if (getgrgid_r(gid, &gr, buf, sizeof(buf), &res) == 0 && res)
        arcp_copy(dst, dstlen, res->gr_name);
    else
        textf(dst, dstlen, "%lu", (unsigned long)gid);
}

void azcm_permission_text(char *dst, size_t dstlen, const char *path, uid_t uid, gid_t gid,
                          mode_t mode, int is_dir)
{
    char user[64], group[64], who[160];
    user_name(uid, user, sizeof(user));
    group_name(gid, group, sizeof(group));
    /* A directory needs search (x) permission, a file read (r). */
    mode_t need_group = is_dir ? S_IXGRP : S_IRGRP;
    mode_t need_user = is_dir ? S_IXUSR : S_IRUSR;
    if (mode & need_group)
        textf(who, sizeof(who), _("run as root or a member of group %s"), group);
    else if ((mode & need_user) && uid != 0)
        textf(who, sizeof(who), _("run as root or as user %s"), user);
    else
        textf(who, sizeof(who), _("run as root"));
    textf(dst, dstlen,
          is_dir ? _("cannot enter %s (permission denied; owner %s, group %s, mode %04o): %s")
                 : _("cannot read %s (permission denied; owner %s, group %s, mode %04o): %s"),
          path, user, group, (unsigned)(mode & 07777), who);
}

/* The permission message for path, which failed with EACCES. */
static void explain_eacces(char *dst, size_t dstlen, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        azcm_permission_text(dst, dstlen, path, st.st_uid, st.st_gid, st.st_mode, 0);
        return;
    }
    /* The file cannot even be looked at: the directory is closed to us. */
    char dir[PATH_MAX];
    arcp_copy(dir, sizeof(dir), path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir)
        *slash = '\0';
    if (stat(dir, &st) == 0)
        azcm_permission_text(dst, dstlen, dir, st.st_uid, st.st_gid, st.st_mode, 1);
    else
        textf(dst, dstlen, _("cannot read %s (permission denied): run as root"), path);
}

static int is_compressed_name(const char *name)
{
    static const char *const ext[] = {".gz", ".xz", ".bz2", ".zst", ".lz4", ".zip"};
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
        size_t e = strlen(ext[i]);
        if (n > e && strcmp(name + n - e, ext[i]) == 0)
            return 1;
    }
    return 0;
}

/* base.log.<anything> or base-<anything>.log[.ext] */
static int is_rotation_of(const char *name, const char *base)
{
    size_t b = strlen(base);
    if (strncmp(name, base, b) != 0)
        return 0;
    const char *rest = name + b;
    if (strncmp(rest, ".log.", 5) == 0 && rest[5] != '\0')
        return 1;
    if (rest[0] == '-' && rest[1] != '\0' && strstr(rest + 1, ".log"))
        return 1;
    return 0;
}

static int newer(const struct timespec *a, const char *an, const struct timespec *b, const char *bn)
{
    if (a->tv_sec != b->tv_sec)
        return a->tv_sec > b->tv_sec;
    if (a->tv_nsec != b->tv_nsec)
        return a->tv_nsec > b->tv_nsec;
    return strcmp(an, bn) < 0; /* same mtime: prefer .1 over .2 */
}

int azcm_newest_rotated(const char *dir, const char *base, char *path, size_t pathlen,
                        char *skipped, size_t skippedlen)
{
    if (skippedlen)
        skipped[0] = '\0';
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    char best[256] = "", best_z[256] = "";
    struct timespec best_t = {0, 0}, best_zt = {0, 0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!is_rotation_of(e->d_name, base) || strlen(e->d_name) >= sizeof(best))
            continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, 0) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (is_compressed_name(e->d_name)) {
            if (!best_z[0] || newer(&st.st_mtim, e->d_name, &best_zt, best_z)) {
                arcp_copy(best_z, sizeof(best_z), e->d_name);
                best_zt = st.st_mtim;
            }
        } else if (!best[0] || newer(&st.st_mtim, e->d_name, &best_t, best)) {
            arcp_copy(best, sizeof(best), e->d_name);
            best_t = st.st_mtim;
        }
    }
    closedir(d);
    if (best_z[0] && (!best[0] || newer(&best_zt, best_z, &best_t, best)))
        arcp_copy(skipped, skippedlen, best_z);
    if (!best[0])
        return 0;
    textf(path, pathlen, "%s/%s", dir, best);
    return 1;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void format_time(char *dst, size_t dstlen, const struct code_hit *h)
{
    if (h->has_time)
        rfc3339_format(h->time, dst, dstlen);
    if (!h->has_time || !dst[0])
        textf(dst, dstlen, _("unknown time"));
}

/* Is a newer than b? Lines without a time lose to timed ones; at equal
 * times an error beats a success (the cautious reading). */
static int hit_newer(const struct code_hit *a, const struct code_hit *b)
{
    if (!b->valid)
        return a->valid;
    if (!a->valid)
        return 0;
    if (a->has_time != b->has_time)
        return a->has_time;
    if (a->has_time && a->time != b->time)
        return a->time > b->time;
    return a->code != 0 && b->code == 0;
}

/* What was found for one log name: its current file and maybe a rotation. */
struct log_result {
    char path[PATH_MAX];
    char rotated[PATH_MAX];
    char skipped_z[256];
    int exists;
    struct file_scan cur, rot;
    int scanned_rot;
};

static const struct code_hit *result_hit(const struct log_result *lr)
{
    if (lr->cur.newest.valid)
        return &lr->cur.newest;
    if (lr->scanned_rot && lr->rot.newest.valid)
        return &lr->rot.newest;
    return NULL;
}

static void fill_code(struct arcp_azcm *out, const struct code_hit *h, time_t now)
{
    const struct azcm_code *c = azcm_catalog_lookup(h->code);
    out->found = 1;
    out->code = h->code;
    textf(out->code_str, sizeof(out->code_str), "AZCM%04d", h->code);
    out->time = h->has_time ? h->time : 0;
    out->age_s = h->has_time ? (long long)(now - h->time) : -1;
    arcp_copy(out->level, sizeof(out->level), h->level);
    arcp_copy(out->file, sizeof(out->file), h->path);
    arcp_copy(out->message, sizeof(out->message), h->message);
    out->known = c != NULL;
    out->meaning = c ? _(c->meaning) : _("unknown code");
    out->code_remedy = c && c->remedy[0] ? _(c->remedy) : "";
}

static void code_label(char *dst, size_t dstlen, const struct code_hit *h)
{
    const struct azcm_code *c = azcm_catalog_lookup(h->code);
    if (c)
        textf(dst, dstlen, _("AZCM%04d %s"), h->code, c->name);
    else
        textf(dst, dstlen, _("AZCM%04d (unknown code)"), h->code);
}

static int diag_applies(const struct diag_hit *d, const struct code_hit *w)
{
    if (!d->valid)
        return 0;
    if (!w || !d->has_time || !w->has_time)
        return 1;
    if (w->code == 0)
        return d->time > w->time; /* a new problem after the success */
    return d->time >= w->time - AZCM_DIAG_WINDOW;
}

static void pick_diag(struct arcp_azcm *out, const struct log_result *lr, size_t n,
                      const struct code_hit *w)
{
    const struct diag_hit *best = NULL;
    /* The error's own words explain it better than a neighbouring line. */
    int own = w && w->code != 0 && w->own_diag.valid;
    if (own)
        best = &w->own_diag;
    for (size_t i = 0; !own && i < n; i++) {
        const struct diag_hit *cands[2] = {&lr[i].cur.diag,
                                           lr[i].scanned_rot ? &lr[i].rot.diag : NULL};
        for (size_t k = 0; k < 2; k++) {
            const struct diag_hit *d = cands[k];
            if (!d || !diag_applies(d, w))
                continue;
            if (!best || (d->has_time && (!best->has_time || d->time > best->time)))
                best = d;
        }
    }
    if (best) {
        arcp_copy(out->diagnosis, sizeof(out->diagnosis), best->cause);
        arcp_copy(out->diagnosis_remedy, sizeof(out->diagnosis_remedy), best->remedy);
    }
}

/* ENOTDIR for agent_dir/log/x.log: name the component that is a file
 * (a mistyped agent_dir, or a "log" file where the directory belongs). */
static int not_a_directory(char *dst, size_t dstlen, const char *path)
{
    char dir[PATH_MAX];
    arcp_copy(dir, sizeof(dir), path);
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir)
            return 0;
        *slash = '\0';
        struct stat st;
        if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
            textf(dst, dstlen, _("%s is not a directory: cannot read the agent logs in it%s"), dir,
                  up == 1 ? " (check agent_dir)" : "");
            return 1;
        }
    }
    return 0;
}

/* A reason the result cannot be trusted (UNKNOWN), from one file's scan. */
static int file_problem(char *dst, size_t dstlen, const struct file_scan *fs)
{
    if (fs->changed) {
        textf(dst, dstlen,
              _("%s changed while being read (rotated or truncated) on two attempts: try again"),
              fs->path);
        return 1;
    }
    if (!fs->err || fs->err == ENOENT)
        return 0;
    struct stat st;
    if (fs->err == EACCES || fs->err == EPERM)
        explain_eacces(dst, dstlen, fs->path);
    else if (fs->err == ENOTDIR && not_a_directory(dst, dstlen, fs->path)) {
        /* dst names the file that stands where a directory should be */
    } else if (fs->err == EINVAL && stat(fs->path, &st) == 0 && !S_ISREG(st.st_mode))
        /* a FIFO would block and a device never ends: neither is a log */
        textf(dst, dstlen, _("%s is not a regular file but a %s: not read"), fs->path,
              S_ISFIFO(st.st_mode)   ? _("FIFO")
              : S_ISCHR(st.st_mode)  ? _("character device")
              : S_ISBLK(st.st_mode)  ? _("block device")
              : S_ISSOCK(st.st_mode) ? _("socket")
                                     : _("special file"));
    else {
        char buf[128];
        /* GNU strerror_r (the build defines _GNU_SOURCE): thread-safe */
        textf(dst, dstlen, _("cannot read %s: %s"), fs->path,
              strerror_r(fs->err, buf, sizeof(buf)));
    }
    return 1;
}

void azcm_scan_hooked(const struct arcp_config *cfg, time_t now, struct arcp_azcm *out,
                      const struct azcm_hooks *hooks)
{
    static const char *const bases[] = {"azcmagent", "himds"};
    enum { NLOGS = sizeof(bases) / sizeof(bases[0]) };
    char text[ARCP_TEXT_MAX * 2];
    char logdir[PATH_MAX];

    memset(out, 0, sizeof(*out));
    out->code = -1;
    out->age_s = -1;
    out->meaning = "";
    out->code_remedy = "";
    textf(logdir, sizeof(logdir), "%s/log", cfg->agent_dir);

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
        textf(l->path, sizeof(l->path), "%s/%s.log", logdir, bases[i]);
        scan_file(l->path, cfg->log_scan_max, hooks, &l->cur);
        out->bytes_read += l->cur.bytes;
        if (l->cur.err != ENOENT)
            any_file = 1;
        if (!problem[0])
            file_problem(problem, sizeof(problem), &l->cur);
        if (l->cur.newest.valid || (l->cur.err && l->cur.err != ENOENT))
            continue;
        if (azcm_newest_rotated(logdir, bases[i], l->rotated, sizeof(l->rotated), l->skipped_z,
                                sizeof(l->skipped_z))) {
            any_file = 1;
            l->scanned_rot = 1;
            scan_file(l->rotated, cfg->log_scan_max, hooks, &l->rot);
            out->bytes_read += l->rot.bytes;
            if (!problem[0])
                file_problem(problem, sizeof(problem), &l->rot);
        } else if (l->skipped_z[0]) {
            any_file = 1;
        }
    }

    /* The newest code across all files, by time. */
    const struct code_hit *w = NULL;
    size_t wi = 0;
    for (size_t i = 0; i < NLOGS; i++) {
        const struct code_hit *h = result_hit(&lr[i]);
        if (h && (!w || hit_newer(h, w))) {
            w = h;
            wi = i;
        }
    }

    /* An AZCM0000 winner: which error did it resolve? */
    const struct code_hit *resolved = NULL;
    if (w && w->code == 0) {
        const struct code_hit *cands[NLOGS + 1];
        size_t nc = 0;
        if (lr[wi].cur.newest.valid && &lr[wi].cur.newest == w)
            cands[nc++] = &lr[wi].cur.prior_error;
        else
            cands[nc++] = &lr[wi].rot.prior_error;
        for (size_t i = 0; i < NLOGS; i++) {
            const struct code_hit *h = result_hit(&lr[i]);
            if (i != wi && h && h->code != 0)
                cands[nc++] = h;
        }
        for (size_t k = 0; k < nc; k++) {
            const struct code_hit *h = cands[k];
            if (!h->valid || h->code == 0 || hit_newer(h, w))
                continue;
            if (!resolved || hit_newer(h, resolved))
                resolved = h;
        }
    }

    pick_diag(out, lr, NLOGS, w);

    char when[32], age[32], label[96];
    if (w) {
        const struct code_hit *shown = resolved ? resolved : w;
        fill_code(out, shown, now);
        format_time(when, sizeof(when), shown);
        azcm_format_age(age, sizeof(age), out->age_s);
        code_label(label, sizeof(label), shown);
    }

    if (problem[0]) {
        out->state = ARCP_UNKNOWN;
        textf(text, sizeof(text), "%s", problem);
    } else if (!any_file) {
        out->state = ARCP_UNKNOWN;
        textf(text, sizeof(text), _("no agent logs in %s: is the agent installed?"), logdir);
    } else if (!w) {
        char notes[ARCP_TEXT_MAX] = "";
        size_t nl = 0;
        for (size_t i = 0; i < NLOGS; i++) {
            const struct file_scan *fs[2] = {&lr[i].cur, lr[i].scanned_rot ? &lr[i].rot : NULL};
            for (size_t k = 0; k < 2; k++) {
                if (fs[k] && fs[k]->limited && nl < sizeof(notes))
                    nl += (size_t)snprintf(
                        notes + nl, sizeof(notes) - nl, _("%sonly the last %llu bytes of %s read"),
                        nl ? "; " : "", cfg->log_scan_max, base_name(fs[k]->path));
            }
            if (lr[i].skipped_z[0] && nl < sizeof(notes))
                nl +=
                    (size_t)snprintf(notes + nl, sizeof(notes) - nl, _("%scompressed %s not read"),
                                     nl ? "; " : "", lr[i].skipped_z);
        }
        out->state = ARCP_OK;
        if (notes[0])
            textf(text, sizeof(text), _("no AZCM code in the logs (%s)"), notes);
        else
            textf(text, sizeof(text), _("no AZCM code in the logs"));
    } else if (resolved) {
        char wwhen[32];
        format_time(wwhen, sizeof(wwhen), w);
        out->state = ARCP_OK;
        out->resolved = 1;
        textf(text, sizeof(text), _("%s at %s (%s) in %s was resolved by AZCM0000 at %s in %s"),
              label, when, age, base_name(resolved->path), wwhen, base_name(w->path));
    } else if (w->code == 0) {
        out->state = ARCP_OK;
        textf(text, sizeof(text), _("last code AZCM0000 (success) at %s (%s) in %s"), when, age,
              base_name(w->path));
    } else {
        int old = cfg->azcm_max_age > 0 && out->age_s > cfg->azcm_max_age;
        char what[ARCP_MESSAGE_MAX];
        arcp_copy(what, sizeof(what), out->known ? out->meaning : out->message);
        size_t wl = strlen(what);
        if (wl > 0 && what[wl - 1] == '.')
            what[wl - 1] = '\0'; /* the sentence goes on in the text */
        if (old) {
            out->state = ARCP_OK;
            textf(text, sizeof(text),
                  _("old %s at %s (%s, older than azcm_max_age %llds) in %s: %s"), label, when, age,
                  (long long)cfg->azcm_max_age, base_name(w->path), what);
        } else {
            out->state = cfg->azcm_state;
            size_t n = (size_t)snprintf(text, sizeof(text), _("%s at %s (%s) in %s: %s"), label,
                                        when, age, base_name(w->path), what);
            if (out->diagnosis[0] && n < sizeof(text))
                textf(text + n, sizeof(text) - n, _("; likely cause: %s"), out->diagnosis);
        }
    }
    arcp_sanitize(out->text, sizeof(out->text), text, strlen(text));
    free(lr);
}

void azcm_scan(const struct arcp_config *cfg, time_t now, struct arcp_azcm *out)
{
    azcm_scan_hooked(cfg, now, out, NULL);
}

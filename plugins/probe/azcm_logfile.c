/* The agent's log files as files: their rotations, and what to tell the
 * user when one cannot be read (permissions, a file where a directory
 * belongs, a FIFO, any other errno). */
#include "azcm_internal.h"
#include "sanitize.h"
#include "l10n.h"

#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static void user_name(uid_t uid, char *dst, size_t dstlen)
{
    struct passwd pw, *res = NULL;
    char buf[1024];
    if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res)
        arcp_copy(dst, dstlen, res->pw_name);
    else
        azcm_textf(dst, dstlen, "%lu", (unsigned long)uid);
}

static void group_name(gid_t gid, char *dst, size_t dstlen)
{
    struct group gr, *res = NULL;
    char buf[4096];
    if (getgrgid_r(gid, &gr, buf, sizeof(buf), &res) == 0 && res)
        arcp_copy(dst, dstlen, res->gr_name);
    else
        azcm_textf(dst, dstlen, "%lu", (unsigned long)gid);
}

void azcm_permission_text(char *dst, size_t dstlen, const char *path, uid_t uid, gid_t gid,
                          mode_t mode, int is_dir)
{
    char user[64], group[64], me[64], dir[PATH_MAX], who[PATH_MAX + 192];
    user_name(uid, user, sizeof(user));
    group_name(gid, group, sizeof(group));
    user_name(geteuid(), me, sizeof(me));
    /* One recommendation everywhere (README, man pages): an ACL for the
     * user that reads, also as default ACL so rotated logs stay readable.
     * Joining the owning group could grant more (himds' members read
     * identity tokens). */
    arcp_copy(dir, sizeof(dir), path);
    char *slash = strrchr(dir, '/');
    if (!is_dir && slash && slash != dir)
        *slash = '\0';
    azcm_textf(who, sizeof(who),
               _("grant user %s read access with an ACL: setfacl -R -m u:%s:rX,d:u:%s:rX %s"), me,
               me, me, dir);
    azcm_textf(dst, dstlen,
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
        azcm_textf(dst, dstlen,
                   _("cannot read %s (permission denied): grant read access with an ACL (setfacl)"),
                   path);
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
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
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
    azcm_textf(path, pathlen, "%s/%s", dir, best);
    return 1;
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
            azcm_textf(dst, dstlen, _("%s is not a directory: cannot read the agent logs in it%s"),
                       dir, up == 1 ? " (check agent_dir)" : "");
            return 1;
        }
    }
    return 0;
}

/* A reason the result cannot be trusted (UNKNOWN), from one file's scan. */
int azcm_owner_trusted(uid_t uid)
{
    if (uid == 0 || uid == geteuid())
        return 1;
    struct passwd pw, *res = NULL;
    char buf[1024];
    return getpwnam_r("himds", &pw, buf, sizeof(buf), &res) == 0 && res && res->pw_uid == uid;
}

enum azcm_problem azcm_file_problem(char *dst, size_t dstlen, const struct file_scan *fs)
{
    if (fs->untrusted_owner) {
        char user[64];
        user_name(fs->owner, user, sizeof(user));
        azcm_textf(dst, dstlen,
                   _("%s belongs to user %s, not to root or the agent: not read (whoever can "
                     "write the log directory could have put it there)"),
                   fs->path, user);
        return AZCM_PROBLEM_UNSAFE;
    }
    if (fs->err == ELOOP) {
        azcm_textf(dst, dstlen,
                   _("%s is a symbolic link: not followed (the agent writes its logs as regular "
                     "files; a link could make the probe print another file's lines)"),
                   fs->path);
        return AZCM_PROBLEM_UNSAFE;
    }
    if (fs->timed_out) {
        if (fs->bytes == 0)
            azcm_textf(dst, dstlen,
                       _("log scan incomplete: the probe's timeout came before %s was read"),
                       fs->path);
        else
            azcm_textf(dst, dstlen,
                       _("log scan incomplete: the probe's timeout came after the last %.1f MiB "
                         "of %s, which hold no AZCM code, were read"),
                       (double)fs->bytes / (1024.0 * 1024.0), fs->path);
        return AZCM_PROBLEM_TIMEOUT;
    }
    if (fs->changed) {
        azcm_textf(
            dst, dstlen,
            _("%s changed while being read (rotated or truncated) on two attempts: try again"),
            fs->path);
        return AZCM_PROBLEM_CHANGED;
    }
    if (!fs->err || fs->err == ENOENT)
        return AZCM_PROBLEM_NONE;
    struct stat st;
    if (fs->err == EACCES || fs->err == EPERM) {
        explain_eacces(dst, dstlen, fs->path);
        return AZCM_PROBLEM_ACCESS;
    }
    if (fs->err == ENOTDIR && not_a_directory(dst, dstlen, fs->path)) {
        /* dst names the file that stands where a directory should be */
    } else if (fs->err == EINVAL && stat(fs->path, &st) == 0 && !S_ISREG(st.st_mode))
        /* a FIFO would block and a device never ends: neither is a log */
        azcm_textf(dst, dstlen, _("%s is not a regular file but a %s: not read"), fs->path,
                   S_ISFIFO(st.st_mode)   ? _("FIFO")
                   : S_ISCHR(st.st_mode)  ? _("character device")
                   : S_ISBLK(st.st_mode)  ? _("block device")
                   : S_ISSOCK(st.st_mode) ? _("socket")
                                          : _("special file"));
    else {
        char buf[128];
        /* GNU strerror_r (the build defines _GNU_SOURCE): thread-safe */
        azcm_textf(dst, dstlen, _("cannot read %s: %s"), fs->path,
                   strerror_r(fs->err, buf, sizeof(buf)));
    }
    return AZCM_PROBLEM_UNREADABLE;
}
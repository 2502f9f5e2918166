/* A one-shot run's private state directory and its files (state_file.h).
 *
 * Everything inside the directory is reached through the descriptor of the
 * directory as it was checked, so renaming or replacing it afterwards (by
 * whoever may write its parent) changes nothing. A state file is advisory:
 * whatever goes wrong, the run goes on without it, so no error here is
 * more than a note. No fsync: a file cut short by a crash is malformed,
 * which its reader treats as absent. */
#include "state_file.h"
#include "state_temp.h"
#include "sanitize.h"
#include "l10n.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

__attribute__((format(printf, 3, 4))) static int say(char *note, size_t notelen, const char *fmt,
                                                     ...);

static int say(char *note, size_t notelen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_vformat(note, notelen, fmt, ap);
    va_end(ap);
    return -1;
}

/* Whether st (a directory or file we are about to trust) is this user's
 * own and closed to writes by anyone else; else the note says so. */
static int private_to_us(const struct stat *st, const char *path, char *note, size_t notelen)
{
    if (st->st_uid == geteuid() && (st->st_mode & 022) == 0)
        return 1;
    say(note, notelen,
        _("state file not used: %s must belong to uid %lu and be writable by no one else (owner "
          "uid %lu, mode %04o)"),
        path, (unsigned long)geteuid(), (unsigned long)st->st_uid, (unsigned)(st->st_mode & 07777));
    return 0;
}

/* The user's home: $HOME when it is this user's own directory (a daemon
 * that switched users may have kept another user's), else the password
 * database's. NULL when there is none to use. */
static const char *home_dir(char *buf, size_t len)
{
    const char *home = getenv("HOME");
    struct stat st;
    if (home && home[0] == '/' && strcmp(home, "/") != 0 && stat(home, &st) == 0 &&
        st.st_uid == geteuid())
        return home;
    struct passwd pwbuf, *pw = NULL;
    char pwtext[1024];
    if (getpwuid_r(geteuid(), &pwbuf, pwtext, sizeof pwtext, &pw) != 0 || !pw || !pw->pw_dir ||
        pw->pw_dir[0] != '/' || strcmp(pw->pw_dir, "/") == 0)
        return NULL;
    arcp_copy(buf, len, pw->pw_dir);
    return buf;
}

/* The directory's path: state_dir, or the per-user cache, whose parent
 * (~/.cache) is created too when missing. Returns 1, 0 for none, -1. */
static int dir_path(const struct arcp_config *cfg, char *path, size_t len, char *note,
                    size_t notelen)
{
    if (strcmp(cfg->state_dir, "none") == 0)
        return 0;
    if (cfg->state_dir[0]) {
        arcp_copy(path, len, cfg->state_dir);
        return 1;
    }
    char cache[PATH_MAX], home[PATH_MAX];
    const char *xdg = getenv("XDG_CACHE_HOME");
    if (xdg && xdg[0] == '/') {
        arcp_copy(cache, sizeof cache, xdg);
    } else {
        const char *h = home_dir(home, sizeof home);
        if (!h)
            return say(note, notelen,
                       _("state file not used: no home directory to keep it in (set state_dir, "
                         "or state_dir = none)"));
        if (snprintf(cache, sizeof cache, "%s/.cache", h) >= (int)sizeof cache)
            return say(note, notelen, _("state file not used: cannot create %s: %s"), h,
                       strerror(ENAMETOOLONG));
    }
    if (mkdir(cache, 0700) != 0 && errno != EEXIST)
        return say(note, notelen, _("state file not used: cannot create %s: %s"), cache,
                   strerror(errno));
    if (snprintf(path, len, "%s/arcprobe", cache) >= (int)len)
        return say(note, notelen, _("state file not used: cannot create %s: %s"), cache,
                   strerror(ENAMETOOLONG));
    return 1;
}

int state_dir_open(const struct arcp_config *cfg, struct state_dir *d, char *note, size_t notelen)
{
    char path[PATH_MAX];
    d->fd = -1;
    int rc = dir_path(cfg, path, sizeof path, note, notelen);
    if (rc <= 0)
        return rc;
    return state_dir_open_path(path, d, note, notelen);
}

int state_dir_open_path(const char *path, struct state_dir *d, char *note, size_t notelen)
{
    d->fd = -1;
    arcp_copy(d->path, sizeof d->path, path);
    if (mkdir(d->path, 0700) != 0 && errno != EEXIST)
        return say(note, notelen, _("state file not used: cannot create %s: %s"), d->path,
                   strerror(errno));
    int fd = open(d->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return say(note, notelen, _("state file not used: cannot open %s: %s"), d->path,
                   strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !private_to_us(&st, d->path, note, notelen)) {
        close(fd);
        return -1;
    }
    d->fd = fd;
    return 1;
}

void state_dir_close(struct state_dir *d)
{
    if (d->fd >= 0)
        close(d->fd);
    d->fd = -1;
}

int state_file_read(const struct state_dir *d, const char *name, size_t max, char **text,
                    size_t *len, char *note, size_t notelen)
{
    char shown[PATH_MAX + 256];
    snprintf(shown, sizeof shown, "%s/%s", d->path, name);
    *text = NULL;
    *len = 0;
    /* O_NONBLOCK: a FIFO put there must not hang the run */
    int fd = openat(d->fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 && errno == ENOENT)
        return 0;
    if (fd < 0)
        return say(note, notelen, _("state file not used: cannot open %s: %s"), shown,
                   strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return say(note, notelen, _("state file not used: %s is not a regular file"), shown);
    }
    if (!private_to_us(&st, shown, note, notelen)) {
        close(fd);
        return -1;
    }
    char *buf = malloc(max + 2);
    size_t got = 0;
    while (buf && got <= max) {
        ssize_t n = read(fd, buf + got, max + 1 - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return say(note, notelen, _("state file not used: cannot read %s: %s"), shown,
                       strerror(e));
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (!buf)
        return say(note, notelen, _("state file not used: cannot read %s: %s"), shown,
                   strerror(ENOMEM));
    buf[got] = '\0';
    *text = buf;
    *len = got;
    return 1;
}

int state_file_replaceable(const struct state_dir *d, const char *name, char *note, size_t notelen)
{
    char shown[PATH_MAX + 256];
    snprintf(shown, sizeof shown, "%s/%s", d->path, name);
    /* the new file is made in the directory, then renamed over name */
    if (faccessat(d->fd, ".", W_OK | X_OK, AT_EACCESS) != 0)
        return say(note, notelen, _("state file not saved: cannot write %s: %s"), shown,
                   strerror(errno));
    struct stat st;
    if (fstatat(d->fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
        return say(note, notelen, _("state file not used: %s is not a regular file"), shown);
    return 1;
}

int state_file_write(const struct state_dir *d, const char *name, const char *text, size_t len,
                     char *note, size_t notelen)
{
    char shown[PATH_MAX + 256], tmp[NAME_MAX + 1];
    snprintf(shown, sizeof shown, "%s/%s", d->path, name);
    /* what runs killed mid-save left, before this save adds one more */
    state_temp_sweep(d->fd, name, time(NULL));
    int fd = state_temp_create(d->fd, name, tmp, sizeof tmp);
    if (fd < 0)
        return say(note, notelen, _("state file not saved: cannot write %s: %s"), shown,
                   strerror(errno));
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    int e = done < len ? (errno ? errno : EIO) : 0;
    if (close(fd) != 0 && !e)
        e = errno;
    if (!e && renameat(d->fd, tmp, d->fd, name) != 0)
        e = errno;
    if (e) {
        unlinkat(d->fd, tmp, 0);
        return say(note, notelen, _("state file not saved: cannot write %s: %s"), shown,
                   strerror(e));
    }
    return 0;
}

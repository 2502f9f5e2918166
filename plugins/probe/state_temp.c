/* Temporary files of the state files (state_temp.h).
 *
 * A save writes its temporary file in one go right after creating it and
 * renames it at once, so the file's modification time is when its run last
 * worked on it. One not modified for STALE_AFTER_S whose run is gone was
 * left by a run that was killed; one not modified for ABANDONED_AFTER_S was
 * left whatever its PID says now (PIDs are reused; a run lasts at most the
 * longest timeout, 3600 s). Removing a file whose run still lives (stopped
 * for a minute, or in another PID namespace sharing the directory) costs
 * that run its save, which fails with a note: the state file stays whole. */
#include "state_temp.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STALE_AFTER_S 60
#define ABANDONED_AFTER_S (2 * 3600)
#define CREATE_ATTEMPTS 16

int state_temp_create(int dirfd, const char *name, char *tmp, size_t tmplen)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* a name no other run picks: two plugin runs may overlap */
    for (unsigned attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
        int n = snprintf(tmp, tmplen, ".%s.%ld.%lx", name, (long)getpid(),
                         (unsigned long)ts.tv_nsec + attempt);
        if (n < 0 || (size_t)n >= tmplen) {
            errno = ENAMETOOLONG;
            return -1;
        }
        int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

/* Whether entry is ".NAME.PID.NONCE" for name; its PID to *pid. */
static int temp_of(const char *entry, const char *name, long *pid)
{
    size_t n = strlen(name);
    if (entry[0] != '.' || strncmp(entry + 1, name, n) != 0 || entry[1 + n] != '.')
        return 0;
    const char *p = entry + n + 2;
    size_t digits = strspn(p, "0123456789");
    if (digits == 0 || digits > 10 || p[digits] != '.')
        return 0;
    const char *nonce = p + digits + 1;
    size_t hex = strspn(nonce, "0123456789abcdef");
    if (hex == 0 || nonce[hex] != '\0')
        return 0;
    *pid = strtol(p, NULL, 10);
    return *pid > 0;
}

static int run_gone(long pid)
{
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

void state_temp_sweep(int dirfd, const char *name, time_t now)
{
    /* a descriptor of its own: reading the entries moves its position */
    int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
    if (!dir) {
        if (fd >= 0)
            close(fd);
        return;
    }
    uid_t me = geteuid();
    for (struct dirent *e; (e = readdir(dir)) != NULL;) {
        long pid;
        struct stat st;
        if (!temp_of(e->d_name, name, &pid) ||
            fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
            st.st_uid != me)
            continue;
        double idle = difftime(now, st.st_mtime);
        if ((idle >= STALE_AFTER_S && run_gone(pid)) || idle >= ABANDONED_AFTER_S)
            unlinkat(dirfd, e->d_name, 0);
    }
    closedir(dir);
}

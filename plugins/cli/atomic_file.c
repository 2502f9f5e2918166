/* Write-then-rename, the way node_exporter's documentation asks textfile
 * producers to write (a rename within one directory is atomic on POSIX
 * file systems). */
#include "atomic_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int atomic_file_open(struct atomic_file *f, const char *target)
{
    memset(f, 0, sizeof *f);
    const char *slash = strrchr(target, '/');
    int dir_len = slash ? (int)(slash - target + 1) : 0;
    const char *base = slash ? slash + 1 : target;
    if (!*base) {
        errno = EISDIR;
        return -1;
    }
    int n1 = snprintf(f->target, sizeof f->target, "%s", target);
    /* A leading dot and a random tail: neither a "*.prom" glob nor a second
     * writer running at the same time can pick up this file. */
    int n2 = snprintf(f->temporary, sizeof f->temporary, "%.*s.%s.XXXXXX", dir_len, target, base);
    if (n1 < 0 || (size_t)n1 >= sizeof f->target || n2 < 0 || (size_t)n2 >= sizeof f->temporary) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkstemp(f->temporary);
    if (fd < 0)
        return -1;
    f->stream = fdopen(fd, "w");
    if (!f->stream) {
        int saved = errno;
        close(fd);
        unlink(f->temporary);
        errno = saved;
        return -1;
    }
    return 0;
}

int atomic_file_commit(struct atomic_file *f)
{
    int fd = fileno(f->stream);
    if (fflush(f->stream) != 0 || ferror(f->stream) || fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
        int saved = errno ? errno : EIO;
        atomic_file_abort(f);
        errno = saved;
        return -1;
    }
    if (fclose(f->stream) != 0) {
        int saved = errno;
        f->stream = NULL;
        unlink(f->temporary);
        errno = saved;
        return -1;
    }
    f->stream = NULL;
    if (rename(f->temporary, f->target) != 0) {
        int saved = errno;
        unlink(f->temporary);
        errno = saved;
        return -1;
    }
    return 0;
}

void atomic_file_abort(struct atomic_file *f)
{
    if (f->stream) {
        fclose(f->stream);
        f->stream = NULL;
    }
    unlink(f->temporary);
}

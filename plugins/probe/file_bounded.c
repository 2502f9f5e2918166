/* Reading a configuration file whole, with a bound. A configuration path is
 * written by a person and can name anything: a FIFO would block the reader
 * before any timeout is armed, /dev/zero never ends. So the file is opened
 * without blocking, refused unless it is a regular file, and read only up to
 * a limit (the limit is checked on the bytes read, not on st_size, which a
 * growing file or a /proc file does not keep). */
#include "arcprobe.h"
#include "l10n.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *file_kind(mode_t mode)
{
    return S_ISFIFO(mode)   ? _("FIFO")
           : S_ISCHR(mode)  ? _("character device")
           : S_ISBLK(mode)  ? _("block device")
           : S_ISSOCK(mode) ? _("socket")
           : S_ISDIR(mode)  ? _("directory")
                            : _("special file");
}

static char *refuse(int fd, char *buf, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static char *refuse(int fd, char *buf, char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    if (fd >= 0)
        close(fd);
    free(buf);
    return NULL;
}

char *arcp_read_regular_file(const char *path, size_t max_bytes, size_t *len, char *err,
                             size_t errlen)
{
    char why[128];
    *len = 0;
    /* O_NONBLOCK: opening a FIFO with no writer must return at once */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return refuse(-1, NULL, err, errlen, _("%s: cannot open: %s"), path,
                      strerror_r(errno, why, sizeof why));
    struct stat st;
    if (fstat(fd, &st) != 0)
        return refuse(fd, NULL, err, errlen, _("%s: cannot open: %s"), path,
                      strerror_r(errno, why, sizeof why));
    if (!S_ISREG(st.st_mode))
        return refuse(fd, NULL, err, errlen, _("%s is not a regular file but a %s: not read"), path,
                      file_kind(st.st_mode));
    if ((unsigned long long)st.st_size > max_bytes)
        return refuse(fd, NULL, err, errlen, _("%s: larger than %zu bytes: not read"), path,
                      max_bytes);
    /* one byte more than allowed tells a file that grew past the limit */
    size_t cap = (size_t)st.st_size + 1 < max_bytes + 1 ? (size_t)st.st_size + 1 : max_bytes + 1;
    char *buf = malloc(cap + 1);
    if (!buf)
        return refuse(fd, NULL, err, errlen, _("%s: out of memory"), path);
    size_t got = 0;
    for (;;) {
        if (got == cap) {
            if (cap > max_bytes)
                return refuse(fd, buf, err, errlen, _("%s: larger than %zu bytes: not read"), path,
                              max_bytes);
            size_t grown_cap = cap * 2 < max_bytes + 1 ? cap * 2 : max_bytes + 1;
            char *grown = realloc(buf, grown_cap + 1);
            if (!grown)
                return refuse(fd, buf, err, errlen, _("%s: out of memory"), path);
            buf = grown;
            cap = grown_cap;
        }
        ssize_t n = read(fd, buf + got, cap - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return refuse(fd, buf, err, errlen, _("%s: read error: %s"), path,
                          strerror_r(errno, why, sizeof why));
        if (n == 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (got > max_bytes)
        return refuse(-1, buf, err, errlen, _("%s: larger than %zu bytes: not read"), path,
                      max_bytes);
    buf[got] = '\0';
    *len = got;
    return buf;
}

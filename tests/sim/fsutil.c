#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int write_file_atomic(const char *path, const void *data, size_t len, mode_t mode)
{
    char tmp[4096];
    int n = snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof(tmp)) {
        fprintf(stderr, "arc-sim: path too long: %s\n", path);
        return -1;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        fprintf(stderr, "arc-sim: cannot create %s: %s\n", tmp, strerror(errno));
        return -1;
    }
    if (write_all(fd, data, len) != 0 || fchmod(fd, mode) != 0) {
        fprintf(stderr, "arc-sim: cannot write %s: %s\n", tmp, strerror(errno));
        close(fd);
        unlink(tmp);
        return -1;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        fprintf(stderr, "arc-sim: cannot publish %s: %s\n", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

int append_file(const char *path, const void *data, size_t len, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, mode);
    if (fd < 0) {
        fprintf(stderr, "arc-sim: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    int rc = write_all(fd, data, len);
    if (rc != 0)
        fprintf(stderr, "arc-sim: cannot append to %s: %s\n", path, strerror(errno));
    close(fd);
    return rc;
}

int ensure_dir(const char *path, mode_t mode)
{
    if (mkdir(path, mode) != 0 && errno != EEXIST) {
        fprintf(stderr, "arc-sim: cannot create %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (chmod(path, mode) != 0) {
        fprintf(stderr, "arc-sim: cannot chmod %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

int random_hex(char *out, size_t nbytes)
{
    unsigned char buf[64];
    if (nbytes > sizeof(buf))
        return -1;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, nbytes);
    close(fd);
    if (n != (ssize_t)nbytes)
        return -1;
    for (size_t i = 0; i < nbytes; i++)
        snprintf(out + 2 * i, 3, "%02x", buf[i]);
    return 0;
}

int path_join(char *out, size_t size, const char *a, const char *b)
{
    int n = snprintf(out, size, "%s/%s", a, b);
    if (n < 0 || (size_t)n >= size) {
        fprintf(stderr, "arc-sim: path too long: %s/%s\n", a, b);
        return -1;
    }
    return 0;
}

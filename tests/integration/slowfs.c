/* A read-only FUSE filesystem that mirrors a directory and sleeps before
 * every read: the slow (or hung-ish) disk that a log scan must not let eat
 * the probe's deadline.
 * usage: slowfs SOURCE_DIR MOUNTPOINT DELAY_MS  (stays in the foreground;
 * unmount with fusermount3 -u MOUNTPOINT) */
#define FUSE_USE_VERSION 31
#include <fuse.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *source;
static long delay_ms;

static int source_path(char *dst, size_t dstlen, const char *path)
{
    int n = snprintf(dst, dstlen, "%s%s", source, path);
    return n < 0 || (size_t)n >= dstlen ? -ENAMETOOLONG : 0;
}

static int fs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
    (void)fi;
    char p[PATH_MAX];
    int rc = source_path(p, sizeof p, path);
    if (rc != 0)
        return rc;
    return lstat(p, st) == 0 ? 0 : -errno;
}

static int fs_readlink(const char *path, char *buf, size_t size)
{
    char p[PATH_MAX];
    int rc = source_path(p, sizeof p, path);
    if (rc != 0)
        return rc;
    ssize_t n = readlink(p, buf, size - 1);
    if (n < 0)
        return -errno;
    buf[n] = '\0';
    return 0;
}

static int fs_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off,
                      struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
    (void)off;
    (void)fi;
    (void)flags;
    char p[PATH_MAX];
    int rc = source_path(p, sizeof p, path);
    if (rc != 0)
        return rc;
    DIR *d = opendir(p);
    if (!d)
        return -errno;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        fill(buf, e->d_name, NULL, 0, 0);
    closedir(d);
    return 0;
}

static int fs_open(const char *path, struct fuse_file_info *fi)
{
    if ((fi->flags & O_ACCMODE) != O_RDONLY)
        return -EROFS;
    char p[PATH_MAX];
    int rc = source_path(p, sizeof p, path);
    if (rc != 0)
        return rc;
    int fd = open(p, O_RDONLY);
    if (fd < 0)
        return -errno;
    fi->fh = (uint64_t)fd;
    return 0;
}

static int fs_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi)
{
    (void)path;
    struct timespec pause = {delay_ms / 1000, (delay_ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
    ssize_t n = pread((int)fi->fh, buf, size, off);
    return n < 0 ? -errno : (int)n;
}

static int fs_release(const char *path, struct fuse_file_info *fi)
{
    (void)path;
    close((int)fi->fh);
    return 0;
}

static const struct fuse_operations ops = {
    .getattr = fs_getattr,
    .readlink = fs_readlink,
    .readdir = fs_readdir,
    .open = fs_open,
    .read = fs_read,
    .release = fs_release,
};

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s SOURCE_DIR MOUNTPOINT DELAY_MS\n", argv[0]);
        return 2;
    }
    source = argv[1];
    delay_ms = strtol(argv[3], NULL, 10);
    /* -f: foreground; -s: one thread, so reads queue behind each other as on
     * one slow disk; allow_other: the probe may run as another user. */
    char *fuse_argv[] = {argv[0], argv[2], "-f", "-s", "-o", "ro,allow_other,default_permissions",
                         NULL};
    return fuse_main(6, fuse_argv, &ops, NULL);
}

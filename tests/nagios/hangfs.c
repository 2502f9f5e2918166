/* A FUSE filesystem with one regular file, arcprobe.conf, whose read never
 * answers (until the filesystem is unmounted or HANG_LIMIT_S passes): the
 * config on a hung network mount. FIFOs and devices are refused at open, so
 * this is how the tests make a config read block and prove that the
 * plugin's watchdog still ends the run at -t.
 * usage: hangfs MOUNTPOINT [fuse options]  (add -f to stay in the foreground) */
#define FUSE_USE_VERSION 31
#include <fuse.h>

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILE_NAME "/arcprobe.conf"
/* bounded: a forgotten mount frees its readers after a minute */
#define HANG_LIMIT_S 60

static int hang_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
    (void)fi;
    memset(st, 0, sizeof *st);
    if (strcmp(path, "/") == 0) {
        st->st_mode = S_IFDIR | 0755;
        st->st_nlink = 2;
        return 0;
    }
    if (strcmp(path, FILE_NAME) == 0) {
        st->st_mode = S_IFREG | 0644;
        st->st_nlink = 1;
        st->st_size = 64;
        return 0;
    }
    return -ENOENT;
}

static int hang_open(const char *path, struct fuse_file_info *fi)
{
    if (strcmp(path, FILE_NAME) != 0)
        return -ENOENT;
    /* no page cache: every read reaches hang_read */
    fi->direct_io = 1;
    return 0;
}

/* Blocks, but answers the kernel's INTERRUPT (sent when the reader gets a
 * signal, e.g. the plugin's SIGALRM): the kernel waits for that answer before
 * the reader's signal handler may run, as a real hung NFS mount with "intr"
 * would. */
static int hang_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi)
{
    (void)path, (void)buf, (void)size, (void)off, (void)fi;
    for (int i = 0; i < HANG_LIMIT_S * 20; i++) {
        if (fuse_interrupted())
            return -EINTR;
        usleep(50 * 1000);
    }
    return -EIO;
}

static const struct fuse_operations ops = {
    .getattr = hang_getattr,
    .open = hang_open,
    .read = hang_read,
};

int main(int argc, char **argv)
{
    return fuse_main(argc, argv, &ops, NULL);
}

/* Reading from the page cache only (see pread_cached.h). */
#include "pread_cached.h"

#include <errno.h>
#include <sys/uio.h>

ssize_t pread_cached(int fd, void *dst, size_t n, off_t off)
{
#ifdef RWF_NOWAIT
    struct iovec iov = {dst, n};
    return preadv2(fd, &iov, 1, off, RWF_NOWAIT);
#else
    /* without the flag every read might wait: nothing is known cached */
    (void)fd, (void)dst, (void)n, (void)off;
    errno = EAGAIN;
    return -1;
#endif
}

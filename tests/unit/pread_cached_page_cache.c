/* pread_cached for the log reader's unit tests: the page cache's answer
 * without the readahead race.
 *
 * On a page that is not cached, a RWF_NOWAIT read starts readahead for it
 * and then looks again; when the (virtual) disk finishes first, the read
 * returns the bytes it has just fetched instead of EAGAIN. Under load that
 * happens in runs: of 1000 reads of a just-dropped 64 KiB block, with the
 * test's other copies and sha256sum running, 91 came back whole, up to 64
 * in a row, each with the 64 KiB read from disk in the call (read_bytes in
 * /proc/self/io); so a cold case could fail all of its 5 drops and reads.
 * Here mincore() first tells which pages are cached (it starts no I/O):
 * nothing cached at off is EAGAIN, as RWF_NOWAIT promises; otherwise the
 * real call reads at most the cached pages, so it starts no readahead that
 * could race. */
#include "pread_cached.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

/* How many of the n bytes from off on lie in pages that are cached, up to
 * the first page that is not; -1 when the kernel cannot tell. */
static ssize_t cached_bytes(int fd, size_t n, off_t off)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t lead = (size_t)(off % (off_t)page); /* off's place in its page */
    size_t span = lead + n, pages = (span + page - 1) / page;
    void *m = mmap(NULL, span, PROT_READ, MAP_SHARED, fd, off - (off_t)lead);
    if (m == MAP_FAILED)
        return -1;
    unsigned char *resident = malloc(pages);
    int ok = resident && mincore(m, span, resident) == 0;
    size_t cached = 0;
    while (ok && cached < pages && (resident[cached] & 1))
        cached++;
    free(resident);
    munmap(m, span);
    if (!ok)
        return -1;
    return cached == 0 ? 0 : (ssize_t)(cached * page - lead < n ? cached * page - lead : n);
}

ssize_t pread_cached(int fd, void *dst, size_t n, off_t off)
{
    struct stat st;
    if (n == 0 || fstat(fd, &st) != 0 || off >= st.st_size) {
        struct iovec iov = {dst, n}; /* nothing to read: the real call says 0 or why not */
        return preadv2(fd, &iov, 1, off, RWF_NOWAIT);
    }
    ssize_t cached = cached_bytes(fd, n, off);
    if (cached <= 0) {
        errno = EAGAIN; /* not cached, or the kernel cannot tell */
        return -1;
    }
    struct iovec iov = {dst, (size_t)cached};
    return preadv2(fd, &iov, 1, off, RWF_NOWAIT);
}

/* Reading a file only as far as the page cache holds it. */
#ifndef ARCPROBE_PREAD_CACHED_H
#define ARCPROBE_PREAD_CACHED_H

#include <stddef.h>
#include <sys/types.h>

/* pread() that never waits for the disk (preadv2 with RWF_NOWAIT): the
 * bytes at off that are cached, up to n. Returns the count read (0 at end
 * of file), or -1 with errno set: EAGAIN when nothing there is cached or
 * the kernel cannot tell (also where RWF_NOWAIT does not exist), EINTR, or
 * what pread() would say. One call, no retry: the callers decide. */
ssize_t pread_cached(int fd, void *dst, size_t n, off_t off);

#endif

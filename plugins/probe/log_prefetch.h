/* Bringing a cold log into the page cache ahead of a reader that reads it
 * backwards (log_reverse). A backwards read gets no readahead from the
 * kernel (nor, on a virtual disk, from the host): the device sees one small
 * request per block and is several times slower than for a forward read.
 * A thread of its own reads the region below the reader the way a forward
 * read would: a chunk at a time, each chunk front to back, while the reader
 * searches the chunk before it. */
#ifndef ARCPROBE_LOG_PREFETCH_H
#define ARCPROBE_LOG_PREFETCH_H

#include <sys/types.h>

/* The first chunk; each further one doubles up to the largest, so a code
 * near the end costs no big read. Chunks are read in pieces; a piece is
 * what may still be read after the reader is done or the deadline came. */
#define LOG_PREFETCH_FIRST ((off_t)4 * 1024 * 1024)
#define LOG_PREFETCH_MAX ((off_t)64 * 1024 * 1024)
#define LOG_PREFETCH_PIECE ((size_t)256 * 1024)

/* Whether the deadline (CLOCK_MONOTONIC seconds, 0 none) has come. */
int log_deadline_passed(double deadline);

/* Start bringing [floor, top) of fd into the cache, newest chunk first. No
 * chunk starts before the reader has used up half of the one before it, no
 * piece starts after the deadline. NULL when it cannot (the reads then go
 * without it). fd must stay open until log_prefetch_stop. */
struct log_prefetch;
struct log_prefetch *log_prefetch_start(int fd, off_t top, off_t floor, double deadline);

/* The reader has read everything above lo. */
void log_prefetch_reader_at(struct log_prefetch *p, off_t lo);

/* Stop (waiting for at most the piece being read) and free. Returns the
 * bytes it brought in. */
unsigned long long log_prefetch_stop(struct log_prefetch *p);

#endif

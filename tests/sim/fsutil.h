/* Small file helpers: every file the simulator publishes appears atomically. */
#ifndef ARC_SIM_FSUTIL_H
#define ARC_SIM_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

/* Writes `len` bytes to `path` through a temporary file in the same
 * directory and rename(2), so readers see the old or the new file, never
 * a partial one. Returns 0, or -1 with a message on stderr. */
int write_file_atomic(const char *path, const void *data, size_t len, mode_t mode);

/* Appends with one write(2) on an O_APPEND descriptor. */
int append_file(const char *path, const void *data, size_t len, mode_t mode);

/* mkdir that accepts an existing directory; then forces `mode`. */
int ensure_dir(const char *path, mode_t mode);

/* Fills `out` with 2*nbytes lowercase hex digits from /dev/urandom + NUL. */
int random_hex(char *out, size_t nbytes);

/* snprintf into a fixed buffer; returns -1 (and prints) on truncation. */
int path_join(char *out, size_t size, const char *a, const char *b);

#endif

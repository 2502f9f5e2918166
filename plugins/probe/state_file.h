/* Small files a one-shot run (check_azure_arc, the arcprobe CLI) keeps for
 * the next run, in a directory private to the user that runs it: state_dir,
 * else $XDG_CACHE_HOME/arcprobe or ~/.cache/arcprobe. A directory or file
 * that belongs to someone else, that others may write, or that is a
 * symbolic link is never used: the caller goes on without state, and the
 * note says why. */
#ifndef ARCPROBE_STATE_FILE_H
#define ARCPROBE_STATE_FILE_H

#include "config_internal.h"

#include <stddef.h>

struct state_dir {
    int fd; /* the directory, opened without following a link; -1 none */
    char path[PATH_MAX];
};

/* Open (creating it 0700 when missing) cfg's state directory. Returns 1
 * when open, 0 when state_dir = none, -1 with a note when unusable. */
int state_dir_open(const struct arcp_config *cfg, struct state_dir *d, char *note, size_t notelen);
/* The same for the directory path, whatever the configuration says (a
 * state file whose place is configured on its own: identity_state). */
int state_dir_open_path(const char *path, struct state_dir *d, char *note, size_t notelen);
void state_dir_close(struct state_dir *d);

/* The file name in d: at most max + 1 bytes (more than max: too long) into
 * *text (malloc'd, NUL after *len bytes). Returns 1 read, 0 absent, -1 with
 * a note when it may not or cannot be read. */
int state_file_read(const struct state_dir *d, const char *name, size_t max, char **text,
                    size_t *len, char *note, size_t notelen);

/* Whether state_file_write could replace the file name in d: the
 * directory lets this user create files, and name is no directory. Returns
 * 1, or -1 with a note. */
int state_file_replaceable(const struct state_dir *d, const char *name, char *note, size_t notelen);

/* Replace the file name in d with text at once (a new file, mode 0600,
 * renamed over the old one: a run that reads it at the same time sees the
 * old or the new, never a mix; of two runs writing, the last one stays).
 * Temporary files of name that killed runs left behind go first
 * (state_temp.h). Returns 0, or -1 with a note. */
int state_file_write(const struct state_dir *d, const char *name, const char *text, size_t len,
                     char *note, size_t notelen);

#endif

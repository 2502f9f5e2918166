#ifndef ARCPROBE_ATOMIC_FILE_H
#define ARCPROBE_ATOMIC_FILE_H
#include <stdio.h>

/* A file replaced in one step: readers (node_exporter's textfile collector,
 * a script polling the file) see the previous content or the new one, never
 * a half-written file. The new content goes to a temporary file in the same
 * directory (named so that no "*.prom" glob matches it), which is renamed
 * over the target on commit. */
struct atomic_file {
    FILE *stream;      /* write the content here */
    char target[4096]; /* the path readers open */
    char temporary[4096];
};

/* 0, or -1 with errno set (the directory is missing or not writable, the
 * path is too long). */
int atomic_file_open(struct atomic_file *f, const char *target);

/* Flushes, syncs and renames over the target; the file is made readable by
 * all (0644), like any exporter's output. 0, or -1 with errno set, in which
 * case the target is unchanged and the temporary file removed. */
int atomic_file_commit(struct atomic_file *f);

/* Drops the new content; the target is unchanged. */
void atomic_file_abort(struct atomic_file *f);

#endif

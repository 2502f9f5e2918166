/* test_dir.h - the private directory the collectd plugin tests work in. */
#ifndef AZARC_TEST_DIR_H
#define AZARC_TEST_DIR_H

/* The directory test_dir_create made (empty before that). */
extern char test_dir[256];

/* Makes /tmp/PREFIX-XXXXXX with an empty config that ARCPROBE_CONFIG names,
 * then initialises the core. 0 on success, -1 otherwise (a cmocka group
 * setup result). */
int test_dir_create(const char *prefix);

/* Cleans the core up and removes the directory: 0 on success, -1 otherwise. */
int test_dir_remove(void);

#endif

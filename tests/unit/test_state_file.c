/* The temporary files of a state file (state_file.c, state_temp.c): one a
 * run left behind when it was killed between writing and renaming it (the
 * Nagios plugin's watchdog) is removed by the next save, while a fresh one
 * of a run that is saving now, another state file's, another user's, a
 * link or a name of another pattern is left alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "state_file.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NAME "azcm-0123456789abcdef.json"

static char dir[] = "/tmp/arcprobe-state-file-XXXXXX";
static struct state_dir state;

static int setup(void **unused)
{
    (void)unused;
    char note[256] = "";
    if (!mkdtemp(dir) || chmod(dir, 0700) != 0)
        return -1;
    return state_dir_open_path(dir, &state, note, sizeof note) == 1 ? 0 : -1;
}

static int teardown(void **unused)
{
    (void)unused;
    char cmd[128];
    state_dir_close(&state);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The PID of a process that has ended (and been reaped). */
static long ended_pid(void)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(0);
    assert_int_equal(waitpid(pid, NULL, 0), pid);
    return (long)pid;
}

static const char *in_dir(const char *entry)
{
    static char path[2][512];
    static int which;
    which ^= 1;
    snprintf(path[which], sizeof path[which], "%s/%s", dir, entry);
    return path[which];
}

/* A file entry in the state directory, last modified idle_s ago. */
static void leave(const char *entry, time_t idle_s)
{
    int fd = open(in_dir(entry), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "{\"cut", 5), 5);
    assert_int_equal(close(fd), 0);
    struct timespec when[2] = {{time(NULL) - idle_s, 0}, {time(NULL) - idle_s, 0}};
    assert_int_equal(utimensat(AT_FDCWD, in_dir(entry), when, AT_SYMLINK_NOFOLLOW), 0);
}

static int exists(const char *entry)
{
    struct stat st;
    return lstat(in_dir(entry), &st) == 0;
}

static void save(void)
{
    char note[256] = "";
    assert_int_equal(state_file_write(&state, NAME, "{}\n", 3, note, sizeof note), 0);
    assert_string_equal(note, "");
}

static void test_killed_run_temp_removed_by_next_save(void **unused)
{
    (void)unused;
    char killed[128], older[128];
    snprintf(killed, sizeof killed, "." NAME ".%ld.1a2b3c", ended_pid());
    snprintf(older, sizeof older, "." NAME ".%ld.ff", ended_pid());
    leave(killed, 120);
    leave(older, 30 * 86400);
    save();
    assert_false(exists(killed));
    assert_false(exists(older));
    assert_true(exists(NAME));
}

static void test_fresh_temp_of_a_live_save_kept(void **unused)
{
    (void)unused;
    char fresh[128], live[128], live_stuck[128];
    /* being written right now: whichever process it is, it is recent */
    snprintf(fresh, sizeof fresh, "." NAME ".%ld.10", ended_pid());
    /* its run still lives (this process): not abandoned within a run's time */
    snprintf(live, sizeof live, "." NAME ".%ld.20", (long)getpid());
    /* but no run lasts hours: a PID in use by then is another process's */
    snprintf(live_stuck, sizeof live_stuck, "." NAME ".%ld.30", (long)getpid());
    leave(fresh, 0);
    leave(live, 600);
    leave(live_stuck, 3 * 3600);
    save();
    assert_true(exists(fresh));
    assert_true(exists(live));
    assert_false(exists(live_stuck));
    unlink(in_dir(fresh));
    unlink(in_dir(live));
}

static void test_only_own_pattern_and_regular_files(void **unused)
{
    (void)unused;
    long gone = ended_pid();
    char other_file[128], longer[128], not_hex[128], no_pid[128], link[128], subdir[128];
    snprintf(other_file, sizeof other_file, ".identity.%ld.1", gone);
    snprintf(longer, sizeof longer, "." NAME ".%ld.1.keep", gone);
    snprintf(not_hex, sizeof not_hex, "." NAME ".%ld.xyz", gone);
    snprintf(no_pid, sizeof no_pid, "." NAME "..1");
    snprintf(link, sizeof link, "." NAME ".%ld.2", gone);
    snprintf(subdir, sizeof subdir, "." NAME ".%ld.3", gone);
    const char *kept[] = {other_file, longer, not_hex, no_pid};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        leave(kept[i], 3600);
    leave("target", 3600);
    assert_int_equal(symlink("target", in_dir(link)), 0);
    struct timespec old[2] = {{time(NULL) - 3600, 0}, {time(NULL) - 3600, 0}};
    assert_int_equal(utimensat(AT_FDCWD, in_dir(link), old, AT_SYMLINK_NOFOLLOW), 0);
    assert_int_equal(mkdir(in_dir(subdir), 0700), 0);
    assert_int_equal(utimensat(AT_FDCWD, in_dir(subdir), old, 0), 0);

    save();
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        assert_true(exists(kept[i]));
    assert_true(exists(link));
    assert_true(exists("target"));
    assert_true(exists(subdir));
}

static void test_other_users_temp_kept(void **unused)
{
    (void)unused;
    if (geteuid() != 0)
        skip(); /* only root can give a file away */
    char foreign[128];
    snprintf(foreign, sizeof foreign, "." NAME ".%ld.4", ended_pid());
    leave(foreign, 3 * 3600);
    assert_int_equal(lchown(in_dir(foreign), 65534, 65534), 0);
    save();
    assert_true(exists(foreign));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_killed_run_temp_removed_by_next_save),
        cmocka_unit_test(test_fresh_temp_of_a_live_save_kept),
        cmocka_unit_test(test_only_own_pattern_and_regular_files),
        cmocka_unit_test(test_other_users_temp_kept),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/* Where the time of the last identity challenge is kept (identity_memory.c
 * through state_file.c): "identity" in the state directory unless
 * identity_state names a file; nowhere when either says none; never in a
 * place that is not private to the user, nor in a $HOME that belongs to
 * someone else; and the lines earlier versions wrote are read as before.
 * A one-shot run may challenge only where the time can be kept.
 * Each case asks about a himds URL of its own: the process's memory of the
 * other cases' challenges must not answer for the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "identity_memory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/arcprobe-identity-XXXXXX";
static arcp_config *cfg;
static const time_t seen = 1795000000; /* 2026-11-18 */
static char stored_note[512];          /* what the last store() said */

/* identity_memory_store: 0, or -1 with stored_note saying why */
static int store(time_t when)
{
    return identity_memory_store(cfg, when, stored_note, sizeof stored_note);
}

static const char *in_dir(const char *entry)
{
    static char path[4][512];
    static int which;
    which = (which + 1) % 4;
    snprintf(path[which], sizeof path[which], "%s/%s", dir, entry);
    return path[which];
}

static void set(const char *key, const char *value)
{
    char err[256];
    assert_int_equal(arcp_config_set(cfg, key, value, err, sizeof err), 0);
}

static int setup(void **unused)
{
    (void)unused;
    if (!mkdtemp(dir) || chmod(dir, 0755) != 0)
        return -1;
    /* nothing here may reach the user's own cache */
    setenv("XDG_CACHE_HOME", in_dir("xdg"), 1);
    setenv("HOME", in_dir("home"), 1);
    return 0;
}

static int teardown(void **unused)
{
    (void)unused;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int each_setup(void **unused)
{
    (void)unused;
    cfg = arcp_config_new();
    return cfg ? 0 : -1;
}

static int each_teardown(void **unused)
{
    (void)unused;
    arcp_config_free(cfg);
    return 0;
}

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static void write_text(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(path, mode), 0);
}

static const char *read_text(const char *path)
{
    static char text[1024];
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    return text;
}

static void test_default_follows_state_dir(void **unused)
{
    (void)unused;
    set("himds_url", "http://127.0.0.1:40001");
    set("state_dir", in_dir("state"));
    arcp_config_keep_state(cfg); /* a one-shot run: the file is its only memory */
    assert_int_equal(store(seen), 0);
    assert_string_equal(stored_note, "");
    struct stat st;
    assert_int_equal(stat(in_dir("state/identity"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_string_equal(read_text(in_dir("state/identity")), "1795000000 http://127.0.0.1:40001\n");
    assert_false(exists(in_dir("xdg")));
    assert_false(exists(in_dir("home")));

    /* another run's configuration, same place: the file answers */
    arcp_config_free(cfg);
    cfg = arcp_config_new();
    set("himds_url", "http://127.0.0.1:40001");
    set("state_dir", in_dir("state"));
    set("identity_state", "none");
    assert_int_equal(identity_memory_recall(cfg, seen + 10), seen); /* the process's memory */
    set("himds_url", "http://127.0.0.1:40002");
    set("identity_state", "");
    write_text(in_dir("state/identity"), "1795000100 http://127.0.0.1:40002\n", 0600);
    assert_int_equal(identity_memory_recall(cfg, seen + 200), seen + 100);
}

static void test_state_dir_none_keeps_no_file(void **unused)
{
    (void)unused;
    set("himds_url", "http://127.0.0.1:40003");
    set("state_dir", "none");
    assert_int_equal(store(seen), 0);
    assert_false(exists(in_dir("xdg")));
    assert_false(exists(in_dir("home")));
    /* the process still remembers (a long-running host) */
    assert_int_equal(identity_memory_recall(cfg, seen + 10), seen);
}

static void test_identity_state_wins(void **unused)
{
    (void)unused;
    set("himds_url", "http://127.0.0.1:40004");
    set("state_dir", in_dir("state-unused"));
    set("identity_state", in_dir("explicit/last-challenge"));
    assert_int_equal(store(seen), 0);
    struct stat st;
    assert_int_equal(stat(in_dir("explicit/last-challenge"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(stat(in_dir("explicit"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    assert_false(exists(in_dir("state-unused")));

    /* and with state_dir = none: identity_state is the operator's word */
    set("himds_url", "http://127.0.0.1:40005");
    set("state_dir", "none");
    assert_int_equal(store(seen + 1), 0);
    assert_string_equal(read_text(in_dir("explicit/last-challenge")),
                        "1795000001 http://127.0.0.1:40005\n"
                        "1795000000 http://127.0.0.1:40004\n");
    set("himds_url", "http://127.0.0.1:40006"); /* not in the process's memory */
    write_text(in_dir("explicit/last-challenge"), "1795000001 http://127.0.0.1:40006\n", 0600);
    assert_int_equal(identity_memory_recall(cfg, seen + 10), seen + 1);
}

static void test_unsafe_directory_not_used(void **unused)
{
    (void)unused;
    set("himds_url", "http://127.0.0.1:40007");
    assert_int_equal(mkdir(in_dir("shared"), 0777), 0);
    assert_int_equal(chmod(in_dir("shared"), 0777), 0);
    set("identity_state", in_dir("shared/identity"));
    assert_int_equal(store(seen), 0); /* a long-running host: its memory is enough */
    assert_string_equal(stored_note, "");
    assert_false(exists(in_dir("shared/identity")));

    /* a one-shot run whose place turned unsafe after identity_memory_keepable
     * (a race) is told so, in state_file.c's words; the process still remembers */
    arcp_config_keep_state(cfg);
    assert_int_equal(store(seen + 1), -1);
    assert_non_null(strstr(stored_note, "must belong to uid"));
    assert_false(exists(in_dir("shared/identity")));
    assert_int_equal(identity_memory_recall(cfg, seen + 10), seen + 1);

    /* a file others may have written there is not believed */
    set("himds_url", "http://127.0.0.1:40008");
    write_text(in_dir("shared/identity"), "1795000000 http://127.0.0.1:40008\n", 0600);
    assert_int_equal(identity_memory_recall(cfg, seen + 10), 0);
}

static void test_earlier_versions_file_read(void **unused)
{
    (void)unused;
    /* as earlier versions wrote it: "<epoch> <himds_url>" lines, newest first */
    assert_int_equal(mkdir(in_dir("old"), 0700), 0);
    write_text(in_dir("old/identity"),
               "1795000300 http://127.0.0.1:40010\n"
               "1795000200 http://127.0.0.1:40011\n"
               "1795000100 http://127.0.0.1:40012", /* cut short by a crash */
               0600);
    set("identity_state", in_dir("old/identity"));
    set("himds_url", "http://127.0.0.1:40011");
    assert_int_equal(identity_memory_recall(cfg, seen + 400), seen + 200);
    set("himds_url", "http://127.0.0.1:40012");
    assert_int_equal(identity_memory_recall(cfg, seen + 400), 0);
    set("himds_url", "http://127.0.0.1:4001"); /* a prefix of the others: not theirs */
    assert_int_equal(identity_memory_recall(cfg, seen + 400), 0);

    /* a new line goes first, the others' whole lines stay */
    set("himds_url", "http://127.0.0.1:40011");
    assert_int_equal(store(seen + 500), 0);
    assert_string_equal(read_text(in_dir("old/identity")), "1795000500 http://127.0.0.1:40011\n"
                                                           "1795000300 http://127.0.0.1:40010\n");
}

/* A one-shot run (arcp_config_keep_state) challenges only where the time
 * will be kept for the next run; a long-running host always may (its
 * memory). The note says why not, in state_file.c's words where it has them. */
static void test_keepable_only_with_a_file(void **unused)
{
    (void)unused;
    char note[512];
    set("state_dir", "none");
    assert_int_equal(identity_memory_keepable(cfg, note, sizeof note), 1); /* long-running */
    assert_string_equal(note, "");

    arcp_config_keep_state(cfg);
    assert_int_equal(identity_memory_keepable(cfg, note, sizeof note), 0);
    assert_string_equal(note, "state file not used: state_dir = none");
    set("state_dir", in_dir("keep-private"));
    set("identity_state", "none");
    assert_int_equal(identity_memory_keepable(cfg, note, sizeof note), 0);
    assert_string_equal(note, "state file not used: identity_state = none");

    set("identity_state", "");
    assert_int_equal(identity_memory_keepable(cfg, note, sizeof note), 1);
    assert_string_equal(note, "");
    set("identity_state", in_dir("keep-explicit/identity"));
    assert_int_equal(identity_memory_keepable(cfg, note, sizeof note), 1);

    /* places state_file.c refuses, with its note */
    assert_int_equal(mkdir(in_dir("keep-open"), 0777), 0);
    assert_int_equal(chmod(in_dir("keep-open"), 0777), 0);
    set("identity_state", "");
    set("state_dir", in_dir("keep-open"));
    assert_int_equal(identity_memory_keepable(cfg, note, sizeof note), 0);
    assert_non_null(strstr(note, "must belong to uid"));
    assert_false(exists(in_dir("keep-open/identity")));

    assert_int_equal(symlink(in_dir("keep-private"), in_dir("keep-link")), 0);
    set("state_dir", in_dir("keep-link"));
    assert_int_equal(identity_memory_keepable(cfg, note, sizeof note), 0);
    assert_non_null(strstr(note, "cannot open"));

    /* a file the write would replace is no obstacle, a directory is */
    write_text(in_dir("keep-private/identity"), "garbage", 0666);
    set("state_dir", in_dir("keep-private"));
    assert_int_equal(identity_memory_keepable(cfg, note, sizeof note), 1);
    assert_int_equal(unlink(in_dir("keep-private/identity")), 0);
    assert_int_equal(mkdir(in_dir("keep-private/identity"), 0700), 0);
    assert_int_equal(identity_memory_keepable(cfg, note, sizeof note), 0);
    assert_non_null(strstr(note, "keep-private/identity is not a regular file"));

    set("identity_state", in_dir("keep-explicit/"));
    assert_int_equal(identity_memory_keepable(cfg, note, sizeof note), 0);
    assert_non_null(strstr(note, "is not a regular file"));

    if (geteuid() != 0) { /* root may write whatever the mode says */
        assert_int_equal(mkdir(in_dir("keep-closed"), 0500), 0);
        set("identity_state", in_dir("keep-closed/identity"));
        assert_int_equal(identity_memory_keepable(cfg, note, sizeof note), 0);
        assert_non_null(strstr(note, "cannot write"));
    }
}

/* A process of another user (a daemon that switched users, or sudo that
 * kept $HOME) whose $HOME is a directory it may write but does not own:
 * the file goes to its own home from the password database, never there. */
static void test_home_of_another_user_passed_over(void **unused)
{
    (void)unused;
    if (geteuid() != 0)
        skip(); /* becoming another user needs root */
    const char *home = in_dir("root-home");
    assert_int_equal(mkdir(home, 0777), 0);
    assert_int_equal(chmod(home, 0777), 0); /* as /tmp: anyone may write */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* nobody: its password-database home does not exist */
        if (setgid(65534) != 0 || setuid(65534) != 0)
            _exit(2);
        setenv("HOME", home, 1);
        unsetenv("XDG_CACHE_HOME");
        set("himds_url", "http://127.0.0.1:40020");
        _exit(store(seen) == 0 ? 0 : 3);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    char cache[600];
    snprintf(cache, sizeof cache, "%s/.cache", home);
    assert_false(exists(cache));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_default_follows_state_dir, each_setup, each_teardown),
        cmocka_unit_test_setup_teardown(test_state_dir_none_keeps_no_file, each_setup,
                                        each_teardown),
        cmocka_unit_test_setup_teardown(test_identity_state_wins, each_setup, each_teardown),
        cmocka_unit_test_setup_teardown(test_unsafe_directory_not_used, each_setup, each_teardown),
        cmocka_unit_test_setup_teardown(test_earlier_versions_file_read, each_setup, each_teardown),
        cmocka_unit_test_setup_teardown(test_keepable_only_with_a_file, each_setup, each_teardown),
        cmocka_unit_test_setup_teardown(test_home_of_another_user_passed_over, each_setup,
                                        each_teardown),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

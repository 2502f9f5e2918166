/* The AZCM scan of long-running hosts reads only what was appended since
 * the last probe. Whatever happened to the log in between (append, rotation,
 * truncation, replacement, a line cut by the last read), the answer must
 * equal a full scan's, and a steady-state cycle must read only the appended
 * bytes (plus a small fingerprint). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "azcm_fixture.h"
#include "azcm_internal.h"
#include "azcm_memory.h"
#include "config_internal.h"
#include "rfc3339.h"
#include "sanitize.h"

static struct azcm_memory *memory;
static time_t now;

static int setup(void **state)
{
    if (azcm_fixture_setup(state) != 0)
        return -1;
    return rfc3339_parse("2026-11-25T09:00:00Z", 20, &now);
}

/* Each test starts with empty logs and an empty memory. */
static int fresh(void **state)
{
    (void)state;
    if (clear_logs() != 0)
        return -1;
    memory = azcm_memory_new();
    return memory ? 0 : -1;
}

static int forget(void **state)
{
    (void)state;
    azcm_memory_free(memory);
    memory = NULL;
    return 0;
}

static void put(const char *name, const char *mode, const char *text)
{
    FILE *f = fopen(log_path(name), mode);
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void filler(const char *name, size_t bytes)
{
    FILE *f = fopen(log_path(name), "a");
    assert_non_null(f);
    const char *line = "time=\"2026-11-25T08:00:01Z\" level=info msg=\"heartbeat sent\"\n";
    for (size_t n = 0; n < bytes; n += strlen(line))
        fputs(line, f);
    assert_int_equal(fclose(f), 0);
}

/* One probe cycle with the memory, checked against a full scan of the same
 * files. Returns the bytes the cycle read. */
static size_t cycle_equals_full(const char *what)
{
    struct arcp_azcm inc, full;
    azcm_scan_hooked(cfg, now, 0, memory, &inc, NULL);
    azcm_scan_hooked(cfg, now, 0, NULL, &full, NULL);
    printf("# %s: %s (read %zu bytes; a full scan %zu)\n", what, inc.text, inc.bytes_read,
           full.bytes_read);
    assert_string_equal(inc.text, full.text);
    assert_int_equal(inc.state, full.state);
    assert_int_equal(inc.code, full.code);
    assert_int_equal(inc.time, full.time);
    assert_int_equal(inc.resolved, full.resolved);
    assert_string_equal(inc.file, full.file);
    assert_string_equal(inc.diagnosis, full.diagnosis);
    return inc.bytes_read;
}

#define CODE26 "time=\"2026-11-25T08:00:00Z\" level=error msg=\"AZCM0026: Network Error\"\n"
#define CODE64 "time=\"2026-11-25T08:30:00Z\" level=error msg=\"AZCM0064: not responding\"\n"
#define CODE00 "time=\"2026-11-25T08:40:00Z\" level=info msg=\"AZCM0000: Succeeded\"\n"
#define INFO "time=\"2026-11-25T08:41:00Z\" level=info msg=\"heartbeat sent\"\n"

static void test_append(void **state)
{
    (void)state;
    put("himds.log", "w", CODE26);
    filler("himds.log", 4u << 20);
    size_t first = cycle_equals_full("first cycle");
    assert_true(first > (4u << 20));

    put("himds.log", "a", INFO);
    size_t steady = cycle_equals_full("appended a line without code");
    assert_true(steady <= strlen(INFO) + AZCM_FINGERPRINT_MAX * 2);

    size_t same = cycle_equals_full("nothing appended");
    assert_true(same <= AZCM_FINGERPRINT_MAX * 2);

    put("himds.log", "a", CODE64);
    cycle_equals_full("appended a newer code");

    put("himds.log", "a", CODE00);
    struct arcp_azcm z;
    cycle_equals_full("appended AZCM0000");
    azcm_scan_hooked(cfg, now, 0, memory, &z, NULL);
    assert_int_equal(z.resolved, 1);
    assert_int_equal(z.code, 64);
}

static void test_rotate(void **state)
{
    (void)state;
    put("himds.log", "w", CODE26);
    filler("himds.log", 1u << 20);
    cycle_equals_full("first cycle");
    put("himds.log", "a", INFO); /* written after our read, before the rotation */
    assert_int_equal(rename(log_path("himds.log"), log_path("himds.log.1")), 0);
    put("himds.log", "w", INFO);
    cycle_equals_full("rotated, new file without code");
    put("himds.log", "a", CODE64);
    cycle_equals_full("rotated, then a code in the new file");
}

static void test_truncate_in_place(void **state)
{
    (void)state;
    put("himds.log", "w", CODE64);
    filler("himds.log", 1u << 20);
    cycle_equals_full("first cycle");
    assert_int_equal(truncate(log_path("himds.log"), 0), 0);
    put("himds.log", "a", INFO);
    cycle_equals_full("truncated, one line since");

    /* copytruncate and a writer without O_APPEND: the file regrows past the
     * old size behind a NUL hole, with the same inode */
    put("himds.log", "w", CODE64);
    filler("himds.log", 1u << 16);
    cycle_equals_full("refilled");
    struct stat st;
    assert_int_equal(stat(log_path("himds.log"), &st), 0);
    assert_int_equal(truncate(log_path("himds.log"), 0), 0);
    int fd = open(log_path("himds.log"), O_WRONLY);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, CODE26, strlen(CODE26), st.st_size + 100), (ssize_t)strlen(CODE26));
    close(fd);
    cycle_equals_full("copytruncate hole, then an older-looking code");
}

static void test_replace_inode(void **state)
{
    (void)state;
    put("himds.log", "w", CODE64);
    filler("himds.log", 1u << 18);
    cycle_equals_full("first cycle");
    /* a new file, longer than the old one, renamed over it */
    put("himds.log.new", "w", CODE26);
    filler("himds.log.new", 1u << 19);
    assert_int_equal(rename(log_path("himds.log.new"), log_path("himds.log")), 0);
    cycle_equals_full("replaced with another inode");
}

static void test_line_split_across_cycles(void **state)
{
    (void)state;
    put("himds.log", "w", INFO);
    put("himds.log", "a", "time=\"2026-11-25T08:50:00Z\" level=error msg=\"AZCM00");
    cycle_equals_full("the writer is in the middle of a line");
    put("himds.log", "a", "26: Network Error\"\n");
    struct arcp_azcm z;
    cycle_equals_full("the line completed");
    azcm_scan_hooked(cfg, now, 0, memory, &z, NULL);
    assert_int_equal(z.code, 26);

    /* cut inside the code itself, in the other log */
    put("azcmagent.log", "w", "time=\"2026-11-25T08:55:00Z\" level=error msg=\"AZ");
    cycle_equals_full("cut inside the code");
    put("azcmagent.log", "a", "CM0064: not responding\"\n");
    cycle_equals_full("the code completed");
    azcm_scan_hooked(cfg, now, 0, memory, &z, NULL);
    assert_int_equal(z.code, 64);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_append, fresh, forget),
        cmocka_unit_test_setup_teardown(test_rotate, fresh, forget),
        cmocka_unit_test_setup_teardown(test_truncate_in_place, fresh, forget),
        cmocka_unit_test_setup_teardown(test_replace_inode, fresh, forget),
        cmocka_unit_test_setup_teardown(test_line_split_across_cycles, fresh, forget),
    };
    return cmocka_run_group_tests(tests, setup, azcm_fixture_teardown);
}

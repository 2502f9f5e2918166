/* The AZCM log scan end to end on temporary agent directories. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "azcm_fixture.h"
#include "azcm_internal.h"
#include "config_internal.h"
#include "http_batch.h"
#include "log_reverse.h"
#include "rfc3339.h"
#include "sanitize.h"

static time_t at(const char *rfc3339)
{
    time_t t;
    assert_int_equal(rfc3339_parse(rfc3339, strlen(rfc3339), &t), 0);
    return t;
}

static void write_log(const char *name, const char *data, size_t len)
{
    FILE *f = fopen(log_path(name), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void write_text(const char *name, const char *text)
{
    write_log(name, text, strlen(text));
}

static void copy_fixture(const char *fixture, const char *name)
{
    char src[512];
    snprintf(src, sizeof(src), "%s/logs/%s", FIXTURES_DIR, fixture);
    FILE *f = fopen(src, "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    write_log(name, buf, n);
}

static void set_mtime(const char *name, time_t t)
{
    struct timespec ts[2] = {{t, 0}, {t, 0}};
    assert_int_equal(utimensat(AT_FDCWD, log_path(name), ts, 0), 0);
}

static void test_network_error_recent(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    copy_fixture("azcmagent_network_error.log", "azcmagent.log");
    copy_fixture("himds_healthy.log", "himds.log");
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-25T08:52:01Z"), &z);
    assert_int_equal(z.state, ARCP_WARNING);
    assert_int_equal(z.found, 1);
    assert_int_equal(z.code, 26);
    assert_string_equal(z.code_str, "AZCM0026");
    assert_int_equal(z.time, at("2026-11-25T08:40:01Z"));
    assert_int_equal(z.age_s, 720);
    assert_string_equal(z.level, "fatal");
    assert_string_equal(z.file, log_path("azcmagent.log"));
    assert_string_equal(z.message, "AZCM0026: Network Error; Error: failed to connect to Azure: "
                                   "dial tcp: lookup gbl.his.arc.azure.com: no such host");
    assert_int_equal(z.known, 1);
    assert_string_equal(z.meaning,
                        "The agent could not reach one or more Azure services it depends on.");
    assert_true(strlen(z.code_remedy) > 0);
    assert_int_equal(z.resolved, 0);
    assert_non_null(strstr(z.diagnosis, "gbl.his.arc.azure.com does not resolve"));
    assert_non_null(strstr(z.diagnosis_remedy, "fix name resolution for gbl.his.arc.azure.com"));
    assert_non_null(strstr(z.text, "AZCM0026 Network Error at 2026-11-25T08:40:01Z (12 min ago) "
                                   "in azcmagent.log: The agent could not reach one or more "
                                   "Azure services it depends on; likely cause: the name"));
    /* both files are tiny: each is one block */
    assert_true(z.bytes_read > 0 && z.bytes_read <= 918 + 570);

    cfg->azcm_state = ARCP_CRITICAL;
    azcm_scan(cfg, at("2026-11-25T08:52:01Z"), &z);
    assert_int_equal(z.state, ARCP_CRITICAL);
    cfg->azcm_state = ARCP_WARNING;
}

static void test_old_code_is_ok(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    copy_fixture("azcmagent_network_error.log", "azcmagent.log");
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-28T08:40:01Z"), &z);
    assert_int_equal(z.state, ARCP_OK);
    assert_int_equal(z.code, 26);
    assert_int_equal(z.age_s, 3 * 86400);
    assert_string_equal(z.text, "old AZCM0026 Network Error at 2026-11-25T08:40:01Z (3 d ago, "
                                "older than azcm_max_age 86400s) in azcmagent.log: The agent "
                                "could not reach one or more Azure services it depends on");
}

/* The newest code wins by its time= field, whichever file holds it. */
static void test_newest_across_files(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    write_text("azcmagent.log",
               "time=\"2026-11-25T07:00:00Z\" level=fatal msg=\"AZCM0041: The credentials "
               "supplied are invalid\"\n"
               "time=\"2026-11-25T07:30:00Z\" level=info msg=\"Running command: show\"\n");
    write_text("himds.log",
               "time=\"2026-11-25T08:00:00Z\" level=error msg=\"AZCM0064: agent service not "
               "responding\"\n"
               "time=\"2026-11-25T06:00:00Z\" level=info msg=\"odd clock, older line last\"\n");
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.code, 64);
    assert_string_equal(z.file, log_path("himds.log"));
    assert_string_equal(z.level, "error");

    /* now azcmagent.log holds the newer one */
    write_text("azcmagent.log", "time=\"2026-11-25T09:00:00+01:00\" level=fatal "
                                "msg=\"AZCM0044: resource exists\"\n"
                                "time=\"2026-11-25T08:05:00Z\" level=fatal msg=\"AZCM0042\"\n");
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    /* the newest line in azcmagent.log is AZCM0042 (08:05Z), newer than himds' 08:00Z */
    assert_int_equal(z.code, 42);
    assert_string_equal(z.file, log_path("azcmagent.log"));
}

static void test_rotation_fallback(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    write_text("azcmagent.log", "time=\"2026-11-25T08:00:00Z\" level=info msg=\"no code here\"\n");
    write_text("azcmagent.log.1", "time=\"2026-11-24T08:00:00Z\" level=fatal msg=\"AZCM0042\"\n");
    write_text("azcmagent.log.2", "time=\"2026-11-23T08:00:00Z\" level=fatal msg=\"AZCM0043\"\n");
    set_mtime("azcmagent.log.1", at("2026-11-24T08:00:00Z"));
    set_mtime("azcmagent.log.2", at("2026-11-23T08:00:00Z"));
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.code, 42);
    assert_string_equal(z.file, log_path("azcmagent.log.1"));
    assert_int_equal(z.state, ARCP_OK); /* 24 h 10 min old */

    /* newest by mtime, not by name; lumberjack-style names count too */
    write_text("azcmagent-2026-11-25T07-00-00.000.log",
               "time=\"2026-11-25T06:59:00Z\" level=fatal msg=\"AZCM0067\"\n");
    set_mtime("azcmagent-2026-11-25T07-00-00.000.log", at("2026-11-25T07:00:00Z"));
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.code, 67);
    assert_int_equal(z.state, ARCP_WARNING);

    /* the current file's code beats every rotation */
    write_text("azcmagent.log", "time=\"2026-11-25T08:00:00Z\" level=error msg=\"AZCM0061\"\n");
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.code, 61);

    /* a compressed newest rotation is skipped with a note */
    assert_int_equal(clear_logs(), 0);
    write_text("himds.log", "time=\"2026-11-25T08:00:00Z\" level=info msg=\"hello\"\n");
    write_text("himds.log.1.gz", "\x1f\x8b\x08");
    write_text("himds.log.2", "time=\"2026-11-20T08:00:00Z\" level=info msg=\"old\"\n");
    set_mtime("himds.log.2", at("2026-11-20T08:00:00Z"));
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.state, ARCP_OK);
    assert_int_equal(z.found, 0);
    assert_string_equal(z.text, "no AZCM code in the logs (compressed himds.log.1.gz not read)");

    char path[512], skipped[64];
    assert_int_equal(
        azcm_newest_rotated(log_dir, "himds", path, sizeof(path), skipped, sizeof(skipped)), 1);
    assert_string_equal(path, log_path("himds.log.2"));
    assert_string_equal(skipped, "himds.log.1.gz");
}

static void test_resolved_by_success(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    copy_fixture("azcmagent_resolved.log", "azcmagent.log");
    copy_fixture("himds_healthy.log", "himds.log");
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-24T12:00:00Z"), &z);
    assert_int_equal(z.state, ARCP_OK);
    assert_int_equal(z.resolved, 1);
    assert_int_equal(z.code, 41);
    assert_string_equal(z.text,
                        "AZCM0041 Failed to Get Access Token at 2026-11-24T09:00:03Z (2 h ago) in "
                        "azcmagent.log was resolved by AZCM0000 at 2026-11-24T10:12:09Z "
                        "in azcmagent.log");
    /* the old secret error was before the success: no diagnosis now */
    assert_string_equal(z.diagnosis, "");

    /* success alone */
    write_text("azcmagent.log", "time=\"2026-11-24T10:12:09Z\" level=info msg=\"AZCM0000: "
                                "Succeeded\"\n");
    azcm_scan(cfg, at("2026-11-24T12:00:00Z"), &z);
    assert_int_equal(z.state, ARCP_OK);
    assert_int_equal(z.resolved, 0);
    assert_int_equal(z.code, 0);
    assert_string_equal(z.text,
                        "last code AZCM0000 (success) at 2026-11-24T10:12:09Z (107 min ago) in "
                        "azcmagent.log");

    /* success in one file resolves an older error in the other */
    write_text("himds.log", "time=\"2026-11-24T10:00:00Z\" level=error msg=\"AZCM0026: Network "
                            "Error\"\n");
    azcm_scan(cfg, at("2026-11-24T12:00:00Z"), &z);
    assert_int_equal(z.resolved, 1);
    assert_int_equal(z.code, 26);
    assert_string_equal(z.file, log_path("himds.log"));

    /* ...but not a newer one */
    write_text("himds.log", "time=\"2026-11-24T11:00:00Z\" level=error msg=\"AZCM0026: Network "
                            "Error\"\n");
    azcm_scan(cfg, at("2026-11-24T12:00:00Z"), &z);
    assert_int_equal(z.resolved, 0);
    assert_int_equal(z.code, 26);
    assert_int_equal(z.state, ARCP_WARNING);
}

/* The error an AZCM0000 resolved is looked for up to AZCM_RESOLVE_LOOKBACK
 * before the success line, counted in file positions: the same lines
 * whatever blocks the reader happened to read (cold, swept, or warm). */
static void test_resolve_lookback_by_position(void **state)
{
    (void)state;
    const size_t kib = 1024, back[] = {4060 * kib, 4200 * kib}, older = 2048 * kib;
    for (size_t i = 0; i < 2; i++) {
        size_t cap = older + back[i] + 4096, o = 0;
        char *data = malloc(cap);
        assert_non_null(data);
        const char *filler = "time=\"2026-11-25T08:00:01Z\" level=info msg=\"filler\"\n";
        while (o < older)
            o += (size_t)sprintf(data + o, "%s", filler);
        size_t error_at = o, filler_end = o + back[i] - 80;
        o += (size_t)sprintf(data + o,
                             "time=\"2026-11-25T08:00:00Z\" level=error msg=\"AZCM0070\"\n");
        while (o < filler_end)
            o += (size_t)sprintf(data + o, "%s", filler);
        size_t zero_at = o;
        o += (size_t)sprintf(data + o,
                             "time=\"2026-11-25T08:05:00Z\" level=info msg=\"AZCM0000\"\n");
        assert_true(zero_at - error_at > 4000 * kib);
        assert_int_equal(clear_logs(), 0);
        write_log("himds.log", data, o);
        struct arcp_azcm z;
        azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
        if (zero_at - error_at <= AZCM_RESOLVE_LOOKBACK) {
            assert_int_equal(z.resolved, 1);
            assert_int_equal(z.code, 70);
        } else {
            assert_int_equal(z.resolved, 0);
            assert_int_equal(z.code, 0);
        }
        free(data);
    }
}

static void test_unknown_code(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    write_text("himds.log", "time=\"2026-11-25T08:00:00Z\" level=error msg=\"something new\" "
                            "Error=\"AZCM0999: Brand New Failure | with pipe\"\n");
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.found, 1);
    assert_int_equal(z.code, 999);
    assert_int_equal(z.known, 0);
    assert_string_equal(z.meaning, "unknown code");
    /* not a dead end: where to look the code up and how to test the network */
    assert_non_null(strstr(z.code_remedy, "troubleshoot-agent-onboard"));
    assert_non_null(strstr(z.code_remedy, "'azcmagent check'"));
    assert_int_equal(z.state, ARCP_WARNING);
    assert_null(strchr(z.message, '|'));
    assert_string_equal(z.message, "something new; Error: AZCM0999: Brand New Failure / with pipe");
    assert_non_null(strstr(z.text, "AZCM0999 (unknown code) at 2026-11-25T08:00:00Z"));
}

static void test_no_code_empty_missing(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.state, ARCP_UNKNOWN);
    char expect[256];
    snprintf(expect, sizeof(expect), "no agent logs in %s: is the agent installed?", log_dir);
    assert_string_equal(z.text, expect);
    assert_int_equal(z.code, -1);
    assert_int_equal(z.age_s, -1);
    assert_non_null(z.meaning);

    write_text("azcmagent.log", "");
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.state, ARCP_OK);
    assert_string_equal(z.text, "no AZCM code in the logs");
    assert_int_equal(z.bytes_read, 0);

    copy_fixture("himds_healthy.log", "himds.log");
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.state, ARCP_OK);
    assert_int_equal(z.found, 0);
    assert_string_equal(z.text, "no AZCM code in the logs");
    assert_int_equal(z.bytes_read, 570);
}

static void test_junk_crlf_truncated(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    copy_fixture("junk_crlf.log", "himds.log");
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.code, 64);
    assert_int_equal(z.time, at("2026-11-25T08:01:00Z"));
    assert_string_equal(z.message, "AZCM0064: agent service not responding");
}

/* copytruncate with a writer that does not use O_APPEND: the file starts
 * with a hole of NULs, then the newest lines. The code after the hole is
 * found with its time, whether the hole is long or short, and wherever the
 * hole ends relative to the 64 KiB reads. */
static void test_nul_hole(void **state)
{
    (void)state;
    static const size_t holes[] = {1, 100, 64 * 1024, 64 * 1024 + 1, 300 * 1024, 3u << 20};
    const char *tail = "time=\"2026-11-25T08:05:00Z\" level=error msg=\"AZCM0026: Network Error\"\n"
                       "time=\"2026-11-25T08:05:01Z\" level=info msg=\"retrying\"\n";
    for (size_t i = 0; i < sizeof(holes) / sizeof(holes[0]); i++) {
        size_t n = holes[i] + strlen(tail);
        char *data = calloc(1, n);
        assert_non_null(data);
        memcpy(data + holes[i], tail, strlen(tail));
        assert_int_equal(clear_logs(), 0);
        write_log("himds.log", data, n);
        struct arcp_azcm z;
        azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
        assert_int_equal(z.code, 26);
        assert_int_equal(z.state, ARCP_WARNING);
        assert_int_equal(z.time, at("2026-11-25T08:05:00Z"));
        assert_int_equal(z.age_s, 300);
        assert_non_null(strstr(z.text, "at 2026-11-25T08:05:00Z (5 min ago)"));
        free(data);
    }
}

/* A code line without a time= field: its time is unknown, not "in the
 * future". */
static void test_untimed_code(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    write_text("himds.log", "level=error msg=\"AZCM0026: Network Error\"\n");
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.code, 26);
    assert_int_equal(z.age_s, -1);
    assert_null(strstr(z.text, "in the future"));
    assert_non_null(strstr(z.text, "at unknown time (the line has no time) in himds.log"));
}

/* A 10 MB line next to the code line is skipped; the code is still found. */
static void test_huge_line(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    size_t huge = 10u * 1024 * 1024;
    char *data = malloc(huge + 512);
    assert_non_null(data);
    size_t o = (size_t)sprintf(data, "time=\"2026-11-25T08:00:00Z\" level=error msg=\"AZCM0070\"\n"
                                     "time=\"2026-11-25T08:01:00Z\" level=error msg=\"");
    memset(data + o, 'Z', huge);
    o += huge;
    o += (size_t)sprintf(data + o, " AZCM0002\"\n");
    write_log("himds.log", data, o);
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.code, 70); /* the code inside the huge line is not seen */
    assert_true(z.bytes_read >= huge);
    free(data);
}

static void test_scan_cap(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    size_t n = 8 * LOG_REVERSE_BLOCK;
    char *data = malloc(n + 256);
    assert_non_null(data);
    size_t o =
        (size_t)sprintf(data, "time=\"2026-11-25T08:00:00Z\" level=error msg=\"AZCM0070\"\n");
    while (o < n)
        o += (size_t)sprintf(data + o, "time=\"2026-11-25T08:00:01Z\" level=info msg=\"filler\"\n");
    write_log("himds.log", data, o);
    cfg->log_scan_max = 2 * LOG_REVERSE_BLOCK;
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.found, 0);
    assert_int_equal(z.bytes_read, 2 * LOG_REVERSE_BLOCK);
    assert_string_equal(z.text, "no AZCM code in the logs (only the last 131072 bytes of "
                                "himds.log read)");
    cfg->log_scan_max = 268435456ULL;
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.code, 70);
    free(data);
}

/* A code near the end of a big log costs one block, not the file. */
static void test_cost_near_end(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    size_t n = 16u * 1024 * 1024;
    char *data = malloc(n + 256);
    assert_non_null(data);
    size_t o = 0;
    while (o < n)
        o += (size_t)sprintf(data + o, "time=\"2026-11-25T08:00:01Z\" level=info msg=\"filler\"\n");
    o += (size_t)sprintf(data + o, "time=\"2026-11-25T08:05:00Z\" level=error msg=\"AZCM0064\"\n");
    write_log("himds.log", data, o);
    write_log("azcmagent.log", data, o - 100); /* no code, cut mid-line */
    cfg->log_scan_max = 4u * 1024 * 1024;
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.code, 64);
    /* himds.log: one block; azcmagent.log: read up to the cap */
    assert_int_equal(z.bytes_read, LOG_REVERSE_BLOCK + 4u * 1024 * 1024);
    cfg->log_scan_max = 268435456ULL;
    free(data);
}

struct hook_state {
    int mode; /* 1 truncate once, 2 rotate every time, 3 rotate once */
    int fired;
    const char *data; /* what a rotation writes into the new file in mode 2 */
    size_t len;
};

static void hook_after_block(const char *path, unsigned long blocks, void *arg)
{
    struct hook_state *h = arg;
    if (blocks != 1 || strstr(path, "himds.log") == NULL)
        return;
    if (h->mode != 2 && h->fired)
        return;
    h->fired++;
    if (h->mode == 1) {
        FILE *f = fopen(path, "wb"); /* copytruncate, then a new line */
        assert_non_null(f);
        fputs("time=\"2026-11-25T08:09:00Z\" level=error msg=\"AZCM0066\"\n", f);
        fclose(f);
        return;
    }
    char rotated[512];
    snprintf(rotated, sizeof(rotated), "%s.1", path);
    assert_int_equal(rename(path, rotated), 0);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (h->mode == 2)
        assert_int_equal(fwrite(h->data, 1, h->len, f), h->len);
    else
        fputs("time=\"2026-11-25T08:09:30Z\" level=error msg=\"AZCM0065\"\n", f);
    fclose(f);
}

static void test_changed_while_reading(void **state)
{
    (void)state;
    size_t n = 4 * LOG_REVERSE_BLOCK;
    char *data = malloc(n + 256);
    assert_non_null(data);
    size_t o =
        (size_t)sprintf(data, "time=\"2026-11-25T08:00:00Z\" level=error msg=\"AZCM0070\"\n");
    while (o < n)
        o += (size_t)sprintf(data + o, "time=\"2026-11-25T08:00:01Z\" level=info msg=\"filler\"\n");

    struct arcp_azcm z;
    struct hook_state hs = {1, 0, data, o};
    struct azcm_hooks hooks = {hook_after_block, &hs};
    assert_int_equal(clear_logs(), 0);
    write_log("himds.log", data, o);
    azcm_scan_hooked(cfg, at("2026-11-25T08:10:00Z"), 0, NULL, &z, &hooks);
    assert_int_equal(hs.fired, 1);
    assert_int_equal(z.state, ARCP_WARNING);
    assert_int_equal(z.code, 66); /* the retry read the new content */

    hs = (struct hook_state){2, 0, data, o};
    write_log("himds.log", data, o);
    azcm_scan_hooked(cfg, at("2026-11-25T08:10:00Z"), 0, NULL, &z, &hooks);
    assert_int_equal(hs.fired, 2);
    assert_int_equal(z.state, ARCP_UNKNOWN);
    char expect[512];
    snprintf(expect, sizeof(expect),
             "%s changed while being read (rotated or truncated) on two attempts: try again",
             log_path("himds.log"));
    assert_string_equal(z.text, expect);

    hs = (struct hook_state){3, 0, data, o};
    assert_int_equal(clear_logs(), 0);
    write_log("himds.log", data, o);
    azcm_scan_hooked(cfg, at("2026-11-25T08:10:00Z"), 0, NULL, &z, &hooks);
    assert_int_equal(hs.fired, 1);
    assert_int_equal(z.code, 65); /* rotated: the new file was read on the retry */
    free(data);
}

static void slow_block(const char *path, unsigned long blocks, void *arg)
{
    (void)path;
    (void)blocks;
    (void)arg;
    usleep(60 * 1000);
}

/* Slow reads: no read starts after the deadline, and the result says the
 * scan is incomplete instead of "no code". */
static void test_deadline_cuts_scan(void **state)
{
    (void)state;
    size_t n = 64 * LOG_REVERSE_BLOCK;
    char *data = malloc(n + 256);
    assert_non_null(data);
    size_t o =
        (size_t)sprintf(data, "time=\"2026-11-25T08:00:00Z\" level=error msg=\"AZCM0070\"\n");
    while (o < n)
        o += (size_t)sprintf(data + o, "time=\"2026-11-25T08:00:01Z\" level=info msg=\"filler\"\n");
    assert_int_equal(clear_logs(), 0);
    write_log("himds.log", data, o);
    struct azcm_hooks hooks = {slow_block, NULL};
    struct arcp_azcm z;
    azcm_scan_hooked(cfg, at("2026-11-25T08:10:00Z"), http_now() + 0.2, NULL, &z, &hooks);
    assert_int_equal(z.state, ARCP_UNKNOWN);
    assert_int_equal(z.incomplete, 1);
    assert_true(z.bytes_read < o);
    assert_non_null(strstr(z.text, "log scan incomplete: the probe's timeout came after the last"));

    azcm_scan_hooked(cfg, at("2026-11-25T08:10:00Z"), http_now() - 1, NULL, &z, &hooks);
    assert_int_equal(z.state, ARCP_UNKNOWN);
    assert_int_equal(z.bytes_read, 0);
    char expect[512];
    snprintf(expect, sizeof(expect),
             "log scan incomplete: the probe's timeout came before %s was read",
             log_path("azcmagent.log"));
    assert_string_equal(z.text, expect);

    /* With time enough the same file gives its code. */
    azcm_scan_hooked(cfg, at("2026-11-25T08:10:00Z"), http_now() + 30, NULL, &z, NULL);
    assert_int_equal(z.code, 70);
    assert_int_equal(z.incomplete, 0);
    free(data);
}

/* Known failures in error lines without a code still give a diagnosis. */
static void test_diagnosis_in_scan(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    write_text("azcmagent.log", "time=\"2026-11-25T07:00:00Z\" level=info msg=\"AZCM0000: "
                                "Succeeded\"\n");
    write_text("himds.log",
               "time=\"2026-11-25T08:00:00Z\" level=error msg=\"Failed to send heartbeat\" "
               "Error=\"Post \\\"https://weu.his.arc.azure.com/x\\\": Forbidden\"\n"
               "time=\"2026-11-25T08:01:00Z\" level=info msg=\"retrying later\"\n");
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.state, ARCP_OK);
    assert_int_equal(z.code, 0);
    assert_string_equal(z.diagnosis, "a proxy or firewall blocks access to weu.his.arc.azure.com");
    assert_string_equal(z.diagnosis_remedy,
                        "allow weu.his.arc.azure.com (TCP 443) in the firewall and on the proxy "
                        "server");

    /* the same error before the success no longer counts */
    write_text("azcmagent.log", "time=\"2026-11-25T08:05:00Z\" level=info msg=\"AZCM0000\"\n");
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_string_equal(z.diagnosis, "");

    /* info-level lines are not diagnosed */
    assert_int_equal(clear_logs(), 0);
    write_text("himds.log", "time=\"2026-11-25T08:00:00Z\" level=info msg=\"no such host\"\n");
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_string_equal(z.diagnosis, "");
}

/* A code line that itself names a known failure is explained by its own
 * words, not by a newer error line about something else. */
static void test_diagnosis_prefers_code_line(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    write_text("azcmagent.log",
               "time=\"2026-11-25T08:00:00Z\" level=fatal msg=\"AZCM0041: Invalid Credentials\" "
               "Error=\"AADSTS7000215: Invalid client secret is provided.\"\n");
    write_text("himds.log", "time=\"2026-11-25T08:02:00Z\" level=error msg=\"heartbeat failed\" "
                            "Error=\"dial tcp: lookup gbl.his.arc.azure.com: no such host\"\n");
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.code, 41);
    assert_non_null(strstr(z.diagnosis_remedy, "secret"));

    /* without a known failure on the code line, the newest error line explains it */
    write_text("azcmagent.log", "time=\"2026-11-25T08:00:00Z\" level=fatal msg=\"AZCM0041: "
                                "Invalid Credentials\"\n");
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.code, 41);
    assert_non_null(strstr(z.diagnosis, "gbl.his.arc.azure.com does not resolve"));
}

static void test_permission_text(void **state)
{
    (void)state;
    char buf[1024], acl[256];
    /* One recommendation (as in the README): an ACL for the user that reads,
     * on the log directory, also as default ACL; never "join group ...". */
    struct passwd *me = getpwuid(geteuid());
    assert_non_null(me);
    snprintf(acl, sizeof(acl),
             "grant user %s read access with an ACL: setfacl -R -m u:%s:rX,d:u:%s:rX ", me->pw_name,
             me->pw_name, me->pw_name);
    azcm_permission_text(buf, sizeof(buf), "/var/opt/azcmagent/log/himds.log", 0, 0, 0100640, 0);
    assert_non_null(strstr(buf, "cannot read /var/opt/azcmagent/log/himds.log (permission denied; "
                                "owner root, group root, mode 0640): "));
    assert_non_null(strstr(buf, acl));
    assert_non_null(strstr(buf, "rX /var/opt/azcmagent/log"));
    assert_null(strstr(buf, "member"));
    azcm_permission_text(buf, sizeof(buf), "/x/himds.log", 1, 0, 0100600, 0);
    assert_non_null(strstr(buf, "owner daemon"));
    assert_non_null(strstr(buf, acl));
    azcm_permission_text(buf, sizeof(buf), "/x/log", 0, 0, 040750, 1);
    assert_non_null(strstr(buf, "cannot enter /x/log (permission denied; owner root, group root, "
                                "mode 0750): "));
    assert_non_null(strstr(buf, "rX /x/log"));
    /* unknown ids are shown as numbers */
    azcm_permission_text(buf, sizeof(buf), "/x/y", 0, 4000123, 0100640, 0);
    assert_non_null(strstr(buf, "group 4000123"));
}

static void test_unreadable_file(void **state)
{
    (void)state;
    if (geteuid() == 0) {
        /* root reads any file: the message itself is covered by test_permission_text */
        printf("# skipped: running as root, permissions cannot deny a read\n");
        skip();
    }
    assert_int_equal(clear_logs(), 0);
    copy_fixture("azcmagent_network_error.log", "azcmagent.log");
    assert_int_equal(chmod(log_path("azcmagent.log"), 0), 0);
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-25T08:52:01Z"), &z);
    assert_int_equal(z.state, ARCP_UNKNOWN);
    char expect[256];
    snprintf(expect, sizeof(expect), "cannot read %s (permission denied;",
             log_path("azcmagent.log"));
    assert_memory_equal(z.text, expect, strlen(expect));
}

static void test_log_is_a_directory(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    copy_fixture("azcmagent_network_error.log", "azcmagent.log");
    assert_int_equal(mkdir(log_path("himds.log"), 0755), 0);
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-25T08:52:01Z"), &z);
    assert_int_equal(z.state, ARCP_UNKNOWN);
    char expect[256];
    snprintf(expect, sizeof(expect), "cannot read %s: Is a directory", log_path("himds.log"));
    assert_string_equal(z.text, expect);
    assert_int_equal(z.code, 26); /* what could be read is still reported */
}

/* A FIFO would block a reader and /dev/zero never ends: both are refused
 * at once, named for what they are, and the readable log still reports. */
static void test_log_is_a_fifo_or_device(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    copy_fixture("azcmagent_network_error.log", "azcmagent.log");
    assert_int_equal(mkfifo(log_path("himds.log"), 0644), 0);
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-25T08:52:01Z"), &z);
    assert_int_equal(z.state, ARCP_UNKNOWN);
    char expect[256];
    snprintf(expect, sizeof(expect), "%s is not a regular file but a FIFO: not read",
             log_path("himds.log"));
    assert_string_equal(z.text, expect);
    assert_int_equal(z.code, 26);

    unlink(log_path("himds.log"));
}

/* The confused deputy: a link planted as himds.log (by whoever can write
 * the log directory) is not followed, and a file owned by someone other than
 * root or the agent is not read; neither's lines reach the report. */
static void test_planted_log(void **state)
{
    (void)state;
    assert_int_equal(clear_logs(), 0);
    char secret[300];
    snprintf(secret, sizeof(secret), "%s/secret", agent_dir);
    FILE *f = fopen(secret, "w");
    assert_non_null(f);
    fputs("time=\"2026-11-25T08:00:00Z\" level=error msg=\"AZCM0026 secret-line\"\n", f);
    fclose(f);
    assert_int_equal(symlink(secret, log_path("himds.log")), 0);
    struct arcp_azcm z;
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.state, ARCP_UNKNOWN);
    assert_int_equal(z.found, 0);
    assert_null(strstr(z.text, "secret-line"));
    char expect[512];
    snprintf(expect, sizeof(expect),
             "%s is a symbolic link: not followed (the agent writes its logs as regular files; a "
             "link could make the probe print another file's lines)",
             log_path("himds.log"));
    assert_string_equal(z.text, expect);

    /* A linked rotation is no rotation either. */
    unlink(log_path("himds.log"));
    assert_int_equal(symlink(secret, log_path("himds.log.1")), 0);
    azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
    assert_int_equal(z.found, 0);
    assert_int_equal(z.state, ARCP_UNKNOWN); /* no agent logs at all */
    unlink(log_path("himds.log.1"));

    if (geteuid() == 0) {
        write_text("himds.log",
                   "time=\"2026-11-25T08:00:00Z\" level=error msg=\"AZCM0026 planted\"\n");
        assert_int_equal(chown(log_path("himds.log"), 54321, 54321), 0);
        azcm_scan(cfg, at("2026-11-25T08:10:00Z"), &z);
        assert_int_equal(z.state, ARCP_UNKNOWN);
        assert_int_equal(z.found, 0);
        snprintf(expect, sizeof(expect),
                 "%s belongs to user 54321, not to root or the agent: not read (whoever can write "
                 "the log directory could have put it there)",
                 log_path("himds.log"));
        assert_string_equal(z.text, expect);
    }
    unlink(secret);
}

static void test_age_format(void **state)
{
    (void)state;
    char buf[32];
    azcm_format_age(buf, sizeof(buf), 45);
    assert_string_equal(buf, "45 s ago");
    azcm_format_age(buf, sizeof(buf), 720);
    assert_string_equal(buf, "12 min ago");
    azcm_format_age(buf, sizeof(buf), 3 * 3600 + 5);
    assert_string_equal(buf, "3 h ago");
    azcm_format_age(buf, sizeof(buf), 9 * 86400);
    assert_string_equal(buf, "9 d ago");
    azcm_format_age(buf, sizeof(buf), -5);
    assert_string_equal(buf, "in the future");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_network_error_recent),
        cmocka_unit_test(test_old_code_is_ok),
        cmocka_unit_test(test_newest_across_files),
        cmocka_unit_test(test_rotation_fallback),
        cmocka_unit_test(test_resolved_by_success),
        cmocka_unit_test(test_resolve_lookback_by_position),
        cmocka_unit_test(test_unknown_code),
        cmocka_unit_test(test_no_code_empty_missing),
        cmocka_unit_test(test_junk_crlf_truncated),
        cmocka_unit_test(test_huge_line),
        cmocka_unit_test(test_nul_hole),
        cmocka_unit_test(test_untimed_code),
        cmocka_unit_test(test_scan_cap),
        cmocka_unit_test(test_cost_near_end),
        cmocka_unit_test(test_changed_while_reading),
        cmocka_unit_test(test_deadline_cuts_scan),
        cmocka_unit_test(test_diagnosis_in_scan),
        cmocka_unit_test(test_diagnosis_prefers_code_line),
        cmocka_unit_test(test_permission_text),
        cmocka_unit_test(test_unreadable_file),
        cmocka_unit_test(test_log_is_a_directory),
        cmocka_unit_test(test_log_is_a_fifo_or_device),
        cmocka_unit_test(test_planted_log),
        cmocka_unit_test(test_age_format),
    };
    return cmocka_run_group_tests(tests, azcm_fixture_setup, azcm_fixture_teardown);
}

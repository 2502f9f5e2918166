/* The shared configuration file: defaults, good files, and every way a
 * file can be wrong producing a message that names file, line and key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "arcprobe.h"
#include "config_internal.h"
#include "endpoint_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char path[64];

static const char *write_conf(const char *text)
{
    snprintf(path, sizeof path, "/tmp/arcprobe-test-conf-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static int load(arcp_config *cfg, const char *text, char *err, size_t errlen)
{
    int rc = arcp_config_load(cfg, write_conf(text), err, errlen);
    unlink(path);
    return rc;
}

static void defaults(void **state)
{
    (void)state;
    arcp_config *cfg = arcp_config_new();
    assert_non_null(cfg);
    assert_string_equal(cfg->agent_dir, "/var/opt/azcmagent");
    assert_string_equal(cfg->himds_url, "http://127.0.0.1:40342");
    assert_true(arcp_config_timeout(cfg) == 10.0);
    assert_int_equal(cfg->service_check, SERVICE_CHECK_AUTO);
    assert_int_equal(cfg->azcm_state, ARCP_WARNING);
    assert_null(cfg->endpoints);
    assert_string_equal(arcp_config_get(cfg, "use_azcmagent_show"), "false");
    assert_null(arcp_config_get(cfg, "no_such_key"));
    arcp_config_free(cfg);
}

static void good_file(void **state)
{
    (void)state;
    arcp_config *cfg = arcp_config_new();
    char err[512] = "";
    int rc = load(cfg,
                  "# arcprobe\n"
                  "[arcprobe]\n"
                  "agent_dir = /srv/agent\n"
                  "himds_url = http://127.0.0.1:1234/   ; trailing slash and comment\n"
                  "timeout=2.5\n"
                  "  service_check = proc  \n"
                  "azcm_state = critical\n"
                  "endpoints = https://a.test/ https://b.test/\n"
                  "features = \"ssh,esu # not a comment\"\n"
                  "use_azcmagent_show = yes\r\n",
                  err, sizeof err);
    assert_int_equal(rc, 0);
    assert_string_equal(err, "");
    assert_string_equal(cfg->agent_dir, "/srv/agent");
    assert_string_equal(cfg->himds_url, "http://127.0.0.1:1234");
    assert_true(cfg->timeout == 2.5);
    assert_int_equal(cfg->service_check, SERVICE_CHECK_PROC);
    assert_int_equal(cfg->azcm_state, ARCP_CRITICAL);
    assert_string_equal(cfg->endpoints, "https://a.test/ https://b.test/");
    assert_string_equal(cfg->features, "ssh,esu # not a comment");
    assert_int_equal(cfg->use_azcmagent_show, 1);
    arcp_config_free(cfg);
}

static void expect_error(const char *text, const char *fragment)
{
    arcp_config *cfg = arcp_config_new();
    char err[512] = "";
    assert_int_equal(load(cfg, text, err, sizeof err), -1);
    if (!strstr(err, fragment))
        fail_msg("error '%s' does not contain '%s'", err, fragment);
    assert_non_null(strstr(err, path)); /* names the file */
    arcp_config_free(cfg);
}

static void bad_files(void **state)
{
    (void)state;
    expect_error("timeout = 5\nbogus = 1\n", ":2: unknown key 'bogus'");
    expect_error("timeout = 0\n", ":1: timeout: '0' must be greater than 0");
    expect_error("timeout = 10x\n", "timeout: '10x' is not a number of seconds");
    expect_error("timeout = nan\n", "is not a number of seconds");
    expect_error("heartbeat_warning = -5\n", "heartbeat_warning: '-5' is not a whole number");
    expect_error("service_check = maybe\n", "service_check: 'maybe' is not one of");
    expect_error("optional_state = critical\n", "optional_state: 'critical' is not an allowed");
    expect_error("use_azcmagent_show = perhaps\n", "is not a boolean");
    expect_error("agent_dir = relative/path\n", "is not an absolute path");
    expect_error("himds_url = 127.0.0.1:40342\n", "himds_url: '127.0.0.1:40342' is not a URL");
    expect_error("just a line\n", ":1: expected 'key = value'");
    expect_error("[other]\n", "unexpected section");
    expect_error("features = \"open\n", "unterminated quoted value");
}

static void byte_order_mark(void **state)
{
    (void)state;
    arcp_config *cfg = arcp_config_new();
    char err[512] = "";
    assert_int_equal(load(cfg,
                          "\xef\xbb\xbf"
                          "agent_dir = /srv/agent\n",
                          err, sizeof err),
                     0);
    assert_string_equal(cfg->agent_dir, "/srv/agent");
    arcp_config_free(cfg);
}

static void long_line(void **state)
{
    (void)state;
    size_t n = ARCP_CONFIG_LINE_MAX + 1;
    char *text = malloc(n + 16);
    memcpy(text, "features = ", 11);
    memset(text + 11, 'a', n);
    strcpy(text + 11 + n, "\n");
    expect_error(text, "line longer than");
    free(text);
}

/* The documented 1024 endpoints fit one `endpoints` line even when every URL
 * is close to the longest one allowed (the 8 KiB line limit once capped the
 * list near 250 short URLs). */
static void endpoints_line_holds_1024_long_urls(void **state)
{
    (void)state;
    enum { COUNT = 1024, URL_LEN = 480 };
    size_t cap = 16 + (size_t)COUNT * (URL_LEN + 2);
    char *text = malloc(cap);
    assert_non_null(text);
    size_t len = (size_t)snprintf(text, cap, "endpoints = ");
    for (int i = 0; i < COUNT; i++) {
        int head =
            snprintf(text + len, cap - len, "%shttps://h%04d.example.test/", i ? ", " : "", i);
        len += (size_t)head;
        size_t pad = URL_LEN - (size_t)head + (i ? 2 : 0);
        memset(text + len, 'p', pad);
        len += pad;
    }
    snprintf(text + len, cap - len, "\n");
    assert_true(len > 8192 * 50);

    arcp_config *cfg = arcp_config_new();
    char err[512] = "";
    assert_int_equal(load(cfg, text, err, sizeof err), 0);
    assert_non_null(cfg->endpoints);
    struct ep_list list;
    ep_list_init(&list);
    assert_int_equal(ep_list_parse(&list, cfg->endpoints, err, sizeof err), 0);
    assert_int_equal(list.count, COUNT);
    ep_list_free(&list);
    arcp_config_free(cfg);
    free(text);
}

/* What is not a regular file is refused at open, naming what it is: a FIFO
 * would block open() and /dev/zero would be read for ever. */
static void special_files_refused(void **state)
{
    (void)state;
    char err[512] = "";
    arcp_config *cfg = arcp_config_new();
    assert_int_equal(arcp_config_load(cfg, "/dev/zero", err, sizeof err), -1);
    assert_string_equal(err, "/dev/zero is not a regular file but a character device: not read");
    char fifo[] = "/tmp/arcprobe-test-fifo-XXXXXX";
    assert_non_null(mkdtemp(fifo));
    char fifo_path[64];
    snprintf(fifo_path, sizeof fifo_path, "%s/fifo", fifo);
    assert_int_equal(mkfifo(fifo_path, 0600), 0);
    assert_int_equal(arcp_config_load(cfg, fifo_path, err, sizeof err), -1);
    assert_non_null(strstr(err, "is not a regular file but a FIFO: not read"));
    unlink(fifo_path);
    rmdir(fifo);
    arcp_config_free(cfg);
}

static void nul_byte_refused(void **state)
{
    (void)state;
    static const char text[] = "timeout = 5\nfeatures = a\0b\n";
    arcp_config *cfg = arcp_config_new();
    char err[512] = "";
    const char *p = write_conf("");
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, sizeof text - 1, f), sizeof text - 1);
    fclose(f);
    assert_int_equal(arcp_config_load(cfg, p, err, sizeof err), -1);
    unlink(p);
    assert_non_null(strstr(err, ":2: line contains a NUL byte"));
    arcp_config_free(cfg);
}

static void proxy_credentials_never_shown(void **state)
{
    (void)state;
    arcp_config *cfg = arcp_config_new();
    char err[512] = "";
    assert_int_equal(
        arcp_config_set(cfg, "proxy", "http://user:s3cret@proxy.test:3128", err, sizeof err), 0);
    assert_string_equal(arcp_config_get(cfg, "proxy"), "http://proxy.test:3128");
    assert_int_equal(arcp_config_set(cfg, "proxy", "user:s3cret@proxy.test:3128", err, sizeof err),
                     -1);
    assert_null(strstr(err, "s3cret"));
    assert_int_equal(arcp_config_set(cfg, "proxy", "none", err, sizeof err), 0);
    arcp_config_free(cfg);
}

static void missing_file(void **state)
{
    (void)state;
    arcp_config *cfg = arcp_config_new();
    char err[512];
    assert_int_equal(arcp_config_load(cfg, "/nonexistent/arcprobe.conf", err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/arcprobe.conf: cannot open"));
    arcp_config_free(cfg);
}

static void default_path_from_environment(void **state)
{
    (void)state;
    unsetenv("ARCPROBE_CONFIG");
    assert_string_equal(arcp_config_default_path(), ARCP_DEFAULT_CONFIG);
    assert_true(arcp_config_default_is_optional());
    setenv("ARCPROBE_CONFIG", "/tmp/x.conf", 1);
    assert_string_equal(arcp_config_default_path(), "/tmp/x.conf");
    assert_false(arcp_config_default_is_optional());
    unsetenv("ARCPROBE_CONFIG");
}

static void overrides_and_lists(void **state)
{
    (void)state;
    arcp_config *cfg = arcp_config_new();
    char err[256];
    assert_int_equal(arcp_config_set(cfg, "connect_to", "::127.0.0.1:8443", err, sizeof err), 0);
    assert_string_equal(cfg->connect_to, "::127.0.0.1:8443");
    assert_int_equal(arcp_config_set(cfg, "connect_to", "", err, sizeof err), 0);
    assert_null(cfg->connect_to);
    assert_int_equal(arcp_config_set(cfg, "timeout", "3", err, sizeof err), 0);
    assert_string_equal(arcp_config_get(cfg, "timeout"), "3");
    assert_int_equal(arcp_config_set(cfg, "location", "west\neurope", err, sizeof err), -1);
    assert_non_null(strstr(err, "control characters"));
    arcp_config_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults),
        cmocka_unit_test(good_file),
        cmocka_unit_test(bad_files),
        cmocka_unit_test(long_line),
        cmocka_unit_test(byte_order_mark),
        cmocka_unit_test(endpoints_line_holds_1024_long_urls),
        cmocka_unit_test(special_files_refused),
        cmocka_unit_test(nul_byte_refused),
        cmocka_unit_test(proxy_credentials_never_shown),
        cmocka_unit_test(missing_file),
        cmocka_unit_test(default_path_from_environment),
        cmocka_unit_test(overrides_and_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

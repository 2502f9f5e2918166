/* Command line and --extra-opts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extra_opts.h"
#include "options.h"

#define ARGV(...) ((char *[]){"check_azure_arc", __VA_ARGS__, NULL})
#define ARGC(v) ((int)(sizeof(v) / sizeof(v)[0]) - 1)

static int parse(struct arc_options *o, int argc, char **argv, char *err, size_t errlen)
{
    return arc_options_parse(o, argc, argv, err, errlen);
}

static void test_defaults(void **state)
{
    (void)state;
    struct arc_options o;
    char err[256] = "";
    char *v[] = {"check_azure_arc", NULL};
    assert_int_equal(parse(&o, 1, v, err, sizeof err), 0);
    assert_int_equal(o.action, ARC_ACTION_RUN);
    assert_int_equal(o.checks, ARCP_CHECK_ALL);
    assert_int_equal(o.verbose, 0);
    assert_true(o.timeout == 0);
    assert_int_equal(o.timeout_result, ARCP_UNKNOWN);
    assert_false(o.thresholds.endpoint_warning.set);
    assert_null(o.config_path);
    arc_options_free(&o);
}

static void test_full_line(void **state)
{
    (void)state;
    struct arc_options o;
    char err[256] = "";
    char **v =
        ARGV("-C", "/tmp/x.conf", "--set", "connect_to=a:443:127.0.0.1:1", "-s",
             "endpoints=https://x.test/", "--check", "himds,agent", "-w", "1", "-c",
             "2:", "--himds-warning", "0.5", "--himds-critical", "@1:2", "--heartbeat-warning",
             "600", "--heartbeat-critical", "~:1200", "--azcm-max-age", "3600", "--azcm-state",
             "critical", "--optional-state", "warning", "-t", "5", "--timeout-result", "critical",
             "-vvvv", "--agent-dir", "/d", "--proxy", "none");
    int argc = 0;
    while (v[argc])
        argc++;
    int rc = parse(&o, argc, v, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    assert_string_equal(o.config_path, "/tmp/x.conf");
    assert_int_equal(o.checks, ARCP_CHECK_HIMDS | ARCP_CHECK_AGENT);
    assert_int_equal(o.verbose, 3);
    assert_true(o.timeout == 5);
    assert_int_equal(o.timeout_result, ARCP_CRITICAL);
    assert_int_equal(o.thresholds.timeout_result, ARCP_CRITICAL);
    assert_string_equal(o.thresholds.endpoint_critical.text, "2:");
    assert_true(o.thresholds.himds_critical.inside);
    assert_true(o.thresholds.heartbeat_critical.start_inf);
    assert_int_equal(o.settings_count, 7);
    assert_string_equal(o.settings[0].key, "connect_to");
    assert_string_equal(o.settings[0].value, "a:443:127.0.0.1:1");
    assert_string_equal(o.settings[1].key, "endpoints");
    assert_string_equal(o.settings[2].key, "azcm_max_age");
    assert_string_equal(o.settings[3].key, "azcm_state");
    assert_string_equal(o.settings[4].key, "optional_state");
    assert_string_equal(o.settings[5].key, "agent_dir");
    assert_string_equal(o.settings[5].value, "/d");
    assert_string_equal(o.settings[6].key, "proxy");
    arc_options_free(&o);
}

static void test_timeout_with_state(void **state)
{
    (void)state;
    struct arc_options o;
    char err[256];
    char **v = ARGV("-t", "2.5:warning");
    assert_int_equal(parse(&o, 3, v, err, sizeof err), 0);
    assert_true(o.timeout == 2.5);
    assert_int_equal(o.timeout_result, ARCP_WARNING);
    arc_options_free(&o);
}

static void test_help_version(void **state)
{
    (void)state;
    struct arc_options o;
    char err[256];
    char **v = ARGV("--help");
    assert_int_equal(parse(&o, 2, v, err, sizeof err), 0);
    assert_int_equal(o.action, ARC_ACTION_HELP);
    arc_options_free(&o);
    char **v2 = ARGV("-V");
    assert_int_equal(parse(&o, 2, v2, err, sizeof err), 0);
    assert_int_equal(o.action, ARC_ACTION_VERSION);
    arc_options_free(&o);
}

static void expect_error(const char *what, char **v, const char *fragment)
{
    struct arc_options o;
    char err[256] = "";
    int argc = 0;
    while (v[argc])
        argc++;
    int rc = parse(&o, argc, v, err, sizeof err);
    if (rc == 0 || strstr(err, fragment) == NULL)
        print_error("%s: rc %d, err '%s', wanted '%s'\n", what, rc, err, fragment);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, fragment));
    arc_options_free(&o);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("positional", ARGV("extra"), "positional");
    expect_error("unknown short", ARGV("-x"), "unknown option '-x'");
    expect_error("unknown long", ARGV("--bogus"), "unknown option '--bogus'");
    expect_error("missing value", ARGV("-w"), "needs a value");
    expect_error("missing long value", ARGV("--check"), "needs a value");
    expect_error("bad -w", ARGV("-w", "10x"), "-w: invalid threshold range '10x'");
    expect_error("bad -c", ARGV("-c", ""), "-c: empty");
    expect_error("bad himds", ARGV("--himds-warning", "1:2:3"), "--himds-warning");
    expect_error("bad heartbeat", ARGV("--heartbeat-critical", "inf"), "--heartbeat-critical");
    expect_error("empty check list", ARGV("--check", ","), "no check named");
    expect_error("bad check name", ARGV("--check", "dns"), "unknown check 'dns'");
    expect_error("bad timeout", ARGV("-t", "0"), "-t:");
    expect_error("bad timeout 2", ARGV("-t", "abc"), "-t:");
    expect_error("bad timeout 3", ARGV("-t", "1e3"), "-t:");
    expect_error("bad timeout state", ARGV("-t", "5:maybe"), "unknown state");
    expect_error("bad timeout-result", ARGV("--timeout-result", "bad"), "--timeout-result");
    expect_error("bad set", ARGV("--set", "novalue"), "KEY=VALUE");
    expect_error("bad set key", ARGV("--set", "=x"), "KEY=VALUE");
    expect_error("bad set key chars", ARGV("--set", "a b=x"), "invalid key");
    expect_error("bad azcm age", ARGV("--azcm-max-age", "1h"), "--azcm-max-age");
    expect_error("bad azcm state", ARGV("--azcm-state", "ok"), "--azcm-state");
    expect_error("bad optional state", ARGV("--optional-state", "critical"), "--optional-state");
    expect_error("empty config", ARGV("--config", ""), "--config");
}

static char *write_ini(const char *content)
{
    char *path = strdup("/tmp/test_check_options_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    close(fd);
    return path;
}

static void test_extra_opts(void **state)
{
    (void)state;
    char *ini = write_ini("# comment\n"
                          "[other]\n"
                          "warning=99\n"
                          "[check_azure_arc]\n"
                          "; another comment\n"
                          "  warning = 1.5  \n"
                          "critical=\"3\"\n"
                          "verbose\n"
                          "[special]\n"
                          "check=himds\n");
    char spec[512];
    snprintf(spec, sizeof spec, "--extra-opts=@%s", ini);
    char *argv[] = {"check_azure_arc", spec, "-c", "4", NULL};
    struct arc_argv a;
    char err[256] = "";
    assert_int_equal(arc_extra_opts_expand(4, argv, "check_azure_arc", &a, err, sizeof err), 0);
    assert_int_equal(a.argc, 6);
    assert_string_equal(a.argv[1], "--warning=1.5");
    assert_string_equal(a.argv[2], "--critical=3");
    assert_string_equal(a.argv[3], "--verbose");
    assert_string_equal(a.argv[4], "-c");
    assert_null(a.argv[6]);

    /* the command line wins over the file */
    struct arc_options o;
    assert_int_equal(arc_options_parse(&o, a.argc, a.argv, err, sizeof err), 0);
    assert_string_equal(o.thresholds.endpoint_warning.text, "1.5");
    assert_string_equal(o.thresholds.endpoint_critical.text, "4");
    assert_int_equal(o.verbose, 1);
    arc_options_free(&o);
    arc_argv_free(&a);

    /* named section, and the default file from MP_CONFIG_FILE */
    setenv("MP_CONFIG_FILE", ini, 1);
    char *argv2[] = {"check_azure_arc", "--extra-opts=special", "--extra-opts", NULL};
    assert_int_equal(arc_extra_opts_expand(3, argv2, "check_azure_arc", &a, err, sizeof err), 0);
    assert_int_equal(a.argc, 5);
    assert_string_equal(a.argv[1], "--check=himds");
    assert_string_equal(a.argv[2], "--warning=1.5");
    arc_argv_free(&a);

    /* a missing section or file is an error, not silence */
    char *argv3[] = {"check_azure_arc", "--extra-opts=nosuch", NULL};
    assert_int_equal(arc_extra_opts_expand(2, argv3, "check_azure_arc", &a, err, sizeof err), -1);
    assert_non_null(strstr(err, "[nosuch] not found"));
    char *argv4[] = {"check_azure_arc", "--extra-opts=@/nonexistent/x.ini", NULL};
    assert_int_equal(arc_extra_opts_expand(2, argv4, "check_azure_arc", &a, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/x.ini"));
    unsetenv("MP_CONFIG_FILE");
    unlink(ini);
    free(ini);

    /* malformed ini */
    ini = write_ini("[check_azure_arc\nwarning=1\n");
    snprintf(spec, sizeof spec, "--extra-opts=@%s", ini);
    char *argv5[] = {"check_azure_arc", spec, NULL};
    assert_int_equal(arc_extra_opts_expand(2, argv5, "check_azure_arc", &a, err, sizeof err), -1);
    assert_non_null(strstr(err, "malformed section"));
    unlink(ini);
    free(ini);
    ini = write_ini("[check_azure_arc]\nextra-opts=x\n");
    snprintf(spec, sizeof spec, "--extra-opts=@%s", ini);
    assert_int_equal(arc_extra_opts_expand(2, argv5, "check_azure_arc", &a, err, sizeof err), -1);
    unlink(ini);
    free(ini);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_full_line),
        cmocka_unit_test(test_timeout_with_state),
        cmocka_unit_test(test_help_version),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_extra_opts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

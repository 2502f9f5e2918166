/* HTTPS_PROXY / NO_PROXY as himdsd.service sees them, read from systemd's
 * configuration files (the D-Bus side runs in tests/endpoints against a
 * stand-in systemd), and the agent's order of proxy sources. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "endpoint_internal.h"
#include "proxy_environment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_conf_syntax(void **state)
{
    (void)state;
    struct proxy_env_vars v;
    struct proxy_env out;
    memset(&v, 0, sizeof v);
    proxy_env_apply_conf(&v, "# comment\n[Manager]\n"
                             "DefaultEnvironment=\"HTTPS_PROXY=http://p.example:3128\" "
                             "'NO_PROXY=a.example,b.example' OTHER=1\n");
    proxy_env_choose(&v, &out);
    assert_string_equal(out.https_proxy, "http://p.example:3128");
    assert_string_equal(out.no_proxy, "a.example,b.example");
    assert_string_equal(arcp_proxy_source_name(out.source), "systemd default environment");

    /* a later line wins; an empty assignment resets; other sections and
     * keys do not count; a trailing backslash continues the line */
    proxy_env_apply_conf(&v,
                         "[Manager]\nDefaultEnvironment=\n"
                         "DefaultEnvironment = https_proxy=http://q.example:8080 \\\n"
                         "  no_proxy=.corp\n[Other]\nDefaultEnvironment=HTTPS_PROXY=http://x:1\n"
                         "[Manager]\nDefaultEnvironmentX=HTTPS_PROXY=http://y:1\n");
    proxy_env_choose(&v, &out);
    assert_string_equal(out.https_proxy, "http://q.example:8080");
    assert_string_equal(out.no_proxy, ".corp");

    /* Go: HTTPS_PROXY before https_proxy whichever layer set it; the unit's
     * Environment= overrides the manager's for the same name */
    memset(&v, 0, sizeof v);
    proxy_env_apply_one(&v, "https_proxy=http://unit.example:1", 1);
    proxy_env_apply_one(&v, "HTTPS_PROXY=http://default.example:2", 0);
    proxy_env_choose(&v, &out);
    assert_string_equal(out.https_proxy, "http://default.example:2");
    assert_string_equal(arcp_proxy_source_name(out.source), "systemd default environment");
    proxy_env_apply_one(&v, "HTTPS_PROXY=http://unit.example:3", 1);
    proxy_env_choose(&v, &out);
    assert_string_equal(out.https_proxy, "http://unit.example:3");
    assert_string_equal(arcp_proxy_source_name(out.source), "unit environment");
    /* empty means unset to Go */
    memset(&v, 0, sizeof v);
    proxy_env_apply_one(&v, "HTTPS_PROXY=", 1);
    proxy_env_choose(&v, &out);
    assert_string_equal(out.https_proxy, "");
    assert_string_equal(arcp_proxy_source_name(out.source), "");
}

static char root[] = "/tmp/arcp-ut-penv.XXXXXX";

static void write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s%s", root, rel);
    char dir[512];
    snprintf(dir, sizeof dir, "%s", path);
    for (char *s = dir + strlen(root) + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = '\0';
        mkdir(dir, 0755);
        *s = '/';
    }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_files_and_order(void **state)
{
    (void)state;
    char err[ARCP_TEXT_MAX];
    assert_non_null(mkdtemp(root));
    setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/arcprobe-test-bus", 1);
    arcp_config *cfg = arcp_config_new();
    assert_int_equal(arcp_config_set(cfg, "systemd_root", root, err, sizeof err), 0);
    assert_int_equal(arcp_config_set(cfg, "agent_dir", root, err, sizeof err), 0);
    struct proxy_env env;

    proxy_environment_find(cfg, http_now() + 5, &env);
    assert_string_equal(arcp_proxy_source_name(env.source), "");

    /* what azcmagent_proxy add writes: a drop-in, read in name order; a
     * same-named file in /etc masks the one in /usr/lib */
    write_file("/etc/systemd/system.conf", "[Manager]\n#DefaultEnvironment=\n");
    write_file("/usr/lib/systemd/system.conf.d/10-a.conf",
               "[Manager]\nDefaultEnvironment=HTTPS_PROXY=http://usr.example:1\n");
    write_file("/usr/lib/systemd/system.conf.d/50-proxy.conf",
               "[Manager]\nDefaultEnvironment=HTTPS_PROXY=http://masked.example:1\n");
    write_file("/etc/systemd/system.conf.d/50-proxy.conf",
               "[Manager]\nDefaultEnvironment=\"HTTPS_PROXY=http://arc:pw%2F1@127.0.0.1:3128\" "
               "NO_PROXY=.corp.example,10.0.0.1\n");
    proxy_environment_find(cfg, http_now() + 5, &env);
    assert_string_equal(env.https_proxy, "http://arc:pw%2F1@127.0.0.1:3128");
    assert_string_equal(arcp_proxy_source_name(env.source), "systemd default environment");
    assert_non_null(strstr(env.where, "/etc/systemd/system.conf.d/50-proxy.conf"));

    struct ep_proxy p;
    assert_int_equal(ep_proxy_resolve(cfg, http_now() + 5, &p, err, sizeof err), 0);
    assert_string_equal(arcp_proxy_source_name(p.source), "systemd default environment");
    assert_string_equal(p.url, "http://127.0.0.1:3128");
    assert_string_equal(p.password, "pw/1");
    /* NO_PROXY as Go reads it */
    assert_true(ep_proxy_bypassed(&p, "a.corp.example"));
    assert_false(ep_proxy_bypassed(&p, "corp.example"));
    assert_false(ep_proxy_bypassed(&p, "gbl.his.arc.azure.com"));
    assert_true(ep_proxy_bypassed(&p, "localhost"));

    /* proxy.url beats the environment */
    write_file("/localconfig.json", "{\"proxy.url\": \"http://cfg.example:8080\"}");
    assert_int_equal(ep_proxy_resolve(cfg, http_now() + 5, &p, err, sizeof err), 0);
    assert_string_equal(arcp_proxy_source_name(p.source), "config");
    assert_string_equal(p.url, "http://cfg.example:8080");
    /* a broken localconfig.json is not a licence to use the environment */
    write_file("/localconfig.json", "{\"proxy.url\": ");
    assert_int_equal(ep_proxy_resolve(cfg, http_now() + 5, &p, err, sizeof err), -1);

    /* an unusable HTTPS_PROXY is said, without its credentials */
    write_file("/localconfig.json", "{}");
    write_file("/etc/systemd/system.conf.d/50-proxy.conf",
               "[Manager]\nDefaultEnvironment=HTTPS_PROXY=http://arc:Pa@ssw0rdX/Y@p:3128\n");
    assert_int_equal(ep_proxy_resolve(cfg, http_now() + 5, &p, err, sizeof err), -1);
    assert_non_null(
        strstr(err, "HTTPS_PROXY in the systemd default environment of himdsd.service"));
    assert_null(strstr(err, "ssw0rd"));

    arcp_config_free(cfg);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
}

static void test_no_proxy_go(void **state)
{
    (void)state;
    struct ep_proxy p;
    memset(&p, 0, sizeof p);
    p.go_no_proxy = 1;
    strcpy(p.bypass[0], "*.a.example");
    strcpy(p.bypass[1], "b.example:443");
    strcpy(p.bypass[2], "[fd00::1]");
    p.bypass_count = 3;
    assert_true(ep_proxy_bypassed(&p, "x.a.example"));
    assert_false(ep_proxy_bypassed(&p, "a.example"));
    assert_true(ep_proxy_bypassed(&p, "b.example"));
    assert_true(ep_proxy_bypassed(&p, "x.b.example"));
    assert_false(ep_proxy_bypassed(&p, "xb.example"));
    assert_true(ep_proxy_bypassed(&p, "fd00::1"));
    strcpy(p.bypass[0], "*");
    assert_true(ep_proxy_bypassed(&p, "anything.example"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conf_syntax),
        cmocka_unit_test(test_files_and_order),
        cmocka_unit_test(test_no_proxy_go),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

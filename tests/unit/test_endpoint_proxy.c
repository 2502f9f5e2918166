/* The agent's proxy as the probe sees it: localconfig.json spellings,
 * gateway mode, config overrides, bypass rules and credential hiding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "endpoint_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_strip_credentials(void **state)
{
    (void)state;
    char out[ARCP_URL_MAX];
    ep_strip_credentials(out, sizeof out, "http://user:secret@proxy.example:3128");
    assert_string_equal(out, "http://proxy.example:3128");
    ep_strip_credentials(out, sizeof out, "http://user@proxy.example:3128/");
    assert_string_equal(out, "http://proxy.example:3128/");
    ep_strip_credentials(out, sizeof out, "http://us:p@ss@w/rd@proxy.example:3128");
    assert_string_equal(out, "http://proxy.example:3128");
    ep_strip_credentials(out, sizeof out, "user:secret@proxy.example:3128");
    assert_string_equal(out, "proxy.example:3128");
    ep_strip_credentials(out, sizeof out, "http://proxy.example:3128");
    assert_string_equal(out, "http://proxy.example:3128");
    ep_strip_credentials(out, sizeof out, "");
    assert_string_equal(out, "");
    ep_strip_credentials(out, sizeof out, NULL);
    assert_string_equal(out, "");
}

static void test_set_url(void **state)
{
    (void)state;
    struct ep_proxy p;
    char err[256] = "";
    memset(&p, 0, sizeof p);
    assert_int_equal(
        ep_proxy_set_url(&p, "http://arc:Pa55word@proxy.example:3128", err, sizeof err), 0);
    /* libcurl gets the credentials separately, never in the URL */
    assert_string_equal(p.url, "http://proxy.example:3128");
    assert_string_equal(p.shown, "http://proxy.example:3128");
    assert_string_equal(p.secret, "arc:Pa55word");
    assert_string_equal(p.username, "arc");
    assert_string_equal(p.password, "Pa55word");
    assert_int_equal(p.has_credentials, 1);
    assert_int_equal(ep_proxy_set_url(&p, "proxy.example:8080", err, sizeof err), 0);
    assert_string_equal(p.url, "http://proxy.example:8080");
    assert_string_equal(p.secret, "");
    assert_int_equal(p.has_credentials, 0);
    assert_int_equal(ep_proxy_set_url(&p, "socks5h://proxy.example:1080", err, sizeof err), 0);
    assert_int_equal(ep_proxy_set_url(&p, "https://proxy.example:443", err, sizeof err), 0);

    assert_int_equal(
        ep_proxy_set_url(&p, "gopher://arc:Pa55word@proxy.example:70", err, sizeof err), -1);
    assert_string_equal(err, "proxy URL: the scheme must be http, https, socks5 or socks5h");
    assert_int_equal(ep_proxy_set_url(&p, "http://arc:Pa55word@", err, sizeof err), -1);
    assert_null(strstr(err, "Pa55word"));
    assert_int_equal(ep_proxy_set_url(&p, "http://a b:3128", err, sizeof err), -1);
    assert_string_equal(err, "proxy URL contains blanks or control characters");
    assert_int_equal(ep_proxy_set_url(&p, "", err, sizeof err), -1);
    /* a failed set leaves the previous proxy */
    assert_string_equal(p.url, "https://proxy.example:443");
}

static int parse(const char *text, struct ep_proxy *p, char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    p->source = ARCP_PROXY_SOURCE_NONE;
    return ep_localconfig_parse(text, strlen(text), p, err, errlen);
}

static void test_localconfig_variants(void **state)
{
    (void)state;
    struct ep_proxy p;
    char err[256] = "";

    /* the agent's flat dotted keys */
    assert_int_equal(parse("{\"proxy.url\": \"http://u:pw1234@10.0.0.1:3128\", "
                           "\"proxy.bypass\": [\"AAD\", \"Arc\"], \"config.mode\": \"full\"}",
                           &p, err, sizeof err),
                     1);
    assert_string_equal(arcp_proxy_source_name(p.source), "config");
    assert_string_equal(p.url, "http://10.0.0.1:3128");
    assert_string_equal(p.password, "pw1234");
    assert_string_equal(p.shown, "http://10.0.0.1:3128");
    assert_int_equal(p.bypass_count, 2);
    assert_string_equal(p.bypass[0], "AAD");
    assert_string_equal(p.bypass[1], "Arc");

    /* nested objects, a {"value": ...} wrapper, bypass as one string */
    assert_int_equal(parse("{\"proxy\": {\"url\": {\"value\": \"http://10.0.0.2:8080\"}, "
                           "\"bypass\": \"ARM, .corp.example ; x.example\"}}",
                           &p, err, sizeof err),
                     1);
    assert_string_equal(p.url, "http://10.0.0.2:8080");
    assert_int_equal(p.bypass_count, 3);
    assert_string_equal(p.bypass[1], ".corp.example");
    assert_string_equal(p.bypass[2], "x.example");

    /* gateway mode wins over proxy.url: arcproxy forwards to it itself */
    assert_int_equal(
        parse("{\"connection.type\": \"Gateway\", \"proxy.url\": \"http://10.0.0.1:3128\", "
              "\"proxy.bypass\": [\"AAD\"]}",
              &p, err, sizeof err),
        1);
    assert_string_equal(arcp_proxy_source_name(p.source), "gateway");
    assert_string_equal(p.url, "http://localhost:40343");
    assert_int_equal(p.bypass_count, 0);
    assert_int_equal(parse("{\"connection\": {\"type\": \"gateway\"}}", &p, err, sizeof err), 1);
    assert_string_equal(arcp_proxy_source_name(p.source), "gateway");
    /* config.mode is full or monitor, never the path: gateway there means nothing */
    assert_int_equal(parse("{\"config.mode\": \"gateway\"}", &p, err, sizeof err), 1);
    assert_string_equal(arcp_proxy_source_name(p.source), "none");
    assert_int_equal(parse("{\"connection.type\": \"direct\"}", &p, err, sizeof err), 1);
    assert_string_equal(arcp_proxy_source_name(p.source), "none");
    assert_string_equal(p.url, "");

    /* nothing set, wrong types, not an object, not JSON */
    assert_int_equal(parse("{\"proxy.url\": \"\"}", &p, err, sizeof err), 1);
    assert_string_equal(arcp_proxy_source_name(p.source), "none");
    assert_int_equal(parse("{\"proxy.url\": 3128}", &p, err, sizeof err), 1);
    assert_string_equal(p.url, "");
    /* a file the agent cannot have written is not "no proxy" (issue 11 item 7) */
    assert_int_equal(parse("[\"proxy.url\"]", &p, err, sizeof err), -1);
    assert_string_equal(err, "localconfig.json holds no JSON object: cannot tell which proxy the "
                             "agent uses");
    assert_int_equal(parse("{\"proxy.url\": ", &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "localconfig.json is not valid JSON ("));
    assert_int_equal(parse("", &p, err, sizeof err), 0);
    assert_int_equal(parse(" \n", &p, err, sizeof err), 0);

    /* an unusable proxy.url is an error that does not show the password */
    assert_int_equal(parse("{\"proxy.url\": \"ftp://u:pw1234@10.0.0.1:21\"}", &p, err, sizeof err),
                     -1);
    assert_string_equal(err, "proxy.url in localconfig.json: proxy URL: the scheme must be http, "
                             "https, socks5 or socks5h");
}

static void test_resolve(void **state)
{
    (void)state;
    char err[256] = "";
    struct ep_proxy p;
    arcp_config *cfg = arcp_config_new();
    assert_non_null(cfg);
    char dir[] = "/tmp/arcp-ut-proxy.XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(arcp_config_set(cfg, "agent_dir", dir, err, sizeof err), 0);
    /* no systemd and no system.conf: the environment sets nothing */
    assert_int_equal(arcp_config_set(cfg, "systemd_root", dir, err, sizeof err), 0);
    setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/arcprobe-test-bus", 1);

    /* no localconfig.json: direct */
    assert_int_equal(ep_proxy_resolve(cfg, http_now() + 5, &p, err, sizeof err), 0);
    assert_string_equal(arcp_proxy_source_name(p.source), "none");
    assert_string_equal(p.url, "");

    char path[300];
    snprintf(path, sizeof path, "%s/localconfig.json", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"proxy.url\": \"http://agent:pw9999@127.0.0.1:3128\"}", f);
    fclose(f);
    assert_int_equal(ep_proxy_resolve(cfg, http_now() + 5, &p, err, sizeof err), 0);
    assert_string_equal(arcp_proxy_source_name(p.source), "config");
    assert_string_equal(p.shown, "http://127.0.0.1:3128");

    /* the config overrides the agent: a URL, or none for direct */
    assert_int_equal(arcp_config_set(cfg, "proxy", "http://cfg:pw@10.1.1.1:8080", err, sizeof err),
                     0);
    assert_int_equal(ep_proxy_resolve(cfg, http_now() + 5, &p, err, sizeof err), 0);
    assert_string_equal(arcp_proxy_source_name(p.source), "override");
    assert_string_equal(p.url, "http://10.1.1.1:8080");
    assert_int_equal(arcp_config_set(cfg, "proxy", "none", err, sizeof err), 0);
    assert_int_equal(ep_proxy_resolve(cfg, http_now() + 5, &p, err, sizeof err), 0);
    assert_string_equal(arcp_proxy_source_name(p.source), "override");
    assert_string_equal(p.url, "");

    /* a broken file is an error */
    assert_int_equal(arcp_config_set(cfg, "proxy", "", err, sizeof err), 0);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"proxy.url\": \"telnet://10.0.0.1\"}", f);
    fclose(f);
    assert_int_equal(ep_proxy_resolve(cfg, http_now() + 5, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "proxy.url in localconfig.json"));

    /* larger than any localconfig.json the agent writes: said, not ignored */
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"pad\": \"", f);
    for (int i = 0; i < 1100 * 1024; i++)
        fputc('x', f);
    fputs("\"}", f);
    fclose(f);
    assert_int_equal(ep_proxy_resolve(cfg, http_now() + 5, &p, err, sizeof err), -1);
    assert_string_equal(err, "localconfig.json is larger than 1024 KiB, so it is not the agent's: "
                             "cannot tell which proxy the agent uses");
    /* not readable as a file */
    unlink(path);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(ep_proxy_resolve(cfg, http_now() + 5, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot read "));
    rmdir(path);

    unlink(path);
    rmdir(dir);
    arcp_config_free(cfg);
}

static void test_bypass(void **state)
{
    (void)state;
    struct ep_proxy p;
    memset(&p, 0, sizeof p);
    strcpy(p.url, "http://10.0.0.1:3128");
    strcpy(p.bypass[0], "AAD");
    strcpy(p.bypass[1], "*.corp.example");
    strcpy(p.bypass[2], "https://direct.example.test/path");
    p.bypass_count = 3;
    assert_true(ep_proxy_bypassed(&p, "login.microsoftonline.com"));
    assert_true(ep_proxy_bypassed(&p, "pas.windows.net"));
    /* AAD is login.windows.net, login.microsoftonline.com, pas.windows.net */
    assert_true(ep_proxy_bypassed(&p, "login.windows.net"));
    assert_false(ep_proxy_bypassed(&p, "tenant.login.microsoft.com"));
    assert_false(ep_proxy_bypassed(&p, "management.azure.com"));
    assert_false(ep_proxy_bypassed(&p, "evillogin.microsoftonline.com"));
    assert_true(ep_proxy_bypassed(&p, "a.corp.example"));
    assert_true(ep_proxy_bypassed(&p, "corp.example"));
    assert_false(ep_proxy_bypassed(&p, "notcorp.example"));
    assert_true(ep_proxy_bypassed(&p, "direct.example.test"));
    assert_false(ep_proxy_bypassed(&p, "gbl.his.arc.azure.com"));

    strcpy(p.bypass[0], "arc");
    strcpy(p.bypass[1], "ARM");
    p.bypass_count = 2;
    assert_true(ep_proxy_bypassed(&p, "gbl.his.arc.azure.com"));
    assert_true(ep_proxy_bypassed(&p, "westeurope-gas.guestconfiguration.azure.com"));
    /* Arc is his and guestconfiguration only: notifications and the relay
     * keep going through the proxy */
    assert_false(ep_proxy_bypassed(&p, "azgnrelay-eastus-l1.servicebus.windows.net"));
    assert_false(ep_proxy_bypassed(&p, "guestnotificationservice.azure.com"));
    assert_false(ep_proxy_bypassed(&p, "westeurope.guestnotificationservice.azure.com"));
    assert_true(ep_proxy_bypassed(&p, "management.usgovcloudapi.net"));
    assert_false(ep_proxy_bypassed(&p, "login.microsoftonline.com"));
    p.bypass_count = 0;
    assert_false(ep_proxy_bypassed(&p, "management.azure.com"));
}

static void test_scrub(void **state)
{
    (void)state;
    char text[128];
    strcpy(text, "CONNECT via http://arc:Pa55word@p:3128 failed; Pa55word again");
    ep_scrub(text, sizeof text, "arc:Pa55word");
    assert_string_equal(text, "CONNECT via http://***@p:3128 failed; *** again");
    /* short passwords alone are left, the pair is still removed */
    strcpy(text, "a:pw at http://a:pw@p and pw");
    ep_scrub(text, sizeof text, "a:pw");
    assert_string_equal(text, "*** at http://***@p and pw");
    strcpy(text, "nothing to hide");
    ep_scrub(text, sizeof text, "");
    assert_string_equal(text, "nothing to hide");
    ep_scrub(text, sizeof text, NULL);
    assert_string_equal(text, "nothing to hide");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strip_credentials),
        cmocka_unit_test(test_set_url),
        cmocka_unit_test(test_localconfig_variants),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_bypass),
        cmocka_unit_test(test_scrub),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

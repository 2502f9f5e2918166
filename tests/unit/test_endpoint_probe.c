/* endpoints_probe() on paths that need no network: configuration
 * mistakes become UNKNOWN with a clear text and nothing probed, and a
 * deadline already gone leaves every endpoint not probed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "endpoint_internal.h"
#include "endpoints.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static arcp_config *config(const char *const *pairs)
{
    char err[256];
    arcp_config *cfg = arcp_config_new();
    assert_non_null(cfg);
    assert_int_equal(
        arcp_config_set(cfg, "agent_dir", "/nonexistent/arcprobe-test", err, sizeof err), 0);
    for (size_t i = 0; pairs && pairs[i]; i += 2)
        if (arcp_config_set(cfg, pairs[i], pairs[i + 1], err, sizeof err) != 0)
            fail_msg("%s: %s", pairs[i], err);
    return cfg;
}

static void run(const char *const *pairs, double deadline_in, struct arcp_endpoints *out)
{
    arcp_config *cfg = config(pairs);
    struct endpoint_context ctx = {"", ""};
    memset(out, 0, sizeof *out);
    endpoints_probe(cfg, &ctx, http_now() + deadline_in, out);
    arcp_config_free(cfg);
}

static void expect_unknown(const char *const *pairs, const char *text)
{
    struct arcp_endpoints out;
    run(pairs, 5, &out);
    assert_int_equal(out.state, ARCP_UNKNOWN);
    assert_string_equal(out.text, text);
    assert_int_equal(out.count, 0);
    assert_null(out.items);
    /* the core says why and what to do; no front end has to guess */
    assert_true(out.cause[0] != '\0');
    assert_true(out.remedy[0] != '\0');
}

static void test_config_mistakes(void **state)
{
    (void)state;
    expect_unknown((const char *const[]){"cloud", "AzureStackCloud", NULL},
                   "unknown cloud 'AzureStackCloud' (from config)");
    expect_unknown((const char *const[]){"location", "west/europe", NULL},
                   "location 'west/europe' is not a region name (e.g. westeurope)");
    expect_unknown((const char *const[]){"endpoints", "https://a.example.test/ gopher://b/", NULL},
                   "invalid endpoint URL 'gopher://b/': only https:// URLs are probed");
    expect_unknown((const char *const[]){"endpoints", " , ", NULL},
                   "endpoints is set but lists no URL");
    expect_unknown((const char *const[]){"features", "ssh,fax", NULL},
                   "unknown feature 'fax' in features (known: esu, hotpatch, ssh, "
                   "admin_center, legacy_login, all)");
    expect_unknown((const char *const[]){"endpoints_add", "http://x.example.test/", NULL},
                   "invalid endpoint URL 'http://x.example.test/': only https:// is probed "
                   "(http:// only for the ESU certificate host www.microsoft.com)");
    /* a proxy URL the agent could not use is refused with the setting,
     * without any of its credentials */
    char err[256];
    arcp_config *cfg = arcp_config_new();
    assert_int_equal(
        arcp_config_set(cfg, "proxy", "ftp://u:topsecret@p.example.test:21", err, sizeof err), -1);
    assert_string_equal(err, "proxy URL: the scheme must be http, https, socks5 or socks5h");
    arcp_config_free(cfg);
}

static void test_too_many(void **state)
{
    (void)state;
    size_t n = 1500;
    char *list = malloc(n * 40);
    assert_non_null(list);
    size_t used = 0;
    for (size_t i = 0; i < n; i++)
        used += (size_t)sprintf(list + used, "https://h%zu.example.test/,", i);
    expect_unknown((const char *const[]){"endpoints", list, NULL},
                   "1500 endpoints configured: at most 1024 can be probed in one cycle, nothing "
                   "probed");
    free(list);
}

static void test_sources_reported(void **state)
{
    (void)state;
    struct arcp_endpoints out;
    /* the deadline is gone before anything starts: nothing is probed */
    run((const char *const[]){"cloud", "AzurePublicCloud", "location", "West Europe", "proxy",
                              "http://u:pw-secret@127.0.0.1:9", NULL},
        -1, &out);
    assert_string_equal(out.cloud, "AzureCloud");
    assert_string_equal(arcp_cloud_source_name(out.cloud_source), "config");
    assert_string_equal(out.location, "westeurope");
    assert_string_equal(arcp_proxy_source_name(out.proxy_source), "override");
    assert_string_equal(arcp_his_source_name(out.his_source), "gbl");
    assert_int_equal(out.count, 9);
    assert_int_equal(out.failed, 0);
    assert_int_equal(out.state, ARCP_UNKNOWN);
    assert_string_equal(out.text, "cycle cut short by the deadline: 9 of 9 endpoints not probed");
    for (size_t i = 0; i < out.count; i++) {
        assert_int_equal(out.items[i].cls, ARCP_EP_NOT_PROBED);
        assert_string_equal(out.items[i].proxy, "http://127.0.0.1:9");
        assert_null(strstr(out.items[i].detail, "pw-secret"));
    }
    free(out.items);

    /* optional endpoints not probed stay within optional_state */
    run((const char *const[]){"endpoints", "optional:https://a.example.test/", "optional_state",
                              "ok", NULL},
        -1, &out);
    assert_int_equal(out.count, 1);
    assert_int_equal(out.items[0].state, ARCP_OK);
    assert_int_equal(out.state, ARCP_OK);
    assert_string_equal(arcp_his_source_name(out.his_source), "config");
    assert_string_equal(arcp_proxy_source_name(out.proxy_source), "none");
    free(out.items);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_mistakes),
        cmocka_unit_test(test_too_many),
        cmocka_unit_test(test_sources_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Endpoint URLs and lists: validation, names, prefixes, duplicates and the
 * 1024-entry limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "endpoint_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void expect_ok(const char *url, const char *want_host, const char *want_name)
{
    char host[256], name[ARCP_NAME_MAX], err[256] = "";
    int rc = ep_url_check(url, host, sizeof host, name, sizeof name, err, sizeof err);
    if (rc != 0)
        fail_msg("%s rejected: %s", url, err);
    assert_string_equal(host, want_host);
    assert_string_equal(name, want_name);
}

static void expect_bad(const char *url, const char *want_err)
{
    char host[256], name[ARCP_NAME_MAX], err[512] = "";
    assert_int_equal(ep_url_check(url, host, sizeof host, name, sizeof name, err, sizeof err), -1);
    assert_string_equal(err, want_err);
    assert_string_equal(host, "");
    assert_string_equal(name, "");
}

static void test_good_urls(void **state)
{
    (void)state;
    expect_ok("https://login.microsoftonline.com/", "login.microsoftonline.com",
              "login.microsoftonline.com");
    expect_ok("https://Login.MicrosoftOnline.com", "login.microsoftonline.com",
              "login.microsoftonline.com");
    expect_ok("https://management.azure.com:443/x", "management.azure.com", "management.azure.com");
    expect_ok("https://gw.example.test:8443/", "gw.example.test", "gw.example.test:8443");
    expect_ok("pas.windows.net", "pas.windows.net", "pas.windows.net");
    expect_ok("pas.windows.net:4443", "pas.windows.net", "pas.windows.net:4443");
    expect_ok("https://[::1]:8443/", "::1", "[::1]:8443");
    expect_ok("https://10.1.2.3/", "10.1.2.3", "10.1.2.3");
    expect_ok("http://www.microsoft.com/pkiops/certs", "www.microsoft.com", "www.microsoft.com:80");
    expect_ok("http://www.microsoft.com:8080/", "www.microsoft.com", "www.microsoft.com:8080");
}

static void test_bad_urls(void **state)
{
    (void)state;
    expect_bad("ftp://files.example.test/",
               "invalid endpoint URL 'ftp://files.example.test/': only https:// URLs are probed");
    expect_bad("http://login.microsoftonline.com/",
               "invalid endpoint URL 'http://login.microsoftonline.com/': only https:// is "
               "probed (http:// only for the ESU certificate host www.microsoft.com)");
    /* the password is never repeated */
    expect_bad("https://arcuser:hunter22@x.example.test/",
               "invalid endpoint URL 'https://x.example.test/': credentials in endpoint URLs "
               "are not accepted");
    expect_bad("https://arcuser@x.example.test/",
               "invalid endpoint URL 'https://x.example.test/': credentials in endpoint URLs "
               "are not accepted");
    expect_bad("", "invalid endpoint URL '': empty");
    expect_bad("https://", "invalid endpoint URL 'https://': not a URL (expected "
                           "https://host[:port][/path])");
    expect_bad("https://a b/", "invalid endpoint URL 'https://a b/': contains blanks or control "
                               "characters");
    expect_bad("https://x\x01y/", "invalid endpoint URL 'https://x y/': contains blanks or control "
                                  "characters");
    expect_bad("https://bad~host.example/",
               "invalid endpoint URL 'https://bad~host.example/': the host name has characters "
               "DNS names cannot have");
    expect_bad("https://x.example.test:99999/",
               "invalid endpoint URL 'https://x.example.test:99999/': not a URL (expected "
               "https://host[:port][/path])");

    char longurl[700];
    memset(longurl, 'a', sizeof longurl - 1);
    longurl[sizeof longurl - 1] = '\0';
    memcpy(longurl, "https://", 8);
    char host[256], name[ARCP_NAME_MAX], err[512];
    assert_int_equal(ep_url_check(longurl, host, sizeof host, name, sizeof name, err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "longer than 511 bytes"));
    /* a host that fits a URL but not a report name */
    char longhost[300];
    memset(longhost, 'b', sizeof longhost - 1);
    longhost[sizeof longhost - 1] = '\0';
    memcpy(longhost, "https://", 8);
    assert_int_equal(ep_url_check(longhost, host, sizeof host, name, sizeof name, err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "host name too long"));
}

static void test_list_prefixes_and_duplicates(void **state)
{
    (void)state;
    struct ep_list l;
    char err[256] = "";
    ep_list_init(&l);
    assert_int_equal(ep_list_parse(&l,
                                   "https://a.example.test/, connect:https://b.example.test/\n"
                                   "INSTALL:c.example.test\toptional:https://d.example.test/x "
                                   "always:https://e.example.test/ ,,  ",
                                   err, sizeof err),
                     0);
    assert_int_equal(l.count, 5);
    assert_int_equal(l.items[0].required, ARCP_REQUIRED_ALWAYS);
    assert_int_equal(l.items[1].required, ARCP_REQUIRED_CONNECT);
    assert_int_equal(l.items[2].required, ARCP_REQUIRED_INSTALL);
    assert_string_equal(l.items[2].url, "https://c.example.test/");
    assert_int_equal(l.items[3].required, ARCP_REQUIRED_OPTIONAL);
    assert_string_equal(l.items[3].url, "https://d.example.test/x");
    assert_int_equal(l.items[4].required, ARCP_REQUIRED_ALWAYS);

    /* a duplicate keeps one entry, with the stricter requirement */
    assert_int_equal(ep_list_parse(&l, "always:https://D.example.test/y optional:a.example.test",
                                   err, sizeof err),
                     0);
    assert_int_equal(l.count, 5);
    assert_int_equal(l.items[3].required, ARCP_REQUIRED_ALWAYS);
    assert_string_equal(l.items[3].url, "https://d.example.test/x");
    assert_int_equal(l.items[0].required, ARCP_REQUIRED_ALWAYS);

    /* an unknown prefix is not a prefix */
    assert_int_equal(ep_list_parse(&l, "sometimes:https://f.example.test/", err, sizeof err), -1);
    assert_non_null(strstr(err, "invalid endpoint URL 'sometimes:https://f.example.test/'"));
    assert_int_equal(ep_list_parse(&l, NULL, err, sizeof err), 0);
    assert_int_equal(ep_list_parse(&l, "   ", err, sizeof err), 0);
    ep_list_free(&l);
}

static char *numbered_list(size_t n)
{
    char *text = malloc(n * 40 + 1);
    assert_non_null(text);
    size_t used = 0;
    for (size_t i = 0; i < n; i++)
        used += (size_t)sprintf(text + used, "https://h%zu.example.test/ ", i);
    text[used] = '\0';
    return text;
}

static void test_limit(void **state)
{
    (void)state;
    struct ep_list l;
    char err[256] = "";
    char *text = numbered_list(1024);
    ep_list_init(&l);
    assert_int_equal(ep_list_parse(&l, text, err, sizeof err), 0);
    assert_int_equal(l.count, 1024);
    /* one more, whether from the same list or added later, is refused */
    assert_int_equal(ep_list_add(&l, "https://one-more.example.test/", ARCP_REQUIRED_ALWAYS, "",
                                 err, sizeof err),
                     -2);
    assert_string_equal(err, "more than 1024 endpoints configured: at most 1024 can be probed in "
                             "one cycle, nothing probed");
    /* but a duplicate is no new endpoint */
    assert_int_equal(
        ep_list_add(&l, "https://h7.example.test/", ARCP_REQUIRED_ALWAYS, "", err, sizeof err), 0);
    ep_list_free(&l);
    free(text);

    text = numbered_list(5000);
    ep_list_init(&l);
    assert_int_equal(ep_list_parse(&l, text, err, sizeof err), -2);
    assert_string_equal(
        err, "5000 endpoints configured: at most 1024 can be probed in one cycle, nothing "
             "probed");
    assert_int_equal(l.count, 0);
    ep_list_free(&l);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_urls),
        cmocka_unit_test(test_bad_urls),
        cmocka_unit_test(test_list_prefixes_and_duplicates),
        cmocka_unit_test(test_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

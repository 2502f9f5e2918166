/* Proxy URLs read as the agent (Go's net/url) reads them, and the one
 * masking function: the cases of issue 11 item 2 and their neighbours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "proxy_url.h"

#include <stdio.h>
#include <string.h>

static struct proxy_url ok(const char *text)
{
    struct proxy_url u;
    char err[ARCP_TEXT_MAX] = "";
    if (proxy_url_parse(text, &u, err, sizeof err) != 0)
        fail_msg("'%s' refused: %s", text, err);
    return u;
}

/* Refused, and the message holds no piece of what came before the last '@'. */
static void refused(const char *text, const char *secret)
{
    struct proxy_url u;
    char err[ARCP_TEXT_MAX] = "";
    assert_int_equal(proxy_url_parse(text, &u, err, sizeof err), -1);
    assert_true(err[0] != '\0');
    if (secret && strstr(err, secret))
        fail_msg("'%s': the message '%s' shows '%s'", text, err, secret);
    assert_string_equal(u.password, "");
}

static void test_last_at_separates(void **state)
{
    (void)state;
    /* the agent accepts this one (issue 11): user arc, password p@ssword */
    struct proxy_url u = ok("http://arc:p@ssword@proxy.example:3128");
    assert_string_equal(u.username, "arc");
    assert_string_equal(u.password, "p@ssword");
    assert_string_equal(u.host, "proxy.example");
    assert_int_equal(u.port, 3128);
    assert_string_equal(u.curl_url, "http://proxy.example:3128");
    assert_string_equal(u.shown, "http://proxy.example:3128");
    assert_string_equal(u.userinfo_raw, "arc:p@ssword");

    u = ok("http://arc:p:ss@w@rd@127.0.0.1:3128/");
    assert_string_equal(u.username, "arc");
    assert_string_equal(u.password, "p:ss@w@rd");
    assert_string_equal(u.curl_url, "http://127.0.0.1:3128");

    /* percent-encoding, '/' as %2F included, is decoded for libcurl */
    u = ok("http://arc%40corp:pa%2Fss%25@proxy.example:8080");
    assert_string_equal(u.username, "arc@corp");
    assert_string_equal(u.password, "pa/ss%");
    /* a user without password, no credentials, bare host:port */
    u = ok("http://arc@proxy.example:3128");
    assert_string_equal(u.username, "arc");
    assert_int_equal(u.has_credentials, 1);
    u = ok("proxy.example:3128");
    assert_string_equal(u.curl_url, "http://proxy.example:3128");
    assert_int_equal(u.has_credentials, 0);
    /* the port Go's transport would use when none is written */
    u = ok("http://proxy.example");
    assert_string_equal(u.curl_url, "http://proxy.example:80");
    assert_string_equal(u.shown, "http://proxy.example");
    assert_int_equal(ok("https://proxy.example").port, 443);
    assert_int_equal(ok("socks5h://proxy.example").port, 1080);
    u = ok("HTTP://[fd00::1]:3128");
    assert_string_equal(u.curl_url, "http://[fd00::1]:3128");
}

static void test_slash_in_password(void **state)
{
    (void)state;
    /* Go ends the authority at the first '/': the agent would take its host
     * from the password ("ssw0rdX"). Refused, naming none of it. */
    refused("http://arc:Pa@ssw0rdX/Y@proxy.example:3128", "ssw0rd");
    refused("http://arc:Pa@ssw0rdX/Y@proxy.example:3128", "Pa");
    /* Go refuses this one ("invalid port"): so does the probe, silently */
    refused("http://arc:pa/ss@127.0.0.1:3128", "pa/ss");
    refused("http://arc:pa/ss@127.0.0.1:3128", "arc:");
    refused("http://arc:qz?xk@127.0.0.1:3128", "qz");
    refused("http://arc:qz#xk@127.0.0.1:3128", "qz");
    /* characters Go does not accept raw in user info */
    refused("http://arc:qz\"xk@127.0.0.1:3128", "qz");
    refused("http://arc:qz^xk@127.0.0.1:3128", "qz");
    refused("http://arc:qz%zzxk@127.0.0.1:3128", "qz");
    refused("http://arc:qz%00xk@127.0.0.1:3128", "qz");
    refused("http://arc:qz xk@127.0.0.1:3128", "qz");
    refused("http://arc:secret@", "secret");
    refused("http://arc:secret@:3128", "secret");
    refused("http://arc:secret@host:99999", "secret");
    refused("http://arc:secret@host:12ab", "secret");
    refused("gopher://arc:secret@host:70", "secret");
    refused("socks4://arc:secret@host:1080", "secret");
    refused("", NULL);
    refused("://host", NULL);
}

static void mask_is(const char *in, const char *want)
{
    char out[512];
    arcp_mask_credentials(out, sizeof out, in);
    assert_string_equal(out, want);
}

static void test_mask(void **state)
{
    (void)state;
    mask_is("http://arc:Pa@ssw0rdX/Y@proxy.example:3128", "http://***@proxy.example:3128");
    mask_is("http://arc:p@ssword@proxy.example:3128", "http://***@proxy.example:3128");
    mask_is("http://arc:pa/ss@127.0.0.1:3128", "http://***@127.0.0.1:3128");
    /* the --set typos of issue 11 */
    mask_is("proxyhttp://u:pw@h", "proxyhttp://***@h");
    mask_is("--set: expected KEY=VALUE, got 'proxyhttp://u:pw@h'",
            "--set: expected KEY=VALUE, got 'proxyhttp://***@h'");
    mask_is("proxy=u:pw@h", "proxy=***@h");
    mask_is("'u:pw@h'", "'***@h'");
    mask_is("proxy=http://u:p w@h", "proxy=http://***@h");
    /* several lines: each on its own */
    mask_is("a http://u:pw@h\nb x@y\nc", "a http://***@h\nb ***@y\nc");
    /* our own messages quote a lone '@' */
    mask_is("proxy URL has an '@' after a '/'", "proxy URL has an '@' after a '/'");
    mask_is("http://@h", "http://@h");
    /* nothing to hide */
    mask_is("http://proxy.example:3128 answered 407", "http://proxy.example:3128 answered 407");
    mask_is("", "");
    char small[8];
    arcp_mask_credentials(small, sizeof small, "http://u:secret@h");
    assert_string_equal(small, "http://");
    arcp_mask_credentials(small, sizeof small, NULL);
    assert_string_equal(small, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_last_at_separates),
        cmocka_unit_test(test_slash_in_password),
        cmocka_unit_test(test_mask),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

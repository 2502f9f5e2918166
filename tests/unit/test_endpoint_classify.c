/* The classification table: libcurl result + CONNECT code + errno (+ the
 * verify message) -> class and remedy; class + requirement -> state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "endpoint_internal.h"
#include "report_fold.h"

#include <errno.h>
#include <string.h>

struct row {
    const char *what;
    int done;
    CURLcode result;
    long http_status;
    long connect_code;
    long os_errno;
    double connect_s;
    const char *errbuf;
    int via_proxy;
    arcp_endpoint_class want;
    const char *remedy_has; /* a phrase the remedy must contain */
    const char *url;        /* NULL: an https URL */
};

static const struct row rows[] = {
    {"cut by the deadline", 0, CURLE_OPERATION_TIMEDOUT, 0, 0, 0, -1, "", 0, ARCP_EP_NOT_PROBED,
     "deadline", NULL},
    {"200", 1, CURLE_OK, 200, 0, 0, 0.01, "", 0, ARCP_EP_OK, "", NULL},
    {"404 is an answer", 1, CURLE_OK, 404, 0, 0, 0.01, "", 0, ARCP_EP_OK, "", NULL},
    {"body cut at the cap", 1, CURLE_WRITE_ERROR, 200, 0, 0, 0.01, "Failure writing output", 0,
     ARCP_EP_OK, "", NULL},
    {"answer then timeout", 1, CURLE_OPERATION_TIMEDOUT, 200, 0, 0, 0.01, "", 0, ARCP_EP_OK, "",
     NULL},
    {"ok through proxy", 1, CURLE_OK, 200, 200, 0, 0.01, "", 1, ARCP_EP_OK, "", NULL},
    {"no such host", 1, CURLE_COULDNT_RESOLVE_HOST, 0, 0, 0, -1, "Could not resolve host: x", 0,
     ARCP_EP_DNS_FAILURE, "DNS", NULL},
    {"ENETUNREACH", 1, CURLE_COULDNT_CONNECT, 0, 0, ENETUNREACH, -1, "", 0,
     ARCP_EP_NETWORK_UNREACHABLE, "route", NULL},
    {"EHOSTUNREACH", 1, CURLE_COULDNT_CONNECT, 0, 0, EHOSTUNREACH, -1, "", 0,
     ARCP_EP_NETWORK_UNREACHABLE, "route", NULL},
    {"refused", 1, CURLE_COULDNT_CONNECT, 0, 0, ECONNREFUSED, -1, "", 0, ARCP_EP_REFUSED,
     "firewall", NULL},
    {"local filter prohibits", 1, CURLE_COULDNT_CONNECT, 0, 0, EACCES, -1, "", 0, ARCP_EP_REFUSED,
     "firewall", NULL},
    {"connect failed, errno unknown", 1, CURLE_COULDNT_CONNECT, 0, 0, 0, -1, "", 0, ARCP_EP_OTHER,
     "detail", NULL},
    {"kernel connect timeout", 1, CURLE_COULDNT_CONNECT, 0, 0, ETIMEDOUT, -1, "", 0,
     ARCP_EP_TIMEOUT, "drops", NULL},
    {"dropped", 1, CURLE_OPERATION_TIMEDOUT, 0, 0, 0, -1, "Connection timed out", 0,
     ARCP_EP_TIMEOUT, "drops", NULL},
    {"slow after TLS", 1, CURLE_OPERATION_TIMEDOUT, 0, 0, 0, 0.01, "", 0, ARCP_EP_TIMEOUT,
     "endpoint_timeout", NULL},
    {"CONNECT 403", 1, CURLE_RECV_ERROR, 0, 403, 0, 0.01, "CONNECT tunnel failed, response 403", 1,
     ARCP_EP_PROXY_REFUSED, "403", NULL},
    {"CONNECT 407", 1, CURLE_RECV_ERROR, 0, 407, 0, 0.01, "CONNECT tunnel failed, response 407", 1,
     ARCP_EP_PROXY_REFUSED, "authentication", NULL},
    {"CONNECT 502", 1, CURLE_RECV_ERROR, 0, 502, 0, 0.01, "", 1, ARCP_EP_OTHER,
     "proxy could not reach", NULL},
    {"CONNECT 403 even with a status", 1, CURLE_RECV_ERROR, 403, 403, 0, 0.01, "", 1,
     ARCP_EP_PROXY_REFUSED, "403", NULL},
    {"proxy refuses TCP", 1, CURLE_COULDNT_CONNECT, 0, 0, ECONNREFUSED, -1, "", 1,
     ARCP_EP_PROXY_UNREACHABLE, "proxy.url", NULL},
    {"proxy name unknown", 1, CURLE_COULDNT_RESOLVE_PROXY, 0, 0, 0, -1, "", 1,
     ARCP_EP_PROXY_UNREACHABLE, "proxy.url", NULL},
    {"SOCKS proxy name unknown", 1, CURLE_COULDNT_RESOLVE_HOST, 0, 0, 0, -1,
     "Could not resolve host: socks.example", 1, ARCP_EP_PROXY_UNREACHABLE, "proxy.url", NULL},
    {"socks5 looks the endpoint up locally", 1, CURLE_COULDNT_RESOLVE_HOST, 0, 0, 0, -1,
     "Failed to resolve \"x.example.test\" for SOCKS5 connect.", 1, ARCP_EP_DNS_FAILURE, "DNS",
     NULL},
    {"proxy never connects", 1, CURLE_OPERATION_TIMEDOUT, 0, 0, 0, -1, "", 1,
     ARCP_EP_PROXY_UNREACHABLE, "proxy.url", NULL},
    {"proxy connected, tunnel slow", 1, CURLE_OPERATION_TIMEDOUT, 0, 0, 0, 0.01, "", 1,
     ARCP_EP_TIMEOUT, "drops", NULL},
    {"unknown issuer", 1, CURLE_PEER_FAILED_VERIFICATION, 0, 0, 0, 0.01,
     "SSL certificate problem: unable to get local issuer certificate", 0, ARCP_EP_TLS_UNTRUSTED,
     "TLS inspection", NULL},
    {"self-signed in chain", 1, CURLE_PEER_FAILED_VERIFICATION, 0, 0, 0, 0.01,
     "SSL certificate problem: self-signed certificate in certificate chain", 0,
     ARCP_EP_TLS_UNTRUSTED, "trust store", NULL},
    {"self signed (OpenSSL 1.1 spelling)", 1, CURLE_PEER_FAILED_VERIFICATION, 0, 0, 0, 0.01,
     "SSL certificate problem: self signed certificate", 0, ARCP_EP_TLS_UNTRUSTED, "inspection",
     NULL},
    {"expired", 1, CURLE_PEER_FAILED_VERIFICATION, 0, 0, 0, 0.01,
     "SSL certificate problem: certificate has expired", 0, ARCP_EP_TLS_OTHER, "clock", NULL},
    {"wrong name", 1, CURLE_PEER_FAILED_VERIFICATION, 0, 0, 0, 0.01,
     "SSL: no alternative certificate subject name matches target host name 'x'", 0,
     ARCP_EP_TLS_OTHER, "mismatched", NULL},
    {"handshake reset", 1, CURLE_SSL_CONNECT_ERROR, 0, 0, ECONNRESET, 0.01,
     "OpenSSL SSL_connect: Connection reset by peer", 0, ARCP_EP_TLS_OTHER, "TLS", NULL},
    {"reset after TLS", 1, CURLE_RECV_ERROR, 0, 0, ECONNRESET, 0.01, "Recv failure", 0,
     ARCP_EP_OTHER, "detail", NULL},
    {"nothing received", 1, CURLE_GOT_NOTHING, 0, 0, 0, 0.01, "Empty reply", 0, ARCP_EP_OTHER,
     "detail", NULL},
    {"plain http, proxy wants auth", 1, CURLE_OK, 407, 0, 0, 0.01, "", 1, ARCP_EP_PROXY_REFUSED,
     "authentication", "http://www.microsoft.com/pkiops/certs"},
    {"plain http, direct 407 is an answer", 1, CURLE_OK, 407, 0, 0, 0.01, "", 0, ARCP_EP_OK, "",
     "http://www.microsoft.com/pkiops/certs"},
    {"https through a tunnel, 407 from the endpoint", 1, CURLE_OK, 407, 200, 0, 0.01, "", 1,
     ARCP_EP_OK, "", NULL},
};

static void test_classification_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct row *w = &rows[i];
        struct http_request r;
        memset(&r, 0, sizeof r);
        r.url = w->url ? w->url : "https://x.example.test/";
        r.done = w->done;
        r.result = w->result;
        r.http_status = w->http_status;
        r.connect_code = w->connect_code;
        r.os_errno = w->os_errno;
        r.connect_s = w->connect_s;
        /* the name resolved, except where the row is about the lookup */
        r.dns_s = 0.001;
        r.tls_s = r.ttfb_s = r.total_s = -1;
        strcpy(r.errbuf, w->errbuf);
        struct ep_verdict v = ep_classify(&r, w->via_proxy);
        if (v.cls != w->want)
            fail_msg("%s: class %s, want %s", w->what, arcp_endpoint_class_name(v.cls),
                     arcp_endpoint_class_name(w->want));
        assert_non_null(v.remedy);
        if (w->want == ARCP_EP_OK)
            assert_string_equal(v.remedy, "");
        else if (!strstr(v.remedy, w->remedy_has))
            fail_msg("%s: remedy '%s' lacks '%s'", w->what, v.remedy, w->remedy_has);
    }
}

/* A name lookup that never finished: the resolver does not answer. */
static void test_silent_resolver(void **state)
{
    (void)state;
    struct http_request r;
    memset(&r, 0, sizeof r);
    r.url = "https://x.example.test/";
    r.dns_s = r.connect_s = r.tls_s = r.ttfb_s = -1;

    /* its own limit ran out in the lookup, however short that limit */
    r.done = 1;
    r.result = CURLE_OPERATION_TIMEDOUT;
    r.total_s = 0.5;
    struct ep_verdict v = ep_classify(&r, 0);
    assert_int_equal(v.cls, ARCP_EP_DNS_FAILURE);
    assert_true(v.resolver_silent);
    assert_non_null(strstr(v.remedy, "DNS server does not answer"));
    v = ep_classify(&r, 1);
    assert_int_equal(v.cls, ARCP_EP_PROXY_UNREACHABLE);
    assert_true(v.resolver_silent);

    /* the deadline came after a second or more in the lookup */
    r.done = 0;
    r.total_s = EP_RESOLVER_SILENT_S;
    v = ep_classify(&r, 0);
    assert_int_equal(v.cls, ARCP_EP_DNS_FAILURE);
    assert_true(v.resolver_silent);

    /* ... but a lookup cut after a few milliseconds says nothing */
    r.total_s = 0.05;
    v = ep_classify(&r, 0);
    assert_int_equal(v.cls, ARCP_EP_NOT_PROBED);
    assert_false(v.resolver_silent);

    /* a lookup that finished is not the resolver's fault */
    r.done = 1;
    r.dns_s = 0.002;
    r.total_s = 3;
    v = ep_classify(&r, 0);
    assert_int_equal(v.cls, ARCP_EP_TIMEOUT);
    assert_false(v.resolver_silent);
}

static void test_remedy_for_every_class(void **state)
{
    (void)state;
    assert_string_equal(ep_remedy_for(ARCP_EP_OK), "");
    for (int c = ARCP_EP_DNS_FAILURE; c <= ARCP_EP_NOT_PROBED; c++) {
        const char *r = ep_remedy_for((arcp_endpoint_class)c);
        assert_non_null(r);
        assert_true(strlen(r) > 20);
        assert_null(strchr(r, '|'));
    }
}

static void test_states(void **state)
{
    (void)state;
    /* down: always -> CRITICAL, connect -> WARNING, install/optional -> optional_state */
    assert_int_equal(ep_state_for(ARCP_EP_TIMEOUT, ARCP_REQUIRED_ALWAYS, ARCP_WARNING),
                     ARCP_CRITICAL);
    assert_int_equal(ep_state_for(ARCP_EP_TIMEOUT, ARCP_REQUIRED_CONNECT, ARCP_WARNING),
                     ARCP_WARNING);
    assert_int_equal(ep_state_for(ARCP_EP_TIMEOUT, ARCP_REQUIRED_CONNECT, ARCP_OK), ARCP_WARNING);
    assert_int_equal(ep_state_for(ARCP_EP_DNS_FAILURE, ARCP_REQUIRED_INSTALL, ARCP_WARNING),
                     ARCP_WARNING);
    assert_int_equal(ep_state_for(ARCP_EP_DNS_FAILURE, ARCP_REQUIRED_INSTALL, ARCP_OK), ARCP_OK);
    assert_int_equal(ep_state_for(ARCP_EP_DNS_FAILURE, ARCP_REQUIRED_OPTIONAL, ARCP_OK), ARCP_OK);
    assert_int_equal(ep_state_for(ARCP_EP_DNS_FAILURE, ARCP_REQUIRED_OPTIONAL, ARCP_WARNING),
                     ARCP_WARNING);
    /* up is OK whatever it is */
    assert_int_equal(ep_state_for(ARCP_EP_OK, ARCP_REQUIRED_ALWAYS, ARCP_WARNING), ARCP_OK);
    /* not probed: UNKNOWN, but never above what optional endpoints may cause */
    assert_int_equal(ep_state_for(ARCP_EP_NOT_PROBED, ARCP_REQUIRED_ALWAYS, ARCP_WARNING),
                     ARCP_UNKNOWN);
    assert_int_equal(ep_state_for(ARCP_EP_NOT_PROBED, ARCP_REQUIRED_CONNECT, ARCP_OK),
                     ARCP_UNKNOWN);
    assert_int_equal(ep_state_for(ARCP_EP_NOT_PROBED, ARCP_REQUIRED_OPTIONAL, ARCP_WARNING),
                     ARCP_UNKNOWN);
    assert_int_equal(ep_state_for(ARCP_EP_NOT_PROBED, ARCP_REQUIRED_INSTALL, ARCP_OK), ARCP_OK);

    /* the one order (arcprobe.h): OK < UNKNOWN < WARNING < CRITICAL */
    assert_true(arcp_state_severity(ARCP_OK) < arcp_state_severity(ARCP_UNKNOWN));
    assert_true(arcp_state_severity(ARCP_UNKNOWN) < arcp_state_severity(ARCP_WARNING));
    assert_true(arcp_state_severity(ARCP_WARNING) < arcp_state_severity(ARCP_CRITICAL));
    assert_int_equal(arcp_state_worse(ARCP_WARNING, ARCP_UNKNOWN), ARCP_WARNING);
    assert_int_equal(arcp_state_worse(ARCP_UNKNOWN, ARCP_OK), ARCP_UNKNOWN);
}

/* The endpoint counts are observations once one row was probed, whatever
 * the others; never when the check did not run or no row was probed. */
static void test_endpoints_observed(void **state)
{
    (void)state;
    struct arcp_endpoint eps[3];
    memset(eps, 0, sizeof eps);
    arcp_report r;
    memset(&r, 0, sizeof r);
    r.checks = ARCP_CHECK_ALL;
    /* no rows at all: the network module missing, the cloud unknown */
    assert_int_equal(arcp_endpoints_observed(&r), 0);
    r.endpoints.items = eps;
    assert_int_equal(arcp_endpoints_observed(&r), 0);
    /* the deadline left every row unprobed */
    r.endpoints.count = 3;
    for (size_t i = 0; i < 3; i++)
        eps[i].cls = ARCP_EP_NOT_PROBED;
    assert_int_equal(arcp_endpoints_observed(&r), 0);
    /* one failure observed, the rest cut short: partial, but observed */
    eps[2].cls = ARCP_EP_TIMEOUT;
    assert_int_equal(arcp_endpoints_observed(&r), 1);
    eps[2].cls = ARCP_EP_NOT_PROBED;
    eps[0].cls = ARCP_EP_OK;
    assert_int_equal(arcp_endpoints_observed(&r), 1);
    /* every row probed */
    for (size_t i = 0; i < 3; i++)
        eps[i].cls = ARCP_EP_DNS_FAILURE;
    assert_int_equal(arcp_endpoints_observed(&r), 1);
    /* rows, but the endpoints check was not run */
    r.checks = ARCP_CHECK_HIMDS | ARCP_CHECK_AGENT | ARCP_CHECK_AZCM;
    assert_int_equal(arcp_endpoints_observed(&r), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classification_table),   cmocka_unit_test(test_silent_resolver),
        cmocka_unit_test(test_remedy_for_every_class), cmocka_unit_test(test_states),
        cmocka_unit_test(test_endpoints_observed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

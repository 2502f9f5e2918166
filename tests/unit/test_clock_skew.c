/* Clock skew from the endpoints' Date headers: the offset of one answer,
 * the median over distinct hosts, the thresholds and the sign. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "arcprobe.h"
#include "clock_skew.h"
#include "sanitize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void offset_of_one_answer(void **state)
{
    (void)state;
    /* sent at 100.0, Date arrived at 102.0: the server stamped second 90,
     * so its clock read 90.5 at our 101.0: we are 10.5 s ahead */
    assert_true(fabs(clock_offset_from(90, 100.0, 102.0) - 10.5) < 1e-9);
    /* the server ahead: we are behind, the offset is negative */
    assert_true(fabs(clock_offset_from(700, 100.0, 100.2) - (-600.4)) < 1e-9);
}

static void offset_of_a_request(void **state)
{
    (void)state;
    struct http_request req;
    memset(&req, 0, sizeof req);
    req.done = 1;
    req.http_status = 200;
    /* Sun, 06 Nov 1994 08:49:37 GMT = 784111777 (RFC 9110's example) */
    snprintf(req.date, sizeof req.date, "Sun, 06 Nov 1994 08:49:37 GMT");
    req.start_wall = 784111777.0 + 600.0;
    req.tls_s = 0.5; /* the request left half a second after set-up */
    req.connect_s = 0.1;
    req.ttfb_s = 1.5;
    req.date_wall = req.start_wall + 1.5;
    double off = 0;
    assert_int_equal(clock_offset_of_request(&req, &off), 0);
    /* sent at +600.5, arrived +601.5: midpoint +601.0, Date + 0.5 */
    assert_true(fabs(off - 600.5) < 1e-6);

    /* libcurl started the transfer 2 s after set-up (queued): the round
     * trip is taken back from the Date's arrival, not from set-up */
    struct http_request late = req;
    late.date_wall = req.start_wall + 3.5;
    assert_int_equal(clock_offset_of_request(&late, &off), 0);
    /* sent at +602.5, arrived +603.5: midpoint +603.0 */
    assert_true(fabs(off - 602.5) < 1e-6);

    /* no first-byte time: set-up + ready stands in */
    struct http_request nottfb = req;
    nottfb.ttfb_s = -1;
    assert_int_equal(clock_offset_of_request(&nottfb, &off), 0);
    assert_true(fabs(off - 600.5) < 1e-6);

    struct http_request bad = req;
    snprintf(bad.date, sizeof bad.date, "yesterday-ish");
    assert_int_equal(clock_offset_of_request(&bad, &off), -1);
    bad = req;
    bad.date[0] = '\0';
    assert_int_equal(clock_offset_of_request(&bad, &off), -1);
    bad = req;
    bad.http_status = 0; /* no HTTP answer: nothing to compare */
    assert_int_equal(clock_offset_of_request(&bad, &off), -1);
}

static void median(void **state)
{
    (void)state;
    double odd[] = {5, -1, 3};
    assert_true(clock_median(odd, 3) == 3);
    double even[] = {10, 0.5, 1.5, 600};
    assert_true(clock_median(even, 4) == 5.75);
    double one[] = {-7};
    assert_true(clock_median(one, 1) == -7);
}

struct sample {
    const char *url;
    int has_date;
    double offset;
};

static void judge(const arcp_config *cfg, const struct sample *s, size_t n, struct arcp_clock *out)
{
    struct arcp_endpoint items[8];
    memset(items, 0, sizeof items);
    for (size_t i = 0; i < n; i++) {
        arcp_copy(items[i].url, sizeof items[i].url, s[i].url);
        items[i].has_date = s[i].has_date;
        items[i].clock_offset_s = s[i].offset;
    }
    struct arcp_endpoints eps;
    memset(&eps, 0, sizeof eps);
    eps.count = n;
    eps.items = items;
    clock_skew_judge(cfg, &eps, out);
}

static void thresholds_and_sign(void **state)
{
    (void)state;
    arcp_config *cfg = arcp_config_new();
    struct arcp_clock c;
    const struct sample behind[] = {{"https://a.example/", 1, -600.2},
                                    {"https://b.example/x", 1, -599.9}};
    judge(cfg, behind, 2, &c);
    assert_int_equal(c.judged, 1);
    assert_int_equal(c.state, ARCP_CRITICAL);
    assert_true(c.offset_s < -599 && c.offset_s > -601);
    assert_non_null(strstr(c.text, "600 s behind"));
    assert_non_null(strstr(c.remedy, "chrony"));
    assert_non_null(strstr(c.remedy, "systemd-timesyncd"));
    assert_true(c.cause[0] != '\0');

    const struct sample ahead[] = {{"https://a.example/", 1, 600}, {"https://b.example/", 1, 600}};
    judge(cfg, ahead, 2, &c);
    assert_int_equal(c.state, ARCP_CRITICAL);
    assert_non_null(strstr(c.text, "600 s ahead"));

    const struct sample minute[] = {{"https://a.example/", 1, 60}, {"https://b.example/", 1, 60}};
    judge(cfg, minute, 2, &c);
    assert_int_equal(c.state, ARCP_OK);
    assert_string_equal(c.remedy, "");

    const struct sample warn[] = {{"https://a.example/", 1, -150}, {"https://b.example/", 1, -150}};
    judge(cfg, warn, 2, &c);
    assert_int_equal(c.state, ARCP_WARNING);

    /* the limit is the configuration's */
    char err[256];
    assert_int_equal(arcp_config_set(cfg, "clock_skew_warning", "30", err, sizeof err), 0);
    judge(cfg, minute, 2, &c);
    assert_int_equal(c.state, ARCP_WARNING);
    assert_int_equal(arcp_config_set(cfg, "clock_skew_critical", "50", err, sizeof err), 0);
    judge(cfg, minute, 2, &c);
    assert_int_equal(c.state, ARCP_CRITICAL);
    arcp_config_free(cfg);
}

static void median_ignores_one_liar(void **state)
{
    (void)state;
    arcp_config *cfg = arcp_config_new();
    struct arcp_clock c;
    const struct sample s[] = {{"https://honest1.example/", 1, 0.2},
                               {"https://liar.example/", 1, -3600},
                               {"https://honest2.example/", 1, 0.4},
                               {"https://honest3.example/", 1, 0.3}};
    judge(cfg, s, 4, &c);
    assert_int_equal(c.answers, 4);
    assert_int_equal(c.state, ARCP_OK);
    assert_true(fabs(c.offset_s - 0.25) < 1e-9);
    arcp_config_free(cfg);
}

static void no_verdict_from_one_host(void **state)
{
    (void)state;
    arcp_config *cfg = arcp_config_new();
    struct arcp_clock c;
    /* one host on two ports, one endpoint without a Date, one plain http */
    const struct sample s[] = {{"https://one.example/", 1, -900},
                               {"https://ONE.example:8443/", 1, -900},
                               {"https://other.example/", 0, 0},
                               {"http://www.microsoft.com/pkiops/certs", 1, -900}};
    judge(cfg, s, 4, &c);
    assert_int_equal(c.answers, 1);
    assert_int_equal(c.judged, 0);
    assert_int_equal(c.state, ARCP_OK);
    assert_non_null(strstr(c.text, "not judged"));
    judge(cfg, s, 0, &c);
    assert_int_equal(c.answers, 0);
    assert_int_equal(c.judged, 0);
    arcp_config_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(offset_of_one_answer),
        cmocka_unit_test(offset_of_a_request),
        cmocka_unit_test(median),
        cmocka_unit_test(thresholds_and_sign),
        cmocka_unit_test(median_ignores_one_liar),
        cmocka_unit_test(no_verdict_from_one_host),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Folding component states into the report, the agent status reader and
 * the JSON schema the CLI prints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "agent_status.h"
#include "arcprobe.h"
#include "json_util.h"
#include "report_fold.h"
#include "sanitize.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

static arcp_report *new_report(void)
{
    arcp_report *r = calloc(1, sizeof *r);
    r->checks = ARCP_CHECK_ALL;
    arcp_copy(r->himds.text, sizeof r->himds.text, "himds fine");
    arcp_copy(r->agent.text, sizeof r->agent.text, "agent fine");
    arcp_copy(r->azcm.text, sizeof r->azcm.text, "no code");
    arcp_copy(r->endpoints.text, sizeof r->endpoints.text, "all reachable");
    return r;
}

static void worst_state_wins(void **state)
{
    (void)state;
    arcp_report *r = new_report();
    report_fold(r);
    assert_int_equal(r->state, ARCP_OK);
    assert_string_equal(r->summary, "himds fine / agent fine / all reachable / no code");

    r->azcm.state = ARCP_WARNING;
    arcp_copy(r->azcm.text, sizeof r->azcm.text, "AZCM0026");
    r->agent.state = ARCP_UNKNOWN;
    arcp_copy(r->agent.text, sizeof r->agent.text, "status unknown");
    report_fold(r);
    /* a finding outranks "could not tell" (arcprobe.h, the severity order) */
    assert_int_equal(r->state, ARCP_WARNING);
    assert_string_equal(r->summary, "azcm: AZCM0026 (+1 more problem)");
    assert_int_equal(r->finding_count, 2);
    assert_string_equal(r->findings[0].component, "azcm");
    assert_string_equal(r->findings[1].component, "agent");

    r->himds.state = ARCP_CRITICAL;
    arcp_copy(r->himds.text, sizeof r->himds.text, "himds down");
    report_fold(r);
    assert_int_equal(r->state, ARCP_CRITICAL);
    assert_string_equal(r->summary, "himds: himds down (+2 more problems)");

    /* components not checked do not count */
    r->checks = ARCP_CHECK_AZCM;
    report_fold(r);
    assert_int_equal(r->state, ARCP_WARNING);
    assert_string_equal(r->summary, "azcm: AZCM0026");
    free(r);
}

static void incomplete_when_endpoints_not_probed(void **state)
{
    (void)state;
    arcp_report *r = new_report();
    r->endpoints.count = 2;
    r->endpoints.items = calloc(2, sizeof *r->endpoints.items);
    r->endpoints.items[1].cls = ARCP_EP_NOT_PROBED;
    report_fold(r);
    assert_int_equal(r->incomplete, 1);
    arcp_report_free(r);
}

static json_object *parse(const char *text)
{
    char why[128];
    json_object *o = json_parse_untrusted(text, strlen(text), why, sizeof why);
    if (!o)
        fail_msg("%s", why);
    return o;
}

static void agent_status_thresholds(void **state)
{
    (void)state;
    arcp_config *cfg = arcp_config_new();
    struct arcp_agent a;
    time_t now = 1764060000; /* 2025-11-25T08:40:00Z */
    json_object *o = parse("{\"status\":\"Connected\",\"lastHeartbeat\":\"2025-11-25T08:39:00Z\","
                           "\"resourceId\":\"/subscriptions/x|y\",\"location\":\"westeurope\"}");
    memset(&a, 0, sizeof a);
    assert_int_equal(agent_status_from_json(o, now, &a), 1);
    json_object_put(o);
    assert_int_equal(a.status, ARCP_AGENT_CONNECTED);
    assert_int_equal(a.heartbeat_age_s, 60);
    assert_string_equal(a.resource_id, "/subscriptions/x/y"); /* sanitised */
    agent_status_fold(cfg, &a, NULL);
    assert_int_equal(a.state, ARCP_OK);

    a.heartbeat_age_s = 901;
    agent_status_fold(cfg, &a, NULL);
    assert_int_equal(a.state, ARCP_WARNING);
    a.heartbeat_age_s = 1801;
    agent_status_fold(cfg, &a, NULL);
    assert_int_equal(a.state, ARCP_CRITICAL);

    /* a heartbeat from the future means a wrong clock, not a fresh heartbeat */
    memset(&a, 0, sizeof a);
    a.status = ARCP_AGENT_CONNECTED;
    a.last_heartbeat = time(NULL) + 3600;
    a.heartbeat_age_s = 0;
    agent_status_fold(cfg, &a, NULL);
    assert_int_equal(a.state, ARCP_WARNING);
    assert_non_null(strstr(a.text, "in the future"));

    const char *texts[] = {"{\"status\":\"Disconnected\"}", "{\"status\":\"Expired\"}"};
    for (int i = 0; i < 2; i++) {
        memset(&a, 0, sizeof a);
        a.heartbeat_age_s = -1;
        o = parse(texts[i]);
        agent_status_from_json(o, now, &a);
        json_object_put(o);
        agent_status_fold(cfg, &a, NULL);
        assert_int_equal(a.state, ARCP_CRITICAL);
    }
    /* the text says what is found; the advice is the remedy's (report_fold) */
    assert_non_null(strstr(a.text, "agent Expired"));
    assert_null(strstr(a.text, "re-onboard"));

    memset(&a, 0, sizeof a);
    o = parse("{\"status\":\"Sleeping\",\"lastHeartbeat\":\"garbage\"}");
    agent_status_from_json(o, now, &a);
    json_object_put(o);
    agent_status_fold(cfg, &a, NULL);
    assert_int_equal(a.state, ARCP_UNKNOWN);
    assert_int_equal(a.last_heartbeat, 0);
    assert_non_null(strstr(a.text, "unknown status 'Sleeping'"));

    memset(&a, 0, sizeof a);
    o = parse("{\"resourceName\":42}");
    assert_int_equal(agent_status_from_json(o, now, &a), 0);
    json_object_put(o);
    agent_status_fold(cfg, &a, "himds refused");
    assert_int_equal(a.state, ARCP_UNKNOWN);
    assert_non_null(strstr(a.text, "himds refused"));
    arcp_config_free(cfg);
}

static void untrusted_json(void **state)
{
    (void)state;
    char why[128];
    assert_null(json_parse_untrusted("", 0, why, sizeof why));
    assert_null(json_parse_untrusted("{\"a\":1} trailing", 16, why, sizeof why));
    assert_non_null(strstr(why, "not JSON"));
    assert_null(json_parse_untrusted("{\"a\":", 5, why, sizeof why));
    char deep[200];
    memset(deep, '[', 100);
    memset(deep + 100, ']', 100);
    assert_null(json_parse_untrusted(deep, sizeof deep, why, sizeof why));
    json_object *o = json_parse_untrusted("{\"a\":1}\n", 8, why, sizeof why);
    assert_non_null(o);
    json_object_put(o);
}

static void json_schema(void **state)
{
    (void)state;
    arcp_report *r = new_report();
    r->state = ARCP_WARNING;
    r->agent.status = ARCP_AGENT_CONNECTED;
    r->agent.heartbeat_age_s = 30;
    r->agent.last_heartbeat = 1764060000;
    r->himds.identity = 1;
    r->himds.endpoint_ms = 2.5;
    r->azcm.found = 1;
    r->azcm.code = 26;
    arcp_copy(r->azcm.code_str, sizeof r->azcm.code_str, "AZCM0026");
    r->azcm.meaning = "network error";
    r->azcm.code_remedy = "check the network";
    r->endpoints.count = 1;
    r->endpoints.items = calloc(1, sizeof *r->endpoints.items);
    struct arcp_endpoint *e = &r->endpoints.items[0];
    arcp_copy(e->name, sizeof e->name, "login.microsoftonline.com");
    e->cls = ARCP_EP_DNS_FAILURE;
    e->state = ARCP_CRITICAL;
    e->dns_s = -1;
    e->total_s = 0.25;
    char *text = arcp_report_json(r);
    assert_non_null(text);
    json_object *o = parse(text);
    json_object *v, *h, *ep;
    assert_true(json_object_object_get_ex(o, "state", &v));
    assert_string_equal(json_object_get_string(v), "WARNING");
    assert_true(json_object_object_get_ex(o, "himds", &h));
    assert_true(json_object_object_get_ex(h, "identity", &v));
    assert_true(json_object_get_boolean(v));
    assert_true(json_object_object_get_ex(o, "agent", &h));
    assert_true(json_object_object_get_ex(h, "last_heartbeat", &v));
    assert_string_equal(json_object_get_string(v), "2025-11-25T08:40:00Z");
    assert_true(json_object_object_get_ex(o, "azcm", &h));
    assert_true(json_object_object_get_ex(h, "code", &v));
    assert_string_equal(json_object_get_string(v), "AZCM0026");
    assert_true(json_object_object_get_ex(o, "endpoints", &h));
    assert_int_equal(json_object_array_length(h), 1);
    ep = json_object_array_get_idx(h, 0);
    assert_true(json_object_object_get_ex(ep, "class", &v));
    assert_string_equal(json_object_get_string(v), "dns_failure");
    assert_true(json_object_object_get_ex(ep, "dns_s", &v));
    assert_null(v); /* a phase never reached is null, not -1 */
    assert_true(json_object_object_get_ex(ep, "total_s", &v));
    assert_true(json_object_get_double(v) == 0.25);
    json_object_put(o);
    free(text);
    arcp_report_free(r);
}

/* The JSON member (object, key) after setting one source in the report. */
static char *source_in_json(arcp_report *r, const char *object, const char *key)
{
    char *text = arcp_report_json(r);
    json_object *o = parse(text), *part, *v;
    char *got = NULL;
    if (json_object_object_get_ex(o, object, &part) && json_object_object_get_ex(part, key, &v))
        got = strdup(v ? json_object_get_string(v) : "(null)");
    json_object_put(o);
    free(text);
    return got ? got : strdup("(absent)");
}

/* The report's sources are enumerations; the JSON keeps the spellings it
 * had when they were strings, and an unset source stays null (or ""). */
static void json_source_spellings(void **state)
{
    (void)state;
    /* every source enumeration is stored as an int (memcpy below) */
    _Static_assert(sizeof(arcp_proxy_source) == sizeof(int), "enum size");
    /* per source: the JSON value for each enumeration value, in order */
#define AT(member) offsetof(arcp_report, member)
    static const struct {
        size_t offset; /* of the enumeration in arcp_report */
        const char *object, *key;
        const char *want[8];
    } sources[] = {
        {AT(himds.service_method), "himds", "service_method", {"", "systemd", "proc", "none"}},
        {AT(himds.identity_source),
         "himds",
         "identity_source",
         {"(null)", "challenge", "remembered", "off", "no state"}},
        {AT(agent.source), "agent", "source", {"", "agentstatus", "azcmagent show", "none"}},
        {AT(endpoints.cloud_source),
         "endpoint_summary",
         "cloud_source",
         {"(null)", "config", "agentconfig.json", "himds", "default"}},
        {AT(endpoints.his_source),
         "endpoint_summary",
         "his_source",
         {"(null)", "discovery", "gbl", "config"}},
        {AT(endpoints.proxy_source),
         "endpoint_summary",
         "proxy_source",
         {"(null)", "override", "gateway", "config", "unit environment",
          "systemd default environment", "none"}},
    };
#undef AT
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
        for (int v = 0; sources[i].want[v] != NULL; v++) {
            arcp_report *r = new_report();
            memcpy((char *)r + sources[i].offset, &v, sizeof v);
            char *got = source_in_json(r, sources[i].object, sources[i].key);
            if (strcmp(got, sources[i].want[v]) != 0)
                fail_msg("%s.%s = %d: \"%s\", want \"%s\"", sources[i].object, sources[i].key, v,
                         got, sources[i].want[v]);
            free(got);
            arcp_report_free(r);
        }
    }
    assert_string_equal(arcp_proxy_source_name((arcp_proxy_source)99), "invalid");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worst_state_wins),
        cmocka_unit_test(incomplete_when_endpoints_not_probed),
        cmocka_unit_test(agent_status_thresholds),
        cmocka_unit_test(untrusted_json),
        cmocka_unit_test(json_schema),
        cmocka_unit_test(json_source_spellings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

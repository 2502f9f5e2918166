/* test_collectd_plugin.c - the azure_arc collectd plugin against a recording
 * stand-in for collectd's plugin API (collectd_stub.c): config parsing of good
 * and bad blocks, values and notifications for constructed reports of every
 * simulator scenario, state tracking, and the read callback on the real core.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "azure_arc.h"
#include "collectd_stub.h"
#include "test_dir.h"

#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* helpers                                                             */

static int setup_all(void **state)
{
    (void)state;
    return test_dir_create("azarc-test");
}

static int teardown_all(void **state)
{
    (void)state;
    return test_dir_remove();
}

static int reset(void **state)
{
    (void)state;
    stub_shutdown();
    stub_interval = DOUBLE_TO_CDTIME_T(10.0);
    stub_record = 1;
    module_register();
    return 0;
}

static const char *write_file(const char *name, const char *text)
{
    static char path[320];
    snprintf(path, sizeof(path), "%s/%s", test_dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static azarc_instance *registered_instance(const char *instance)
{
    char name[128];
    snprintf(name, sizeof(name), "azure_arc/%s", instance);
    const struct stub_read *r = stub_find_read(name);
    return r != NULL ? r->ud.data : NULL;
}

static double value_of(const char *type, const char *type_instance)
{
    const struct stub_value *v = stub_find_value(NULL, type, type_instance);
    if (v == NULL)
        fail_msg("no value %s-%s dispatched", type, type_instance);
    return v->value;
}

/* An unused TCP port on 127.0.0.1: connecting to it is refused. */
static int closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

/* ------------------------------------------------------------------ */
/* constructed reports, one per simulator scenario                    */

static const char *scenarios[] = {"connected",     "disconnected", "expired",
                                  "azcm-error",    "himds-down",   "himds-hung",
                                  "himds-garbage", "himds-slow",   "himds-html"};

static void set_endpoint(struct arcp_endpoint *e, const char *name, arcp_required req)
{
    snprintf(e->name, sizeof(e->name), "%s", name);
    snprintf(e->url, sizeof(e->url), "https://%s/", name);
    e->required = req;
    e->state = ARCP_OK;
    e->cls = ARCP_EP_OK;
    e->dns_s = 0.001;
    e->connect_s = 0.002;
    e->tls_s = 0.010;
    e->ttfb_s = 0.020;
    e->total_s = 0.021;
    e->http_status = 200;
    snprintf(e->tls_version, sizeof(e->tls_version), "TLSv1.3");
    e->remedy = "";
}

static void fail_endpoint(struct arcp_endpoint *e, arcp_state state, arcp_endpoint_class cls,
                          const char *detail, const char *remedy)
{
    e->state = state;
    e->cls = cls;
    e->tls_s = e->ttfb_s = -1;
    e->total_s = 2.0;
    e->http_status = 0;
    snprintf(e->detail, sizeof(e->detail), "%s", detail);
    e->remedy = remedy;
}

static arcp_report *report_new(const char *scenario)
{
    arcp_report *r = calloc(1, sizeof(*r));
    assert_non_null(r);
    r->checks = ARCP_CHECK_ALL;
    r->probe_time = time(NULL);

    r->himds.state = ARCP_OK;
    snprintf(r->himds.text, sizeof(r->himds.text), "himds active, metadata answered in 3 ms");
    r->himds.service = ARCP_SERVICE_ACTIVE;
    r->himds.service_method = ARCP_METHOD_PROC;
    r->himds.endpoint = ARCP_HIMDS_ANSWERED;
    r->himds.endpoint_http_status = 200;
    r->himds.endpoint_ms = 3.0;
    r->himds.identity = 1;

    r->agent.state = ARCP_OK;
    snprintf(r->agent.text, sizeof(r->agent.text), "Connected, heartbeat 60 s ago");
    r->agent.status = ARCP_AGENT_CONNECTED;
    r->agent.heartbeat_age_s = 60;
    r->agent.expires_in_s = -1;

    r->azcm.state = ARCP_OK;
    snprintf(r->azcm.text, sizeof(r->azcm.text), "no AZCM code in the logs");
    r->azcm.code = -1;
    r->azcm.age_s = -1;
    r->azcm.code_remedy = "";

    r->endpoints.state = ARCP_OK;
    r->endpoints.count = 3;
    r->endpoints.items = calloc(3, sizeof(struct arcp_endpoint));
    assert_non_null(r->endpoints.items);
    set_endpoint(&r->endpoints.items[0], "login.microsoftonline.com", ARCP_REQUIRED_ALWAYS);
    set_endpoint(&r->endpoints.items[1], "gbl.his.arc.azure.com", ARCP_REQUIRED_ALWAYS);
    set_endpoint(&r->endpoints.items[2], "westeurope-gas.guestconfiguration.azure.com:443",
                 ARCP_REQUIRED_ALWAYS);

    if (strcmp(scenario, "disconnected") == 0) {
        r->agent.state = ARCP_CRITICAL;
        r->agent.status = ARCP_AGENT_DISCONNECTED;
        r->agent.heartbeat_age_s = 2400;
        r->agent.expires_in_s = 45LL * 86400 - 2400;
        snprintf(r->agent.text, sizeof(r->agent.text), "Disconnected, heartbeat 40 min ago");
    } else if (strcmp(scenario, "expired") == 0) {
        r->agent.state = ARCP_CRITICAL;
        r->agent.status = ARCP_AGENT_EXPIRED;
        r->agent.heartbeat_age_s = 50LL * 86400;
        r->agent.expires_in_s = 0;
        r->agent.expiry_state = ARCP_CRITICAL;
        snprintf(r->agent.text, sizeof(r->agent.text), "Expired, heartbeat 50 days ago");
    } else if (strcmp(scenario, "azcm-error") == 0) {
        r->azcm.state = ARCP_WARNING;
        r->azcm.found = 1;
        r->azcm.code = 26;
        snprintf(r->azcm.code_str, sizeof(r->azcm.code_str), "AZCM0026");
        r->azcm.age_s = 120;
        r->azcm.time = r->probe_time - 120;
        r->azcm.known = 1;
        r->azcm.meaning = "Network Error";
        r->azcm.code_remedy = "check connectivity and the proxy to the Azure endpoints";
        snprintf(r->azcm.text, sizeof(r->azcm.text), "AZCM0026 Network Error 2 min ago");
    } else if (strcmp(scenario, "himds-down") == 0) {
        r->himds.state = ARCP_CRITICAL;
        r->himds.service = ARCP_SERVICE_INACTIVE;
        r->himds.endpoint = ARCP_HIMDS_REFUSED;
        r->himds.endpoint_http_status = 0;
        r->himds.endpoint_ms = -1;
        r->himds.identity = 0;
        snprintf(r->himds.text, sizeof(r->himds.text), "himds not running, connection refused");
        r->agent.state = ARCP_UNKNOWN;
        r->agent.status = ARCP_AGENT_UNKNOWN;
        r->agent.heartbeat_age_s = -1;
        snprintf(r->agent.text, sizeof(r->agent.text), "status unknown: himds does not answer");
    } else if (strcmp(scenario, "himds-hung") == 0) {
        r->himds.state = ARCP_CRITICAL;
        r->himds.endpoint = ARCP_HIMDS_TIMEOUT;
        r->himds.endpoint_http_status = 0;
        r->himds.endpoint_ms = -1;
        snprintf(r->himds.text, sizeof(r->himds.text), "himds accepted but did not answer");
    } else if (strcmp(scenario, "himds-garbage") == 0) {
        r->himds.state = ARCP_CRITICAL;
        r->himds.endpoint = ARCP_HIMDS_GARBAGE;
        snprintf(r->himds.text, sizeof(r->himds.text), "himds answered 200 with malformed JSON");
    } else if (strcmp(scenario, "himds-slow") == 0) {
        r->himds.state = ARCP_WARNING;
        r->himds.endpoint_ms = 2500;
        snprintf(r->himds.text, sizeof(r->himds.text), "himds answered slowly (2500 ms)");
    } else if (strcmp(scenario, "himds-html") == 0) {
        r->himds.state = ARCP_CRITICAL;
        r->himds.endpoint = ARCP_HIMDS_HTML;
        r->himds.endpoint_http_status = 502;
        snprintf(r->himds.text, sizeof(r->himds.text), "himds answered an HTML page (502)");
    } else {
        assert_string_equal(scenario, "connected");
    }
    /* the core folds states, findings, causes and remedies */
    arcp_report_refold(r);
    return r;
}

static void report_free(arcp_report *r)
{
    if (r != NULL)
        free(r->endpoints.items);
    free(r);
}

/* ------------------------------------------------------------------ */
/* module registration                                                 */

static void test_module_register(void **state)
{
    (void)state;
    assert_int_equal(stub_config_registrations, 1);
    assert_int_equal(stub_init_registrations, 1);
    assert_string_equal(stub_config_name, "azure_arc");
    assert_string_equal(stub_init_name, "azure_arc");
    assert_int_equal(stub_read_count(), 0); /* reads come from config or init */
}

static void test_init_without_plugin_block_reads_default(void **state)
{
    (void)state;
    /* a bare `LoadPlugin azure_arc`: collectd never calls config, and init
     * reads the machine with every default, as an empty block would */
    stub_interval = DOUBLE_TO_CDTIME_T(5.0);
    assert_int_equal(stub_init_cb(), 0);
    assert_int_equal(stub_read_count(), 1);
    const struct stub_read *r = stub_read_at(0);
    assert_string_equal(r->name, "azure_arc/default");
    azarc_instance *inst = r->ud.data;
    assert_int_equal(inst->checks, ARCP_CHECK_ALL);
    assert_true(fabs(inst->timeout_s - 4.0) < 1e-9); /* 0.8 x the LoadPlugin interval */
    assert_int_equal(stub_log_matching(LOG_WARNING, NULL), 0);
}

static void test_init_after_plugin_block_adds_nothing(void **state)
{
    (void)state;
    oconfig_item_t *ci = ci_root("Plugin", "s:azure_arc", NULL);
    ci_add(ci, "Instance", "s:only", NULL);
    assert_int_equal(stub_config_cb(ci), 0);
    ci_free(ci);
    assert_int_equal(stub_init_cb(), 0);
    assert_int_equal(stub_read_count(), 1);
    assert_string_equal(stub_read_at(0)->name, "azure_arc/only");
}

static void test_init_without_plugin_block_bad_file_fails(void **state)
{
    (void)state;
    const char *saved = getenv("ARCPROBE_CONFIG");
    char keep[320];
    snprintf(keep, sizeof(keep), "%s", saved != NULL ? saved : "");
    setenv("ARCPROBE_CONFIG", write_file("bad.conf", "no_such_key = 1\n"), 1);
    int rc = stub_init_cb();
    setenv("ARCPROBE_CONFIG", keep, 1);
    assert_int_not_equal(rc, 0);
    assert_int_equal(stub_read_count(), 0);
    assert_int_equal(stub_log_matching(LOG_ERR, "without a <Plugin azure_arc> block"), 1);
}

/* ------------------------------------------------------------------ */
/* config: good blocks                                                 */

static void test_config_minimal_makes_default_instance(void **state)
{
    (void)state;
    oconfig_item_t *ci = ci_root("Plugin", "s:azure_arc", NULL);
    assert_int_equal(stub_config_cb(ci), 0);
    ci_free(ci);

    assert_int_equal(stub_read_count(), 1);
    const struct stub_read *r = stub_read_at(0);
    assert_string_equal(r->name, "azure_arc/default");
    assert_string_equal(r->group, "azure_arc");
    assert_int_equal(r->interval, 0); /* collectd's own interval */
    assert_non_null(r->ud.free_func);
    azarc_instance *inst = r->ud.data;
    assert_int_equal(inst->checks, ARCP_CHECK_ALL);
    /* Interval 10 s: the default timeout of 10 s is cut to 0.8 * 10. */
    assert_true(fabs(inst->timeout_s - 8.0) < 1e-9);
    assert_true(fabs(arcp_config_timeout(inst->cfg) - 8.0) < 1e-9);
    assert_int_equal(stub_log_matching(LOG_WARNING, NULL), 0);
}

static void test_config_two_instances(void **state)
{
    (void)state;
    const char *file = write_file("shared.conf", "himds_url = http://127.0.0.1:40342\n"
                                                 "timeout = 30\n"
                                                 "agent_dir = /var/opt/azcmagent\n");
    stub_interval = DOUBLE_TO_CDTIME_T(60.0);
    oconfig_item_t *ci = ci_root("Plugin", "s:azure_arc", NULL);
    ci_add(ci, "ConfigFile", file, NULL);
    ci_add(ci, "Checks", "s:himds", "s:agent", NULL);
    ci_add(ci, "Set", "s:service_check", "s:none", NULL);
    oconfig_item_t *a = ci_add(ci, "Instance", "s:local", NULL);
    ci_add(a, "Interval", "n:30", NULL);
    ci_add(a, "Timeout", "n:5", NULL);
    ci_add(a, "Set", "s:himds_url", "s:http://127.0.0.1:1", NULL);
    oconfig_item_t *b = ci_add(ci, "Instance", "s:net-2", NULL);
    ci_add(b, "Checks", "s:endpoints,azcm", NULL);
    ci_add(b, "endpoint_timeout", "n:3", NULL); /* a probe key written directly */
    ci_add(b, "Cloud", "s:AzureUSGovernment", NULL);
    assert_int_equal(stub_config_cb(ci), 0);
    ci_free(ci);

    assert_int_equal(stub_read_count(), 2);
    azarc_instance *local = registered_instance("local");
    azarc_instance *net = registered_instance("net-2");
    assert_non_null(local);
    assert_non_null(net);

    assert_int_equal(local->checks, ARCP_CHECK_HIMDS | ARCP_CHECK_AGENT);
    assert_true(fabs(local->interval_s - 30.0) < 1e-9);
    assert_int_equal(stub_find_read("azure_arc/local")->interval, DOUBLE_TO_CDTIME_T(30.0));
    assert_true(fabs(arcp_config_timeout(local->cfg) - 5.0) < 1e-9);
    assert_string_equal(arcp_config_get(local->cfg, "himds_url"), "http://127.0.0.1:1");
    assert_string_equal(arcp_config_get(local->cfg, "service_check"), "none");

    assert_int_equal(net->checks, ARCP_CHECK_ENDPOINTS | ARCP_CHECK_AZCM);
    assert_int_equal(stub_find_read("azure_arc/net-2")->interval, 0);
    /* The file's 30 s is already below 0.8 * the 60 s interval: kept. */
    assert_true(fabs(arcp_config_timeout(net->cfg) - 30.0) < 1e-9);
    assert_string_equal(arcp_config_get(net->cfg, "himds_url"), "http://127.0.0.1:40342");
    assert_string_equal(arcp_config_get(net->cfg, "service_check"), "none");
    assert_string_equal(arcp_config_get(net->cfg, "cloud"), "AzureUSGovernment");
    assert_int_equal(stub_log_matching(LOG_WARNING, NULL), 0);
}

static void test_config_timeout_rules(void **state)
{
    (void)state;
    stub_interval = DOUBLE_TO_CDTIME_T(10.0);
    oconfig_item_t *ci = ci_root("Plugin", "s:azure_arc", NULL);
    oconfig_item_t *a = ci_add(ci, "Instance", "s:fast", NULL);
    ci_add(a, "Interval", "n:5", NULL); /* default timeout 0.8 * 5 */
    oconfig_item_t *b = ci_add(ci, "Instance", "s:set", NULL);
    ci_add(b, "Set", "s:timeout", "s:3", NULL); /* an explicit probe timeout wins */
    oconfig_item_t *c = ci_add(ci, "Instance", "s:long", NULL);
    ci_add(c, "Timeout", "n:12", NULL); /* allowed, but warned about */
    assert_int_equal(stub_config_cb(ci), 0);
    ci_free(ci);

    /* the instance refines the plugin level, whichever way each writes it */
    oconfig_item_t *levels = ci_root("Plugin", "s:azure_arc", NULL);
    ci_add(levels, "Timeout", "n:2", NULL);
    oconfig_item_t *d = ci_add(levels, "Instance", "s:own-set", NULL);
    ci_add(d, "Set", "s:timeout", "s:6", NULL);
    oconfig_item_t *e = ci_add(levels, "Instance", "s:inherits", NULL);
    ci_add(e, "Checks", "s:himds", NULL);
    assert_int_equal(stub_config_cb(levels), 0);
    ci_free(levels);
    oconfig_item_t *sets = ci_root("Plugin", "s:azure_arc", NULL);
    ci_add(sets, "Set", "s:timeout", "s:7", NULL);
    oconfig_item_t *f = ci_add(sets, "Instance", "s:own-option", NULL);
    ci_add(f, "Timeout", "n:1.5", NULL);
    assert_int_equal(stub_config_cb(sets), 0);
    ci_free(sets);
    assert_true(fabs(registered_instance("own-set")->timeout_s - 6.0) < 1e-9);
    assert_true(fabs(arcp_config_timeout(registered_instance("own-set")->cfg) - 6.0) < 1e-9);
    assert_true(fabs(registered_instance("inherits")->timeout_s - 2.0) < 1e-9);
    assert_true(fabs(registered_instance("own-option")->timeout_s - 1.5) < 1e-9);

    assert_true(fabs(registered_instance("fast")->timeout_s - 4.0) < 1e-9);
    assert_true(fabs(arcp_config_timeout(registered_instance("set")->cfg) - 3.0) < 1e-9);
    assert_true(fabs(arcp_config_timeout(registered_instance("long")->cfg) - 12.0) < 1e-9);
    assert_int_equal(stub_log_matching(LOG_WARNING, "instance \"long\": Timeout 12.000 s is not "
                                                    "below the interval 10.000 s"),
                     1);
    assert_int_equal(stub_log_matching(LOG_WARNING, NULL), 1);
}

static void test_config_empty_instance_inherits(void **state)
{
    (void)state;
    oconfig_item_t *ci = ci_root("Plugin", "s:azure_arc", NULL);
    ci_add(ci, "Checks", "s:all", NULL);
    ci_add(ci, "Instance", "s:plain", NULL);
    assert_int_equal(stub_config_cb(ci), 0);
    ci_free(ci);
    assert_int_equal(stub_read_count(), 1);
    assert_int_equal(registered_instance("plain")->checks, ARCP_CHECK_ALL);
}

/* ------------------------------------------------------------------ */
/* config: bad blocks                                                  */

struct bad_case {
    const char *what;
    const char *error_text; /* must appear in an ERROR line */
};

/* Build a block with one good instance "good" and one bad instance made by
 * the callback; the bad one must not be registered, the good one must. */
static void check_bad_instance(void (*make_bad)(oconfig_item_t *), const char *error_text)
{
    oconfig_item_t *ci = ci_root("Plugin", "s:azure_arc", NULL);
    ci_add(ci, "Instance", "s:good", NULL);
    make_bad(ci);
    int rc = stub_config_cb(ci);
    ci_free(ci);
    if (rc != -1 || stub_log_matching(LOG_ERR, error_text) < 1) {
        for (size_t i = 0; i < stub_log_count(); i++)
            print_message("log: %s\n", stub_log_at(i)->message);
        fail_msg("expected rc -1 and an ERROR containing \"%s\", got rc %d", error_text, rc);
    }
    assert_int_equal(stub_read_count(), 1);
    assert_non_null(registered_instance("good"));
}

static void bad_unknown_key(oconfig_item_t *ci)
{
    oconfig_item_t *b = ci_add(ci, "Instance", "s:bad", NULL);
    ci_add(b, "Set", "s:no_such_key", "s:1", NULL);
}
static void bad_direct_key_value(oconfig_item_t *ci)
{
    oconfig_item_t *b = ci_add(ci, "Instance", "s:bad", NULL);
    ci_add(b, "service_check", "s:sometimes", NULL);
}
static void bad_interval(oconfig_item_t *ci)
{
    oconfig_item_t *b = ci_add(ci, "Instance", "s:bad", NULL);
    ci_add(b, "Interval", "s:soon", NULL);
}
static void bad_timeout_zero(oconfig_item_t *ci)
{
    oconfig_item_t *b = ci_add(ci, "Instance", "s:bad", NULL);
    ci_add(b, "Timeout", "n:0", NULL);
}
static void bad_checks(oconfig_item_t *ci)
{
    oconfig_item_t *b = ci_add(ci, "Instance", "s:bad", NULL);
    ci_add(b, "Checks", "s:himds", "s:bogus", NULL);
}
static void bad_set_arity(oconfig_item_t *ci)
{
    oconfig_item_t *b = ci_add(ci, "Instance", "s:bad", NULL);
    ci_add(b, "Set", "s:timeout", NULL);
}
static void bad_missing_file(oconfig_item_t *ci)
{
    oconfig_item_t *b = ci_add(ci, "Instance", "s:bad", NULL);
    ci_add(b, "ConfigFile", "s:/nonexistent/arcprobe.conf", NULL);
}
static void bad_file_content(oconfig_item_t *ci)
{
    const char *file = write_file("bad.conf", "timeout = -4\n");
    oconfig_item_t *b = ci_add(ci, "Instance", "s:bad", NULL);
    ci_add(b, "ConfigFile", file, NULL);
}
/* ConfigFile is read by collectd's cf_util_get_string, which names the
 * option in its own refusal. */
static void bad_file_number(oconfig_item_t *ci)
{
    oconfig_item_t *b = ci_add(ci, "Instance", "s:bad", NULL);
    ci_add(b, "ConfigFile", "n:42", NULL);
}
static void bad_name(oconfig_item_t *ci)
{
    ci_add(ci, "Instance", "s:a/b", NULL);
}
static void bad_name_missing(oconfig_item_t *ci)
{
    ci_add(ci, "Instance", NULL);
}
static void bad_name_number(oconfig_item_t *ci)
{
    ci_add(ci, "Instance", "n:5", NULL);
}
static void bad_duplicate(oconfig_item_t *ci)
{
    oconfig_item_t *b = ci_add(ci, "Instance", "s:good", NULL);
    ci_add(b, "Checks", "s:himds", NULL);
}
static void bad_nested_block(oconfig_item_t *ci)
{
    oconfig_item_t *b = ci_add(ci, "Instance", "s:bad", NULL);
    oconfig_item_t *n = ci_add(b, "Instance", "s:inner", NULL);
    ci_add(n, "Checks", "s:himds", NULL);
}
static void bad_timeout_over_core_limit(oconfig_item_t *ci)
{
    oconfig_item_t *b = ci_add(ci, "Instance", "s:bad", NULL);
    ci_add(b, "Timeout", "n:7200", NULL);
}

static void test_config_bad_instances(void **state)
{
    static const struct {
        void (*make)(oconfig_item_t *);
        const char *error_text;
    } cases[] = {
        {bad_unknown_key, "instance \"bad\": option \"no_such_key\": "},
        {bad_direct_key_value, "instance \"bad\": option \"service_check\": "},
        {bad_interval, "instance \"bad\": option \"Interval\" needs one number of seconds"},
        {bad_timeout_zero, "instance \"bad\": option \"Timeout\": timeout: '0' must be greater"},
        {bad_checks, "unknown check 'bogus'"},
        {bad_set_arity, "option \"Set\" needs a key and a value"},
        {bad_missing_file, "instance \"bad\": ConfigFile: "},
        {bad_file_content, "instance \"bad\": ConfigFile: "},
        {bad_file_number, "The `ConfigFile' option requires exactly one string argument."},
        {bad_name, "<Instance> needs one name"},
        {bad_name_missing, "<Instance> needs one name"},
        {bad_name_number, "<Instance> needs one name"},
        {bad_duplicate, "instance \"good\" is configured twice"},
        {bad_nested_block, "unexpected block <Instance>"},
        {bad_timeout_over_core_limit, "instance \"bad\": option \"Timeout\": timeout: '7200'"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reset(state);
        check_bad_instance(cases[i].make, cases[i].error_text);
    }
}

static void test_config_bad_message_names_core_error(void **state)
{
    (void)state;
    oconfig_item_t *ci = ci_root("Plugin", "s:azure_arc", NULL);
    ci_add(ci, "Set", "s:himds_url", "s:not-a-url", NULL);
    assert_int_equal(stub_config_cb(ci), -1);
    ci_free(ci);
    assert_int_equal(stub_read_count(), 0);
    /* The core's own error text reaches the log. */
    char core_err[256] = "";
    arcp_config *cfg = arcp_config_new();
    assert_int_equal(arcp_config_set(cfg, "himds_url", "not-a-url", core_err, sizeof(core_err)),
                     -1);
    arcp_config_free(cfg);
    assert_true(strlen(core_err) > 0);
    assert_int_equal(stub_log_matching(LOG_ERR, core_err), 1);
}

/* Timeout has one owner, the core's rule for its timeout key: a value
 * beyond it (7200, and 86400, which the plugin once allowed itself) is
 * refused when the configuration is read, in the core's own words. */
static void test_config_timeout_judged_by_core(void **state)
{
    static const char *const values[] = {"n:7200", "n:86400", "n:100000",
                                         "s:3601", "s:-1",    "s:soon"};
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        reset(state);
        oconfig_item_t *ci = ci_root("Plugin", "s:azure_arc", NULL);
        ci_add(ci, "Timeout", values[i], NULL);
        assert_int_equal(stub_config_cb(ci), -1);
        ci_free(ci);
        assert_int_equal(stub_read_count(), 0);
        char core_err[256] = "", expected[400];
        arcp_config *cfg = arcp_config_new();
        assert_int_equal(arcp_config_set(cfg, "timeout", values[i] + 2, core_err, sizeof(core_err)),
                         -1);
        arcp_config_free(cfg);
        snprintf(expected, sizeof(expected), "<Plugin azure_arc>: option \"Timeout\": %s",
                 core_err);
        if (stub_log_matching(LOG_ERR, expected) != 1) {
            for (size_t j = 0; j < stub_log_count(); j++)
                print_message("log: %s\n", stub_log_at(j)->message);
            fail_msg("no ERROR \"%s\"", expected);
        }
    }
    /* the core's limit itself is accepted */
    reset(state);
    oconfig_item_t *ci = ci_root("Plugin", "s:azure_arc", NULL);
    ci_add(ci, "Timeout", "n:3600", NULL);
    assert_int_equal(stub_config_cb(ci), 0);
    ci_free(ci);
    assert_int_equal(stub_read_count(), 1);
}

static void test_config_bad_plugin_level_registers_nothing(void **state)
{
    (void)state;
    oconfig_item_t *ci = ci_root("Plugin", "s:azure_arc", NULL);
    ci_add(ci, "Interval", "n:-1", NULL);
    ci_add(ci, "Instance", "s:a", NULL);
    ci_add(ci, "Instance", "s:b", NULL);
    assert_int_equal(stub_config_cb(ci), -1);
    ci_free(ci);
    assert_int_equal(stub_read_count(), 0);
    assert_int_equal(stub_log_matching(LOG_ERR, "<Plugin azure_arc>: option \"Interval\""), 1);
    assert_int_equal(stub_log_matching(LOG_ERR, "no instance configured"), 1);
}

static void test_config_register_failure_frees(void **state)
{
    (void)state;
    oconfig_item_t *ci = ci_root("Plugin", "s:azure_arc", NULL);
    ci_add(ci, "Instance", "s:x", NULL);
    stub_fail_next_register = 1; /* collectd frees the user data (ASan checks) */
    assert_int_equal(stub_config_cb(ci), -1);
    assert_int_equal(stub_read_count(), 0);
    assert_int_equal(stub_log_matching(LOG_ERR, "registering the read callback azure_arc/x"), 1);
    /* The name was released: the same block now registers. */
    assert_int_equal(stub_config_cb(ci), 0);
    ci_free(ci);
    assert_int_equal(stub_read_count(), 1);
}

static void test_config_names_released_on_free(void **state)
{
    (void)state;
    oconfig_item_t *ci = ci_root("Plugin", "s:azure_arc", NULL);
    ci_add(ci, "Instance", "s:again", NULL);
    assert_int_equal(stub_config_cb(ci), 0);
    stub_shutdown(); /* collectd calls free_func */
    module_register();
    assert_int_equal(stub_config_cb(ci), 0);
    ci_free(ci);
    assert_int_equal(stub_read_count(), 1);
}

static void test_parse_checks(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(azarc_parse_checks("himds", err, sizeof(err)), ARCP_CHECK_HIMDS);
    assert_int_equal(azarc_parse_checks("Agent, AZCM", err, sizeof(err)),
                     ARCP_CHECK_AGENT | ARCP_CHECK_AZCM);
    assert_int_equal(azarc_parse_checks("all", err, sizeof(err)), ARCP_CHECK_ALL);
    assert_int_equal(azarc_parse_checks("endpoints himds", err, sizeof(err)),
                     ARCP_CHECK_ENDPOINTS | ARCP_CHECK_HIMDS);
    assert_int_equal(azarc_parse_checks("", err, sizeof(err)), 0);
    assert_int_equal(azarc_parse_checks("himdsx", err, sizeof(err)), 0);
    assert_non_null(strstr(err, "himdsx"));
}

/* ------------------------------------------------------------------ */
/* values                                                              */

static const char *stock_types[] = {"gauge",         "bool",          "count",    "duration",
                                    "response_time", "response_code", "timeleft", "time_offset"};

static void assert_common_fields(const char *instance)
{
    for (size_t i = 0; i < stub_value_count(); i++) {
        const struct stub_value *v = stub_value_at(i);
        int stock = 0;
        for (size_t t = 0; t < sizeof(stock_types) / sizeof(stock_types[0]); t++)
            stock |= strcmp(v->type, stock_types[t]) == 0;
        assert_true(stock);
        assert_string_equal(v->plugin, "azure_arc");
        assert_string_equal(v->plugin_instance, instance);
        assert_int_equal(v->values_len, 1);
        if (strcmp(v->type, "bool") == 0 && !isnan(v->value))
            assert_true(v->value == 0 || v->value == 1);
        /* Identifiers must be unique within one dispatch. */
        for (size_t j = 0; j < i; j++) {
            const struct stub_value *w = stub_value_at(j);
            assert_false(strcmp(v->type, w->type) == 0 &&
                         strcmp(v->type_instance, w->type_instance) == 0);
        }
    }
}

/* Values dispatched for ARCP_CHECK_ALL and 3 endpoints. */
/* overall; himds; agent (+ expires_in, expiry_state); azcm; endpoints + clock (state, skew);
 * 8 per endpoint */
#define VALUES_ALL (1 + 5 + 5 + 3 + 3 + 2 + 3 * 8)

static void test_values_connected(void **state)
{
    (void)state;
    arcp_report *r = report_new("connected");
    assert_int_equal(azarc_dispatch_values("site1", r), 0);
    assert_int_equal(stub_value_count(), VALUES_ALL);
    assert_common_fields("site1");

    assert_true(value_of("gauge", "state") == 0);
    assert_true(value_of("gauge", "himds_state") == 0);
    assert_true(value_of("bool", "himds_running") == 1);
    assert_true(value_of("bool", "himds_answering") == 1);
    assert_true(fabs(value_of("response_time", "himds") - 0.003) < 1e-9);
    assert_true(value_of("response_code", "himds") == 200);
    assert_true(value_of("gauge", "agent_status") == 1);
    assert_true(value_of("duration", "heartbeat_age") == 60);
    assert_true(isnan(value_of("gauge", "azcm_code")));
    assert_true(isnan(value_of("duration", "azcm_age")));
    assert_true(value_of("count", "endpoints") == 3);
    assert_true(value_of("count", "endpoints_failed") == 0);
    assert_true(value_of("bool", "reachable-gbl.his.arc.azure.com") == 1);
    assert_true(fabs(value_of("response_time", "dns-gbl.his.arc.azure.com") - 0.001) < 1e-9);
    assert_true(fabs(value_of("response_time", "connect-login.microsoftonline.com") - 0.002) <
                1e-9);
    assert_true(
        fabs(value_of("response_time", "tls-westeurope-gas.guestconfiguration.azure.com:443") -
             0.010) < 1e-9);
    assert_true(fabs(value_of("response_time", "firstbyte-gbl.his.arc.azure.com") - 0.020) < 1e-9);
    assert_true(fabs(value_of("response_time", "total-gbl.his.arc.azure.com") - 0.021) < 1e-9);
    assert_true(value_of("response_code", "http-gbl.his.arc.azure.com") == 200);
    assert_true(value_of("gauge", "state-gbl.his.arc.azure.com") == 0);
    /* connected: no countdown; the fixture's endpoints carry no Date: no clock verdict */
    assert_true(isnan(value_of("timeleft", "expires_in")));
    assert_true(value_of("gauge", "expiry_state") == 0);
    assert_true(isnan(value_of("time_offset", "clock_skew")));
    report_free(r);
}

static void test_values_per_scenario(void **state)
{
    static const struct {
        const char *scenario;
        double state, himds_running, himds_answering, himds_code, himds_rt, agent_status, heartbeat,
            azcm_code, azcm_age;
    } expect[] = {
        {"connected", 0, 1, 1, 200, 0.003, 1, 60, NAN, NAN},
        {"disconnected", 2, 1, 1, 200, 0.003, 0, 2400, NAN, NAN},
        {"expired", 2, 1, 1, 200, 0.003, -1, 50.0 * 86400, NAN, NAN},
        {"azcm-error", 1, 1, 1, 200, 0.003, 1, 60, 26, 120},
        /* himds CRITICAL beside agent UNKNOWN: CRITICAL in the one order */
        {"himds-down", 2, 0, 0, NAN, NAN, NAN, NAN, NAN, NAN},
        {"himds-hung", 2, 1, 0, NAN, NAN, 1, 60, NAN, NAN},
        {"himds-garbage", 2, 1, 0, 200, 0.003, 1, 60, NAN, NAN},
        {"himds-slow", 1, 1, 1, 200, 2.5, 1, 60, NAN, NAN},
        {"himds-html", 2, 1, 0, 502, 0.003, 1, 60, NAN, NAN},
    };
#define SAME(a, b) ((isnan(a) && isnan(b)) || fabs((a) - (b)) < 1e-9)
    for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
        reset(state);
        arcp_report *r = report_new(expect[i].scenario);
        assert_int_equal(azarc_dispatch_values("sim", r), 0);
        assert_int_equal(stub_value_count(), VALUES_ALL);
        assert_common_fields("sim");
        double left = value_of("timeleft", "expires_in");
        if (strcmp(expect[i].scenario, "disconnected") == 0)
            assert_true(left == 45.0 * 86400 - 2400);
        else if (strcmp(expect[i].scenario, "expired") == 0)
            assert_true(left == 0 && value_of("gauge", "expiry_state") == 2);
        else
            assert_true(isnan(left));
        double got[] = {value_of("gauge", "state"),
                        value_of("bool", "himds_running"),
                        value_of("bool", "himds_answering"),
                        value_of("response_code", "himds"),
                        value_of("response_time", "himds"),
                        value_of("gauge", "agent_status"),
                        value_of("duration", "heartbeat_age"),
                        value_of("gauge", "azcm_code"),
                        value_of("duration", "azcm_age")};
        double want[] = {expect[i].state,      expect[i].himds_running, expect[i].himds_answering,
                         expect[i].himds_code, expect[i].himds_rt,      expect[i].agent_status,
                         expect[i].heartbeat,  expect[i].azcm_code,     expect[i].azcm_age};
        for (size_t k = 0; k < sizeof(got) / sizeof(got[0]); k++) {
            if (!SAME(got[k], want[k]))
                fail_msg("scenario %s, value %zu: got %g, want %g", expect[i].scenario, k, got[k],
                         want[k]);
        }
        report_free(r);
    }
#undef SAME
}

static void test_values_failing_endpoint(void **state)
{
    (void)state;
    arcp_report *r = report_new("connected");
    fail_endpoint(&r->endpoints.items[1], ARCP_CRITICAL, ARCP_EP_TIMEOUT,
                  "Connection timed out after 2000 ms", "check the firewall");
    r->endpoints.items[2].cls = ARCP_EP_NOT_PROBED;
    r->endpoints.items[2].state = ARCP_UNKNOWN;
    r->endpoints.items[2].dns_s = r->endpoints.items[2].connect_s = -1;
    r->endpoints.items[2].tls_s = r->endpoints.items[2].ttfb_s = r->endpoints.items[2].total_s = -1;
    r->endpoints.items[2].http_status = 0;
    r->endpoints.failed = 2;
    r->endpoints.state = ARCP_CRITICAL;
    assert_int_equal(azarc_dispatch_values("x", r), 0);
    assert_true(value_of("bool", "reachable-gbl.his.arc.azure.com") == 0);
    assert_true(value_of("gauge", "state-gbl.his.arc.azure.com") == 2);
    assert_true(isnan(value_of("response_time", "tls-gbl.his.arc.azure.com")));
    assert_true(value_of("response_time", "total-gbl.his.arc.azure.com") == 2.0);
    assert_true(isnan(value_of("response_code", "http-gbl.his.arc.azure.com")));
    const char *np = "westeurope-gas.guestconfiguration.azure.com:443";
    char ti[200];
    snprintf(ti, sizeof(ti), "reachable-%s", np);
    assert_true(isnan(value_of("bool", ti)));
    snprintf(ti, sizeof(ti), "dns-%s", np);
    assert_true(isnan(value_of("response_time", ti)));
    assert_true(value_of("count", "endpoints_failed") == 2);
    assert_true(value_of("gauge", "endpoints_state") == 2);
    report_free(r);
}

/* No endpoint observed (every row unprobed, or no rows: the network module
 * is missing, the cloud unknown): the counts are NaN, not "0 failed", while
 * the state still says UNKNOWN. */
static void test_values_no_endpoint_observed(void **state)
{
    (void)state;
    arcp_report *r = report_new("connected");
    for (size_t i = 0; i < r->endpoints.count; i++) {
        r->endpoints.items[i].cls = ARCP_EP_NOT_PROBED;
        r->endpoints.items[i].state = ARCP_UNKNOWN;
    }
    r->endpoints.failed = 0;
    r->endpoints.state = ARCP_UNKNOWN;
    assert_int_equal(azarc_dispatch_values("x", r), 0);
    assert_true(isnan(value_of("count", "endpoints_failed")));
    assert_true(isnan(value_of("count", "endpoints")));
    assert_true(value_of("gauge", "endpoints_state") == 3);
    stub_clear();

    free(r->endpoints.items);
    r->endpoints.items = NULL;
    r->endpoints.count = 0;
    assert_int_equal(azarc_dispatch_values("x", r), 0);
    assert_true(isnan(value_of("count", "endpoints_failed")));
    assert_true(isnan(value_of("count", "endpoints")));
    stub_clear();

    /* partial probing keeps its counts: one row probed is an observation */
    report_free(r);
    r = report_new("connected");
    r->endpoints.items[1].cls = ARCP_EP_NOT_PROBED;
    r->endpoints.items[2].cls = ARCP_EP_NOT_PROBED;
    assert_int_equal(azarc_dispatch_values("x", r), 0);
    assert_true(value_of("count", "endpoints_failed") == 0);
    assert_true(value_of("count", "endpoints") == 3);
    report_free(r);
}

static void test_values_only_checks_run(void **state)
{
    (void)state;
    arcp_report *r = report_new("connected");
    r->checks = ARCP_CHECK_HIMDS;
    assert_int_equal(azarc_dispatch_values("h", r), 0);
    assert_int_equal(stub_value_count(), 1 + 5);
    assert_null(stub_find_value(NULL, "gauge", "agent_status"));
    assert_null(stub_find_value(NULL, "count", "endpoints"));
    report_free(r);
}

static void test_values_overlong_endpoint_name_skipped(void **state)
{
    (void)state;
    arcp_report *r = report_new("connected");
    char name[ARCP_NAME_MAX];
    memset(name, 'a', sizeof(name) - 5);
    memcpy(name + sizeof(name) - 5, ".com", 5);
    snprintf(r->endpoints.items[0].name, sizeof(r->endpoints.items[0].name), "%s", name);
    /* Every per-endpoint value of that endpoint would need cutting, which
     * could make two endpoints collide: they are not dispatched, on purpose
     * (azarc_read says so once), so none counts as a failed dispatch. */
    assert_int_equal(azarc_dispatch_values("x", r), 0);
    assert_int_equal(stub_value_count(), VALUES_ALL - 8);
    for (size_t i = 0; i < stub_value_count(); i++)
        assert_null(strstr(stub_value_at(i)->type_instance, "aaaa"));
    report_free(r);
}

/* A name that fits "state-" but not "firstbyte-" (120 bytes): all of the
 * endpoint's values or none, never a part; 117 bytes still fit all. */
static void test_values_endpoint_all_or_none(void **state)
{
    static const struct {
        size_t len;
        size_t dispatched;
    } cases[] = {{120, 0}, {118, 0}, {117, 8}};
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        reset(state);
        arcp_report *r = report_new("connected");
        char name[ARCP_NAME_MAX];
        memset(name, 'b', cases[c].len - 4);
        memcpy(name + cases[c].len - 4, ".com", 5);
        snprintf(r->endpoints.items[0].name, sizeof(r->endpoints.items[0].name), "%s", name);
        assert_int_equal(azarc_dispatch_values("x", r), 0);
        size_t of_endpoint = 0;
        for (size_t i = 0; i < stub_value_count(); i++)
            of_endpoint += strstr(stub_value_at(i)->type_instance, "bbbb") != NULL;
        if (of_endpoint != cases[c].dispatched)
            fail_msg("name of %zu bytes: %zu of its values dispatched, want %zu", cases[c].len,
                     of_endpoint, cases[c].dispatched);
        const char *first = NULL;
        assert_int_equal(azarc_overlong_endpoints(r, &first), cases[c].dispatched ? 0 : 1);
        report_free(r);
    }
}

/* ------------------------------------------------------------------ */
/* notifications                                                       */

static void assert_notification(size_t i, int severity, const char *type_instance,
                                const char *message_part)
{
    const struct stub_notification *n = stub_notification_at(i);
    assert_non_null(n);
    if (n->severity != severity || strcmp(n->type_instance, type_instance) != 0 ||
        strstr(n->message, message_part) == NULL)
        fail_msg("notification %zu: severity %d type_instance %s message \"%s\"; want %d %s \"%s\"",
                 i, n->severity, n->type_instance, n->message, severity, type_instance,
                 message_part);
    assert_string_equal(n->plugin, "azure_arc");
    assert_string_equal(n->host, "stubhost");
    assert_true(n->time > 0);
    assert_true(strlen(n->message) < NOTIF_MAX_MSG_LEN);
}

static void test_notify_scenarios_from_connected(void **state)
{
    static const struct {
        const char *scenario;
        int count;
        int severity[2];
        const char *type_instance[2];
        const char *part[2];
    } expect[] = {
        {"connected", 0, {0}, {NULL}, {NULL}},
        {"disconnected",
         1,
         {NOTIF_FAILURE},
         {"agent_state"},
         {"agent CRITICAL: Disconnected, heartbeat 40 min ago Fix: run 'azcmagent check'"}},
        {"expired", 1, {NOTIF_FAILURE}, {"agent_state"}, {"Fix: onboard the machine again"}},
        {"azcm-error",
         1,
         {NOTIF_WARNING},
         {"azcm_state"},
         {"AZCM WARNING: AZCM0026 Network Error 2 min ago Fix: check connectivity"}},
        {"himds-down",
         2,
         {NOTIF_FAILURE, NOTIF_WARNING},
         {"himds_state", "agent_state"},
         {"himds CRITICAL: himds not running, connection refused Fix: start it with 'systemctl "
          "start himdsd'",
          "agent UNKNOWN: status unknown"}},
        {"himds-hung",
         1,
         {NOTIF_FAILURE},
         {"himds_state"},
         {"Fix: restart the agent with 'systemctl restart himdsd'"}},
        {"himds-garbage", 1, {NOTIF_FAILURE}, {"himds_state"}, {"Fix: check what listens"}},
        {"himds-slow",
         1,
         {NOTIF_WARNING},
         {"himds_state"},
         {"himds WARNING: himds answered slowly"}},
        {"himds-html", 1, {NOTIF_FAILURE}, {"himds_state"}, {"HTML page (502)"}},
    };
    for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
        reset(state);
        struct azarc_notify_state ns;
        azarc_notify_state_init(&ns);
        arcp_report *ok = report_new("connected");
        arcp_report *bad = report_new(expect[i].scenario);

        assert_int_equal(azarc_notify_update(&ns, "sim", ok), 0);
        assert_int_equal(azarc_notify_update(&ns, "sim", bad), expect[i].count);
        assert_int_equal(stub_notification_count(), (size_t)expect[i].count);
        for (int k = 0; k < expect[i].count; k++) {
            assert_notification((size_t)k, expect[i].severity[k], expect[i].type_instance[k],
                                expect[i].part[k]);
            assert_string_equal(stub_notification_at((size_t)k)->plugin_instance, "sim");
            assert_string_equal(stub_notification_at((size_t)k)->type, "gauge");
        }
        /* Same state again: nothing new. */
        assert_int_equal(azarc_notify_update(&ns, "sim", bad), 0);
        assert_int_equal(azarc_notify_update(&ns, "sim", bad), 0);
        /* Back to connected: one OKAY per component that had changed. */
        assert_int_equal(azarc_notify_update(&ns, "sim", ok), expect[i].count);
        for (int k = 0; k < expect[i].count; k++) {
            const struct stub_notification *n = stub_notification_at((size_t)(expect[i].count + k));
            assert_int_equal(n->severity, NOTIF_OKAY);
            assert_string_equal(n->type_instance, expect[i].type_instance[k]);
            assert_non_null(strstr(n->message, "OK again"));
            assert_null(strstr(n->message, "Fix:"));
        }
        assert_int_equal(azarc_notify_update(&ns, "sim", ok), 0);
        azarc_notify_state_free(&ns);
        report_free(ok);
        report_free(bad);
    }
}

static void test_notify_first_cycle(void **state)
{
    (void)state;
    struct azarc_notify_state ns;
    azarc_notify_state_init(&ns);
    arcp_report *bad = report_new("himds-hung");
    /* Starting broken raises the problem once, as collectd's threshold
     * plugin would; starting healthy raises nothing (tested above). */
    assert_int_equal(azarc_notify_update(&ns, "i", bad), 1);
    assert_notification(0, NOTIF_FAILURE, "himds_state", "himds CRITICAL");
    assert_int_equal(azarc_notify_update(&ns, "i", bad), 0);
    azarc_notify_state_free(&ns);
    report_free(bad);
}

/* The core folds after a test changed the report by hand, as it does at the
 * end of every probe. */
static int notify_refolded(struct azarc_notify_state *ns, arcp_report *r)
{
    arcp_report_refold(r);
    return azarc_notify_update(ns, "e", r);
}

/* A configuration error in the endpoint list leaves no endpoint row to carry
 * it: the list's own state, text and remedy are raised once and logged. */
static void test_notify_endpoint_configuration_error(void **state)
{
    (void)state;
    struct azarc_notify_state ns;
    azarc_notify_state_init(&ns);
    arcp_report *r = report_new("connected");
    r->checks = ARCP_CHECK_ENDPOINTS;
    size_t rows = r->endpoints.count;
    assert_int_equal(azarc_notify_update(&ns, "cfg", r), 0);

    r->endpoints.count = 0;
    r->endpoints.state = ARCP_UNKNOWN;
    snprintf(r->endpoints.text, sizeof(r->endpoints.text),
             "invalid endpoint URL 'ftp://x/': only https:// URLs are probed");
    snprintf(r->endpoints.remedy, sizeof(r->endpoints.remedy), "correct endpoints");
    assert_int_equal(azarc_notify_update(&ns, "cfg", r), 1);
    assert_notification(0, NOTIF_WARNING, "endpoints_state",
                        "endpoints UNKNOWN: invalid endpoint URL 'ftp://x/'");
    assert_notification(0, NOTIF_WARNING, "endpoints_state", "Fix: correct endpoints");
    assert_int_equal(stub_log_matching(LOG_ERR, "instance \"cfg\": endpoints UNKNOWN: invalid "
                                                "endpoint URL 'ftp://x/'"),
                     1);
    /* the same error next cycle: nothing new */
    assert_int_equal(azarc_notify_update(&ns, "cfg", r), 0);

    /* fixed: the list is back, and says so once */
    r->endpoints.count = rows;
    r->endpoints.state = ARCP_OK;
    assert_int_equal(azarc_notify_update(&ns, "cfg", r), 1);
    assert_notification(1, NOTIF_OKAY, "endpoints_state", "endpoints OK again");
    assert_int_equal(stub_notification_count(), 2);
    azarc_notify_state_free(&ns);
    report_free(r);
}

/* An endpoint whose name does not fit a type_instance is still notified
 * (its message names it, shortened like any long subject), under the
 * endpoints' own type_instance: never a cut "state-..." that could be
 * another endpoint's. */
static void test_notify_overlong_endpoint_name(void **state)
{
    (void)state;
    struct azarc_notify_state ns;
    azarc_notify_state_init(&ns);
    arcp_report *r = report_new("connected");
    char name[ARCP_NAME_MAX];
    memset(name, 'c', 121);
    memcpy(name + 121, ".com", 5);
    snprintf(r->endpoints.items[1].name, sizeof(r->endpoints.items[1].name), "%s", name);
    assert_int_equal(notify_refolded(&ns, r), 0);
    fail_endpoint(&r->endpoints.items[1], ARCP_CRITICAL, ARCP_EP_REFUSED, "Connection refused",
                  "allow outbound 443");
    assert_int_equal(notify_refolded(&ns, r), 1);
    assert_notification(0, NOTIF_FAILURE, "endpoints_state", "endpoint cccccccccc");
    assert_notification(0, NOTIF_FAILURE, "endpoints_state", "CRITICAL: refused");
    r->endpoints.items[1].state = ARCP_OK;
    r->endpoints.items[1].cls = ARCP_EP_OK;
    assert_int_equal(notify_refolded(&ns, r), 1);
    assert_notification(1, NOTIF_OKAY, "endpoints_state", "OK again");
    azarc_notify_state_free(&ns);
    report_free(r);
}

static void test_notify_endpoint_transitions(void **state)
{
    (void)state;
    struct azarc_notify_state ns;
    azarc_notify_state_init(&ns);
    arcp_report *r = report_new("connected");
    assert_int_equal(notify_refolded(&ns, r), 0);

    fail_endpoint(&r->endpoints.items[1], ARCP_CRITICAL, ARCP_EP_TLS_UNTRUSTED,
                  "SSL certificate problem: unable to get local issuer certificate",
                  "TLS inspection? exempt *.his.arc.azure.com from it");
    assert_int_equal(notify_refolded(&ns, r), 1);
    assert_notification(0, NOTIF_FAILURE, "state-gbl.his.arc.azure.com",
                        "endpoint gbl.his.arc.azure.com CRITICAL: tls_untrusted: endpoint "
                        "gbl.his.arc.azure.com unreachable: untrusted certificate: SSL certificate "
                        "problem");
    assert_notification(0, NOTIF_FAILURE, "state-gbl.his.arc.azure.com",
                        "Fix: TLS inspection? exempt *.his.arc.azure.com from it");
    assert_int_equal(notify_refolded(&ns, r), 0);

    /* CRITICAL -> WARNING is a change too. */
    r->endpoints.items[1].state = ARCP_WARNING;
    assert_int_equal(notify_refolded(&ns, r), 1);
    assert_notification(1, NOTIF_WARNING, "state-gbl.his.arc.azure.com", "WARNING");

    /* The endpoint leaves the list (no region, an outage past discovery's
     * memory): nothing is raised, but its WARNING is remembered. */
    r->endpoints.count = 2;
    memmove(&r->endpoints.items[1], &r->endpoints.items[2], sizeof(struct arcp_endpoint));
    assert_int_equal(notify_refolded(&ns, r), 0);
    assert_int_equal(ns.endpoint_count, 3);
    assert_int_equal(notify_refolded(&ns, r), 0);
    assert_int_equal(ns.endpoint_count, 3);

    /* Back in the list, healthy: the consumer holding the WARNING gets
     * its OKAY; then it is tracked like the others. */
    r->endpoints.count = 3;
    set_endpoint(&r->endpoints.items[2], "gbl.his.arc.azure.com", ARCP_REQUIRED_ALWAYS);
    assert_int_equal(notify_refolded(&ns, r), 1);
    assert_notification(2, NOTIF_OKAY, "state-gbl.his.arc.azure.com",
                        "endpoint gbl.his.arc.azure.com OK again: reachable");
    assert_int_equal(ns.endpoint_count, 3);

    /* One that leaves OK is forgotten. */
    r->endpoints.count = 2;
    assert_int_equal(notify_refolded(&ns, r), 0);
    assert_int_equal(ns.endpoint_count, 2);
    r->endpoints.count = 3;
    assert_int_equal(notify_refolded(&ns, r), 0);

    /* Two endpoints fail at once: one notification each. */
    fail_endpoint(&r->endpoints.items[0], ARCP_CRITICAL, ARCP_EP_DNS_FAILURE, "", "check DNS");
    fail_endpoint(&r->endpoints.items[2], ARCP_CRITICAL, ARCP_EP_REFUSED, "Connection refused",
                  "check the firewall");
    assert_int_equal(notify_refolded(&ns, r), 2);
    assert_notification(
        3, NOTIF_FAILURE, "state-login.microsoftonline.com",
        "dns_failure, needed always: endpoint login.microsoftonline.com unreachable: name "
        "does not resolve Fix: check DNS");
    assert_notification(4, NOTIF_FAILURE, "state-gbl.his.arc.azure.com", "Connection refused");

    set_endpoint(&r->endpoints.items[0], "login.microsoftonline.com", ARCP_REQUIRED_ALWAYS);
    assert_int_equal(notify_refolded(&ns, r), 1);
    assert_notification(5, NOTIF_OKAY, "state-login.microsoftonline.com",
                        "endpoint login.microsoftonline.com OK again: reachable");

    /* Cut off by the deadline: not observed, so no change and no
     * notification, whatever state the core gave it. */
    set_endpoint(&r->endpoints.items[2], "gbl.his.arc.azure.com", ARCP_REQUIRED_ALWAYS);
    assert_int_equal(notify_refolded(&ns, r), 1);
    fail_endpoint(&r->endpoints.items[2], ARCP_CRITICAL, ARCP_EP_TIMEOUT, "timed out", "x");
    assert_int_equal(notify_refolded(&ns, r), 1);
    assert_notification(7, NOTIF_FAILURE, "state-gbl.his.arc.azure.com", "timed out");
    r->endpoints.items[2].cls = ARCP_EP_NOT_PROBED;
    r->endpoints.items[2].state = ARCP_UNKNOWN;
    assert_int_equal(notify_refolded(&ns, r), 0);
    r->endpoints.items[2].cls = ARCP_EP_TIMEOUT;
    r->endpoints.items[2].state = ARCP_CRITICAL;
    assert_int_equal(notify_refolded(&ns, r), 0);
    /* A new endpoint first seen unprobed raises nothing either. */
    r->endpoints.items[0].cls = ARCP_EP_NOT_PROBED;
    r->endpoints.items[0].state = ARCP_UNKNOWN;
    snprintf(r->endpoints.items[0].name, sizeof(r->endpoints.items[0].name), "new.example.test");
    assert_int_equal(notify_refolded(&ns, r), 0);
    assert_int_equal(stub_notification_count(), 8);

    /* Endpoint checks not run this cycle: endpoint states are kept. */
    r->checks = ARCP_CHECK_HIMDS;
    assert_int_equal(notify_refolded(&ns, r), 0);
    assert_int_equal(ns.endpoint_count, 3);
    azarc_notify_state_free(&ns);
    report_free(r);
}

static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : 3;
        if (n == 3 && (*p & 0xF8) != 0xF0)
            return 0;
        p++;
        for (int i = 0; i < n; i++, p++) {
            if ((*p & 0xC0) != 0x80)
                return 0;
        }
    }
    return 1;
}

static void test_message_budget(void **state)
{
    (void)state;
    char out[NOTIF_MAX_MSG_LEN];
    char text[ARCP_TEXT_MAX];
    /* A long text of 3-byte characters ("接" U+63A5). */
    size_t n = 0;
    while (n + 3 < sizeof(text) - 1) {
        memcpy(text + n, "\xe6\x8e\xa5", 3);
        n += 3;
    }
    text[n] = '\0';
    const char *remedy = "systemctl restart himdsd; then read journalctl -u himdsd and "
                         "/var/opt/azcmagent/log/himds.log";
    azarc_format_message(out, sizeof(out), "himds", ARCP_CRITICAL, 0, text, remedy);
    assert_true(strlen(out) <= NOTIF_MAX_MSG_LEN - 1);
    assert_true(strlen(out) >= NOTIF_MAX_MSG_LEN - 4); /* the budget is used */
    assert_true(valid_utf8(out));
    assert_non_null(strstr(out, "... Fix: "));
    /* The whole remedy survives at the end. */
    assert_string_equal(out + strlen(out) - strlen(remedy), remedy);
    assert_int_equal(strncmp(out, "himds CRITICAL: \xe6\x8e\xa5", 19), 0);

    /* A remedy too long for the rest keeps TEXT_MIN bytes of text. */
    char long_remedy[600];
    memset(long_remedy, 'r', sizeof(long_remedy) - 1);
    long_remedy[sizeof(long_remedy) - 1] = '\0';
    azarc_format_message(out, sizeof(out), "agent", ARCP_WARNING, 0, text, long_remedy);
    assert_true(strlen(out) <= NOTIF_MAX_MSG_LEN - 1);
    assert_true(valid_utf8(out));
    assert_non_null(strstr(out, " Fix: rrr"));
    assert_true(strstr(out, " Fix: ") - out >= (ptrdiff_t)(strlen("agent WARNING: ") + 57));

    /* Short texts are untouched; no remedy, no "Fix:". */
    azarc_format_message(out, sizeof(out), "AZCM", ARCP_WARNING, 0, "AZCM0026", "");
    assert_string_equal(out, "AZCM WARNING: AZCM0026");
    azarc_format_message(out, sizeof(out), "himds", ARCP_OK, 1, "himds active", "ignored");
    assert_string_equal(out, "himds OK again: himds active");
    azarc_format_message(out, sizeof(out), "agent", ARCP_UNKNOWN, 0, "", "");
    assert_string_equal(out, "agent UNKNOWN");
    /* A small buffer is respected. */
    char small[16];
    azarc_format_message(small, sizeof(small), "endpoint x", ARCP_CRITICAL, 0, text, remedy);
    assert_true(strlen(small) < sizeof(small));
    assert_true(valid_utf8(small));
}

static void test_remedies_present(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
        arcp_report *r = report_new(scenarios[i]);
        if (r->himds.state != ARCP_OK)
            assert_true(strlen(r->himds.remedy) > 10);
        else
            assert_string_equal(r->himds.remedy, "");
        if (r->agent.state != ARCP_OK)
            assert_true(strlen(r->agent.remedy) > 10);
        else
            assert_string_equal(r->agent.remedy, "");
        report_free(r);
    }
}

/* ------------------------------------------------------------------ */
/* the read callback on the real core                                  */

static const struct stub_read *configure_refused_instance(const char *name, double timeout)
{
    char url[64], t[32];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", closed_port());
    snprintf(t, sizeof(t), "n:%g", timeout);
    oconfig_item_t *ci = ci_root("Plugin", "s:azure_arc", NULL);
    oconfig_item_t *b = ci_add(ci, "Instance", name, NULL);
    ci_add(b, "Checks", "s:himds", NULL);
    ci_add(b, "Timeout", t, NULL);
    ci_add(b, "Set", "s:himds_url", url, NULL);
    ci_add(b, "Set", "s:service_check", "s:none", NULL);
    ci_add(b, "Set", "s:agent_dir", test_dir, NULL);
    assert_int_equal(stub_config_cb(ci), 0);
    ci_free(ci);
    char read_name[128];
    snprintf(read_name, sizeof(read_name), "azure_arc/%s", name);
    const struct stub_read *r = stub_find_read(read_name);
    assert_non_null(r);
    return r;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_read_refused_himds_is_data(void **state)
{
    (void)state;
    const struct stub_read *r = configure_refused_instance("down", 2);
    assert_int_equal(stub_init_cb(), 0);
    user_data_t ud = r->ud;
    assert_int_equal(r->callback(&ud), 0);
    assert_true(value_of("bool", "himds_answering") == 0);
    assert_true(isnan(value_of("response_code", "himds")));
    assert_true(value_of("gauge", "himds_state") >= ARCP_WARNING);
    assert_int_equal(stub_notification_count(), 1);
    assert_string_equal(stub_notification_at(0)->type_instance, "himds_state");
    assert_string_equal(stub_notification_at(0)->plugin_instance, "down");
    assert_non_null(strstr(stub_notification_at(0)->message, "Fix: "));
    /* Unchanged on the next cycle: values again, no new notification. */
    size_t values = stub_value_count();
    assert_int_equal(r->callback(&ud), 0);
    assert_int_equal(stub_value_count(), 2 * values);
    assert_int_equal(stub_notification_count(), 1);
}

static void test_read_hung_himds_bounded_by_timeout(void **state)
{
    (void)state;
    /* A listener that never accepts: the connection completes in the
     * backlog and no answer ever comes. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(fd, 8), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    char url[64];
    snprintf(url, sizeof(url), "s:http://127.0.0.1:%d", ntohs(a.sin_port));

    oconfig_item_t *ci = ci_root("Plugin", "s:azure_arc", NULL);
    ci_add(ci, "Checks", "s:himds", NULL);
    ci_add(ci, "Timeout", "n:1", NULL);
    ci_add(ci, "Set", "s:himds_url", url, NULL);
    ci_add(ci, "Set", "s:service_check", "s:none", NULL);
    assert_int_equal(stub_config_cb(ci), 0);
    ci_free(ci);
    const struct stub_read *r = stub_find_read("azure_arc/default");
    assert_non_null(r);
    user_data_t ud = r->ud;
    double t0 = now_s();
    assert_int_equal(r->callback(&ud), 0);
    double took = now_s() - t0;
    close(fd);
    print_message("hung himds read took %.3f s (Timeout 1)\n", took);
    assert_true(took < 2.5);
    assert_true(value_of("bool", "himds_answering") == 0);
    assert_int_equal(stub_notification_count(), 1);
}

struct reader {
    const struct stub_read *read;
    int rounds;
    int failures;
};

static void *read_loop(void *arg)
{
    struct reader *rd = arg;
    for (int i = 0; i < rd->rounds; i++) {
        user_data_t ud = rd->read->ud;
        if (rd->read->callback(&ud) != 0)
            rd->failures++;
    }
    return NULL;
}

static void test_read_concurrent_threads(void **state)
{
    (void)state;
    /* Several read threads on the same instance (ReadThreads > 1): the
     * state must stay consistent, so the change is raised exactly once.
     * collectd_stub.c serialises every dispatch under one lock, so this
     * cannot see a missing lock in the plugin: test_collectd_threads.c does,
     * under ThreadSanitizer. */
    const struct stub_read *r = configure_refused_instance("shared", 2);
    enum { THREADS = 4 };
    pthread_t th[THREADS];
    struct reader rd[THREADS];
    for (int i = 0; i < THREADS; i++) {
        rd[i] = (struct reader){.read = r, .rounds = 15};
        assert_int_equal(pthread_create(&th[i], NULL, read_loop, &rd[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(rd[i].failures, 0);
    }
    assert_int_equal(stub_notification_count(), 1);
    assert_int_equal(stub_value_count() % (THREADS * 15), 0);
}

static void test_read_lasting_dispatch_failure_logged_once(void **state)
{
    (void)state;
    /* collectd refusing values for many intervals (a full write queue) is
     * one warning, its end one note, and a new episode warns again */
    const struct stub_read *r = configure_refused_instance("queue", 2);
    assert_int_equal(stub_init_cb(), 0);
    user_data_t ud = r->ud;
    const char *warning = "instance \"queue\": 6 values not dispatched";
    stub_fail_dispatch = 1;
    for (int i = 0; i < 3; i++)
        assert_int_equal(r->callback(&ud), 0);
    assert_int_equal(stub_log_matching(LOG_WARNING, warning), 1);
    stub_fail_dispatch = 0;
    assert_int_equal(r->callback(&ud), 0);
    assert_int_equal(r->callback(&ud), 0);
    assert_int_equal(
        stub_log_matching(LOG_INFO, "instance \"queue\": every value dispatched again"), 1);
    stub_fail_dispatch = 1;
    assert_int_equal(r->callback(&ud), 0);
    stub_fail_dispatch = 0;
    assert_int_equal(stub_log_matching(LOG_WARNING, warning), 2);
}

/* An endpoint name too long for a type_instance is said once, naming it,
 * not every interval; an endpoint list without one says so once too. */
static void test_read_overlong_endpoint_name_logged_once(void **state)
{
    (void)state;
    char host[128], url[160], connect_to[64], himds[64];
    memset(host, 'a', 60);
    host[60] = '.';
    memset(host + 61, 'b', 55);
    memcpy(host + 116, ".example", 9); /* 124 bytes, every DNS label < 64 */
    snprintf(url, sizeof(url), "s:https://%s/", host);
    snprintf(connect_to, sizeof(connect_to), "s:::127.0.0.1:%d", closed_port());
    snprintf(himds, sizeof(himds), "s:http://127.0.0.1:%d", closed_port());
    oconfig_item_t *ci = ci_root("Plugin", "s:azure_arc", NULL);
    oconfig_item_t *b = ci_add(ci, "Instance", "s:long", NULL);
    ci_add(b, "Checks", "s:endpoints", NULL);
    ci_add(b, "Timeout", "n:3", NULL);
    ci_add(b, "Set", "s:himds_url", himds, NULL);
    ci_add(b, "Set", "s:service_check", "s:none", NULL);
    ci_add(b, "Set", "s:agent_dir", test_dir, NULL);
    ci_add(b, "Set", "s:proxy", "s:none", NULL);
    ci_add(b, "Set", "s:connect_to", connect_to, NULL);
    ci_add(b, "Set", "s:endpoints", url, NULL);
    assert_int_equal(stub_config_cb(ci), 0);
    ci_free(ci);
    const struct stub_read *r = stub_find_read("azure_arc/long");
    assert_non_null(r);
    assert_int_equal(stub_init_cb(), 0);
    user_data_t ud = r->ud;
    for (int i = 0; i < 3; i++)
        assert_int_equal(r->callback(&ud), 0);
    char warning[256];
    snprintf(warning, sizeof(warning), "instance \"long\": endpoint %s: a name longer than 117",
             host);
    if (stub_log_matching(LOG_WARNING, warning) != 1) {
        for (size_t j = 0; j < stub_log_count(); j++)
            print_message("log: %s\n", stub_log_at(j)->message);
        fail_msg("want one WARNING \"%s\"", warning);
    }
    for (size_t i = 0; i < stub_value_count(); i++)
        assert_null(strstr(stub_value_at(i)->type_instance, "aaaa"));
    /* refused: one FAILURE, under the endpoints' type_instance */
    assert_int_equal(stub_notification_count(), 1);
    assert_string_equal(stub_notification_at(0)->type_instance, "endpoints_state");
    assert_non_null(strstr(stub_notification_at(0)->message, "endpoint aaaaaaaaaa"));
}

static void test_read_without_instance(void **state)
{
    (void)state;
    user_data_t ud = {.data = NULL};
    assert_int_equal(azarc_read(&ud), -1);
    assert_int_equal(azarc_read(NULL), -1);
    assert_int_equal(stub_log_matching(LOG_ERR, "without an instance"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_module_register, reset),
        cmocka_unit_test_setup(test_init_without_plugin_block_reads_default, reset),
        cmocka_unit_test_setup(test_init_after_plugin_block_adds_nothing, reset),
        cmocka_unit_test_setup(test_init_without_plugin_block_bad_file_fails, reset),
        cmocka_unit_test_setup(test_config_minimal_makes_default_instance, reset),
        cmocka_unit_test_setup(test_config_two_instances, reset),
        cmocka_unit_test_setup(test_config_timeout_rules, reset),
        cmocka_unit_test_setup(test_config_empty_instance_inherits, reset),
        cmocka_unit_test_setup(test_config_bad_instances, reset),
        cmocka_unit_test_setup(test_config_bad_message_names_core_error, reset),
        cmocka_unit_test_setup(test_config_timeout_judged_by_core, reset),
        cmocka_unit_test_setup(test_config_bad_plugin_level_registers_nothing, reset),
        cmocka_unit_test_setup(test_config_register_failure_frees, reset),
        cmocka_unit_test_setup(test_config_names_released_on_free, reset),
        cmocka_unit_test_setup(test_parse_checks, reset),
        cmocka_unit_test_setup(test_values_connected, reset),
        cmocka_unit_test_setup(test_values_per_scenario, reset),
        cmocka_unit_test_setup(test_values_failing_endpoint, reset),
        cmocka_unit_test_setup(test_values_no_endpoint_observed, reset),
        cmocka_unit_test_setup(test_values_only_checks_run, reset),
        cmocka_unit_test_setup(test_values_overlong_endpoint_name_skipped, reset),
        cmocka_unit_test_setup(test_values_endpoint_all_or_none, reset),
        cmocka_unit_test_setup(test_notify_scenarios_from_connected, reset),
        cmocka_unit_test_setup(test_notify_first_cycle, reset),
        cmocka_unit_test_setup(test_notify_endpoint_configuration_error, reset),
        cmocka_unit_test_setup(test_notify_overlong_endpoint_name, reset),
        cmocka_unit_test_setup(test_notify_endpoint_transitions, reset),
        cmocka_unit_test_setup(test_message_budget, reset),
        cmocka_unit_test_setup(test_remedies_present, reset),
        cmocka_unit_test_setup(test_read_refused_himds_is_data, reset),
        cmocka_unit_test_setup(test_read_hung_himds_bounded_by_timeout, reset),
        cmocka_unit_test_setup(test_read_concurrent_threads, reset),
        cmocka_unit_test_setup(test_read_lasting_dispatch_failure_logged_once, reset),
        cmocka_unit_test_setup(test_read_overlong_endpoint_name_logged_once, reset),
        cmocka_unit_test_setup(test_read_without_instance, reset),
    };
    int rc = cmocka_run_group_tests(tests, setup_all, teardown_all);
    stub_shutdown();
    return rc;
}

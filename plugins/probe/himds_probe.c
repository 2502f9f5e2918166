/* Talking to the agent's local endpoint the way its public clients do:
 * the metadata and identity paths with `Metadata: true` (as azure-identity, MSAL and the Arc
 * Jumpstart's curl commands send it), /agentstatus without it, exactly as
 * Microsoft's onboarding script calls it (the only public source for that path;
 * how himds treats the header there is unknown). The identity token path is
 * asked only to see the 401 challenge, never to obtain a token. Each
 * challenge makes himds write a key file, so it is made only every
 * identity_interval seconds (identity_memory.c keeps the last result). */
#include "himds_probe.h"
#include "agent_status.h"
#include "azcmagent_show.h"
#include "http_batch.h"
#include "identity_memory.h"
#include "json_util.h"
#include "sanitize.h"
#include "service_state.h"
#include "l10n.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define HIMDS_BODY_CAP (1024 * 1024)

/* The identity challenge comes last: it is left out when a recent one stands. */
enum { REQ_METADATA, REQ_STATUS, REQ_IDENTITY, REQ_COUNT };

static const char *const metadata_headers[] = {"Metadata: true", NULL};

static int looks_like_html(const struct http_request *q)
{
    if (strncasecmp(q->content_type, "text/html", 9) == 0)
        return 1;
    const char *b = q->body;
    if (!b)
        return 0;
    while (*b == ' ' || *b == '\n' || *b == '\r' || *b == '\t')
        b++;
    return strncasecmp(b, "<!doctype html", 14) == 0 || strncasecmp(b, "<html", 5) == 0;
}

/* What a GET that should return a JSON object came to; *obj is the parsed
 * object when ANSWERED (caller puts it). */
static arcp_himds_result classify_json_get(const struct http_request *q, double limit_s,
                                           json_object **obj, char *why, size_t whylen)
{
    *obj = NULL;
    if (!q->done || q->result == CURLE_OPERATION_TIMEDOUT) {
        if (q->http_status)
            /* headers came, the body did not finish: a drip or a stall */
            snprintf(why, whylen, _("HTTP %ld answer still incomplete after %.1f s (%zu bytes)"),
                     (long)q->http_status, limit_s, q->body_len);
        else if (q->connect_s >= 0)
            snprintf(why, whylen, _("connected but no answer within %.1f s (hung?)"), limit_s);
        else
            snprintf(why, whylen, _("no connection within %.1f s"), limit_s);
        return ARCP_HIMDS_TIMEOUT;
    }
    if (q->result == CURLE_COULDNT_CONNECT) {
        if (q->os_errno == ECONNREFUSED) {
            snprintf(why, whylen, _("connection refused: nothing listens"));
            return ARCP_HIMDS_REFUSED;
        }
        snprintf(why, whylen, _("cannot connect: %s"), q->errbuf);
        return ARCP_HIMDS_ERROR;
    }
    if (q->header_oversized) {
        snprintf(why, whylen, "%s", q->errbuf);
        return ARCP_HIMDS_GARBAGE;
    }
    if (q->result == CURLE_WRITE_ERROR && q->body_truncated) {
        snprintf(why, whylen, _("answer larger than %d KiB"), HIMDS_BODY_CAP / 1024);
        return ARCP_HIMDS_GARBAGE;
    }
    if (q->result != CURLE_OK) {
        snprintf(why, whylen, "%s", q->errbuf);
        return ARCP_HIMDS_ERROR;
    }
    if (looks_like_html(q)) {
        snprintf(why, whylen, _("HTTP %ld with an HTML page instead of JSON"), q->http_status);
        return ARCP_HIMDS_HTML;
    }
    if (q->http_status != 200) {
        snprintf(why, whylen, _("HTTP %ld"), q->http_status);
        return ARCP_HIMDS_HTTP_ERROR;
    }
    char jwhy[128];
    json_object *o = json_parse_untrusted(q->body, q->body_len, jwhy, sizeof jwhy);
    if (!o || !json_object_is_type(o, json_type_object)) {
        snprintf(why, whylen, _("HTTP 200 but %s"), o ? "not a JSON object" : jwhy);
        json_object_put(o);
        return ARCP_HIMDS_GARBAGE;
    }
    *obj = o;
    why[0] = '\0';
    return ARCP_HIMDS_ANSWERED;
}

/* The compute members read here are those of the himds answer shown in
 * Microsoft's Arc Jumpstart (github.com/microsoft/azure_arc,
 * docs/azure_arc_jumpstart/azure_arc_servers/day2/arc_managed_identity/linux/_index.md,
 * "Example output" of /metadata/instance?api-version=2020-06-01). One example
 * from one agent version: each is still read only if present as text, in any
 * case, and its absence is no alarm. */
static void read_metadata(json_object *meta, struct arcp_agent *agent)
{
    json_object *compute = json_member(meta, "compute");
    if (!compute)
        return;
    json_copy_string(compute, "azEnvironment", agent->cloud, sizeof agent->cloud);
    if (!agent->location[0])
        json_copy_string(compute, "location", agent->location, sizeof agent->location);
    if (!agent->resource_id[0])
        json_copy_string(compute, "resourceId", agent->resource_id, sizeof agent->resource_id);
    if (!agent->resource_name[0])
        json_copy_string(compute, "name", agent->resource_name, sizeof agent->resource_name);
}

static void judge_identity(const struct http_request *q, struct arcp_himds *himds)
{
    /* The realm names the key file; we only check the challenge's form and
     * never read, store or print the path. */
    if (q->done && q->http_status == 401 && strncasecmp(q->captured, "Basic realm=", 12) == 0) {
        himds->identity = 1;
        arcp_copy(himds->identity_text, sizeof himds->identity_text,
                  _("identity endpoint answered with its Basic challenge"));
    } else if (q->done && q->http_status == 401) {
        himds->identity = 0;
        arcp_copy(himds->identity_text, sizeof himds->identity_text,
                  _("identity endpoint answered 401 without a Basic challenge"));
    } else if (q->done && q->http_status) {
        himds->identity = 0;
        snprintf(himds->identity_text, sizeof himds->identity_text,
                 _("identity endpoint answered HTTP %ld instead of 401"), q->http_status);
    } else {
        himds->identity = 0;
        arcp_copy(himds->identity_text, sizeof himds->identity_text,
                  _("identity endpoint did not answer"));
    }
}

static void fold_himds(struct arcp_himds *himds, const char *service_detail,
                       const char *endpoint_why)
{
    if (himds->service == ARCP_SERVICE_INACTIVE || himds->service == ARCP_SERVICE_FAILED ||
        himds->service == ARCP_SERVICE_NOT_INSTALLED) {
        himds->state = ARCP_CRITICAL;
        snprintf(himds->text, sizeof himds->text, _("himds service %s (%s)"),
                 arcp_service_state_name(himds->service), service_detail);
        return;
    }
    if (himds->endpoint != ARCP_HIMDS_ANSWERED) {
        static const char *const how[] = {
            [ARCP_HIMDS_NOT_PROBED] = N_("was not probed"),
            [ARCP_HIMDS_ANSWERED] = N_("answered"),
            [ARCP_HIMDS_REFUSED] = N_("refuses connections"),
            [ARCP_HIMDS_TIMEOUT] = N_("is hung"),
            [ARCP_HIMDS_GARBAGE] = N_("answers garbage"),
            [ARCP_HIMDS_HTML] = N_("answers with an error page"),
            [ARCP_HIMDS_HTTP_ERROR] = N_("answers with an error"),
            [ARCP_HIMDS_ERROR] = N_("is unreachable"),
        };
        himds->state = ARCP_CRITICAL;
        snprintf(himds->text, sizeof himds->text, _("himds endpoint %s (%s)"),
                 _(how[himds->endpoint]), endpoint_why);
        return;
    }
    if (himds->identity == 0) {
        himds->state = ARCP_WARNING;
        snprintf(himds->text, sizeof himds->text, _("himds answers but %s"), himds->identity_text);
        return;
    }
    himds->state = ARCP_OK;
    const char *running =
        himds->service == ARCP_SERVICE_ACTIVE ? _("running") : _("service state unknown");
    if (himds->identity_source == ARCP_IDENTITY_CHALLENGE)
        snprintf(himds->text, sizeof himds->text,
                 _("himds %s (%s), endpoint answered in %.0f ms, identity challenge seen"), running,
                 arcp_service_method_name(himds->service_method), himds->endpoint_ms);
    else
        text_format(himds->text, sizeof himds->text,
                    /* TRANSLATORS: the last %s says when the identity challenge was last seen,
                     * or that it is not made */
                    _("himds %s (%s), endpoint answered in %.0f ms, %s"), running,
                    arcp_service_method_name(himds->service_method), himds->endpoint_ms,
                    himds->identity_text);
}

/* Whether to challenge the identity endpoint in this probe; when not, the
 * identity fields say why (turned off, a recent challenge stands, or this
 * one-shot run could not keep the time of a new one: then every run would
 * challenge, and himds write a key file each time). Not challenging is no
 * alarm, as with identity_interval = 0: the agent is not at fault. */
static int identity_wanted(const struct arcp_config *cfg, unsigned checks, time_t now,
                           struct arcp_himds *himds)
{
    if (!(checks & ARCP_CHECK_HIMDS))
        return 0;
    if (cfg->identity_interval <= 0) {
        himds->identity_source = ARCP_IDENTITY_OFF;
        arcp_copy(himds->identity_text, sizeof himds->identity_text,
                  _("identity challenge not made (identity_interval = 0)"));
        return 0;
    }
    himds->identity_seen = identity_memory_recall(cfg, now);
    if (!identity_memory_fresh(cfg, himds->identity_seen, now)) {
        char why[ARCP_TEXT_MAX];
        if (identity_memory_keepable(cfg, why, sizeof why))
            return 1;
        himds->identity_source = ARCP_IDENTITY_NO_STATE;
        text_format(
            himds->identity_text, sizeof himds->identity_text,
            /* TRANSLATORS: %s says why the state file cannot be used; state_dir and
             * identity_state are configuration keys */
            _("identity challenge not made: no state file would remember it (%s), and each "
              "challenge makes himds write a key file; give the probe's user a state directory "
              "it owns (state_dir or identity_state)"),
            why);
        return 0;
    }
    himds->identity = 1;
    himds->identity_source = ARCP_IDENTITY_REMEMBERED;
    snprintf(himds->identity_text, sizeof himds->identity_text,
             _("identity challenge seen %lld s ago (repeated every %lld s)"),
             (long long)(now - himds->identity_seen), cfg->identity_interval);
    return 0;
}

void himds_probe(const struct arcp_config *cfg, unsigned checks, double deadline, time_t now,
                 struct arcp_report *report)
{
    struct arcp_himds *himds = &report->himds;
    struct arcp_agent *agent = &report->agent;
    char service_detail[256] = "";
    char endpoint_why[256] = "", status_why[256] = "";

    himds->identity = -1;
    himds->endpoint_ms = -1;
    agent->heartbeat_age_s = -1;
    agent->source = ARCP_AGENT_SOURCE_NONE;
    himds->service_method = ARCP_METHOD_NONE;
    if (checks & ARCP_CHECK_HIMDS)
        service_state_probe(cfg, deadline, himds, service_detail, sizeof service_detail);

    char url[REQ_COUNT][ARCP_URL_MAX + 128];
    snprintf(url[REQ_METADATA], sizeof url[0], "%s/metadata/instance?api-version=2020-06-01",
             cfg->himds_url);
    snprintf(url[REQ_IDENTITY], sizeof url[0],
             "%s/metadata/identity/oauth2/token?api-version=2020-06-01&resource="
             "https%%3A%%2F%%2Fmanagement.azure.com%%2F",
             cfg->himds_url);
    snprintf(url[REQ_STATUS], sizeof url[0], "%s/agentstatus", cfg->himds_url);

    struct http_request reqs[REQ_COUNT];
    memset(reqs, 0, sizeof reqs);
    for (int i = 0; i < REQ_COUNT; i++) {
        reqs[i].url = url[i];
        reqs[i].headers = i == REQ_STATUS ? NULL : metadata_headers;
        reqs[i].body_cap = i == REQ_IDENTITY ? 4096 : HIMDS_BODY_CAP;
    }
    reqs[REQ_IDENTITY].capture_header = "WWW-Authenticate";

    int challenge = identity_wanted(cfg, checks, now, himds);
    size_t count = challenge ? REQ_COUNT : REQ_IDENTITY;

    double started = http_now();
    double limit_s = deadline - started;
    if (http_batch_run(reqs, count, deadline) != 0)
        snprintf(endpoint_why, sizeof endpoint_why, _("out of memory setting up requests"));

    json_object *meta = NULL, *status = NULL;
    himds->endpoint =
        classify_json_get(&reqs[REQ_METADATA], limit_s, &meta, endpoint_why, sizeof endpoint_why);
    himds->endpoint_http_status = (int)reqs[REQ_METADATA].http_status;
    if (reqs[REQ_METADATA].done && reqs[REQ_METADATA].http_status &&
        reqs[REQ_METADATA].total_s >= 0)
        himds->endpoint_ms = reqs[REQ_METADATA].total_s * 1000.0;
    if (challenge) {
        judge_identity(&reqs[REQ_IDENTITY], himds);
        himds->identity_source = ARCP_IDENTITY_CHALLENGE;
        if (himds->identity == 1) {
            himds->identity_seen = now;
            char why[ARCP_TEXT_MAX];
            if (identity_memory_store(cfg, now, why, sizeof why) != 0)
                text_format(himds->note, sizeof himds->note,
                            /* TRANSLATORS: %s says why the state file could not be written */
                            _("identity challenge time not kept (%s): the next run challenges "
                              "again, and himds writes another key file"),
                            why);
        }
    }

    arcp_himds_result status_result =
        classify_json_get(&reqs[REQ_STATUS], limit_s, &status, status_why, sizeof status_why);
    if (status && agent_status_from_json(status, now, agent))
        agent->source = ARCP_AGENT_SOURCE_AGENTSTATUS;
    else if (status_result == ARCP_HIMDS_ANSWERED)
        snprintf(status_why, sizeof status_why, _("/agentstatus has no status field"));
    else {
        char detail[256];
        arcp_copy(detail, sizeof detail, status_why);
        snprintf(status_why, sizeof status_why, _("no answer from /agentstatus (%s)"), detail);
    }
    if (meta)
        read_metadata(meta, agent);
    json_object_put(meta);
    json_object_put(status);
    for (size_t i = 0; i < count; i++)
        http_request_release(&reqs[i]);

    if ((checks & ARCP_CHECK_AGENT) && agent->status == ARCP_AGENT_UNKNOWN &&
        cfg->use_azcmagent_show) {
        char show_why[256];
        if (azcmagent_show(cfg, deadline, now, agent, show_why, sizeof show_why) == 0)
            agent->source = ARCP_AGENT_SOURCE_AZCMAGENT_SHOW;
        else {
            /* status_why may be the first part: not written while read */
            char why[121];
            arcp_copy(why, sizeof why, endpoint_why[0] ? endpoint_why : status_why);
            snprintf(status_why, sizeof status_why, "%s; azcmagent show: %.*s", why,
                     (int)arcp_text_fit(show_why, 120, -1, NULL), show_why);
        }
    }

    if (checks & ARCP_CHECK_HIMDS)
        fold_himds(himds, service_detail, endpoint_why);
    if (checks & ARCP_CHECK_AGENT)
        agent_status_fold(cfg, agent, status_why);
}

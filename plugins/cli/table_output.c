/* The report for a person at a terminal: component lines first, then what
 * to do, then the endpoints that need attention.
 *
 * Columns are as wide as their widest cell or heading in terminal columns
 * (a translated heading in Korean or Japanese takes two columns a
 * character), so the table is laid out twice: once to measure, once to
 * print. */
#include "table_output.h"

#include "arcprobe_intl.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The widths of the English table, kept as minimums so its layout does not
 * move when a report happens to have only short cells. */
#define NAME_COLUMNS_MIN 10
#define STATE_COLUMNS_MIN 9
#define LABEL_COLUMNS_MIN 9
/* A host name wider than this is cut (the JSON keeps it whole): one
 * user-given URL must not push every row off the screen. */
#define ENDPOINT_COLUMNS_MAX 64

int table_output_color_wanted(FILE *out)
{
    const char *term = getenv("TERM");
    const char *no_color = getenv("NO_COLOR");
    return isatty(fileno(out)) && term && strcmp(term, "dumb") != 0 && !(no_color && *no_color);
}

static const char *state_color(arcp_state s)
{
    static const char *const colors[] = {"\033[32m", "\033[33m", "\033[31m", "\033[35m"};
    return (unsigned)s < 4 ? colors[s] : "";
}

/* Column widths of the component table. */
struct layout {
    int name;  /* COMPONENT */
    int state; /* STATE */
    int label; /* the label before a detail text */
};

/* One pass over the report: out is NULL while measuring. */
struct table {
    FILE *out;
    int color;
    struct layout columns;
};

static void widen(int *columns, const char *text)
{
    int width = arcp_text_width(text);
    if (width > *columns)
        *columns = width;
}

/* A source the probe did not learn is shown as the placeholder. */
static const char *or_placeholder(const char *name, const char *placeholder)
{
    return name[0] ? name : placeholder;
}

static void spaces(FILE *out, int n)
{
    for (; n > 0; n--)
        fputc(' ', out);
}

/* Left-aligns text in width columns. */
static void pad(FILE *out, const char *text, int width)
{
    fputs(text, out);
    spaces(out, width - arcp_text_width(text));
}

/* Right-aligns text in width columns. */
static void rpad(FILE *out, const char *text, int width)
{
    spaces(out, width - arcp_text_width(text));
    fputs(text, out);
}

static void print_state(FILE *out, arcp_state s, int color, int width)
{
    const char *name = arcp_state_name(s);
    if (color)
        fprintf(out, "%s%s\033[0m", state_color(s), name);
    else
        fputs(name, out);
    spaces(out, width - arcp_text_width(name));
}

/* A cell composed from parts: cut at a character boundary when it does not
 * fit its buffer. */
static const char *composed(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static const char *composed(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return arcp_text_trim_split(buf);
}

/* A row with a state: the component's own (name given) or a finding's. */
static void state_row(struct table *t, const char *name, arcp_state s, const char *text)
{
    if (!t->out) {
        widen(&t->columns.name, name);
        widen(&t->columns.state, arcp_state_name(s));
        return;
    }
    pad(t->out, name, t->columns.name);
    fputc(' ', t->out);
    print_state(t->out, s, t->color, t->columns.state);
    fprintf(t->out, " %s\n", text);
}

static void detail(struct table *t, const char *label, const char *text)
{
    if (!text || !*text)
        return;
    if (!t->out) {
        widen(&t->columns.label, label);
        return;
    }
    spaces(t->out, t->columns.name + 1 + t->columns.state + 1);
    pad(t->out, label, t->columns.label);
    fprintf(t->out, " %s\n", text);
}

/* The core's findings for one component under its row: each cause and
 * remedy once; an endpoint finding first says what it covers. */
static void findings(struct table *t, const arcp_report *r, const char *name)
{
    for (size_t i = 0; i < r->finding_count; i++) {
        const struct arcp_finding *f = &r->findings[i];
        if (strcmp(f->component, name) != 0)
            continue;
        if (f->endpoints)
            state_row(t, "", f->state, f->text);
        detail(t, _("cause"), f->cause);
        detail(t, _("remedy"), f->remedy);
    }
}

static void heading(struct table *t)
{
    /* TRANSLATORS: table headings; the COMPONENT column holds himds, agent, azcm, endpoints */
    const char *component = _("COMPONENT"), *state = _("STATE");
    if (!t->out) {
        widen(&t->columns.name, component);
        widen(&t->columns.state, state);
        return;
    }
    pad(t->out, component, t->columns.name);
    fputc(' ', t->out);
    pad(t->out, state, t->columns.state);
    fprintf(t->out, " %s\n", _("DETAIL"));
}

static void agent_rows(struct table *t, const arcp_report *r)
{
    state_row(t, "agent", r->agent.state, r->agent.text);
    findings(t, r, "agent");
    if (r->agent.resource_id[0])
        detail(t, _("resource"), r->agent.resource_id);
    if (r->agent.location[0] || r->agent.cloud[0]) {
        char where[ARCP_TEXT_MAX];
        if (r->agent.location[0] && r->agent.cloud[0])
            /* TRANSLATORS: region in cloud, e.g. "westeurope in AzureCloud" */
            composed(where, sizeof where, _("%s in %s"), r->agent.location,
                     arcp_cloud_name(r->agent.cloud));
        else
            composed(where, sizeof where, "%s%s", r->agent.location,
                     arcp_cloud_name(r->agent.cloud));
        detail(t, _("location"), where);
    }
    if (r->agent.error_code[0]) {
        char err[ARCP_TEXT_MAX + 32];
        /* the agent often repeats the code at the start of the details */
        if (strncmp(r->agent.error_details, r->agent.error_code, strlen(r->agent.error_code)) == 0)
            composed(err, sizeof err, "%s", r->agent.error_details);
        else
            composed(err, sizeof err, "%s %s", r->agent.error_code, r->agent.error_details);
        detail(t, _("error"), err);
    }
    if (r->agent.expiry_text[0]) {
        char expiry[ARCP_TEXT_MAX + 16];
        composed(expiry, sizeof expiry, "%s %s", arcp_state_name(r->agent.expiry_state),
                 r->agent.expiry_text);
        /* its remedy is the agent's, under the agent row */
        detail(t, _("expiry"), expiry);
    }
}

static void azcm_rows(struct table *t, const arcp_report *r)
{
    state_row(t, "azcm", r->azcm.state, r->azcm.text);
    if (r->azcm.found && !r->azcm.resolved && r->azcm.code != 0) {
        detail(t, _("message"), r->azcm.message);
        if (r->azcm.meaning && strcmp(r->azcm.meaning, r->azcm.cause) != 0)
            detail(t, _("meaning"), r->azcm.meaning);
    }
    findings(t, r, "azcm");
    detail(t, _("note"), r->azcm.note);
}

static void endpoint_rows(struct table *t, const arcp_report *r)
{
    state_row(t, "endpoints", r->endpoints.state, r->endpoints.text);
    findings(t, r, "endpoints");
    if (r->endpoints.cloud[0]) {
        char where[ARCP_TEXT_MAX];
        /* TRANSLATORS: cloud, region, where they came from, where the regional service
         * came from and where the proxy setting came from (source names stay English) */
        composed(where, sizeof where, _("%s %s (from %s), regional service via %s, proxy: %s"),
                 r->endpoints.cloud, r->endpoints.location,
                 arcp_cloud_source_name(r->endpoints.cloud_source),
                 or_placeholder(arcp_his_source_name(r->endpoints.his_source), "-"),
                 or_placeholder(arcp_proxy_source_name(r->endpoints.proxy_source), "none"));
        detail(t, _("cloud"), where);
    }
    /* TRANSLATORS: label of the needed endpoints whose host cannot be known */
    detail(t, _("not probed"), r->endpoints.not_probed);
    state_row(t, "clock", r->clock.state, r->clock.text);
    detail(t, _("cause"), r->clock.cause);
    detail(t, _("remedy"), r->clock.remedy);
}

static void component_table(struct table *t, const arcp_report *r)
{
    heading(t);
    if (r->checks & ARCP_CHECK_HIMDS) {
        state_row(t, "himds", r->himds.state, r->himds.text);
        findings(t, r, "himds");
        detail(t, _("note"), r->himds.note);
    }
    if (r->checks & ARCP_CHECK_AGENT)
        agent_rows(t, r);
    if (r->checks & ARCP_CHECK_AZCM)
        azcm_rows(t, r);
    if (r->checks & ARCP_CHECK_ENDPOINTS)
        endpoint_rows(t, r);
}

/* ---------------------------------------------------------------- */
/* Endpoints                                                        */

/* The endpoint table's columns, in order; the last (TLS version) is not
 * padded. */
enum { EP_NAME, EP_NEEDED, EP_STATE, EP_CLASS, EP_DNS, EP_TLS, EP_TOTAL, EP_HTTP, EP_COLUMNS };
static const struct {
    int min; /* the English table's width */
    int right_aligned;
} endpoint_columns[EP_COLUMNS] = {{8, 0}, {8, 0}, {9, 0}, {19, 0}, {8, 1}, {8, 1}, {8, 1}, {4, 1}};

/* The host name as its cell shows it: whole when it fits the cap, else cut
 * between characters with "..." in the last columns. */
static const char *endpoint_cell(char *buf, size_t size, const char *name)
{
    if (arcp_text_width(name) <= ENDPOINT_COLUMNS_MAX)
        return name;
    size_t keep = arcp_text_fit(name, size - 4, ENDPOINT_COLUMNS_MAX - 3, NULL);
    memcpy(buf, name, keep);
    memcpy(buf + keep, "...", 4);
    return buf;
}

static void print_seconds(FILE *out, double s, int width)
{
    if (s >= 0)
        fprintf(out, " %*.3f", width, s);
    else
        fprintf(out, " %*s", width, "-");
}

static int endpoint_shown(const struct arcp_endpoint *ep, int verbose)
{
    return verbose || ep->state != ARCP_OK;
}

static void endpoint_heading(FILE *out, const int *width, const char *const *headings)
{
    fputs("\n  ", out);
    for (int i = 0; i < EP_COLUMNS; i++) {
        if (endpoint_columns[i].right_aligned)
            rpad(out, headings[i], width[i]);
        else
            pad(out, headings[i], width[i]);
        fputc(' ', out);
    }
    fprintf(out, "%s\n", headings[EP_COLUMNS]);
}

static void endpoint_row(FILE *out, const int *w, const struct arcp_endpoint *ep, int color)
{
    char cut[ARCP_NAME_MAX];
    fputs("  ", out);
    pad(out, endpoint_cell(cut, sizeof cut, ep->name), w[EP_NAME]);
    fputc(' ', out);
    pad(out, arcp_required_name(ep->required), w[EP_NEEDED]);
    fputc(' ', out);
    print_state(out, ep->state, color, w[EP_STATE]);
    fputc(' ', out);
    pad(out, arcp_endpoint_class_name(ep->cls), w[EP_CLASS]);
    print_seconds(out, ep->dns_s, w[EP_DNS]);
    print_seconds(out, ep->tls_s, w[EP_TLS]);
    print_seconds(out, ep->total_s, w[EP_TOTAL]);
    if (ep->http_status)
        fprintf(out, " %*d", w[EP_HTTP], ep->http_status);
    else
        fprintf(out, " %*s", w[EP_HTTP], "-");
    fprintf(out, " %s\n", ep->tls_version[0] ? ep->tls_version : "-");
    if (ep->state != ARCP_OK) {
        if (ep->proxy[0]) {
            spaces(out, 2 + w[EP_NAME] + 1);
            fprintf(out, _("via proxy %s"), ep->proxy);
            fputc('\n', out);
        }
        if (ep->detail[0]) {
            spaces(out, 2 + w[EP_NAME] + 1);
            fprintf(out, "%s\n", ep->detail);
        }
    }
}

static void endpoint_table(FILE *out, const struct arcp_endpoints *e, int color, int verbose)
{
    const char *const headings[] = {
        /* TRANSLATORS: heading of the endpoint column (host names below it) */
        _("ENDPOINT"),
        /* TRANSLATORS: endpoint table headings; the cells below them hold
         * untranslated values (always/connect/..., OK/CRITICAL, dns_failure, ...) */
        _("NEEDED"), _("STATE"), _("CLASS"), _("DNS s"), _("TLS s"), _("TOTAL s"), _("HTTP"),
        _("TLS")};
    int w[EP_COLUMNS];
    for (int i = 0; i < EP_COLUMNS; i++) {
        w[i] = endpoint_columns[i].min;
        widen(&w[i], headings[i]);
    }
    int shown = 0;
    for (size_t i = 0; i < e->count; i++) {
        const struct arcp_endpoint *ep = &e->items[i];
        if (!endpoint_shown(ep, verbose))
            continue;
        char cut[ARCP_NAME_MAX];
        widen(&w[EP_NAME], endpoint_cell(cut, sizeof cut, ep->name));
        widen(&w[EP_NEEDED], arcp_required_name(ep->required));
        widen(&w[EP_STATE], arcp_state_name(ep->state));
        widen(&w[EP_CLASS], arcp_endpoint_class_name(ep->cls));
        shown++;
    }
    if (!shown)
        return;
    endpoint_heading(out, w, headings);
    for (size_t i = 0; i < e->count; i++)
        if (endpoint_shown(&e->items[i], verbose))
            endpoint_row(out, w, &e->items[i], color);
}

void table_output_print(FILE *out, const arcp_report *r, int color, int verbose)
{
    char when[32];
    struct tm tm;
    time_t t = r->probe_time;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
    fputs(_("Azure Arc agent: "), out);
    if (color)
        fprintf(out, "%s%s\033[0m", state_color(r->state), arcp_state_name(r->state));
    else
        fputs(arcp_state_name(r->state), out);
    fputs("  ", out);
    fprintf(out,
            r->incomplete ? _("(probed %s in %.2f s, cut short by the timeout)")
                          : _("(probed %s in %.2f s)"),
            when, r->duration_s);
    fputs("\n\n", out);

    struct table table = {
        .out = NULL,
        .color = color,
        .columns = {NAME_COLUMNS_MIN, STATE_COLUMNS_MIN, LABEL_COLUMNS_MIN},
    };
    component_table(&table, r);
    table.out = out;
    component_table(&table, r);
    if (r->checks & ARCP_CHECK_ENDPOINTS)
        endpoint_table(out, &r->endpoints, color, verbose);
}

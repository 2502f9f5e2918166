/* The report for a person at a terminal: component lines first, then what
 * to do, then the endpoints that need attention. */
#include "table_output.h"

#include "arcprobe_intl.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

static void print_state(FILE *out, arcp_state s, int color)
{
    if (color)
        fprintf(out, "%s%-9s\033[0m", state_color(s), arcp_state_name(s));
    else
        fprintf(out, "%-9s", arcp_state_name(s));
}

/* Characters, not bytes: printf's %-*s counts bytes, which misaligns
 * translated labels with accented (multi-byte UTF-8) letters. */
/* A source the probe did not learn is shown as the placeholder. */
static const char *or_placeholder(const char *name, const char *placeholder)
{
    return name[0] ? name : placeholder;
}

static int display_width(const char *text)
{
    int columns = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if ((*p & 0xC0) != 0x80)
            columns++;
    return columns;
}

/* Left-aligns text in width columns. */
static void pad(FILE *out, const char *text, int width)
{
    int columns = display_width(text);
    fputs(text, out);
    for (; columns < width; columns++)
        fputc(' ', out);
}

/* Right-aligns text in width columns. */
static void rpad(FILE *out, const char *text, int width)
{
    int columns = display_width(text);
    for (; columns < width; columns++)
        fputc(' ', out);
    fputs(text, out);
}

static void component(FILE *out, const char *name, arcp_state s, const char *text, int color)
{
    fprintf(out, "%-10s ", name);
    print_state(out, s, color);
    fprintf(out, " %s\n", text);
}

static void detail(FILE *out, const char *label, const char *text)
{
    if (text && *text) {
        fprintf(out, "%-21s", "");
        pad(out, label, 9);
        fprintf(out, " %s\n", text);
    }
}

/* The core's findings for one component under its row: each cause and
 * remedy once; an endpoint finding first says what it covers. */
static void findings(FILE *out, const arcp_report *r, const char *name, int color)
{
    for (size_t i = 0; i < r->finding_count; i++) {
        const struct arcp_finding *f = &r->findings[i];
        if (strcmp(f->component, name) != 0)
            continue;
        if (f->endpoints) {
            fprintf(out, "%-10s ", "");
            print_state(out, f->state, color);
            fprintf(out, " %s\n", f->text);
        }
        detail(out, _("cause"), f->cause);
        detail(out, _("remedy"), f->remedy);
    }
}

static void print_seconds(FILE *out, double s)
{
    if (s >= 0)
        fprintf(out, " %8.3f", s);
    else
        fprintf(out, " %8s", "-");
}

static void endpoint_table(FILE *out, const struct arcp_endpoints *e, int color, int verbose)
{
    /* TRANSLATORS: heading of the endpoint column (host names below it) */
    const char *endpoint_heading = _("ENDPOINT");
    size_t width = (size_t)display_width(endpoint_heading);
    if (width < 8)
        width = 8;
    for (size_t i = 0; i < e->count; i++)
        if ((verbose || e->items[i].state != ARCP_OK) && strlen(e->items[i].name) > width)
            width = strlen(e->items[i].name);
    int header = 0;
    for (size_t i = 0; i < e->count; i++) {
        const struct arcp_endpoint *ep = &e->items[i];
        if (!verbose && ep->state == ARCP_OK)
            continue;
        if (!header) {
            /* TRANSLATORS: endpoint table headings; the cells below them hold
             * untranslated values (always/connect/..., OK/CRITICAL, dns_failure, ...) */
            fputs("\n  ", out);
            pad(out, endpoint_heading, (int)width);
            fputc(' ', out);
            pad(out, _("NEEDED"), 8);
            fputc(' ', out);
            pad(out, _("STATE"), 9);
            fputc(' ', out);
            pad(out, _("CLASS"), 19);
            fputc(' ', out);
            rpad(out, _("DNS s"), 8);
            fputc(' ', out);
            rpad(out, _("TLS s"), 8);
            fputc(' ', out);
            rpad(out, _("TOTAL s"), 8);
            fputc(' ', out);
            rpad(out, _("HTTP"), 4);
            fprintf(out, " %s\n", _("TLS"));
            header = 1;
        }
        fprintf(out, "  %-*s %-8s ", (int)width, ep->name, arcp_required_name(ep->required));
        print_state(out, ep->state, color);
        fprintf(out, " %-19s", arcp_endpoint_class_name(ep->cls));
        print_seconds(out, ep->dns_s);
        print_seconds(out, ep->tls_s);
        print_seconds(out, ep->total_s);
        if (ep->http_status)
            fprintf(out, " %4d", ep->http_status);
        else
            fprintf(out, " %4s", "-");
        fprintf(out, " %s\n", ep->tls_version[0] ? ep->tls_version : "-");
        if (ep->state != ARCP_OK) {
            if (ep->proxy[0]) {
                fprintf(out, "  %-*s ", (int)width, "");
                fprintf(out, _("via proxy %s"), ep->proxy);
                fputc('\n', out);
            }
            if (ep->detail[0])
                fprintf(out, "  %-*s %s\n", (int)width, "", ep->detail);
        }
    }
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
    /* TRANSLATORS: table headings; the COMPONENT column holds himds, agent, azcm, endpoints */
    pad(out, _("COMPONENT"), 10);
    fputc(' ', out);
    pad(out, _("STATE"), 9);
    fprintf(out, " %s\n", _("DETAIL"));

    if (r->checks & ARCP_CHECK_HIMDS) {
        component(out, "himds", r->himds.state, r->himds.text, color);
        findings(out, r, "himds", color);
    }
    if (r->checks & ARCP_CHECK_AGENT) {
        component(out, "agent", r->agent.state, r->agent.text, color);
        findings(out, r, "agent", color);
        if (r->agent.resource_id[0])
            detail(out, _("resource"), r->agent.resource_id);
        if (r->agent.location[0] || r->agent.cloud[0]) {
            char where[160];
            if (r->agent.location[0] && r->agent.cloud[0])
                /* TRANSLATORS: region in cloud, e.g. "westeurope in AzureCloud" */
                snprintf(where, sizeof where, _("%s in %s"), r->agent.location,
                         arcp_cloud_name(r->agent.cloud));
            else
                snprintf(where, sizeof where, "%s%s", r->agent.location,
                         arcp_cloud_name(r->agent.cloud));
            detail(out, _("location"), where);
        }
        if (r->agent.error_code[0]) {
            char err[ARCP_TEXT_MAX + 32];
            /* the agent often repeats the code at the start of the details */
            if (strncmp(r->agent.error_details, r->agent.error_code, strlen(r->agent.error_code)) ==
                0)
                snprintf(err, sizeof err, "%s", r->agent.error_details);
            else
                snprintf(err, sizeof err, "%s %s", r->agent.error_code, r->agent.error_details);
            detail(out, _("error"), err);
        }
        if (r->agent.expiry_text[0]) {
            char expiry[ARCP_TEXT_MAX + 16];
            snprintf(expiry, sizeof expiry, "%s %s", arcp_state_name(r->agent.expiry_state),
                     r->agent.expiry_text);
            /* its remedy is the agent's, under the agent row */
            detail(out, _("expiry"), expiry);
        }
    }
    if (r->checks & ARCP_CHECK_AZCM) {
        component(out, "azcm", r->azcm.state, r->azcm.text, color);
        if (r->azcm.found && !r->azcm.resolved && r->azcm.code != 0) {
            detail(out, _("message"), r->azcm.message);
            if (r->azcm.meaning && strcmp(r->azcm.meaning, r->azcm.cause) != 0)
                detail(out, _("meaning"), r->azcm.meaning);
        }
        findings(out, r, "azcm", color);
    }
    if (r->checks & ARCP_CHECK_ENDPOINTS) {
        component(out, "endpoints", r->endpoints.state, r->endpoints.text, color);
        findings(out, r, "endpoints", color);
        if (r->endpoints.cloud[0]) {
            char where[200];
            /* TRANSLATORS: cloud, region, where they came from, where the regional service
             * came from and where the proxy setting came from (source names stay English) */
            snprintf(where, sizeof where, _("%s %s (from %s), regional service via %s, proxy: %s"),
                     r->endpoints.cloud, r->endpoints.location,
                     arcp_cloud_source_name(r->endpoints.cloud_source),
                     or_placeholder(arcp_his_source_name(r->endpoints.his_source), "-"),
                     or_placeholder(arcp_proxy_source_name(r->endpoints.proxy_source), "none"));
            detail(out, _("cloud"), where);
        }
        /* TRANSLATORS: label of the needed endpoints whose host cannot be known */
        detail(out, _("not probed"), r->endpoints.not_probed);
        component(out, "clock", r->clock.state, r->clock.text, color);
        detail(out, _("cause"), r->clock.cause);
        detail(out, _("remedy"), r->clock.remedy);
        endpoint_table(out, &r->endpoints, color, verbose);
    }
}

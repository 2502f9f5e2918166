/* The report for a person at a terminal: component lines first, then what
 * to do, then the endpoints that need attention. */
#include "table_output.h"

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

static void component(FILE *out, const char *name, arcp_state s, const char *text, int color)
{
    fprintf(out, "%-10s ", name);
    print_state(out, s, color);
    fprintf(out, " %s\n", text);
}

static void detail(FILE *out, const char *label, const char *text)
{
    if (text && *text)
        fprintf(out, "%-21s%-9s %s\n", "", label, text);
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
    size_t width = 8;
    for (size_t i = 0; i < e->count; i++)
        if ((verbose || e->items[i].state != ARCP_OK) && strlen(e->items[i].name) > width)
            width = strlen(e->items[i].name);
    int header = 0;
    for (size_t i = 0; i < e->count; i++) {
        const struct arcp_endpoint *ep = &e->items[i];
        if (!verbose && ep->state == ARCP_OK)
            continue;
        if (!header) {
            fprintf(out, "\n  %-*s %-8s %-9s %-19s %8s %8s %8s %4s %s\n", (int)width, "ENDPOINT",
                    "NEEDED", "STATE", "CLASS", "DNS s", "TLS s", "TOTAL s", "HTTP", "TLS");
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
            if (ep->proxy[0])
                fprintf(out, "  %-*s via proxy %s\n", (int)width, "", ep->proxy);
            if (ep->detail[0])
                fprintf(out, "  %-*s %s\n", (int)width, "", ep->detail);
            if (ep->remedy && *ep->remedy)
                fprintf(out, "  %-*s remedy: %s\n", (int)width, "", ep->remedy);
        }
    }
}

void table_output_print(FILE *out, const arcp_report *r, int color, int verbose)
{
    char when[32];
    struct tm tm;
    time_t t = r->probe_time;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
    fprintf(out, "Azure Arc agent: ");
    if (color)
        fprintf(out, "%s%s\033[0m", state_color(r->state), arcp_state_name(r->state));
    else
        fputs(arcp_state_name(r->state), out);
    fprintf(out, "  (probed %s in %.2f s%s)\n\n", when, r->duration_s,
            r->incomplete ? ", cut short by the timeout" : "");
    fprintf(out, "%-10s %-9s %s\n", "COMPONENT", "STATE", "DETAIL");

    if (r->checks & ARCP_CHECK_HIMDS)
        component(out, "himds", r->himds.state, r->himds.text, color);
    if (r->checks & ARCP_CHECK_AGENT) {
        component(out, "agent", r->agent.state, r->agent.text, color);
        if (r->agent.resource_id[0])
            detail(out, "resource", r->agent.resource_id);
        if (r->agent.location[0] || r->agent.cloud[0]) {
            char where[160];
            snprintf(where, sizeof where, "%s%s%s", r->agent.location,
                     r->agent.location[0] && r->agent.cloud[0] ? " in " : "", r->agent.cloud);
            detail(out, "location", where);
        }
        if (r->agent.error_code[0]) {
            char err[ARCP_TEXT_MAX + 32];
            /* the agent often repeats the code at the start of the details */
            if (strncmp(r->agent.error_details, r->agent.error_code, strlen(r->agent.error_code)) ==
                0)
                snprintf(err, sizeof err, "%s", r->agent.error_details);
            else
                snprintf(err, sizeof err, "%s %s", r->agent.error_code, r->agent.error_details);
            detail(out, "error", err);
        }
    }
    if (r->checks & ARCP_CHECK_AZCM) {
        component(out, "azcm", r->azcm.state, r->azcm.text, color);
        if (r->azcm.found && !r->azcm.resolved && r->azcm.code != 0) {
            detail(out, "message", r->azcm.message);
            detail(out, "meaning", r->azcm.meaning);
            detail(out, "remedy", r->azcm.remedy);
        }
        detail(out, "cause", r->azcm.diagnosis);
        detail(out, "fix", r->azcm.diagnosis_remedy);
    }
    if (r->checks & ARCP_CHECK_ENDPOINTS) {
        component(out, "endpoints", r->endpoints.state, r->endpoints.text, color);
        if (r->endpoints.cloud[0]) {
            char where[200];
            snprintf(where, sizeof where, "%s %s (from %s), regional service via %s, proxy: %s",
                     r->endpoints.cloud, r->endpoints.location, r->endpoints.cloud_source,
                     r->endpoints.his_source[0] ? r->endpoints.his_source : "-",
                     r->endpoints.proxy_source[0] ? r->endpoints.proxy_source : "none");
            detail(out, "cloud", where);
        }
        endpoint_table(out, &r->endpoints, color, verbose);
    }
}

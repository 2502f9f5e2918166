/* libFuzzer target: the plugin's text parsers and formatters on arbitrary
 * input (threshold ranges, decimals, state and check lists, perfdata
 * labels, output line cleaning). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arcprobe.h"
#include "options.h"
#include "perfdata.h"
#include "range.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    struct arc_range r;
    char err[256];
    if (arc_range_parse(&r, text, err, sizeof err) == 0) {
        /* an accepted range keeps its text less any '+' (perfdata numbers
         * are [-0-9.] only) and evaluates anywhere */
        char expected[sizeof r.text];
        size_t kept = 0;
        for (const char *c = text; *c && kept + 1 < sizeof expected; c++)
            if (*c != '+')
                expected[kept++] = *c;
        expected[kept] = '\0';
        if (strcmp(r.text, expected) != 0 || strspn(r.text, "@~:-.0123456789") != strlen(r.text))
            abort();
        (void)arc_range_alerts(&r, 0);
        (void)arc_range_alerts(&r, -1e300);
        (void)arc_range_alerts(&r, 1e300);
        if (!r.start_inf && !r.end_inf && r.start > r.end)
            abort();
    }
    double d;
    if (arc_parse_decimal(text, &d) == 0) {
        char out[400];
        if (arc_format_decimal(out, sizeof out, d) < 0)
            abort();
    }
    arcp_state st;
    (void)arc_parse_state(text, &st);
    unsigned mask;
    if (arc_parse_checks(text, &mask, err, sizeof err) == 0 && (mask & ~ARCP_CHECK_ALL))
        abort();

    char label[1024];
    if (arc_perf_label(label, sizeof label, text) >= 0) {
        /* a label never carries a perfdata separator or an unbalanced quote */
        if (strchr(label, '=') || strchr(label, '|') || strchr(label, '\n'))
            abort();
    }
    char line[300];
    arcp_clean_text(line, sizeof line, text);
    for (const unsigned char *p = (const unsigned char *)line; *p; p++)
        if (*p < 0x20 || *p == '|' || *p == 0x7f)
            abort();
    free(text);
    return 0;
}

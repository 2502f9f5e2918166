/* libFuzzer target: check_azure_arc's output assembly (arc_assemble) on
 * arbitrary summaries, long outputs, perfdata levels and limits. Oracles,
 * from its contract in output.h:
 *  - the first line is "ARC <STATE> - <summary>[ | <perfdata>]" and holds no
 *    control character from the summary;
 *  - the perfdata is one of the levels whole: the first that fits the limit,
 *    else the last;
 *  - what follows the first line is whole leading lines of the long output,
 *    then at most one "... N more line(s) cut" marker;
 *  - nothing grows past the limit once the first line fits in it.
 * Input: byte 0 state, bytes 1-2 limit, then summary, long output and up to
 * three perfdata levels separated by 0x1e. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FIELDS 5

static const char *const states[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3 || size > 20000)
        return 0;
    const char *state = states[data[0] & 3];
    size_t limit = ((size_t)data[1] << 8 | data[2]) & 0x3fff;
    char *copy = malloc(size - 3 + 1);
    if (copy == NULL)
        return 0;
    memcpy(copy, data + 3, size - 3);
    copy[size - 3] = '\0';
    char *field[FIELDS] = {copy, "", "", NULL, NULL};
    size_t nfields = 1;
    for (char *p = copy; *p && nfields < FIELDS; p++)
        if (*p == 0x1e) {
            *p = '\0';
            field[nfields++] = p + 1;
        }
    /* perfdata levels are single lines by construction */
    const char *levels[3];
    size_t count = 0;
    for (size_t i = 2; i < nfields; i++) {
        for (char *p = field[i]; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = '_';
        levels[count++] = field[i];
    }
    const char *summary = field[0], *long_output = nfields > 1 ? field[1] : "";

    char *out = arc_assemble(state, summary, long_output, levels, count, limit);
    if (out == NULL)
        abort();
    size_t prefix_len = strlen("ARC  - ") + strlen(state);
    if (strncmp(out, "ARC ", 4) != 0 || strncmp(out + 4, state, strlen(state)) != 0 ||
        strncmp(out + 4 + strlen(state), " - ", 3) != 0)
        abort();
    char *nl = strchr(out, '\n');
    if (nl == NULL)
        abort();
    size_t first_len = (size_t)(nl - out) + 1;

    /* the perfdata: after the first " | " that follows the cleaned summary
     * (the cleaning removes '|' from it) */
    const char *bar = strstr(out + prefix_len, " | ");
    if (bar != NULL && bar > nl)
        bar = NULL; /* in the long output, not the first line */
    for (const char *p = out; p < (bar ? bar : nl); p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '|')
            abort(); /* the summary is cleaned */
    size_t perf_len = bar ? (size_t)(nl - (bar + 3)) : 0;
    const char *perf = bar ? bar + 3 : "";
    if (count > 0) {
        size_t chosen = count;
        for (size_t i = 0; i < count; i++) {
            if (strlen(levels[i]) == perf_len && strncmp(levels[i], perf, perf_len) == 0) {
                chosen = i;
                break;
            }
        }
        if (perf_len > 0 && chosen == count)
            abort(); /* not one of the levels whole */
        size_t head_len = bar ? (size_t)(bar - out) : first_len - 1;
        for (size_t i = 0; i < chosen && perf_len > 0; i++)
            if (head_len + (levels[i][0] ? 3 + strlen(levels[i]) : 0) + 1 <= limit)
                abort(); /* a more detailed level would have fitted */
    } else if (bar != NULL && strchr(summary, '|') == NULL) {
        abort();
    }

    /* the rest: leading whole lines of the long output, maybe a marker */
    const char *rest = nl + 1;
    size_t rest_len = strlen(rest);
    if (strncmp(rest, long_output, rest_len) != 0) {
        const char *marker = strstr(rest, "... ");
        while (marker != NULL && marker != rest && marker[-1] != '\n')
            marker = strstr(marker + 1, "... ");
        if (marker == NULL || strncmp(rest, long_output, (size_t)(marker - rest)) != 0 ||
            strstr(marker, " more line") == NULL)
            abort();
    }
    if (first_len <= limit && strlen(out) > limit)
        abort();
    free(out);
    free(copy);
    return 0;
}

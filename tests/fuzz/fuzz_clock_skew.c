/* libFuzzer target: the clock-skew reader on arbitrary Date header values
 * and endpoint URLs. The first line is a Date value (as http_batch keeps
 * it: at most 63 bytes); every further line is an endpoint URL whose
 * offset comes from the Date's parse. Invariants: a verdict needs two
 * distinct https hosts, never more answers than endpoints, every text
 * terminated. */
#include "arcprobe.h"
#include "clock_skew.h"
#include "sanitize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ENDPOINTS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static arcp_config *cfg;
    if (!cfg && !(cfg = arcp_config_new()))
        return 0;
    const char *text = (const char *)data;
    const char *nl = memchr(text, '\n', size);
    size_t first = nl ? (size_t)(nl - text) : size;

    struct http_request req;
    memset(&req, 0, sizeof req);
    req.done = 1;
    req.http_status = 200;
    arcp_sanitize(req.date, sizeof req.date, text, first);
    req.start_wall = 1764662400.0; /* 2025-12-02 */
    req.tls_s = 0.25;
    req.date_wall = req.start_wall + 0.5;
    double offset = 0;
    int have = clock_offset_of_request(&req, &offset) == 0;

    struct arcp_endpoint items[MAX_ENDPOINTS];
    memset(items, 0, sizeof items);
    size_t n = 0;
    size_t pos = nl ? first + 1 : size;
    while (pos < size && n < MAX_ENDPOINTS) {
        const char *end = memchr(text + pos, '\n', size - pos);
        size_t len = end ? (size_t)(end - (text + pos)) : size - pos;
        arcp_sanitize(items[n].url, sizeof items[n].url, text + pos, len);
        items[n].has_date = have;
        items[n].clock_offset_s = offset + (double)n;
        n++;
        pos += len + 1;
    }
    struct arcp_endpoints eps;
    memset(&eps, 0, sizeof eps);
    eps.count = n;
    eps.items = items;
    struct arcp_clock c;
    clock_skew_judge(cfg, &eps, &c);
    if (c.answers > n || (c.judged && c.answers < 2) || (!c.judged && c.state != ARCP_OK) ||
        (unsigned)c.state > ARCP_UNKNOWN)
        abort();
    if (!memchr(c.text, '\0', sizeof c.text) || !memchr(c.cause, '\0', sizeof c.cause) ||
        !memchr(c.remedy, '\0', sizeof c.remedy))
        abort();
    return 0;
}

/* libFuzzer target: the RFC 3339 reader (lastHeartbeat, log time=) on
 * arbitrary bytes, and the writer/reader round trip. A timestamp that
 * parses must format back to one that parses to the same instant, and a
 * formatted instant must parse back unchanged. */
#include "rfc3339.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Years 0..9999: the ones rfc3339_format writes as four digits (it does
 * not rely on strftime, which does not pad years before 1000). */
static int four_digit_year(time_t t)
{
    struct tm tm;
    return gmtime_r(&t, &tm) && tm.tm_year + 1900 >= 0 && tm.tm_year + 1900 <= 9999;
}

static void round_trip(time_t t)
{
    if (!four_digit_year(t))
        return;
    char buf[32];
    rfc3339_format(t, buf, sizeof buf);
    time_t back;
    if (rfc3339_parse(buf, strlen(buf), &back) != 0 || back != t)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    time_t t = 0;
    if (rfc3339_parse((const char *)data, size, &t) == 0)
        round_trip(t);

    if (size >= sizeof(int64_t)) {
        int64_t raw;
        memcpy(&raw, data, sizeof raw);
        round_trip((time_t)(raw % 400000000000LL));
    }

    /* tiny buffers: always terminated, never overrun */
    char small[8];
    rfc3339_format(t, small, sizeof small);
    if (!memchr(small, '\0', sizeof small))
        abort();
    return 0;
}

/* collectd_complain_stub.c - collectd's complaint throttles (daemon/
 * utils_complain.c) for the stand-ins of collectd, which the daemon itself
 * provides to a loaded plugin. Same contract: a complaint is logged when it
 * is due, then again after an interval that starts at the plugin's interval
 * and doubles up to a day; c_complain_once logs once per episode; a release
 * logs once and ends the episode. Real collectd runs the real ones
 * (collectd.integration). */
#include "collectd/core/daemon/plugin.h"
#include "collectd/core/daemon/utils_complain.h"

#include <stdarg.h>
#include <stdio.h>

__attribute__((format(printf, 3, 0))) static int complain_if_due(int level, c_complain_t *c,
                                                                 const char *format, va_list ap)
{
    cdtime_t now = cdtime();
    if (c->last + c->interval > now)
        return 0;
    c->last = now;
    cdtime_t base = plugin_get_interval();
    c->interval = c->interval < base ? base : 2 * c->interval;
    if (c->interval > TIME_T_TO_CDTIME_T(86400))
        c->interval = TIME_T_TO_CDTIME_T(86400);
    char message[512];
    vsnprintf(message, sizeof(message), format, ap);
    plugin_log(level, "%s", message);
    return 1;
}

void c_complain(int level, c_complain_t *c, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    if (complain_if_due(level, c, format, ap))
        c->complained_once = true;
    va_end(ap);
}

void c_complain_once(int level, c_complain_t *c, const char *format, ...)
{
    if (c->complained_once)
        return;
    va_list ap;
    va_start(ap, format);
    if (complain_if_due(level, c, format, ap))
        c->complained_once = true;
    va_end(ap);
}

void c_do_release(int level, c_complain_t *c, const char *format, ...)
{
    if (c->interval == 0)
        return;
    c->interval = 0;
    c->complained_once = false;
    char message[512];
    va_list ap;
    va_start(ap, format);
    vsnprintf(message, sizeof(message), format, ap);
    va_end(ap);
    plugin_log(level, "%s", message);
}

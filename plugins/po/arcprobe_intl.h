/* arcprobe_intl.h - gettext for the arcprobe programs (CLI, check_azure_arc).
 *
 * Programs own their process locale, so unlike the core library they may
 * call setlocale() and textdomain(). They share the core's text domain
 * "arcprobe" and bind it to the same directory the core uses. */
#ifndef ARCPROBE_INTL_H
#define ARCPROBE_INTL_H

#include <libintl.h>
#include <locale.h>
#include <stdlib.h>

#ifndef ARCPROBE_LOCALEDIR
#define ARCPROBE_LOCALEDIR "/usr/share/locale"
#endif

#define _(msgid) gettext(msgid)
#define N_(msgid) msgid
#define P_(msgid, msgid_plural, n) ngettext(msgid, msgid_plural, n)

/* Messages follow the environment (LANG, LC_ALL, LC_MESSAGES, LANGUAGE);
 * numbers keep a '.' decimal point because perfdata and JSON need it.
 * ARCPROBE_LOCALEDIR, when set, replaces the installed catalog directory. */
static inline void arcprobe_intl_init(void)
{
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    const char *dir = secure_getenv("ARCPROBE_LOCALEDIR");
    bindtextdomain("arcprobe", dir && *dir ? dir : ARCPROBE_LOCALEDIR);
    bind_textdomain_codeset("arcprobe", "UTF-8");
    textdomain("arcprobe");
}

#endif

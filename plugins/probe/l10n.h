/* l10n.h - gettext for the core's human-facing text (text domain "arcprobe").
 *
 * The core is a library loaded into other programs (collectd, snmpd), so it
 * never calls textdomain() or setlocale(): it looks its strings up with
 * dgettext() in its own domain, which it binds once on first use. Whether
 * text comes out translated is decided by the program's LC_MESSAGES: the
 * arcprobe CLI and check_azure_arc set it from the environment, collectd and
 * snmpd leave it at "C" and so get the English msgids unchanged. */
#ifndef ARCPROBE_L10N_H
#define ARCPROBE_L10N_H

#define ARCP_TEXTDOMAIN "arcprobe"

/* The translation of msgid in the arcprobe domain (msgid itself when there is
 * none). The result is static: it stays valid for the life of the process. */
const char *arcp_l10n_text(const char *msgid) __attribute__((format_arg(1)));

#define _(msgid) arcp_l10n_text(msgid)
/* Marks text for xgettext where it is stored (catalog tables); _() at use. */
#define N_(msgid) msgid

/* The plural form for n in the arcprobe domain. */
const char *arcp_l10n_plural(const char *msgid, const char *msgid_plural, unsigned long n)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)));
#define P_(msgid, msgid_plural, n) arcp_l10n_plural(msgid, msgid_plural, n)

#endif

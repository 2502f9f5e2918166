/* l10n.c - binds the core's text domain once, then translates through it. */
#include "l10n.h"

#include <libintl.h>
#include <pthread.h>
#include <stdlib.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/share/locale"
#endif

static pthread_once_t bind_once = PTHREAD_ONCE_INIT;

/* ARCPROBE_LOCALEDIR lets the tests use the catalogs in the build tree. */
static void bind_domain(void)
{
    const char *dir = secure_getenv("ARCPROBE_LOCALEDIR");
    bindtextdomain(ARCP_TEXTDOMAIN, dir && *dir ? dir : LOCALEDIR);
    bind_textdomain_codeset(ARCP_TEXTDOMAIN, "UTF-8");
}

const char *arcp_l10n_text(const char *msgid)
{
    /* "" is the catalog header's key: never look it up */
    if (msgid == NULL || msgid[0] == '\0')
        return msgid;
    pthread_once(&bind_once, bind_domain);
    return dgettext(ARCP_TEXTDOMAIN, msgid);
}

const char *arcp_l10n_plural(const char *msgid, const char *msgid_plural, unsigned long n)
{
    pthread_once(&bind_once, bind_domain);
    return dngettext(ARCP_TEXTDOMAIN, msgid, msgid_plural, n);
}

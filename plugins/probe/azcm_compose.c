/* Choosing what the AZCM scan reports and saying it: the newest code across
 * the logs (by the lines' own times), the error an AZCM0000 resolved, the
 * diagnosis that applies, and the one-line text with its state. Everything
 * the user reads about AZCM codes is composed here. */
#include "azcm_internal.h"
#include "azcm_catalog.h"
#include "rfc3339.h"
#include "sanitize.h"
#include "l10n.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void azcm_textf(char *dst, size_t dstlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_vformat(dst, dstlen, fmt, ap);
    va_end(ap);
}

void azcm_format_age(char *dst, size_t dstlen, long long age)
{
    if (age < 0)
        azcm_textf(dst, dstlen, _("in the future"));
    else if (age < 120)
        azcm_textf(dst, dstlen, _("%lld s ago"), age);
    else if (age < 120 * 60)
        azcm_textf(dst, dstlen, _("%lld min ago"), age / 60);
    else if (age < 48 * 3600)
        azcm_textf(dst, dstlen, _("%lld h ago"), age / 3600);
    else
        azcm_textf(dst, dstlen, _("%lld d ago"), age / 86400);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void format_time(char *dst, size_t dstlen, const struct code_hit *h)
{
    if (h->has_time)
        rfc3339_format(h->time, dst, dstlen);
    if (!h->has_time || !dst[0])
        azcm_textf(dst, dstlen, _("unknown time"));
}

/* Is a newer than b? Lines without a time lose to timed ones; at equal
 * times an error beats a success (the cautious reading). */
static int hit_newer(const struct code_hit *a, const struct code_hit *b)
{
    if (!b->valid)
        return a->valid;
    if (!a->valid)
        return 0;
    if (a->has_time != b->has_time)
        return a->has_time;
    if (a->has_time && a->time != b->time)
        return a->time > b->time;
    return a->code != 0 && b->code == 0;
}

static const struct code_hit *result_hit(const struct log_result *lr)
{
    if (lr->cur.newest.valid)
        return &lr->cur.newest;
    if (lr->scanned_rot && lr->rot.newest.valid)
        return &lr->rot.newest;
    return NULL;
}

static void fill_code(struct arcp_azcm *out, const struct code_hit *h, time_t now)
{
    const struct azcm_code *c = azcm_catalog_lookup(h->code);
    out->found = 1;
    out->code = h->code;
    azcm_textf(out->code_str, sizeof(out->code_str), "AZCM%04d", h->code);
    out->time = h->has_time ? h->time : 0;
    out->age_s = h->has_time ? (long long)(now - h->time) : -1;
    arcp_copy(out->level, sizeof(out->level), h->level);
    arcp_copy(out->file, sizeof(out->file), h->path);
    arcp_copy(out->message, sizeof(out->message), h->message);
    out->known = c != NULL;
    out->meaning = c ? _(c->meaning) : _("unknown code");
    /* A code newer than the catalog still gets a way forward: Microsoft's
     * table is where new codes appear first, and the agent's own check
     * tells whether it is the network. */
    out->code_remedy =
        c && c->remedy[0]
            ? _(c->remedy)
            : _("Look this code up in Microsoft's troubleshooting guide for the Connected Machine "
                "agent (troubleshoot-agent-onboard) and run 'azcmagent check' to test the agent's "
                "connectivity.");
}

static void code_label(char *dst, size_t dstlen, const struct code_hit *h)
{
    const struct azcm_code *c = azcm_catalog_lookup(h->code);
    if (c)
        azcm_textf(dst, dstlen, _("AZCM%04d %s"), h->code, c->name);
    else
        azcm_textf(dst, dstlen, _("AZCM%04d (unknown code)"), h->code);
}

static int diag_applies(const struct diag_hit *d, const struct code_hit *w)
{
    if (!d->valid)
        return 0;
    if (!w || !d->has_time || !w->has_time)
        return 1;
    if (w->code == 0)
        return d->time > w->time; /* a new problem after the success */
    return d->time >= w->time - AZCM_DIAG_WINDOW;
}

static void pick_diag(struct arcp_azcm *out, const struct log_result *lr, size_t n,
                      const struct code_hit *w)
{
    const struct diag_hit *best = NULL;
    /* The error's own words explain it better than a neighbouring line. */
    int own = w && w->code != 0 && w->own_diag.valid;
    if (own)
        best = &w->own_diag;
    for (size_t i = 0; !own && i < n; i++) {
        const struct diag_hit *cands[2] = {&lr[i].cur.diag,
                                           lr[i].scanned_rot ? &lr[i].rot.diag : NULL};
        for (size_t k = 0; k < 2; k++) {
            const struct diag_hit *d = cands[k];
            if (!d || !diag_applies(d, w))
                continue;
            if (!best || (d->has_time && (!best->has_time || d->time > best->time)))
                best = d;
        }
    }
    if (best) {
        arcp_copy(out->diagnosis, sizeof(out->diagnosis), best->cause);
        arcp_copy(out->diagnosis_remedy, sizeof(out->diagnosis_remedy), best->remedy);
    }
}

void azcm_compose(const struct arcp_config *cfg, time_t now, const char *logdir,
                  const struct log_result *lr, size_t nlogs, int any_file, const char *problem,
                  enum azcm_problem problem_kind, struct arcp_azcm *out)
{
    enum { NLOGS_MAX = 8 };
    char text[ARCP_TEXT_MAX * 2];
    /* The newest code across all files, by time. */
    const struct code_hit *w = NULL;
    size_t wi = 0;
    for (size_t i = 0; i < nlogs; i++) {
        const struct code_hit *h = result_hit(&lr[i]);
        if (h && (!w || hit_newer(h, w))) {
            w = h;
            wi = i;
        }
    }

    /* An AZCM0000 winner: which error did it resolve? */
    const struct code_hit *resolved = NULL;
    if (w && w->code == 0) {
        const struct code_hit *cands[NLOGS_MAX + 1];
        size_t nc = 0;
        if (lr[wi].cur.newest.valid && &lr[wi].cur.newest == w)
            cands[nc++] = &lr[wi].cur.prior_error;
        else
            cands[nc++] = &lr[wi].rot.prior_error;
        for (size_t i = 0; i < nlogs && nc < NLOGS_MAX + 1; i++) {
            const struct code_hit *h = result_hit(&lr[i]);
            if (i != wi && h && h->code != 0)
                cands[nc++] = h;
        }
        for (size_t k = 0; k < nc; k++) {
            const struct code_hit *h = cands[k];
            if (!h->valid || h->code == 0 || hit_newer(h, w))
                continue;
            if (!resolved || hit_newer(h, resolved))
                resolved = h;
        }
    }

    pick_diag(out, lr, nlogs, w);

    char when[32], age[32], label[96];
    if (w) {
        const struct code_hit *shown = resolved ? resolved : w;
        fill_code(out, shown, now);
        format_time(when, sizeof(when), shown);
        if (shown->has_time)
            azcm_format_age(age, sizeof(age), out->age_s);
        else /* not "in the future": nothing says when it was */
            azcm_textf(age, sizeof(age), _("the line has no time"));
        code_label(label, sizeof(label), shown);
    }

    if (problem[0]) {
        out->state = ARCP_UNKNOWN;
        azcm_textf(text, sizeof(text), "%s", problem);
        azcm_problem_meaning(problem_kind, out);
    } else if (!any_file) {
        out->state = ARCP_UNKNOWN;
        azcm_textf(text, sizeof(text), _("no agent logs in %s: is the agent installed?"), logdir);
        azcm_problem_meaning(AZCM_PROBLEM_NO_LOGS, out);
    } else if (!w) {
        char notes[ARCP_TEXT_MAX] = "";
        size_t nl = 0;
        for (size_t i = 0; i < nlogs; i++) {
            const struct file_scan *fs[2] = {&lr[i].cur, lr[i].scanned_rot ? &lr[i].rot : NULL};
            for (size_t k = 0; k < 2; k++) {
                if (fs[k] && fs[k]->limited && nl < sizeof(notes))
                    nl += (size_t)snprintf(
                        notes + nl, sizeof(notes) - nl, _("%sonly the last %llu bytes of %s read"),
                        nl ? "; " : "", cfg->log_scan_max, base_name(fs[k]->path));
            }
            if (lr[i].skipped_z[0] && nl < sizeof(notes))
                nl +=
                    (size_t)snprintf(notes + nl, sizeof(notes) - nl, _("%scompressed %s not read"),
                                     nl ? "; " : "", lr[i].skipped_z);
        }
        out->state = ARCP_OK;
        if (notes[0])
            azcm_textf(text, sizeof(text), _("no AZCM code in the logs (%s)"), notes);
        else
            azcm_textf(text, sizeof(text), _("no AZCM code in the logs"));
    } else if (resolved) {
        char wwhen[32];
        format_time(wwhen, sizeof(wwhen), w);
        out->state = ARCP_OK;
        out->resolved = 1;
        azcm_textf(text, sizeof(text),
                   _("%s at %s (%s) in %s was resolved by AZCM0000 at %s in %s"), label, when, age,
                   base_name(resolved->path), wwhen, base_name(w->path));
    } else if (w->code == 0) {
        out->state = ARCP_OK;
        azcm_textf(text, sizeof(text), _("last code AZCM0000 (success) at %s (%s) in %s"), when,
                   age, base_name(w->path));
    } else {
        int old = cfg->azcm_max_age > 0 && out->age_s > cfg->azcm_max_age;
        char what[ARCP_MESSAGE_MAX];
        arcp_copy(what, sizeof(what), out->known ? out->meaning : out->message);
        size_t wl = strlen(what);
        if (wl > 0 && what[wl - 1] == '.')
            what[wl - 1] = '\0'; /* the sentence goes on in the text */
        if (old) {
            out->state = ARCP_OK;
            azcm_textf(text, sizeof(text),
                       _("old %s at %s (%s, older than azcm_max_age %llds) in %s: %s"), label, when,
                       age, (long long)cfg->azcm_max_age, base_name(w->path), what);
        } else {
            out->state = cfg->azcm_state;
            size_t n = (size_t)snprintf(text, sizeof(text), _("%s at %s (%s) in %s: %s"), label,
                                        when, age, base_name(w->path), what);
            if (out->diagnosis[0] && n < sizeof(text))
                azcm_textf(text + n, sizeof(text) - n, _("; likely cause: %s"), out->diagnosis);
        }
    }
    arcp_sanitize(out->text, sizeof(out->text), text, strlen(text));
}

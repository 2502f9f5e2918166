/* Loading and saving a one-shot run's memory of the agent's logs around
 * its AZCM scan (azcm_state.h). The memory only ever says where a read may
 * resume; the scan checks each log's identity, size and the bytes before
 * that point before it believes it, so an old, foreign or damaged file
 * costs a full scan, never a wrong answer. */
#include "azcm_state.h"
#include "azcm_internal.h"
#include "azcm_memory.h"
#include "azcm_state_json.h"
#include "state_file.h"
#include "sanitize.h"
#include "l10n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long fnv1a(const char *s)
{
    unsigned long long h = 14695981039346656037ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* Results hold translated text: a file written in another language, or by
 * another version of the scan, is stale. The catalog's header (the
 * translation of "") names its language and revision; "" when untranslated. */
static void made_by(char *dst, size_t len)
{
    snprintf(dst, len, "arcprobe %s, messages %016llx", arcp_version(), fnv1a(arcp_l10n_text("")));
}

static int memory_empty(struct azcm_memory *m)
{
    for (size_t i = 0; i < AZCM_MEMORY_SLOTS; i++)
        if (azcm_memory_entry(m, i)->used)
            return 0;
    return 1;
}

void azcm_scan_kept(const struct arcp_config *cfg, time_t now, double deadline,
                    struct arcp_azcm *out)
{
    struct azcm_memory *m = cfg->azcm_memory;
    if (!cfg->keep_state || !m) {
        azcm_scan_hooked(cfg, now, deadline, m, out, NULL);
        return;
    }
    char note[ARCP_TEXT_MAX] = "", maker[128], name[64];
    made_by(maker, sizeof maker);
    /* one file per agent directory: configurations may watch different agents */
    snprintf(name, sizeof name, "azcm-%016llx.json", fnv1a(cfg->agent_dir));
    const struct azcm_state_stamp stamp = {maker, cfg->agent_dir, cfg->log_scan_max};

    struct state_dir dir;
    char *old = NULL;
    size_t oldlen = 0;
    int usable = state_dir_open(cfg, &dir, note, sizeof note) == 1;
    if (usable) {
        int got = state_file_read(&dir, name, AZCM_STATE_MAX, &old, &oldlen, note, sizeof note);
        usable = got >= 0; /* a file we may not trust is left as it is */
        if (got == 1 && azcm_memory_try_lock(m)) {
            /* a memory this process filled is at least as new */
            if (memory_empty(m) &&
                azcm_state_decode(old, oldlen, &stamp, m) == AZCM_STATE_MALFORMED)
                azcm_textf(note, sizeof note,
                           _("state file %s/%s is malformed: the logs were read whole"), dir.path,
                           name);
            azcm_memory_unlock(m);
        }
    }

    azcm_scan_hooked(cfg, now, deadline, m, out, NULL);

    /* A scan the deadline cut short is not saved: the next run starts from
     * the last whole one. */
    if (usable && !out->incomplete && azcm_memory_try_lock(m)) {
        char *text = azcm_state_encode(m, &stamp);
        azcm_memory_unlock(m);
        size_t len = text ? strlen(text) : 0;
        if (text && !(old && oldlen == len && memcmp(old, text, len) == 0))
            state_file_write(&dir, name, text, len, note, sizeof note);
        free(text);
    }
    free(old);
    state_dir_close(&dir);
    arcp_copy(out->note, sizeof out->note, note);
}

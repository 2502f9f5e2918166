/* When the identity service last answered its challenge. Each challenge
 * makes himds write a new key file into its token directory, so a probe
 * repeats it only every identity_interval seconds. A long-running host
 * (collectd, the AgentX subagent) remembers in memory; a one-shot front end
 * (Nagios plugin, CLI) by the state file every probe writes, a safe
 * per-user state file (state_file.h) in the state directory or at
 * identity_state. */
#include "identity_memory.h"
#include "l10n.h"
#include "sanitize.h"
#include "state_file.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A clock that went back this far makes a remembered time meaningless. */
#define FUTURE_SLACK_S 60
/* The file: a line per himds endpoint, at most STATE_LINES of them (a
 * longer file is not ours to trust: ignored, then replaced). */
#define STATE_LINES 16
#define STATE_MAX (STATE_LINES * (ARCP_URL_MAX + 24))
#define DEFAULT_NAME "identity"
#define PROCESS_SLOTS 8

struct remembered {
    char himds_url[ARCP_URL_MAX];
    time_t seen;
};

static pthread_mutex_t process_lock = PTHREAD_MUTEX_INITIALIZER;
static struct remembered process_memory[PROCESS_SLOTS];

static time_t process_recall(const char *url)
{
    time_t seen = 0;
    pthread_mutex_lock(&process_lock);
    for (size_t i = 0; i < PROCESS_SLOTS; i++)
        if (strcmp(process_memory[i].himds_url, url) == 0)
            seen = process_memory[i].seen;
    pthread_mutex_unlock(&process_lock);
    return seen;
}

static void process_store(const char *url, time_t seen)
{
    pthread_mutex_lock(&process_lock);
    size_t slot = 0;
    for (size_t i = 0; i < PROCESS_SLOTS; i++) {
        if (strcmp(process_memory[i].himds_url, url) == 0) {
            slot = i;
            break;
        }
        if (process_memory[i].seen < process_memory[slot].seen)
            slot = i; /* the oldest (or an empty) slot */
    }
    arcp_copy(process_memory[slot].himds_url, sizeof process_memory[slot].himds_url, url);
    process_memory[slot].seen = seen;
    pthread_mutex_unlock(&process_lock);
}

/* Where cfg keeps the file: identity_state's directory and name when it is
 * set, else "identity" in the state directory (state_dir, the per-user
 * cache by default): an operator who set state_dir = none expects no state
 * file at all, and one who named identity_state that file. Returns
 * 1 with d open, 0 for memory only (identity_state or state_dir = none) and
 * -1 when the place is not safe to use (state_file.h), the note saying which. */
static int open_place(const struct arcp_config *cfg, struct state_dir *d, const char **name,
                      char *note, size_t notelen)
{
    d->fd = -1;
    if (strcmp(cfg->identity_state, "none") == 0) {
        text_format(note, notelen, _("state file not used: %s = none"), "identity_state");
        return 0;
    }
    if (!cfg->identity_state[0]) {
        *name = DEFAULT_NAME;
        int rc = state_dir_open(cfg, d, note, notelen);
        if (rc == 0)
            text_format(note, notelen, _("state file not used: %s = none"), "state_dir");
        return rc;
    }
    char dir[PATH_MAX];
    arcp_copy(dir, sizeof dir, cfg->identity_state);
    char *slash = strrchr(dir, '/'); /* the path is absolute (config.c) */
    *name = slash ? cfg->identity_state + (slash - dir) + 1 : "";
    if (!slash || !**name || strcmp(*name, ".") == 0 || strcmp(*name, "..") == 0) {
        text_format(note, notelen, _("state file not used: %s is not a regular file"),
                    cfg->identity_state);
        return -1;
    }
    if (slash == dir)
        slash++; /* a file in / */
    *slash = '\0';
    return state_dir_open_path(dir, d, note, notelen);
}

/* The file's text (malloc'd), NULL when there is none to trust. */
static char *read_place(const struct state_dir *d, const char *name)
{
    char note[ARCP_TEXT_MAX], *text = NULL;
    size_t len = 0;
    if (state_file_read(d, name, STATE_MAX, &text, &len, note, sizeof note) != 1 ||
        len > STATE_MAX) {
        free(text);
        return NULL;
    }
    return text;
}

/* Lines "<epoch> <himds_url>\n": the time for url, 0 when absent. A line
 * without its newline was cut short and counts as absent. */
static time_t find_line(const char *text, const char *url)
{
    size_t urllen = strlen(url);
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        if (!end)
            break;
        const char *space = memchr(line, ' ', (size_t)(end - line));
        if (space && (size_t)(end - space - 1) == urllen && memcmp(space + 1, url, urllen) == 0) {
            long long t = strtoll(line, NULL, 10);
            return t > 0 ? (time_t)t : 0;
        }
        line = end + 1;
    }
    return 0;
}

static time_t file_recall(const struct arcp_config *cfg)
{
    struct state_dir d;
    const char *name;
    char note[ARCP_TEXT_MAX]; /* a run goes on without the file: nothing to report */
    time_t seen = 0;
    if (open_place(cfg, &d, &name, note, sizeof note) == 1) {
        char *text = read_place(&d, name);
        if (text)
            seen = find_line(text, cfg->himds_url);
        free(text);
    }
    state_dir_close(&d);
    return seen;
}

/* The file's new text: url's line first, then the other himds endpoints'
 * lines of old (a few at most). */
static int compose(const char *old, const char *url, time_t seen, char *out, size_t outlen)
{
    int used = snprintf(out, outlen, "%lld %s\n", (long long)seen, url);
    if (used < 0 || (size_t)used >= outlen)
        return -1;
    size_t urllen = strlen(url);
    int lines = 1;
    for (const char *line = old ? old : ""; *line && lines < STATE_LINES;) {
        const char *end = strchr(line, '\n');
        if (!end)
            break;
        size_t n = (size_t)(end - line) + 1;
        const char *space = memchr(line, ' ', n - 1);
        int same =
            space && (size_t)(end - space - 1) == urllen && memcmp(space + 1, url, urllen) == 0;
        if (space && !same && (size_t)used + n < outlen) {
            memcpy(out + used, line, n);
            used += (int)n;
            lines++;
        }
        line = end + 1;
    }
    out[used] = '\0';
    return used;
}

/* 0 when the file holds seen (or cfg keeps none), -1 with a note when it
 * could not be written. */
static int file_store(const struct arcp_config *cfg, time_t seen, char *note, size_t notelen)
{
    struct state_dir d;
    const char *name;
    char out[STATE_MAX + 1];
    int place = open_place(cfg, &d, &name, note, notelen), stored = place == 0 ? 0 : -1;
    if (place == 1) {
        char *old = read_place(&d, name);
        int used = compose(old, cfg->himds_url, seen, out, sizeof out);
        free(old);
        if (used > 0)
            stored = state_file_write(&d, name, out, (size_t)used, note, notelen);
    }
    state_dir_close(&d);
    return stored;
}

time_t identity_memory_recall(const struct arcp_config *cfg, time_t now)
{
    time_t seen = process_recall(cfg->himds_url);
    time_t from_file = file_recall(cfg);
    if (from_file > seen)
        seen = from_file;
    return seen > now + FUTURE_SLACK_S ? 0 : seen;
}

int identity_memory_fresh(const struct arcp_config *cfg, time_t seen, time_t now)
{
    return cfg->identity_interval > 0 && seen > 0 &&
           (long long)(now - seen) < cfg->identity_interval;
}

int identity_memory_keepable(const struct arcp_config *cfg, char *note, size_t notelen)
{
    note[0] = '\0';
    if (!cfg->keep_state)
        return 1; /* a long-running host: its memory outlives the probe */
    struct state_dir d;
    const char *name;
    int kept = open_place(cfg, &d, &name, note, notelen) == 1 &&
               state_file_replaceable(&d, name, note, notelen) == 1;
    state_dir_close(&d);
    return kept;
}

int identity_memory_store(const struct arcp_config *cfg, time_t seen, char *note, size_t notelen)
{
    note[0] = '\0';
    process_store(cfg->himds_url, seen);
    char why[ARCP_TEXT_MAX] = "";
    if (file_store(cfg, seen, why, sizeof why) == 0 || !cfg->keep_state)
        return 0;
    arcp_copy(note, notelen, why);
    return -1;
}

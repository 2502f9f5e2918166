/* When the identity service last answered its challenge. Each challenge
 * makes himds write a new key file into its token directory, so a probe
 * repeats it only every identity_interval seconds: a long-running host
 * (collectd, the AgentX subagent) remembers in memory, a one-shot front end
 * (Nagios plugin, CLI) in a small per-user state file. */
#include "identity_memory.h"
#include "sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A clock that went back this far makes a remembered time meaningless. */
#define FUTURE_SLACK_S 60
#define STATE_MAX 4096
#define STATE_LINES 16
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

/* A directory we may keep the file in: ours, not writable by others. */
static int private_dir(const char *dir)
{
    struct stat st;
    return lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
           (st.st_mode & 022) == 0;
}

static int ensure_private_dir(const char *dir)
{
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return 0;
    return private_dir(dir);
}

/* The state file for cfg: identity_state, else the user's cache directory
 * ($XDG_CACHE_HOME or ~/.cache, then arcprobe/identity), created 0700.
 * Returns 0 when there is none (identity_state = none, no usable home). */
static int state_path(const struct arcp_config *cfg, char *path, size_t len, int create)
{
    if (strcmp(cfg->identity_state, "none") == 0)
        return 0;
    if (cfg->identity_state[0]) {
        arcp_copy(path, len, cfg->identity_state);
        return 1;
    }
    char cache[PATH_MAX];
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    if (xdg && xdg[0] == '/') {
        arcp_copy(cache, sizeof cache, xdg);
    } else {
        struct passwd pwbuf, *pw = NULL;
        char pwtext[1024];
        if (!home || home[0] != '/') {
            getpwuid_r(geteuid(), &pwbuf, pwtext, sizeof pwtext, &pw);
            home = pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
        }
        if (!home || strcmp(home, "/") == 0)
            return 0;
        if (snprintf(cache, sizeof cache, "%s/.cache", home) >= (int)sizeof cache)
            return 0;
    }
    char dir[PATH_MAX];
    if (snprintf(dir, sizeof dir, "%s/arcprobe", cache) >= (int)sizeof dir)
        return 0;
    if (create && !(ensure_private_dir(cache) && ensure_private_dir(dir)))
        return 0;
    return snprintf(path, len, "%s/identity", dir) < (int)len;
}

/* The state file's text, or "" when missing, not ours or writable by
 * others (then it is ignored, never trusted). */
static void read_state(const char *path, char *text, size_t len)
{
    text[0] = '\0';
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
        (st.st_mode & 022) == 0) {
        ssize_t got = read(fd, text, len - 1);
        text[got > 0 ? (size_t)got : 0] = '\0';
    }
    close(fd);
}

/* Lines "<epoch> <himds_url>": the time for url, 0 when absent. */
static time_t find_line(const char *text, const char *url)
{
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        char buf[ARCP_URL_MAX + 32];
        if (n < sizeof buf) {
            memcpy(buf, line, n);
            buf[n] = '\0';
            char *space = strchr(buf, ' ');
            if (space && strcmp(space + 1, url) == 0) {
                long long t = strtoll(buf, NULL, 10);
                return t > 0 ? (time_t)t : 0;
            }
        }
        line = end ? end + 1 : line + n;
    }
    return 0;
}

static time_t file_recall(const struct arcp_config *cfg)
{
    char path[PATH_MAX], text[STATE_MAX];
    if (!state_path(cfg, path, sizeof path, 0))
        return 0;
    read_state(path, text, sizeof text);
    return find_line(text, cfg->himds_url);
}

static void file_store(const struct arcp_config *cfg, time_t seen)
{
    char path[PATH_MAX], text[STATE_MAX], out[STATE_MAX + ARCP_URL_MAX + 32];
    if (!state_path(cfg, path, sizeof path, 1))
        return;
    read_state(path, text, sizeof text);
    int used = snprintf(out, sizeof out, "%lld %s\n", (long long)seen, cfg->himds_url);
    int lines = 1;
    /* keep the other himds endpoints' lines (a few at most) */
    for (char *line = text; *line && lines < STATE_LINES;) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        const char *space = strchr(line, ' ');
        if (space && strcmp(space + 1, cfg->himds_url) != 0 && used >= 0 &&
            (size_t)used + strlen(line) + 2 < sizeof out) {
            used += snprintf(out + used, sizeof out - (size_t)used, "%s\n", line);
            lines++;
        }
        if (!end)
            break;
        line = end + 1;
    }
    char tmp[PATH_MAX + 8];
    if (used < 0 || snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp)
        return;
    int fd = mkstemp(tmp);
    if (fd < 0)
        return;
    int ok = fchmod(fd, 0600) == 0 && write(fd, out, (size_t)used) == used;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0)
        unlink(tmp);
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

void identity_memory_store(const struct arcp_config *cfg, time_t seen)
{
    process_store(cfg->himds_url, seen);
    file_store(cfg, seen);
}

/* libFuzzer target: the identity challenge's state file (identity_memory.c)
 * on arbitrary contents: a line "<epoch> <himds_url>" per himds endpoint,
 * read by every one-shot probe and rewritten after each challenge. The
 * file holds the input; the probe recalls, then stores a new time. Oracles:
 * a recalled time is never in the future; the rewritten file starts with
 * the stored line, keeps at most 16 lines, each ended and with a blank,
 * none other for the same endpoint; recalled again, it gives the stored
 * time. */
#include "config_internal.h"
#include "identity_memory.h"
#include "sanitize.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/arcprobe-fuzz-identity-XXXXXX";
static char path[sizeof dir + 16];

static void remove_dir(void)
{
    unlink(path);
    rmdir(dir);
}

static int write_state(const uint8_t *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    int ok = write(fd, data, size) == (ssize_t)size;
    close(fd);
    return ok ? 0 : -1;
}

/* The file as the store left it, NUL-terminated (malloc'd). */
static char *read_state(void)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = calloc(1, 65536 + 1);
    size_t n = text ? fread(text, 1, 65536, f) : 0;
    fclose(f);
    if (text && n == 65536)
        abort(); /* far more than 16 lines */
    return text;
}

static void check_rewritten(const char *text, const char *url, time_t seen)
{
    char first[ARCP_URL_MAX + 32];
    snprintf(first, sizeof first, "%lld %s\n", (long long)seen, url);
    if (strncmp(text, first, strlen(first)) != 0)
        abort();
    size_t urllen = strlen(url);
    int lines = 0;
    for (const char *line = text; *line; lines++) {
        const char *end = strchr(line, '\n');
        if (!end)
            abort(); /* a line cut short */
        const char *space = memchr(line, ' ', (size_t)(end - line));
        if (!space)
            abort();
        if (line != text && (size_t)(end - space - 1) == urllen &&
            memcmp(space + 1, url, urllen) == 0)
            abort(); /* a second line for the endpoint */
        line = end + 1;
    }
    if (lines > 16)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static arcp_config *cfg;
    static time_t seen = 1764662400; /* 2025-12-02; later with every input */
    if (!cfg) {
        if (!mkdtemp(dir) || !(cfg = arcp_config_new()))
            return 0;
        snprintf(path, sizeof path, "%s/identity", dir);
        arcp_copy(cfg->identity_state, sizeof cfg->identity_state, path);
        arcp_config_keep_state(cfg); /* a one-shot run: a failed write is told */
        atexit(remove_dir);
    }
    if (size > 65536 || write_state(data, size) != 0)
        return 0;
    /* one of two endpoints, so the input's lines can be this one's or another's */
    arcp_copy(cfg->himds_url, sizeof cfg->himds_url,
              size && (data[0] & 1) ? "http://localhost:40342" : "http://127.0.0.1:40342");
    const time_t now = seen + 1000;
    time_t recalled = identity_memory_recall(cfg, now);
    if (recalled < 0 || recalled > now + 60)
        abort();
    seen++;
    char note[ARCP_TEXT_MAX];
    if (identity_memory_store(cfg, seen, note, sizeof note) != 0)
        abort(); /* the directory is ours: the store must have written */
    char *text = read_state();
    if (!text)
        abort();
    check_rewritten(text, cfg->himds_url, seen);
    free(text);
    if (identity_memory_recall(cfg, now) != seen)
        abort();
    return 0;
}

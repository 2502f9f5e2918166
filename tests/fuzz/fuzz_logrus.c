/* libFuzzer target: the logrus line parser, the code matcher, the failure
 * diagnosis, and the whole AZCM scan on a log file made from the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "azcm_diagnose.h"
#include "azcm_internal.h"
#include "config_internal.h"
#include "logrus_parse.h"
#include "sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct arcp_config cfg;
static char agent_dir[64];
static char himds_log[128], azcmagent_log[128];

static void remove_agent_dir(void)
{
    unlink(himds_log);
    unlink(azcmagent_log);
    char dir[96];
    snprintf(dir, sizeof(dir), "%s/log", agent_dir);
    rmdir(dir);
    rmdir(agent_dir);
}

static int init_once(void)
{
    if (agent_dir[0])
        return 0;
    snprintf(agent_dir, sizeof(agent_dir), "/tmp/fuzz_logrus.XXXXXX");
    if (!mkdtemp(agent_dir))
        return -1;
    char dir[96];
    snprintf(dir, sizeof(dir), "%s/log", agent_dir);
    if (mkdir(dir, 0700) != 0)
        return -1;
    snprintf(himds_log, sizeof(himds_log), "%s/himds.log", dir);
    snprintf(azcmagent_log, sizeof(azcmagent_log), "%s/azcmagent.log", dir);
    arcp_copy(cfg.agent_dir, sizeof(cfg.agent_dir), agent_dir);
    cfg.azcm_max_age = 86400;
    cfg.azcm_state = ARCP_WARNING;
    cfg.log_scan_max = 1u << 20;
    atexit(remove_agent_dir);
    return 0;
}

static void write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
}

static void fuzz_one_line(const char *line, size_t len)
{
    struct logrus_line l;
    char value[256], cause[ARCP_TEXT_MAX], remedy[ARCP_TEXT_MAX];
    logrus_parse(line, len, &l);
    for (size_t i = 0; i < l.nfields; i++) {
        const struct logrus_field *f = &l.fields[i];
        if (f->key < line || f->key + f->key_len > line + len || f->raw < line ||
            f->raw + f->raw_len > line + len)
            abort(); /* spans must stay inside the line */
        size_t n = logrus_value(f, value, sizeof(value));
        if (n >= sizeof(value) || value[n] != '\0')
            abort();
        logrus_value(f, value, 3); /* tiny buffers cut cleanly */
    }
    azcm_find_code(line, len);
    azcm_diagnose(line, len, cause, sizeof(cause), remedy, sizeof(remedy));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (init_once() != 0)
        return 0;
    const char *s = (const char *)data;
    fuzz_one_line(s, size);
    for (size_t start = 0; start < size;) {
        const char *nl = memchr(s + start, '\n', size - start);
        size_t end = nl ? (size_t)(nl - s) : size;
        fuzz_one_line(s + start, end - start);
        start = end + 1;
    }

    /* The whole scan: the input as himds.log, its second half as azcmagent.log. */
    write_file(himds_log, data, size);
    write_file(azcmagent_log, data + size / 2, size - size / 2);
    struct arcp_azcm z;
    azcm_scan(&cfg, (time_t)1795596000, &z);
    if (!memchr(z.text, '\0', sizeof(z.text)) || !memchr(z.message, '\0', sizeof(z.message)))
        abort(); /* always terminated */
    if (strchr(z.text, '|') || strchr(z.message, '|'))
        abort(); /* report text is sanitised */
    if (!z.meaning || !z.code_remedy)
        abort();
    if (z.state != ARCP_OK && z.state != ARCP_WARNING && z.state != ARCP_UNKNOWN)
        abort();
    return 0;
}

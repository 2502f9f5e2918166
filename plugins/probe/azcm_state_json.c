/* The state file's JSON (see azcm_state_json.h):
 *
 *   {"format": 1, "made_by": "...", "agent_dir": "...", "log_scan_max": N,
 *    "logs": [{"dev": N, "ino": N, "size": N, "line_start": N,
 *              "fingerprint": "hex", "limited": false,
 *              "newest": HIT, "prior_error": HIT, "diag": DIAG}, ...]}
 *
 *   HIT  = {"code": N, "time": N, "level": "", "message": "", "path": "",
 *           "own_diag": DIAG}
 *   DIAG = {"time": N, "cause": "", "remedy": ""}
 *
 * An absent HIT or DIAG is one the scan did not find; an absent "time" is a
 * line without one. Decoding is all or nothing: a file that is wrong in one
 * place is wrong as a whole. */
#include "azcm_state_json.h"
#include "azcm_internal.h"
#include "azcm_memory.h"
#include "json_util.h"
#include "sanitize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FORMAT 1

/* ---------------------------------------------------------------- */
/* Encoding                                                         */

static void put_text(json_object *o, const char *key, const char *text)
{
    json_object_object_add(o, key, json_object_new_string(text));
}

static json_object *diag_json(const struct diag_hit *d)
{
    json_object *o = json_object_new_object();
    if (d->has_time)
        json_object_object_add(o, "time", json_object_new_int64((int64_t)d->time));
    put_text(o, "cause", d->cause);
    put_text(o, "remedy", d->remedy);
    return o;
}

static json_object *hit_json(const struct code_hit *h)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "code", json_object_new_int(h->code));
    if (h->has_time)
        json_object_object_add(o, "time", json_object_new_int64((int64_t)h->time));
    put_text(o, "level", h->level);
    put_text(o, "message", h->message);
    put_text(o, "path", h->path);
    if (h->own_diag.valid)
        json_object_object_add(o, "own_diag", diag_json(&h->own_diag));
    return o;
}

static json_object *entry_json(const struct azcm_remembered *e)
{
    static const char hex[] = "0123456789abcdef";
    char fp[2 * AZCM_FINGERPRINT_MAX + 1];
    for (size_t i = 0; i < e->fingerprint_len; i++) {
        fp[2 * i] = hex[e->fingerprint[i] >> 4];
        fp[2 * i + 1] = hex[e->fingerprint[i] & 15];
    }
    fp[2 * e->fingerprint_len] = '\0';
    const struct file_scan *fs = e->result;
    json_object *o = json_object_new_object();
    json_object_object_add(o, "dev", json_object_new_uint64((uint64_t)e->dev));
    json_object_object_add(o, "ino", json_object_new_uint64((uint64_t)e->ino));
    json_object_object_add(o, "size", json_object_new_int64((int64_t)e->size));
    json_object_object_add(o, "line_start", json_object_new_int64((int64_t)e->line_start));
    put_text(o, "fingerprint", fp);
    json_object_object_add(o, "limited", json_object_new_boolean(fs->limited));
    if (fs->newest.valid)
        json_object_object_add(o, "newest", hit_json(&fs->newest));
    if (fs->prior_error.valid)
        json_object_object_add(o, "prior_error", hit_json(&fs->prior_error));
    if (fs->diag.valid)
        json_object_object_add(o, "diag", diag_json(&fs->diag));
    return o;
}

char *azcm_state_encode(struct azcm_memory *m, const struct azcm_state_stamp *stamp)
{
    json_object *root = json_object_new_object();
    json_object *logs = json_object_new_array();
    if (!root || !logs) {
        json_object_put(root);
        json_object_put(logs);
        return NULL;
    }
    json_object_object_add(root, "format", json_object_new_int(FORMAT));
    put_text(root, "made_by", stamp->made_by);
    put_text(root, "agent_dir", stamp->agent_dir);
    json_object_object_add(root, "log_scan_max", json_object_new_uint64(stamp->log_scan_max));
    for (size_t i = 0; i < AZCM_MEMORY_SLOTS; i++) {
        const struct azcm_remembered *e = azcm_memory_entry(m, i);
        if (e && e->used)
            json_object_array_add(logs, entry_json(e));
    }
    json_object_object_add(root, "logs", logs);
    const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE);
    char *copy = text ? strdup(text) : NULL;
    json_object_put(root);
    return copy;
}

/* ---------------------------------------------------------------- */
/* Decoding                                                         */

/* Member key of o when it has type t, else NULL. */
static json_object *typed(const json_object *o, const char *key, json_type t)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, t))
        return NULL;
    return v;
}

/* An integer member in [lo, hi]. Returns 0, or -1 when absent or not one. */
static int get_int(const json_object *o, const char *key, int64_t lo, int64_t hi, int64_t *out)
{
    json_object *v = typed(o, key, json_type_int);
    if (!v)
        return -1;
    int64_t n = json_object_get_int64(v);
    if (n < lo || n > hi)
        return -1;
    *out = n;
    return 0;
}

/* A non-negative integer member that may need all 64 bits (dev, ino). */
static int get_uint(const json_object *o, const char *key, uint64_t *out)
{
    json_object *v = typed(o, key, json_type_int);
    if (!v || json_object_get_int64(v) < 0)
        return -1;
    *out = json_object_get_uint64(v);
    return 0;
}

/* A string member that fits dst whole; copied sanitised (it is shown). */
static int get_text(const json_object *o, const char *key, char *dst, size_t dstlen)
{
    json_object *v = typed(o, key, json_type_string);
    if (!v)
        return -1;
    const char *s = json_object_get_string(v);
    size_t n = (size_t)json_object_get_string_len(v);
    if (n >= dstlen || strlen(s) != n)
        return -1;
    arcp_sanitize(dst, dstlen, s, n);
    return 0;
}

/* The optional time of a line: absent is "no time", anything else a time. */
static int get_time(const json_object *o, int *has_time, time_t *t)
{
    json_object *v = NULL;
    *has_time = 0;
    if (!json_object_object_get_ex(o, "time", &v))
        return 0;
    int64_t n;
    if (get_int(o, "time", INT64_MIN, INT64_MAX, &n) != 0)
        return -1;
    *has_time = 1;
    *t = (time_t)n;
    return 0;
}

/* An optional member that must be an object when present: 1 present, 0
 * absent, -1 of another type. */
static int optional_object(const json_object *o, const char *key, json_object **out)
{
    if (!json_object_object_get_ex(o, key, out))
        return 0;
    return json_object_is_type(*out, json_type_object) ? 1 : -1;
}

static int decode_diag(const json_object *o, struct diag_hit *d)
{
    if (get_time(o, &d->has_time, &d->time) != 0 ||
        get_text(o, "cause", d->cause, sizeof d->cause) != 0 ||
        get_text(o, "remedy", d->remedy, sizeof d->remedy) != 0)
        return -1;
    d->valid = 1;
    return 0;
}

static int decode_optional_diag(const json_object *o, const char *key, struct diag_hit *d)
{
    json_object *v;
    int present = optional_object(o, key, &v);
    return present <= 0 ? present : decode_diag(v, d);
}

static int decode_optional_hit(const json_object *o, const char *key, struct code_hit *h)
{
    json_object *v;
    int present = optional_object(o, key, &v);
    if (present <= 0)
        return present;
    int64_t code;
    if (get_int(v, "code", 0, 9999, &code) != 0 || get_time(v, &h->has_time, &h->time) != 0 ||
        get_text(v, "level", h->level, sizeof h->level) != 0 ||
        get_text(v, "message", h->message, sizeof h->message) != 0 ||
        get_text(v, "path", h->path, sizeof h->path) != 0 ||
        decode_optional_diag(v, "own_diag", &h->own_diag) != 0)
        return -1;
    h->code = (int)code;
    h->valid = 1;
    return 0;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One log's entry into e and its result into fs. */
static int decode_entry(const json_object *o, struct azcm_remembered *e, struct file_scan *fs)
{
    uint64_t dev, ino;
    int64_t size, line_start;
    char fp[2 * AZCM_FINGERPRINT_MAX + 1];
    json_object *limited = typed(o, "limited", json_type_boolean);
    if (!json_object_is_type(o, json_type_object) || get_uint(o, "dev", &dev) != 0 ||
        get_uint(o, "ino", &ino) != 0 || get_int(o, "size", 0, INT64_MAX, &size) != 0 ||
        get_int(o, "line_start", 0, size, &line_start) != 0 ||
        get_text(o, "fingerprint", fp, sizeof fp) != 0 || !limited)
        return -1;
    /* the bytes just before line_start, as many as there are up to the most */
    size_t want = line_start < AZCM_FINGERPRINT_MAX ? (size_t)line_start : AZCM_FINGERPRINT_MAX;
    if (strlen(fp) != 2 * want)
        return -1;
    for (size_t i = 0; i < want; i++) {
        int hi = hex_digit(fp[2 * i]), lo = hex_digit(fp[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        e->fingerprint[i] = (unsigned char)(hi << 4 | lo);
    }
    e->fingerprint_len = want;
    e->dev = (dev_t)dev;
    e->ino = (ino_t)ino;
    if ((uint64_t)e->dev != dev || (uint64_t)e->ino != ino)
        return -1;
    e->size = (off_t)size;
    e->line_start = (off_t)line_start;
    fs->limited = json_object_get_boolean(limited);
    if (decode_optional_hit(o, "newest", &fs->newest) < 0 ||
        decode_optional_hit(o, "prior_error", &fs->prior_error) < 0 ||
        decode_optional_diag(o, "diag", &fs->diag) < 0)
        return -1;
    /* what the scan keeps: a prior error only beside an AZCM0000 */
    if (fs->prior_error.valid &&
        (!fs->newest.valid || fs->newest.code != 0 || fs->prior_error.code == 0))
        return -1;
    return 0;
}

/* What decoding builds before anything reaches the memory. */
struct decoded {
    size_t count;
    struct azcm_remembered entry[AZCM_MEMORY_SLOTS];
    struct file_scan result[AZCM_MEMORY_SLOTS];
};

static enum azcm_state_decoded decode_root(const json_object *root,
                                           const struct azcm_state_stamp *stamp, struct decoded *d)
{
    int64_t format;
    char made_by[256], agent_dir[PATH_MAX];
    json_object *max = typed(root, "log_scan_max", json_type_int);
    json_object *logs = typed(root, "logs", json_type_array);
    if (!json_object_is_type(root, json_type_object) ||
        get_int(root, "format", 0, INT32_MAX, &format) != 0 ||
        get_text(root, "made_by", made_by, sizeof made_by) != 0 ||
        get_text(root, "agent_dir", agent_dir, sizeof agent_dir) != 0 || !max || !logs ||
        json_object_get_int64(max) < 0)
        return AZCM_STATE_MALFORMED;
    if (format != FORMAT || strcmp(made_by, stamp->made_by) != 0 ||
        strcmp(agent_dir, stamp->agent_dir) != 0 ||
        json_object_get_uint64(max) != stamp->log_scan_max)
        return AZCM_STATE_STALE;
    size_t n = json_object_array_length(logs);
    if (n > AZCM_MEMORY_SLOTS)
        return AZCM_STATE_MALFORMED;
    for (size_t i = 0; i < n; i++) {
        struct azcm_remembered *e = &d->entry[i];
        if (decode_entry(json_object_array_get_idx(logs, i), e, &d->result[i]) != 0)
            return AZCM_STATE_MALFORMED;
        for (size_t k = 0; k < i; k++)
            if (d->entry[k].dev == e->dev && d->entry[k].ino == e->ino)
                return AZCM_STATE_MALFORMED; /* one file, two pasts */
    }
    d->count = n;
    return AZCM_STATE_LOADED;
}

enum azcm_state_decoded azcm_state_decode(const char *text, size_t len,
                                          const struct azcm_state_stamp *stamp,
                                          struct azcm_memory *m)
{
    char why[128];
    if (len > AZCM_STATE_MAX)
        return AZCM_STATE_MALFORMED;
    json_object *root = json_parse_untrusted(text, len, why, sizeof why);
    if (!root)
        return AZCM_STATE_MALFORMED;
    struct decoded *d = calloc(1, sizeof *d);
    enum azcm_state_decoded rc = d ? decode_root(root, stamp, d) : AZCM_STATE_MALFORMED;
    json_object_put(root);
    for (size_t i = 0; rc == AZCM_STATE_LOADED && i < d->count; i++) {
        struct azcm_remembered *s = azcm_memory_slot(m, d->entry[i].dev, d->entry[i].ino);
        if (!s)
            break;
        memcpy(s->fingerprint, d->entry[i].fingerprint, sizeof s->fingerprint);
        s->fingerprint_len = d->entry[i].fingerprint_len;
        s->size = d->entry[i].size;
        s->line_start = d->entry[i].line_start;
        *s->result = d->result[i];
        s->used = 1;
    }
    free(d);
    return rc;
}

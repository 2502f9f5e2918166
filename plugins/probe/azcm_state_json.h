/* The AZCM scan's memory of the agent's logs (azcm_memory.h) as the JSON
 * text of a one-shot run's state file, and back. The text is untrusted on
 * the way in: anything malformed, retyped or out of range makes the whole
 * file count as absent, so the next scan reads the logs whole. */
#ifndef ARCPROBE_AZCM_STATE_JSON_H
#define ARCPROBE_AZCM_STATE_JSON_H

#include <stddef.h>

struct azcm_memory;

/* What a remembered result depends on besides the log's bytes: the scan
 * that made it (made_by: arcprobe's version and its message catalog, as
 * results hold translated text), the agent directory and log_scan_max. A
 * file made under another stamp is stale: its results may differ from a
 * full scan's now. */
struct azcm_state_stamp {
    const char *made_by;
    const char *agent_dir;
    unsigned long long log_scan_max;
};

/* The longest state file read (8 logs of a few KiB each, with room). */
#define AZCM_STATE_MAX (256u * 1024u)

/* The used entries of m as JSON text (malloc'd, NUL-terminated), NULL on
 * out-of-memory. */
char *azcm_state_encode(struct azcm_memory *m, const struct azcm_state_stamp *stamp);

enum azcm_state_decoded {
    AZCM_STATE_LOADED = 0,     /* m holds the file's entries */
    AZCM_STATE_STALE = 1,      /* well-formed, another stamp: m untouched */
    AZCM_STATE_MALFORMED = -1, /* m untouched */
};

/* Fill m from len bytes of text made by azcm_state_encode under stamp. */
enum azcm_state_decoded azcm_state_decode(const char *text, size_t len,
                                          const struct azcm_state_stamp *stamp,
                                          struct azcm_memory *m);

#endif

/* What each AZCMnnnn code of the Connected Machine agent means and what to
 * do about it. */
#ifndef ARCPROBE_AZCM_CATALOG_H
#define ARCPROBE_AZCM_CATALOG_H

#include <stddef.h>

struct azcm_code {
    int code;            /* 26 for AZCM0026 */
    const char *name;    /* short name, e.g. "Network Error" */
    const char *meaning; /* one sentence */
    const char *remedy;  /* what to do */
    int changed;         /* 1: meaning and remedy also give the 2020-2021 meaning */
    int last;            /* last code of a range with one meaning, 0 for one code */
};

/* An exit status of the azcmagent CLI that is not an AZCM code. */
struct azcm_exit_status {
    int status;
    const char *meaning; /* N_() text */
};

/* The entry for code, or NULL when the catalog does not know it. */
const struct azcm_code *azcm_catalog_lookup(int code);

/* The exit-only status `status` (77, 78, 104, 106), or NULL. Any other
 * status of the CLI equals its AZCM code's number. */
const struct azcm_exit_status *azcm_exit_status_lookup(int status);

/* "exit status 26 (AZCM0026 Network Error)", "exit status 104 (not an
 * AZCM code: ...)" or "exit status N" into dst. */
void azcm_exit_status_describe(char *dst, size_t dstlen, int status);

/* Iteration over the whole catalog (ascending codes). */
size_t azcm_catalog_count(void);
const struct azcm_code *azcm_catalog_at(size_t i);

#endif

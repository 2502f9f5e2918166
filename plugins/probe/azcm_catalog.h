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
};

/* The entry for code, or NULL when the catalog does not know it. */
const struct azcm_code *azcm_catalog_lookup(int code);

/* Iteration over the whole catalog (ascending codes). */
size_t azcm_catalog_count(void);
const struct azcm_code *azcm_catalog_at(size_t i);

#endif

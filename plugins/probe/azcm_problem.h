/* Why an AZCM scan could not be trusted, and what to do about it. */
#ifndef ARCPROBE_AZCM_PROBLEM_H
#define ARCPROBE_AZCM_PROBLEM_H

#include "arcprobe.h"

enum azcm_problem {
    AZCM_PROBLEM_NONE = 0,
    AZCM_PROBLEM_UNSAFE,     /* another user's file or a symbolic link under a log's name */
    AZCM_PROBLEM_TIMEOUT,    /* the deadline came before a log was read */
    AZCM_PROBLEM_CHANGED,    /* rotated or truncated while read, twice */
    AZCM_PROBLEM_ACCESS,     /* permission denied */
    AZCM_PROBLEM_UNREADABLE, /* not a regular file, not a directory, a read error */
    AZCM_PROBLEM_NO_LOGS,    /* neither log exists */
    AZCM_PROBLEM_OUT_OF_MEMORY,
};

/* The problem's cause and remedy into out (its text says which file);
 * report_meaning.c keeps them for an UNKNOWN scan. */
void azcm_problem_meaning(enum azcm_problem problem, struct arcp_azcm *out);

#endif

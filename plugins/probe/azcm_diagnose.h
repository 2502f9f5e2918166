/* Recognising the agent's known connection failures in log messages (the
 * troubleshooting guide's "agent connection issues" table). */
#ifndef ARCPROBE_AZCM_DIAGNOSE_H
#define ARCPROBE_AZCM_DIAGNOSE_H

#include <stddef.h>

enum azcm_failure {
    AZCM_FAIL_NONE = 0,
    AZCM_FAIL_PROVIDER_NOT_REGISTERED,
    AZCM_FAIL_NO_AUTHORIZATION,
    AZCM_FAIL_APP_NOT_FOUND,
    AZCM_FAIL_INVALID_SECRET,
    AZCM_FAIL_FORBIDDEN,
    AZCM_FAIL_NO_SUCH_HOST,
    AZCM_FAIL_UNREACHABLE,
};

/* Match text[0..len) (a decoded log message; any bytes) against the known
 * failures. On a match fill cause and remedy (always NUL-terminated) and
 * return which failure it is; else return AZCM_FAIL_NONE and leave both "". */
enum azcm_failure azcm_diagnose(const char *text, size_t len, char *cause, size_t causelen,
                                char *remedy, size_t remedylen);

#endif

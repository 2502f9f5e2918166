/* A one-shot run's state file (azcm_state_json.c) on arbitrary bytes: the
 * decoder loads a file whole or not at all, and whatever it loaded encodes
 * to a file that loads again to the same text (nothing it accepts is lost
 * or changed on the way back). */
#include "azcm_memory.h"
#include "azcm_state_json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct azcm_state_stamp stamp = {"arcprobe fuzz", "/var/opt/azcmagent", 268435456};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct azcm_memory *m = azcm_memory_new();
    if (!m)
        return 0;
    if (azcm_state_decode((const char *)data, size, &stamp, m) == AZCM_STATE_LOADED) {
        char *text = azcm_state_encode(m, &stamp);
        struct azcm_memory *again = azcm_memory_new();
        if (text && again) {
            if (azcm_state_decode(text, strlen(text), &stamp, again) != AZCM_STATE_LOADED)
                abort();
            char *text2 = azcm_state_encode(again, &stamp);
            if (text2 && strcmp(text, text2) != 0)
                abort();
            free(text2);
        }
        azcm_memory_free(again);
        free(text);
    }
    azcm_memory_free(m);
    return 0;
}

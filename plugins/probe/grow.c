/* The one way arcprobe grows an array or a text buffer: capacity doubles,
 * so appending n items costs O(n) copies in all, and a failed realloc
 * leaves the caller's buffer as it was. */
#include "arcprobe.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The first capacity, in items: small enough for a word, large enough that
 * a short list never reallocates. */
#define FIRST_CAPACITY 16

int arcp_grow(void *items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    if (size == 0)
        return -1;
    size_t grown = *cap ? *cap : FIRST_CAPACITY;
    while (grown < need) {
        if (grown > SIZE_MAX / 2)
            return -1;
        grown *= 2;
    }
    if (grown > SIZE_MAX / size)
        return -1;
    void *old;
    memcpy(&old, items, sizeof old);
    void *p = realloc(old, grown * size);
    if (p == NULL)
        return -1;
    memcpy(items, &p, sizeof p);
    *cap = grown;
    return 0;
}

#include "field_shape.h"

#include <ctype.h>
#include <stdio.h>

void shape_add(struct json_object *obj, enum field_shape shape, const char *key,
               struct json_object *value, struct json_object *other)
{
    char upper[64];
    switch (shape) {
    case SHAPE_CONFIRMED:
        json_object_object_add(obj, key, value);
        json_object_put(other);
        return;
    case SHAPE_ABSENT:
        break;
    case SHAPE_RENAMED:
        snprintf(upper, sizeof(upper), "%s", key);
        for (char *p = upper; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        json_object_object_add(obj, upper, value);
        json_object_put(other);
        return;
    case SHAPE_RETYPED:
        json_object_object_add(obj, key, other);
        json_object_put(value);
        return;
    }
    json_object_put(value);
    json_object_put(other);
}

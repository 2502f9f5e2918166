/* Members no public source confirms, written in the scenario's shape:
 * as is, left out, renamed in case, or of another JSON type. */
#ifndef ARC_SIM_FIELD_SHAPE_H
#define ARC_SIM_FIELD_SHAPE_H

#include "scenario.h"

#include <json-c/json.h>

/* Adds key = value to obj as `shape` says: SHAPE_RENAMED upper-cases the
 * key, SHAPE_RETYPED adds `other` instead (NULL: JSON null), SHAPE_ABSENT
 * adds nothing. Takes ownership of value and other. */
void shape_add(struct json_object *obj, enum field_shape shape, const char *key,
               struct json_object *value, struct json_object *other);

#endif

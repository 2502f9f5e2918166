#ifndef ARCPROBE_JSON_UTIL_H
#define ARCPROBE_JSON_UTIL_H
#include <json-c/json.h>
#include <stddef.h>

/* Parse untrusted JSON text of len bytes with a nesting limit. Returns a new
 * object (caller puts it) or NULL with a short reason in why. */
json_object *json_parse_untrusted(const char *text, size_t len, char *why, size_t whylen);

/* The member `key` of obj (an exact match first, then one that differs only
 * in case), or NULL when obj is not an object or has no such member. */
json_object *json_member(const json_object *obj, const char *key);

/* Copy the string member `key` of obj into dst, sanitised. Returns 1 when
 * the member exists (in any case) and is a string (or a number, written as
 * text), else 0 and dst = "". */
int json_copy_member(const json_object *obj, const char *key, char *dst, size_t dstlen);

/* The same for members that only mean something as a string (a number
 * there is another shape, not a value): 0 for any other type. */
int json_copy_string(const json_object *obj, const char *key, char *dst, size_t dstlen);

#endif

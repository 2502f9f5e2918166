/* json-c with the guards untrusted input needs: a depth limit, a check
 * that nothing but blanks follows the value, and sanitised string copies. */
#include "json_util.h"
#include "sanitize.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

json_object *json_parse_untrusted(const char *text, size_t len, char *why, size_t whylen)
{
    if (!text || len == 0) {
        snprintf(why, whylen, "empty body");
        return NULL;
    }
    if (len > (size_t)1 << 30) {
        snprintf(why, whylen, "body too large");
        return NULL;
    }
    json_tokener *tok = json_tokener_new_ex(32);
    if (!tok) {
        snprintf(why, whylen, "out of memory");
        return NULL;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    json_object *obj = json_tokener_parse_ex(tok, text, (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t used = json_tokener_get_parse_end(tok);
    if (!obj || jerr != json_tokener_success) {
        snprintf(why, whylen, "not JSON (%s at byte %zu)",
                 jerr == json_tokener_continue ? "unexpected end" : json_tokener_error_desc(jerr),
                 used);
        json_object_put(obj);
        obj = NULL;
    } else {
        for (size_t i = used; i < len; i++)
            if (text[i] != ' ' && text[i] != '\n' && text[i] != '\r' && text[i] != '\t') {
                snprintf(why, whylen, "trailing data after JSON at byte %zu", i);
                json_object_put(obj);
                obj = NULL;
                break;
            }
    }
    json_tokener_free(tok);
    return obj;
}

json_object *json_member(const json_object *obj, const char *key)
{
    json_object *v = NULL;
    if (!obj || !json_object_is_type(obj, json_type_object))
        return NULL;
    if (json_object_object_get_ex(obj, key, &v))
        return v;
    /* The agent's key case is not stable across versions and documents
     * (resourceName / resourcename): a renamed-in-case key is the same key. */
    json_object_object_foreach((json_object *)obj, name, value)
    {
        if (strcasecmp(name, key) == 0)
            return value;
    }
    return NULL;
}

int json_copy_string(const json_object *obj, const char *key, char *dst, size_t dstlen)
{
    json_object *v = json_member(obj, key);
    dst[0] = '\0';
    if (!v || !json_object_is_type(v, json_type_string))
        return 0;
    arcp_sanitize(dst, dstlen, json_object_get_string(v), (size_t)json_object_get_string_len(v));
    return 1;
}

int json_copy_member(const json_object *obj, const char *key, char *dst, size_t dstlen)
{
    json_object *v = json_member(obj, key);
    dst[0] = '\0';
    if (!v)
        return 0;
    if (json_object_is_type(v, json_type_string)) {
        arcp_sanitize(dst, dstlen, json_object_get_string(v),
                      (size_t)json_object_get_string_len(v));
        return 1;
    }
    if (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)) {
        arcp_sanitize(dst, dstlen, json_object_get_string(v), strlen(json_object_get_string(v)));
        return 1;
    }
    return 0;
}

/* mib_value.c - SNMP encodings shared by scalars, the table and notifications. */
#include "mib_value.h"

#include <string.h>

void mib_value_integer(struct mib_value *v, long value)
{
    v->type = ASN_INTEGER;
    v->integer = value;
    v->data = &v->integer;
    v->len = sizeof v->integer;
}

static void unsigned_of_type(struct mib_value *v, u_char type, u_long value)
{
    v->type = type;
    v->unsigned_value = value;
    v->data = &v->unsigned_value;
    v->len = sizeof v->unsigned_value;
}

void mib_value_gauge(struct mib_value *v, u_long value)
{
    unsigned_of_type(v, ASN_GAUGE, value > 0xFFFFFFFFul ? 0xFFFFFFFFul : value);
}

void mib_value_counter(struct mib_value *v, u_long value)
{
    unsigned_of_type(v, ASN_COUNTER, value & 0xFFFFFFFFul); /* Counter32 wraps */
}

void mib_value_timeticks(struct mib_value *v, u_long value)
{
    unsigned_of_type(v, ASN_TIMETICKS, value & 0xFFFFFFFFul);
}

void mib_value_counter64(struct mib_value *v, uint64_t value)
{
    v->type = ASN_COUNTER64;
    v->counter64.high = (u_long)(value >> 32);
    v->counter64.low = (u_long)(value & 0xFFFFFFFFu);
    v->data = &v->counter64;
    v->len = sizeof v->counter64;
}

void mib_value_text(struct mib_value *v, const char *text, size_t maxlen)
{
    v->type = ASN_OCTET_STR;
    v->data = text;
    v->len = strnlen(text, maxlen);
}

void mib_value_date_and_time(struct mib_value *v, time_t t)
{
    struct tm tm;

    v->type = ASN_OCTET_STR;
    v->data = v->octets;
    memset(v->octets, 0, sizeof v->octets);
    if (t == 0 || gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 > 65535 || tm.tm_year < -1900) {
        v->len = 8;
        return;
    }
    unsigned year = (unsigned)(tm.tm_year + 1900);
    v->octets[0] = (u_char)(year >> 8);
    v->octets[1] = (u_char)(year & 0xFF);
    v->octets[2] = (u_char)(tm.tm_mon + 1);
    v->octets[3] = (u_char)tm.tm_mday;
    v->octets[4] = (u_char)tm.tm_hour;
    v->octets[5] = (u_char)tm.tm_min;
    v->octets[6] = (u_char)(tm.tm_sec > 59 ? 60 : tm.tm_sec); /* leap second */
    v->octets[7] = 0;
    v->octets[8] = '+';
    v->octets[9] = 0;
    v->octets[10] = 0;
    v->len = 11;
}

void mib_value_answer(netsnmp_request_info *request, const struct mib_value *v)
{
    snmp_set_var_typed_value(request->requestvb, v->type, v->data, v->len);
}

int mib_value_append(netsnmp_variable_list **list, const oid *name, size_t name_len,
                     const struct mib_value *v)
{
    return snmp_varlist_add_variable(list, name, name_len, v->type, v->data, v->len) ? 0 : -1;
}

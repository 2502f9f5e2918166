/* mib_value.h - one value in its SNMP encoding, for a GET answer or a varbind.
 *
 * Scalars, table columns and notifications all describe a value the same
 * way, so the encoding (DateAndTime, text lengths, Counter64) lives in one
 * place. */
#ifndef ARCPROBE_AGENTX_MIB_VALUE_H
#define ARCPROBE_AGENTX_MIB_VALUE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

struct mib_value {
    u_char type; /* ASN_INTEGER, ASN_OCTET_STR, ... */
    const void *data;
    size_t len;
    /* storage the value may point into */
    long integer;
    u_long unsigned_value;
    struct counter64 counter64;
    u_char octets[11];
};

void mib_value_integer(struct mib_value *v, long value);
void mib_value_gauge(struct mib_value *v, u_long value);
void mib_value_counter(struct mib_value *v, u_long value);
void mib_value_timeticks(struct mib_value *v, u_long value);
void mib_value_counter64(struct mib_value *v, uint64_t value);
/* text must stay valid until the value is used; at most maxlen bytes are sent. */
void mib_value_text(struct mib_value *v, const char *text, size_t maxlen);
/* DateAndTime in UTC (11 octets); 0 = unknown, encoded as 8 zero octets. */
void mib_value_date_and_time(struct mib_value *v, time_t t);

/* Answer one GET request with v. */
void mib_value_answer(netsnmp_request_info *request, const struct mib_value *v);

/* Append name = v to a varbind list. 0, or -1 on out-of-memory. */
int mib_value_append(netsnmp_variable_list **list, const oid *name, size_t name_len,
                     const struct mib_value *v);

#endif

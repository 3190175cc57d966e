/*
 * dnsname.h - the node's DNS domain: RFC 1123 host-name rules and the
 * comparison ExpectedDnsDomain needs.
 */
#ifndef IG_DNSNAME_H
#define IG_DNSNAME_H

#include <stdbool.h>
#include <stddef.h>

#define IG_DNS_MAX_NAME   253   /* characters, without a trailing dot */
#define IG_DNS_MAX_LABEL   63

typedef enum ig_dns_status {
    IG_DNS_OK = 0,
    IG_DNS_EMPTY,            /* "" or just "."                                 */
    IG_DNS_TOO_LONG,         /* over 253 characters                            */
    IG_DNS_EMPTY_LABEL,      /* "a..b", ".a"                                   */
    IG_DNS_LABEL_TOO_LONG,   /* a label over 63 characters                     */
    IG_DNS_BAD_CHAR,         /* not a letter, digit, hyphen or dot             */
    IG_DNS_HYPHEN_AT_EDGE,   /* a label starts or ends with a hyphen           */
    IG_DNS_NUMERIC_TOP_LABEL /* "10.0.0.1": the last label is all digits       */
} ig_dns_status;

/* Checks len bytes of name (no terminator needed); one trailing dot is allowed. */
ig_dns_status ig_dns_check(const char *name, size_t len);

/* A short English phrase for a status ("a label starts or ends with a hyphen"). */
const char *ig_dns_status_text(ig_dns_status st);

/* Equality ignoring ASCII case and one trailing dot on either side. */
bool ig_dns_equal(const char *a, const char *b);

#endif

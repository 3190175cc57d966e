#include "dnsname.h"

#include <string.h>

static bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_digit(char c)  { return c >= '0' && c <= '9'; }

ig_dns_status ig_dns_check(const char *name, size_t len)
{
    size_t i, label_start = 0;
    bool label_numeric = true;

    if (len && name[len - 1] == '.')
        len--;
    if (len == 0)
        return IG_DNS_EMPTY;
    if (len > IG_DNS_MAX_NAME)
        return IG_DNS_TOO_LONG;

    for (i = 0; i <= len; i++) {
        char c = i < len ? name[i] : '.';
        if (c == '.') {
            size_t label_len = i - label_start;
            if (label_len == 0)
                return IG_DNS_EMPTY_LABEL;
            if (label_len > IG_DNS_MAX_LABEL)
                return IG_DNS_LABEL_TOO_LONG;
            if (name[label_start] == '-' || name[i - 1] == '-')
                return IG_DNS_HYPHEN_AT_EDGE;
            if (i == len && label_numeric)
                return IG_DNS_NUMERIC_TOP_LABEL;
            label_start = i + 1;
            label_numeric = true;
        } else if (is_letter(c) || c == '-') {
            label_numeric = false;
        } else if (!is_digit(c)) {
            return IG_DNS_BAD_CHAR;
        }
    }
    return IG_DNS_OK;
}

const char *ig_dns_status_text(ig_dns_status st)
{
    switch (st) {
    case IG_DNS_OK:                return "valid";
    case IG_DNS_EMPTY:             return "it is empty";
    case IG_DNS_TOO_LONG:          return "it is longer than 253 characters";
    case IG_DNS_EMPTY_LABEL:       return "it has an empty label (two dots in a row, or a leading dot)";
    case IG_DNS_LABEL_TOO_LONG:    return "a label is longer than 63 characters";
    case IG_DNS_BAD_CHAR:          return "only letters, digits, hyphens and dots are allowed";
    case IG_DNS_HYPHEN_AT_EDGE:    return "a label starts or ends with a hyphen";
    case IG_DNS_NUMERIC_TOP_LABEL: return "the last label is all digits, like an IP address";
    }
    return "unknown problem";
}

static size_t trimmed_len(const char *s)
{
    size_t n = strlen(s);
    if (n && s[n - 1] == '.')
        n--;
    return n;
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool ig_dns_equal(const char *a, const char *b)
{
    size_t na = trimmed_len(a), nb = trimmed_len(b), i;
    if (na != nb)
        return false;
    for (i = 0; i < na; i++) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

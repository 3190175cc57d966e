#include "findings.h"

#include <stdio.h>
#include <string.h>

#include "dnsname.h"
#include "u16.h"

static void parse_version(const uint16_t *text, ig_version *out)
{
    char ascii[IG_VERSION_TEXT_CAP];
    if (!ig_u16_to_ascii(ascii, sizeof(ascii), text, ig_u16len(text)))
        ascii[0] = 0;
    ig_version_parse(ascii, out);
}

void ig_preflight_policy(const ig_settings *s, ig_preflight_input *in, char *expected, size_t cap)
{
    in->require_dns_domain = s->require_dns_domain != 0;
    in->allow_affected_build = s->allow_affected_build != 0;
    parse_version(s->first_affected_version, &in->first_affected);
    parse_version(s->first_fixed_version, &in->first_fixed);
    if (!ig_u16_to_ascii(expected, cap, s->expected_dns_domain, ig_u16len(s->expected_dns_domain)) && cap)
        expected[0] = 0;
    in->expected_dns_domain = expected;
}

/* An ASCII insert kept in out->text[slot]. */
static const uint16_t *ascii_insert(ig_finding_msg *out, int slot, const char *ascii)
{
    if (!ig_u16_from_ascii(out->text[slot], IG_FINDING_TEXT_CAP, ascii))
        out->text[slot][0] = 0;
    return out->text[slot];
}

static const uint16_t *version_insert(ig_finding_msg *out, int slot, const ig_version *v)
{
    char text[IG_VERSION_TEXT_CAP];
    ig_version_format(v, text, sizeof(text));
    return ascii_insert(out, slot, text);
}

static const uint16_t *or_empty(const uint16_t *s)
{
    static const uint16_t empty[1] = { 0 };
    return s ? s : empty;
}

static void put(ig_finding_msg *out, const uint16_t *arg)
{
    if (out->nargs < IG_FINDING_MAX_INSERTS)
        out->args[out->nargs++] = or_empty(arg);
}

void ig_finding_message(const ig_verdict *v, unsigned i, const ig_preflight_input *in,
                        const ig_finding_facts *facts, ig_finding_msg *out)
{
    const uint16_t *domain = or_empty(facts->domain);
    char number[16];

    memset(out, 0, sizeof(*out));
    out->finding = v->findings[i];
    out->level = ig_finding_error(out->finding) ? IG_FINDING_ERROR : IG_FINDING_WARNING;
    put(out, facts->resource);
    switch (out->finding) {
    case IG_F_SERVICE_MISSING:
    case IG_F_SERVICE_DISABLED:
        put(out, facts->service);
        break;
    case IG_F_SERVICE_QUERY_FAILED:
        put(out, facts->service);
        snprintf(number, sizeof(number), "%lu", (unsigned long)facts->service_error);
        put(out, ascii_insert(out, 0, number));
        break;
    case IG_F_IMAGE_UNREADABLE:
        put(out, facts->image);
        put(out, facts->image_error);
        break;
    case IG_F_IMAGE_NO_VERSION:
        put(out, facts->image);
        break;
    case IG_F_AFFECTED_BUILD:
    case IG_F_AFFECTED_BUILD_ALLOWED:
        put(out, facts->image);
        put(out, version_insert(out, 0, &in->image_version));
        put(out, version_insert(out, 1, &in->first_affected));
        put(out, version_insert(out, 2, &in->first_fixed));
        break;
    case IG_F_NO_DNS_DOMAIN:
        break;
    case IG_F_BAD_DNS_DOMAIN:
        put(out, domain);
        put(out, ascii_insert(out, 3, ig_dns_status_text((ig_dns_status)v->dns_status)));
        break;
    case IG_F_DNS_DOMAIN_MISMATCH:
        put(out, domain[0] ? domain : ascii_insert(out, 0, "(not set)"));
        put(out, facts->expected);
        break;
    default:
        break;
    }
}

#include "preflight.h"

#include <string.h>

#include "dnsname.h"
#include "imsguard.h"

static const struct {
    uint32_t error;
    const char *name;
} finding_info[IG_F_COUNT] = {
    [IG_F_SERVICE_MISSING]        = { IMSGUARD_E_SERVICE_MISSING, "service-missing" },
    [IG_F_SERVICE_QUERY_FAILED]   = { IMSGUARD_E_SERVICE_QUERY_FAILED, "service-query-failed" },
    [IG_F_SERVICE_DISABLED]       = { IMSGUARD_E_SERVICE_DISABLED, "service-disabled" },
    [IG_F_IMAGE_UNREADABLE]       = { IMSGUARD_E_IMAGE_UNREADABLE, "image-unreadable" },
    [IG_F_IMAGE_NO_VERSION]       = { IMSGUARD_E_IMAGE_NO_VERSION, "image-no-version" },
    [IG_F_AFFECTED_BUILD]         = { IMSGUARD_E_AFFECTED_BUILD, "affected-build" },
    [IG_F_AFFECTED_BUILD_ALLOWED] = { 0, "affected-build-allowed" },
    [IG_F_NO_DNS_DOMAIN]          = { IMSGUARD_E_NO_DNS_DOMAIN, "no-dns-domain" },
    [IG_F_BAD_DNS_DOMAIN]         = { IMSGUARD_E_BAD_DNS_DOMAIN, "bad-dns-domain" },
    [IG_F_DNS_DOMAIN_MISMATCH]    = { IMSGUARD_E_DNS_DOMAIN_MISMATCH, "dns-domain-mismatch" },
};

uint32_t ig_finding_error(ig_finding f)
{
    return (unsigned)f < IG_F_COUNT ? finding_info[f].error : 0;
}

const char *ig_finding_name(ig_finding f)
{
    return (unsigned)f < IG_F_COUNT ? finding_info[f].name : "unknown";
}

static void add(ig_verdict *v, ig_finding f)
{
    v->findings[v->count++] = f;
    if (!v->error)
        v->error = finding_info[f].error;
}

static void check_service(const ig_preflight_input *in, ig_verdict *out)
{
    switch (in->service) {
    case IG_SVC_OK:           break;
    case IG_SVC_MISSING:      add(out, IG_F_SERVICE_MISSING); break;
    case IG_SVC_QUERY_FAILED: add(out, IG_F_SERVICE_QUERY_FAILED); break;
    case IG_SVC_DISABLED:     add(out, IG_F_SERVICE_DISABLED); break;
    }
}

static void check_image(const ig_preflight_input *in, ig_verdict *out)
{
    switch (in->image) {
    case IG_IMG_NOT_CHECKED:
        break;
    case IG_IMG_UNREADABLE:
        add(out, IG_F_IMAGE_UNREADABLE);
        break;
    case IG_IMG_NO_VERSION:
        add(out, IG_F_IMAGE_NO_VERSION);
        break;
    case IG_IMG_OK:
        if (ig_version_classify(&in->image_version, &in->first_affected, &in->first_fixed) ==
            IG_BUILD_AFFECTED)
            add(out, in->allow_affected_build ? IG_F_AFFECTED_BUILD_ALLOWED : IG_F_AFFECTED_BUILD);
        break;
    }
}

static void check_domain(const ig_preflight_input *in, ig_verdict *out)
{
    const char *domain = in->domain ? in->domain : "";
    bool expected = in->expected_dns_domain && in->expected_dns_domain[0];

    if (!domain[0]) {
        /* The IMS fails without a domain whatever its build (Q312439);
           RequireDnsDomain=0 is the administrator's explicit waiver. */
        if (in->require_dns_domain)
            add(out, IG_F_NO_DNS_DOMAIN);
        else if (expected)
            add(out, IG_F_DNS_DOMAIN_MISMATCH);
        return;
    }
    if (in->require_dns_domain) {
        ig_dns_status st = ig_dns_check(domain, strlen(domain));
        if (st != IG_DNS_OK) {
            out->dns_status = (int)st;
            add(out, IG_F_BAD_DNS_DOMAIN);
            return;
        }
    }
    if (expected && !ig_dns_equal(domain, in->expected_dns_domain))
        add(out, IG_F_DNS_DOMAIN_MISMATCH);
}

void ig_preflight(const ig_preflight_input *in, ig_verdict *out)
{
    memset(out, 0, sizeof(*out));
    check_service(in, out);
    check_image(in, out);
    check_domain(in, out);
}

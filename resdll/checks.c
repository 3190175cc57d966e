#include "checks.h"

#include <stdio.h>

#include "dnsname.h"
#include "imsguard_msg.h"
#include "preflight.h"
#include "rlog.h"
#include "u16.h"
#include "wstr.h"

/* Facts kept for the log lines. */
typedef struct facts {
    DWORD service_error;
    DWORD image_error;
    char domain[256];
} facts;

void ig_checks_window(const ig_settings *s, ig_version *first_affected, ig_version *first_fixed)
{
    char text[IG_VERSION_TEXT_CAP];
    ig_u16_to_ascii(text, sizeof(text), s->first_affected_version, ig_u16len(s->first_affected_version));
    ig_version_parse(text, first_affected);
    ig_u16_to_ascii(text, sizeof(text), s->first_fixed_version, ig_u16len(s->first_fixed_version));
    ig_version_parse(text, first_fixed);
}

/* Opens the service unless it is already open (IsAlive asks the open
   handle: one round trip). Without an ImagePath property, the program
   checked is the one the service is configured to run. */
static ig_service_fact check_service(ig_resource *r, ig_service *svc, facts *f)
{
    DWORD start_type = 0;
    WCHAR image[IG_IMAGE_PATH_CAP];

    if (!svc->svc) {
        f->service_error = ig_scm_open(svc, ig_w(r->settings.service_name));
        if (f->service_error == ERROR_SERVICE_DOES_NOT_EXIST)
            return IG_SVC_MISSING;
        if (f->service_error)
            return IG_SVC_QUERY_FAILED;
    }
    f->service_error = ig_scm_config(svc, &start_type, image, ARRAYSIZE(image));
    if (f->service_error == ERROR_SERVICE_MARKED_FOR_DELETE)
        return IG_SVC_MISSING;
    if (f->service_error)
        return IG_SVC_QUERY_FAILED;
    if (!r->settings.image_path[0])
        ig_wcopy(r->image, ARRAYSIZE(r->image), image);
    return start_type == SERVICE_DISABLED ? IG_SVC_DISABLED : IG_SVC_OK;
}

/* The version is read again only when the file's size or write time, or
   the path itself, changed since the last check that passed: IsAlive costs
   one GetFileAttributesEx, and so does an Online on an unchanged node. */
static ig_image_fact check_image(ig_resource *r, facts *f)
{
    ig_file_stamp stamp;
    ig_image_fact fact;

    if (!r->image[0])
        return IG_IMG_NOT_CHECKED;
    ig_file_stamp_read(r->image, &stamp);
    if (stamp.exists && r->image_stamp.exists && ig_file_stamp_equal(&stamp, &r->image_stamp) &&
        lstrcmpiW(r->image, r->image_checked) == 0)
        return IG_IMG_OK;
    fact = ig_file_version(r->image, &r->image_version, &f->image_error);
    r->image_stamp = stamp;
    ig_wcopy(r->image_checked, ARRAYSIZE(r->image_checked), r->image);
    return fact;
}

static void log_finding(ig_resource *r, const WCHAR *caller, ig_finding finding,
                        const ig_preflight_input *in, const ig_verdict *v, const facts *f)
{
    WCHAR version[32], first_affected[32], first_fixed[32], number[64], detail[300], domain[256],
        expected[IG_DOMAIN_CAP];
    const WCHAR *svc = ig_w(r->settings.service_name);
    const WCHAR *args[5] = { r->name, L"", L"", L"", L"" };
    LOG_LEVEL level = LOG_ERROR;
    DWORD msgid;
    int nargs = 1;
    char text[32];

    ig_version_format(&in->image_version, text, sizeof(text));
    ig_wfrom_utf8(version, ARRAYSIZE(version), text);
    ig_version_format(&in->first_affected, text, sizeof(text));
    ig_wfrom_utf8(first_affected, ARRAYSIZE(first_affected), text);
    ig_version_format(&in->first_fixed, text, sizeof(text));
    ig_wfrom_utf8(first_fixed, ARRAYSIZE(first_fixed), text);
    ig_wfrom_utf8(domain, ARRAYSIZE(domain), f->domain);
    ig_wcopy(expected, ARRAYSIZE(expected), ig_w(r->settings.expected_dns_domain));

    switch (finding) {
    case IG_F_SERVICE_MISSING:
        msgid = MSG_SERVICE_MISSING; args[1] = svc; nargs = 2;
        break;
    case IG_F_SERVICE_QUERY_FAILED:
        msgid = MSG_SERVICE_QUERY_FAILED; args[1] = svc;
        _snwprintf(number, ARRAYSIZE(number), L"%lu", (unsigned long)f->service_error);
        number[ARRAYSIZE(number) - 1] = 0;
        args[2] = number; nargs = 3;
        break;
    case IG_F_SERVICE_DISABLED:
        msgid = MSG_SERVICE_DISABLED; args[1] = svc; nargs = 2;
        break;
    case IG_F_IMAGE_UNREADABLE:
        msgid = MSG_IMAGE_UNREADABLE; args[1] = r->image;
        ig_werror_text(f->image_error, detail, ARRAYSIZE(detail));
        args[2] = detail; nargs = 3;
        break;
    case IG_F_IMAGE_NO_VERSION:
        msgid = MSG_IMAGE_NO_VERSION; args[1] = r->image; nargs = 2;
        break;
    case IG_F_AFFECTED_BUILD:
    case IG_F_AFFECTED_BUILD_ALLOWED:
        msgid = finding == IG_F_AFFECTED_BUILD ? MSG_AFFECTED_BUILD : MSG_AFFECTED_BUILD_ALLOWED;
        level = finding == IG_F_AFFECTED_BUILD ? LOG_ERROR : LOG_WARNING;
        args[1] = r->image; args[2] = version; args[3] = first_affected; args[4] = first_fixed;
        nargs = 5;
        break;
    case IG_F_NO_DNS_DOMAIN:
        msgid = MSG_NO_DNS_DOMAIN;
        break;
    case IG_F_BAD_DNS_DOMAIN:
        msgid = MSG_BAD_DNS_DOMAIN; args[1] = domain;
        ig_wfrom_utf8(detail, ARRAYSIZE(detail), ig_dns_status_text((ig_dns_status)v->dns_status));
        args[2] = detail; nargs = 3;
        break;
    case IG_F_DNS_DOMAIN_MISMATCH:
        msgid = MSG_DNS_DOMAIN_MISMATCH; args[1] = domain[0] ? domain : L"(not set)";
        args[2] = expected; nargs = 3;
        break;
    default:
        return;
    }
    ig_log_msg(r->handle, level, caller, msgid, nargs, args);
}

DWORD ig_checks_run(ig_resource *r, const WCHAR *caller, unsigned what, ig_service *svc)
{
    ig_preflight_input in;
    ig_verdict v;
    facts f;
    unsigned i;

    ZeroMemory(&in, sizeof(in));
    ZeroMemory(&f, sizeof(f));
    in.service = IG_SVC_OK;
    in.image = IG_IMG_NOT_CHECKED;
    in.require_dns_domain = r->settings.require_dns_domain != 0;
    in.allow_affected_build = r->settings.allow_affected_build != 0;
    ig_checks_window(&r->settings, &in.first_affected, &in.first_fixed);

    if (r->settings.image_path[0]) {
        DWORD n = ExpandEnvironmentStringsW(ig_w(r->settings.image_path), r->image, ARRAYSIZE(r->image));
        if (n == 0 || n > ARRAYSIZE(r->image))
            ig_wcopy(r->image, ARRAYSIZE(r->image), ig_w(r->settings.image_path));
    }
    if (what & IG_CHECK_SERVICE)
        in.service = check_service(r, svc, &f);
    if (what & IG_CHECK_IMAGE) {
        in.image = check_image(r, &f);
        in.image_version = r->image_version;
    }

    char expected[IG_DOMAIN_CAP];
    ig_u16_to_ascii(expected, sizeof(expected), r->settings.expected_dns_domain,
                    ig_u16len(r->settings.expected_dns_domain));
    in.expected_dns_domain = expected;
    if (what & IG_CHECK_DOMAIN) {
        ig_netid_domain(&r->netid, f.domain, sizeof(f.domain));
        in.domain = f.domain;
    } else {
        /* Not checked: neither present nor required. */
        in.require_dns_domain = false;
        in.expected_dns_domain = NULL;
    }

    ig_preflight(&in, &v);
    for (i = 0; i < v.count; i++)
        log_finding(r, caller, v.findings[i], &in, &v, &f);
    /* A refused binary is read again at the next check, changed or not. */
    if (v.error && (what & IG_CHECK_IMAGE))
        ZeroMemory(&r->image_stamp, sizeof(r->image_stamp));
    return v.error;
}

/*
 * verdict.c - the preflight panel's texts: ig_preflight's verdict on the
 * facts of this node with the settings on the page, and the messages the
 * resource's Online would log (the DLL's own message table, compiled into
 * this DLL too, with the same inserts as resdll/checks.c).
 */
#include "imsguardex.h"

#include <stdlib.h>

#include <stdio.h>

#include "dnsname.h"
#include "imsguard.h"
#include "imsguard_msg.h"
#include "u16.h"
#include "wstr.h"

static const WCHAR *finding_phrase(ig_finding f)
{
    switch (f) {
    case IG_F_SERVICE_MISSING:        return L"IMS service not installed";
    case IG_F_SERVICE_QUERY_FAILED:   return L"service configuration unreadable";
    case IG_F_SERVICE_DISABLED:       return L"IMS service disabled";
    case IG_F_IMAGE_UNREADABLE:       return L"IMS program unreadable";
    case IG_F_IMAGE_NO_VERSION:       return L"IMS program has no version";
    case IG_F_AFFECTED_BUILD:         return L"affected IMS build (Q194128)";
    case IG_F_AFFECTED_BUILD_ALLOWED: return L"affected IMS build allowed";
    case IG_F_NO_DNS_DOMAIN:          return L"no TCP/IP DNS domain";
    case IG_F_BAD_DNS_DOMAIN:         return L"DNS domain not valid";
    case IG_F_DNS_DOMAIN_MISMATCH:    return L"not the expected DNS domain";
    default:                          return L"unknown finding";
    }
}

/* Exchange 5.5's builds by their short names (contract section 1). */
static const WCHAR *build_name(const ig_version *v)
{
    if (v->part[0] != 5 || v->part[1] != 5)
        return NULL;
    switch (v->part[2]) {
    case 1960: return L"RTM";
    case 2232: return L"SP1";
    case 2423: return L"fix";
    case 2448: return L"SP2";
    case 2650: return L"SP3";
    case 2653: return L"SP4";
    default:   return NULL;
    }
}

static void version_text(const ig_version *v, WCHAR *out, size_t cap)
{
    char text[32];
    ig_version_format(v, text, sizeof(text));
    _snwprintf(out, cap, L"%hs", text);
    out[cap - 1] = 0;
}

/* Text added to the message after a blank line; the message grows to fit. */
static void append_text(ig_verdict_text *out, const WCHAR *text)
{
    size_t used = out->message ? wcslen(out->message) : 0, add = wcslen(text);
    WCHAR *grown;

    if (!text[0])
        return;
    grown = realloc(out->message, (used + 4 + add + 1) * sizeof(WCHAR));
    if (!grown)
        return;
    out->message = grown;
    grown[used] = 0;
    if (used)
        wcscat(grown, L"\r\n\r\n");
    wcscat(grown, text);
}

/* One message of the table, its inserts from args; appended to out. */
static void append_message(ig_verdict_text *out, DWORD msgid, int nargs, const WCHAR *const *args)
{
    WCHAR *text = ig_wformat_message(ig_ex_module, msgid, nargs, args);
    if (text)
        append_text(out, text);
    LocalFree(text);
}

void ig_verdict_release(ig_verdict_text *v)
{
    free(v->message);
    v->message = NULL;
}

static void window_of(const ig_settings *s, ig_version *first_affected, ig_version *first_fixed)
{
    char text[IG_VERSION_TEXT_CAP];
    ig_u16_to_ascii(text, sizeof(text), s->first_affected_version, ig_u16len(s->first_affected_version));
    ig_version_parse(text, first_affected);
    ig_u16_to_ascii(text, sizeof(text), s->first_fixed_version, ig_u16len(s->first_fixed_version));
    ig_version_parse(text, first_fixed);
}

void ig_verdict_describe(const WCHAR *resource, const ig_settings *s, const ig_node_facts *f,
                         ig_verdict_text *out)
{
    WCHAR version[32], affected[32], fixed[32], domain[260], expected[IG_DOMAIN_CAP], detail[300];
    char expected8[IG_DOMAIN_CAP];
    const WCHAR *svc = (const WCHAR *)s->service_name;
    const WCHAR *name;
    ig_preflight_input in;
    ig_verdict v;
    unsigned i;

    ZeroMemory(out, sizeof(*out));
    ZeroMemory(&in, sizeof(in));
    in.service = f->service;
    in.image = f->image_fact;
    in.image_version = f->version;
    in.domain = f->domain;
    in.require_dns_domain = s->require_dns_domain != 0;
    in.allow_affected_build = s->allow_affected_build != 0;
    ig_u16_to_ascii(expected8, sizeof(expected8), s->expected_dns_domain, ig_u16len(s->expected_dns_domain));
    in.expected_dns_domain = expected8;
    window_of(s, &in.first_affected, &in.first_fixed);
    ig_preflight(&in, &v);

    version_text(&f->version, version, ARRAYSIZE(version));
    version_text(&in.first_affected, affected, ARRAYSIZE(affected));
    version_text(&in.first_fixed, fixed, ARRAYSIZE(fixed));
    if (!MultiByteToWideChar(CP_UTF8, 0, f->domain, -1, domain, ARRAYSIZE(domain)))
        domain[0] = 0;
    lstrcpynW(expected, (const WCHAR *)s->expected_dns_domain, ARRAYSIZE(expected));

    /* The facts, as the panel shows them. */
    lstrcpynW(out->domain, domain[0] ? domain : L"(not set)", ARRAYSIZE(out->domain));
    switch (f->image_fact) {
    case IG_IMG_OK:
        name = build_name(&f->version);
        if (name)
            _snwprintf(out->build, ARRAYSIZE(out->build), L"%ls (%ls)", version, name);
        else
            lstrcpynW(out->build, version, ARRAYSIZE(out->build));
        break;
    case IG_IMG_UNREADABLE:  lstrcpynW(out->build, L"(program unreadable)", ARRAYSIZE(out->build)); break;
    case IG_IMG_NO_VERSION:  lstrcpynW(out->build, L"(no version information)", ARRAYSIZE(out->build)); break;
    default:
        lstrcpynW(out->build, f->service == IG_SVC_MISSING ? L"(service not installed)" : L"(not found)",
                  ARRAYSIZE(out->build));
        break;
    }
    out->build[ARRAYSIZE(out->build) - 1] = 0;

    /* Every finding's message, in the order Online logs them. */
    for (i = 0; i < v.count; i++) {
        const WCHAR *args[5] = { resource, L"", L"", L"", L"" };
        WCHAR number[32];
        switch (v.findings[i]) {
        case IG_F_SERVICE_MISSING:
            args[1] = svc;
            append_message(out, MSG_SERVICE_MISSING, 2, args);
            break;
        case IG_F_SERVICE_QUERY_FAILED:
            args[1] = svc;
            _snwprintf(number, ARRAYSIZE(number), L"%lu", (unsigned long)f->service_error);
            number[ARRAYSIZE(number) - 1] = 0;
            args[2] = number;
            append_message(out, MSG_SERVICE_QUERY_FAILED, 3, args);
            break;
        case IG_F_SERVICE_DISABLED:
            args[1] = svc;
            append_message(out, MSG_SERVICE_DISABLED, 2, args);
            break;
        case IG_F_IMAGE_UNREADABLE:
            args[1] = f->image;
            ig_werror_text(f->image_error, detail, ARRAYSIZE(detail));
            args[2] = detail;
            append_message(out, MSG_IMAGE_UNREADABLE, 3, args);
            break;
        case IG_F_IMAGE_NO_VERSION:
            args[1] = f->image;
            append_message(out, MSG_IMAGE_NO_VERSION, 2, args);
            break;
        case IG_F_AFFECTED_BUILD:
        case IG_F_AFFECTED_BUILD_ALLOWED:
            args[1] = f->image; args[2] = version; args[3] = affected; args[4] = fixed;
            append_message(out,
                           v.findings[i] == IG_F_AFFECTED_BUILD ? MSG_AFFECTED_BUILD
                                                                : MSG_AFFECTED_BUILD_ALLOWED,
                           5, args);
            break;
        case IG_F_NO_DNS_DOMAIN:
            append_message(out, MSG_NO_DNS_DOMAIN, 1, args);
            break;
        case IG_F_BAD_DNS_DOMAIN:
            args[1] = domain;
            _snwprintf(detail, ARRAYSIZE(detail), L"%hs", ig_dns_status_text((ig_dns_status)v.dns_status));
            detail[ARRAYSIZE(detail) - 1] = 0;
            args[2] = detail;
            append_message(out, MSG_BAD_DNS_DOMAIN, 3, args);
            break;
        case IG_F_DNS_DOMAIN_MISMATCH:
            args[1] = domain[0] ? domain : L"(not set)";
            args[2] = expected;
            append_message(out, MSG_DNS_DOMAIN_MISMATCH, 3, args);
            break;
        default:
            break;
        }
        if (v.findings[i] == IG_F_AFFECTED_BUILD_ALLOWED)
            out->warning = TRUE;
    }

    if (v.error) {
        ig_finding first = v.findings[0];
        for (i = 0; i < v.count; i++) {
            if (ig_finding_error(v.findings[i])) {
                first = v.findings[i];
                break;
            }
        }
        _snwprintf(out->verdict, ARRAYSIZE(out->verdict), L"Refused: %ls", finding_phrase(first));
        WCHAR *line = ig_wformat(L"Online would fail with error 0x%08lX.", (unsigned long)v.error);
        if (line)
            append_text(out, line);
        free(line);
    } else {
        out->online = TRUE;
        lstrcpynW(out->verdict, out->warning ? L"Would go online, with a warning" : L"Would go online",
                  ARRAYSIZE(out->verdict));
        if (!out->warning) {
            WCHAR *what = f->image_fact == IG_IMG_OK
                              ? ig_wformat(L"the IMS build %ls is outside the affected builds %ls up to "
                                           L"(not including) %ls", version, affected, fixed)
                              : ig_wformat(L"the IMS build was not checked");
            WCHAR *line = ig_wformat(L"IMS Guard resource '%ls' would go online on %ls: %ls, and the TCP/IP "
                                     L"DNS domain is %ls%ls.",
                                     resource, f->node[0] ? f->node : L"this node", what ? what : L"",
                                     domain[0] ? domain : L"not set (RequireDnsDomain is 0)",
                                     expected[0] ? L", as ExpectedDnsDomain requires" : L"");
            if (line)
                append_text(out, line);
            free(line);
            free(what);
        }
    }
    out->verdict[ARRAYSIZE(out->verdict) - 1] = 0;
}

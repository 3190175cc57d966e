/*
 * verdict.c - the preflight panel's texts: the node check of the resource
 * DLL (resdll/win/nodecheck.c) with the settings on the page, and the
 * messages it gives, formatted from the DLL's own message table (compiled
 * into this DLL too): the very texts Online logs. Around them, the panel's
 * own short verdict, the build's name, and why a node is fine.
 */
#include "verdict.h"

#include "imsguard.h"
#include "module.h"

#include <stdlib.h>

#include <stdio.h>

#include "nodecheck.h"
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

/* The node check's sink: the message Online would log for a finding, from
   this DLL's copy of the DLL's message table, appended to the panel's text. */
static void append_message(void *ctx, LOG_LEVEL level, DWORD msgid, int nargs, const WCHAR *const *args)
{
    ig_verdict_text *out = ctx;
    WCHAR *text = ig_wformat_message(ig_ex_instance(), msgid, nargs, args);
    if (text)
        append_text(out, text);
    LocalFree(text);
    if (level == LOG_WARNING)
        out->warning = TRUE;
}

void ig_verdict_release(ig_verdict_text *v)
{
    free(v->message);
    v->message = NULL;
}

/* The panel's short name of the build found. */
static void build_text(const ig_node_facts *f, const WCHAR *version, ig_verdict_text *out)
{
    const WCHAR *name;

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
}

/* Refused: the first error's phrase and Online's code. */
static void refused(const ig_verdict *v, ig_verdict_text *out)
{
    ig_finding first = v->findings[0];
    WCHAR *line;
    unsigned i;

    for (i = 0; i < v->count; i++) {
        if (ig_finding_error(v->findings[i])) {
            first = v->findings[i];
            break;
        }
    }
    _snwprintf(out->verdict, ARRAYSIZE(out->verdict), L"Refused: %ls", finding_phrase(first));
    line = ig_wformat(L"Online would fail with error 0x%08lX.", (unsigned long)v->error);
    if (line)
        append_text(out, line);
    free(line);
}

/* Would go online: with no warning, a line that says why it is fine. */
static void accepted(const WCHAR *resource, const WCHAR *node, const ig_settings *s, const ig_node_facts *f,
                     const ig_node_verdict *nv, const WCHAR *version, const WCHAR *domain,
                     ig_verdict_text *out)
{
    WCHAR affected[32], fixed[32], *what, *line;

    out->online = TRUE;
    lstrcpynW(out->verdict, out->warning ? L"Would go online, with a warning" : L"Would go online",
              ARRAYSIZE(out->verdict));
    if (out->warning)
        return;
    version_text(&nv->in.first_affected, affected, ARRAYSIZE(affected));
    version_text(&nv->in.first_fixed, fixed, ARRAYSIZE(fixed));
    what = f->image_fact == IG_IMG_OK
               ? ig_wformat(L"the IMS build %ls is outside the affected builds %ls up to "
                            L"(not including) %ls", version, affected, fixed)
               : ig_wformat(L"the IMS build was not checked");
    line = ig_wformat(L"" IMSGUARD_PRODUCT_NAME L" resource '%ls' would go online on %ls: %ls, and the TCP/IP "
                      L"DNS domain is %ls%ls.",
                      resource, node[0] ? node : L"this node", what ? what : L"",
                      domain[0] ? domain : L"not set (RequireDnsDomain is 0)",
                      s->expected_dns_domain[0] ? L", as ExpectedDnsDomain requires" : L"");
    if (line)
        append_text(out, line);
    free(line);
    free(what);
}

void ig_verdict_look(const WCHAR *resource, const WCHAR *node, const ig_settings *s, ig_node_facts *f,
                     ig_verdict_text *out)
{
    ig_service service = { NULL, NULL };
    WCHAR version[32], domain[IG_NODE_DOMAIN_CAP];
    static ig_node_verdict nv;   /* the panel's thread alone */

    ZeroMemory(out, sizeof(*out));
    ig_facts_forget_all(f);   /* a look of its own: nothing carried from the last one */
    ig_node_check(resource, s, IG_CHECK_ALL, &service, f, append_message, out, &nv);
    ig_scm_close(&service);

    version_text(&f->version, version, ARRAYSIZE(version));
    ig_wfrom_utf8(domain, ARRAYSIZE(domain), f->domain);
    lstrcpynW(out->domain, domain[0] ? domain : L"(not set)", ARRAYSIZE(out->domain));
    build_text(f, version, out);
    if (nv.verdict.error)
        refused(&nv.verdict, out);
    else
        accepted(resource, node, s, f, &nv, version, domain, out);
    out->verdict[ARRAYSIZE(out->verdict) - 1] = 0;
}

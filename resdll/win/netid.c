#include "netid.h"

#include "wstr.h"

#include <stdlib.h>

#define TCPIP_PARAMETERS L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters"
#define DNS_CLIENT_POLICY L"SOFTWARE\\Policies\\Microsoft\\System\\DNSClient"
/* Longer than any DNS name (255), so a malformed value is kept long enough
   for the preflight to refuse it as too long. */
#define IG_NETID_TEXT_CAP 300

typedef BOOL (WINAPI *name_ex_fn)(COMPUTER_NAME_FORMAT, LPWSTR, LPDWORD);
static name_ex_fn name_ex_ptr;   /* NULL on NT 4.0 */

void ig_netid_init(void)
{
    HMODULE kernel = GetModuleHandleW(L"kernel32.dll");
    if (kernel)
        name_ex_ptr = (name_ex_fn)(void (*)(void))GetProcAddress(kernel, "GetComputerNameExW");
}

static void open_key(const WCHAR *path, HKEY *key)
{
    if (!*key && RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, key) != ERROR_SUCCESS)
        *key = NULL;
}

/* A policy applied while the DLL is loaded creates its key: tried again at
   each read while missing (a failed open of a missing key costs little). */
void ig_netid_open(ig_netid *n)
{
    open_key(TCPIP_PARAMETERS, &n->tcpip);
    open_key(DNS_CLIENT_POLICY, &n->policy);
}

void ig_netid_close(ig_netid *n)
{
    if (n->tcpip)
        RegCloseKey(n->tcpip);
    if (n->policy)
        RegCloseKey(n->policy);
    n->tcpip = n->policy = NULL;
}

/* Read whatever its length: an over-long value is not a DNS name, and the
   preflight must see it to refuse it, not find the domain "not set". One
   registry call when it fits the first buffer (any DNS name does). */
static void read_value(HKEY key, const WCHAR *name, char *out, size_t cap)
{
    WCHAR first[IG_NETID_TEXT_CAP + 1];
    DWORD type = 0, size = sizeof(first) - sizeof(WCHAR);
    WCHAR *value = first, *big = NULL;
    LSTATUS err;

    out[0] = '\0';
    if (!key)
        return;
    ZeroMemory(first, sizeof(first));
    err = RegQueryValueExW(key, name, NULL, &type, (BYTE *)first, &size);
    if (err == ERROR_MORE_DATA && (type == REG_SZ || type == REG_EXPAND_SZ)) {
        big = calloc(size / sizeof(WCHAR) + 2, sizeof(WCHAR));   /* terminated, odd sizes too */
        if (!big)
            return;
        value = big;
        err = RegQueryValueExW(key, name, NULL, &type, (BYTE *)big, &size);
    }
    /* Kept to what out holds (a third of it if not ASCII): still longer
       than any DNS name, so refused as too long rather than lost. */
    if (err == ERROR_SUCCESS && (type == REG_SZ || type == REG_EXPAND_SZ)) {
        if (wcslen(value) >= cap)
            value[cap - 1] = 0;
        ig_wto_utf8(out, cap, value);
        if (!out[0] && value[0]) {
            value[(cap - 1) / 3] = 0;
            ig_wto_utf8(out, cap, value);
        }
    }
    free(big);
}

ig_domain_source ig_netid_domain(ig_netid *n, char *out, size_t cap)
{
    char policy[IG_NETID_TEXT_CAP], tcpip[IG_NETID_TEXT_CAP], physical[IG_NETID_TEXT_CAP];
    ig_domain_source from;

    ig_netid_open(n);
    read_value(n->policy, L"PrimaryDnsSuffix", policy, sizeof(policy));
    read_value(n->tcpip, L"Domain", tcpip, sizeof(tcpip));
    physical[0] = '\0';
    /* Asked only when the registry has nothing: it costs a call more. */
    if (!policy[0] && !tcpip[0] && name_ex_ptr) {
        WCHAR value[IG_NETID_TEXT_CAP];
        DWORD len = ARRAYSIZE(value);
        if (name_ex_ptr(ComputerNamePhysicalDnsDomain, value, &len) && len)
            ig_wto_utf8(physical, sizeof(physical), value);
    }
    from = ig_domain_pick(policy, tcpip, physical);
    lstrcpynA(out, from == IG_DOMAIN_FROM_POLICY ? policy : from == IG_DOMAIN_FROM_TCPIP ? tcpip
                   : physical, (int)cap);
    return from;
}

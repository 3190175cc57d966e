#include "netid.h"

#include "wstr.h"

#define TCPIP_PARAMETERS L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters"

typedef BOOL (WINAPI *name_ex_fn)(COMPUTER_NAME_FORMAT, LPWSTR, LPDWORD);
static name_ex_fn name_ex_ptr;

void ig_netid_init(void)
{
    HMODULE kernel = GetModuleHandleW(L"kernel32.dll");
    if (kernel)
        name_ex_ptr = (name_ex_fn)(void (*)(void))GetProcAddress(kernel, "GetComputerNameExW");
}

void ig_netid_open(ig_netid *n)
{
    if (!n->tcpip &&
        RegOpenKeyExW(HKEY_LOCAL_MACHINE, TCPIP_PARAMETERS, 0, KEY_QUERY_VALUE, &n->tcpip) != ERROR_SUCCESS)
        n->tcpip = NULL;
}

void ig_netid_close(ig_netid *n)
{
    if (n->tcpip)
        RegCloseKey(n->tcpip);
    n->tcpip = NULL;
}

void ig_netid_domain(ig_netid *n, char *out, size_t cap)
{
    WCHAR value[256];
    DWORD type = 0, size = sizeof(value) - sizeof(WCHAR);

    out[0] = '\0';
    ig_netid_open(n);
    ZeroMemory(value, sizeof(value));
    if (n->tcpip && RegQueryValueExW(n->tcpip, L"Domain", NULL, &type, (BYTE *)value, &size) == ERROR_SUCCESS &&
        (type == REG_SZ || type == REG_EXPAND_SZ) && value[0]) {
        value[ARRAYSIZE(value) - 1] = 0;
        ig_wto_utf8(out, cap, value);
        return;
    }
    if (name_ex_ptr) {
        DWORD len = ARRAYSIZE(value);
        if (name_ex_ptr(ComputerNameDnsDomain, value, &len) && len)
            ig_wto_utf8(out, cap, value);
    }
}

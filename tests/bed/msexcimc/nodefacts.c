/*
 * nodefacts.c - what the IMS stand-in learns of its node at start: its own
 * build, whether the node is a cluster node, the DNS domain (found as a
 * program on Windows 2000 and later finds it) and the host name.
 */
#include "msexcimc.h"

DWORD read_own_version(ULONGLONG *version, WCHAR *path, DWORD path_chars)
{
    DWORD err = ERROR_SUCCESS;
    DWORD handle, size, n;
    VS_FIXEDFILEINFO *info;
    UINT info_size;
    void *block = NULL;

    n = GetModuleFileNameW(NULL, path, path_chars);
    if (!n || n >= path_chars) {
        err = n ? ERROR_INSUFFICIENT_BUFFER : GetLastError();
        goto out;
    }
    size = GetFileVersionInfoSizeW(path, &handle);
    if (!size) {
        err = GetLastError();
        goto out;
    }
    block = HeapAlloc(GetProcessHeap(), 0, size);
    if (!block) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    if (!GetFileVersionInfoW(path, 0, size, block)) {
        err = GetLastError();
        goto out;
    }
    if (!VerQueryValueW(block, L"\\", (void **)&info, &info_size) || info_size < sizeof(*info)
        || info->dwSignature != VS_FFI_SIGNATURE) {
        err = ERROR_RESOURCE_TYPE_NOT_FOUND;
        goto out;
    }
    *version = ((ULONGLONG)info->dwFileVersionMS << 32) | info->dwFileVersionLS;

out:
    if (block)
        HeapFree(GetProcessHeap(), 0, block);
    return err;
}

void format_version(ULONGLONG v, char *buf, size_t size)
{
    snprintf(buf, size, "%u.%u.%u.%u", (unsigned)(v >> 48) & 0xffff, (unsigned)(v >> 32) & 0xffff,
             (unsigned)(v >> 16) & 0xffff, (unsigned)v & 0xffff);
}

BOOL is_cluster_node(void)
{
    HKEY key;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, CLUSTER_KEY, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return FALSE;
    RegCloseKey(key);
    return TRUE;
}

/* The node's DNS domain by the route a program on Windows 2000 and later
 * takes: GetComputerNameExW(ComputerNamePhysicalDnsDomain), "" when unset.
 * Windows' own GetComputerNameEx answers a Group Policy primary DNS suffix
 * first; Wine 8's reads only Tcpip\Parameters Domain, so the stand-in asks
 * the policy value itself, as Windows would have for it (README.md, Wine
 * differences). Deliberately not IMS Guard's code: a disagreement between
 * the two shows in the tests. */
void read_dns_domain(WCHAR *buf, DWORD chars)
{
    HKEY key;
    DWORD n = chars;

    buf[0] = 0;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, DNS_POLICY_KEY, 0, KEY_QUERY_VALUE, &key) == ERROR_SUCCESS) {
        query_string(key, L"PrimaryDnsSuffix", buf, chars);
        RegCloseKey(key);
        if (buf[0])
            return;
    }
    if (!GetComputerNameExW(ComputerNamePhysicalDnsDomain, buf, &n))
        buf[0] = 0;
}

void read_host_name(WCHAR *buf, DWORD chars)
{
    DWORD n = chars;

    if (GetComputerNameExW(ComputerNameDnsHostname, buf, &n) && buf[0])
        return;
    n = chars;
    if (!GetComputerNameW(buf, &n))
        wcscpy(buf, L"localhost");
}

/*
 * clusapi_main.c - the cluster registry API over the node's HKLM\Cluster.
 *
 * On a real cluster these calls go to the cluster service, which keeps the
 * database consistent across nodes; here the database is the node's own
 * registry, so each call validates its arguments the way the documentation
 * describes and then becomes the matching Reg* call. Sizes follow the
 * cluster conventions: cch counts characters and, on return, excludes the
 * terminator; cb counts bytes.
 */
#include <string.h>

#include "clusapi_private.h"

/*
 * A cluster HKEY is clusapi's own object, never one of the registry's
 * predefined keys. A resource DLL that passed HKEY_LOCAL_MACHINE would work
 * against this stand-in and crash on a cluster, so it is refused here.
 */
static LONG check_key(HKEY key)
{
    ULONG_PTR offset = (ULONG_PTR)key - (ULONG_PTR)HKEY_CLASSES_ROOT;

    if (!key)
        return ERROR_INVALID_HANDLE;
    /* HKEY_CLASSES_ROOT .. HKEY_PERFORMANCE_NLSTEXT (0x80000000..0x80000060). */
    if (offset <= 0xff)
        return ERROR_INVALID_HANDLE;
    return ERROR_SUCCESS;
}

/* The documentation: the subkey must not be NULL and must not start with a
   backslash (it is always relative to hKey). */
static LONG check_subkey(LPCWSTR subkey)
{
    if (!subkey || subkey[0] == L'\\')
        return ERROR_INVALID_PARAMETER;
    return ERROR_SUCCESS;
}

LONG WINAPI ClusterRegOpenKey(HKEY hKey, LPCWSTR lpszSubKey, REGSAM samDesired,
                              PHKEY phkResult)
{
    LONG err = check_key(hKey);

    if (err)
        goto out;
    if (!phkResult) {
        err = ERROR_INVALID_PARAMETER;
        goto out;
    }
    *phkResult = NULL;
    err = check_subkey(lpszSubKey);
    if (err)
        goto out;
    err = RegOpenKeyExW(hKey, lpszSubKey, 0, samDesired, phkResult);
    if (err)
        *phkResult = NULL;
out:
    return err;
}

LONG WINAPI ClusterRegCreateKey(HKEY hKey, LPCWSTR lpszSubKey, DWORD dwOptions,
                                REGSAM samDesired,
                                LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                PHKEY phkResult, LPDWORD lpdwDisposition)
{
    LONG err = check_key(hKey);

    if (err)
        goto out;
    if (!phkResult) {
        err = ERROR_INVALID_PARAMETER;
        goto out;
    }
    *phkResult = NULL;
    err = check_subkey(lpszSubKey);
    if (err)
        goto out;
    /* The cluster database is persistent by nature: REG_OPTION_NON_VOLATILE
       (0) is the only option the documentation allows. */
    if (dwOptions != REG_OPTION_NON_VOLATILE) {
        err = ERROR_INVALID_PARAMETER;
        goto out;
    }
    err = RegCreateKeyExW(hKey, lpszSubKey, 0, NULL, REG_OPTION_NON_VOLATILE,
                          samDesired, lpSecurityAttributes, phkResult,
                          lpdwDisposition);
    if (err)
        *phkResult = NULL;
out:
    return err;
}

LONG WINAPI ClusterRegCloseKey(HKEY hKey)
{
    LONG err = check_key(hKey);

    if (err)
        return err;
    return RegCloseKey(hKey);
}

LONG WINAPI ClusterRegDeleteKey(HKEY hKey, LPCWSTR lpszSubKey)
{
    LONG err = check_key(hKey);

    if (err)
        return err;
    if (!lpszSubKey)
        return ERROR_INVALID_PARAMETER;
    /* Like RegDeleteKey, a key that still has subkeys is not deleted. */
    return RegDeleteKeyW(hKey, lpszSubKey);
}

LONG WINAPI ClusterRegEnumKey(HKEY hKey, DWORD dwIndex, LPWSTR lpszName,
                              LPDWORD lpcchName, PFILETIME lpftLastWriteTime)
{
    WCHAR name[MAX_KEY_NAME + 2];
    DWORD cch = ARRAY_SIZE(name);
    FILETIME written;
    LONG err = check_key(hKey);

    if (err)
        goto out;
    /* A NULL buffer of size 0 is a size query; of any other size, a bug. */
    if (!lpcchName || (!lpszName && *lpcchName)) {
        err = ERROR_INVALID_PARAMETER;
        goto out;
    }
    /* RegEnumKeyEx reports no needed size when the buffer is short, so read
       into one that fits any key name and copy. */
    err = RegEnumKeyExW(hKey, dwIndex, name, &cch, NULL, NULL, NULL, &written);
    if (err)
        goto out;
    if (cch >= *lpcchName) {
        *lpcchName = cch;
        err = ERROR_MORE_DATA;
        goto out;
    }
    memcpy(lpszName, name, (cch + 1) * sizeof(WCHAR));
    *lpcchName = cch;
    if (lpftLastWriteTime)
        *lpftLastWriteTime = written;
out:
    return err;
}

DWORD WINAPI ClusterRegEnumValue(HKEY hKey, DWORD dwIndex, LPWSTR lpszValueName,
                                 LPDWORD lpcchValueName, LPDWORD lpdwType,
                                 LPBYTE lpData, LPDWORD lpcbData)
{
    HANDLE heap = GetProcessHeap();
    WCHAR *name = NULL;
    BYTE *data = NULL;
    DWORD name_cch = 0, data_cb = 0, type = REG_NONE;
    LONG err = check_key(hKey);
    int attempt;

    if (err)
        goto out;
    if (!lpcchValueName || (!lpszValueName && *lpcchValueName) ||
        (lpData && !lpcbData)) {
        err = ERROR_INVALID_PARAMETER;
        goto out;
    }

    /* Read the whole value into buffers sized from RegQueryInfoKey, so the
       needed sizes are known even when the caller's buffers are short. The
       key may grow between the two calls: then size again. */
    for (attempt = 0; attempt < 8; attempt++) {
        DWORD max_name = 0, max_data = 0;

        HeapFree(heap, 0, name);
        HeapFree(heap, 0, data);
        name = NULL;
        data = NULL;
        err = RegQueryInfoKeyW(hKey, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                               &max_name, &max_data, NULL, NULL);
        if (err)
            goto out;
        name_cch = max_name + 1;
        data_cb = max_data ? max_data : 1;
        name = HeapAlloc(heap, 0, name_cch * sizeof(WCHAR));
        data = HeapAlloc(heap, 0, data_cb);
        if (!name || !data) {
            err = ERROR_NOT_ENOUGH_MEMORY;
            goto out;
        }
        err = RegEnumValueW(hKey, dwIndex, name, &name_cch, NULL, &type, data,
                            &data_cb);
        if (err != ERROR_MORE_DATA)
            break;
    }
    if (err)
        goto out;

    if (lpdwType)
        *lpdwType = type;
    if (lpcbData) {
        if (lpData && *lpcbData < data_cb)
            err = ERROR_MORE_DATA;
        else if (lpData)
            memcpy(lpData, data, data_cb);
        *lpcbData = data_cb;
    }
    if (name_cch >= *lpcchValueName)
        err = ERROR_MORE_DATA;
    else
        memcpy(lpszValueName, name, (name_cch + 1) * sizeof(WCHAR));
    *lpcchValueName = name_cch;
out:
    HeapFree(heap, 0, name);
    HeapFree(heap, 0, data);
    return (DWORD)err;
}

LONG WINAPI ClusterRegQueryValue(HKEY hKey, LPCWSTR lpszValueName,
                                 LPDWORD lpdwValueType, LPBYTE lpData,
                                 LPDWORD lpcbData)
{
    LONG err = check_key(hKey);

    if (err)
        return err;
    if (!lpszValueName || (lpData && !lpcbData))
        return ERROR_INVALID_PARAMETER;
    /* RegQueryValueEx already speaks the documented protocol: NULL lpData
       returns ERROR_SUCCESS and the size, a short buffer ERROR_MORE_DATA and
       the size. */
    return RegQueryValueExW(hKey, lpszValueName, NULL, lpdwValueType, lpData,
                            lpcbData);
}

DWORD WINAPI ClusterRegSetValue(HKEY hKey, LPCWSTR lpszValueName, DWORD dwType,
                                CONST BYTE *lpData, DWORD cbData)
{
    LONG err = check_key(hKey);

    if (err)
        return (DWORD)err;
    if (!lpszValueName || (!lpData && cbData))
        return ERROR_INVALID_PARAMETER;
    return (DWORD)RegSetValueExW(hKey, lpszValueName, 0, dwType, lpData, cbData);
}

DWORD WINAPI ClusterRegDeleteValue(HKEY hKey, LPCWSTR lpszValueName)
{
    LONG err = check_key(hKey);

    if (err)
        return (DWORD)err;
    if (!lpszValueName)
        return ERROR_INVALID_PARAMETER;
    return (DWORD)RegDeleteValueW(hKey, lpszValueName);
}

LONG WINAPI ClusterRegQueryInfoKey(HKEY hKey, LPDWORD lpcSubKeys,
                                   LPDWORD lpcchMaxSubKeyLen, LPDWORD lpcValues,
                                   LPDWORD lpcchMaxValueNameLen,
                                   LPDWORD lpcbMaxValueLen,
                                   LPDWORD lpcbSecurityDescriptor,
                                   PFILETIME lpftLastWriteTime)
{
    LONG err = check_key(hKey);

    if (err)
        return err;
    return RegQueryInfoKeyW(hKey, NULL, NULL, NULL, lpcSubKeys,
                            lpcchMaxSubKeyLen, NULL, lpcValues,
                            lpcchMaxValueNameLen, lpcbMaxValueLen,
                            lpcbSecurityDescriptor, lpftLastWriteTime);
}

LONG WINAPI ClusterRegGetKeySecurity(HKEY hKey,
                                     SECURITY_INFORMATION RequestedInformation,
                                     PSECURITY_DESCRIPTOR pSecurityDescriptor,
                                     LPDWORD lpcbSecurityDescriptor)
{
    LONG err = check_key(hKey);

    if (err)
        return err;
    if (!lpcbSecurityDescriptor)
        return ERROR_INVALID_PARAMETER;
    return RegGetKeySecurity(hKey, RequestedInformation, pSecurityDescriptor,
                             lpcbSecurityDescriptor);
}

LONG WINAPI ClusterRegSetKeySecurity(HKEY hKey,
                                     SECURITY_INFORMATION SecurityInformation,
                                     PSECURITY_DESCRIPTOR pSecurityDescriptor)
{
    LONG err = check_key(hKey);

    if (err)
        return err;
    if (!pSecurityDescriptor)
        return ERROR_INVALID_PARAMETER;
    return RegSetKeySecurity(hKey, SecurityInformation, pSecurityDescriptor);
}

/*
 * regext.c - registering imsguardex.dll.
 *
 * With COM (DllRegisterServer, on every computer that runs Cluster
 * Administrator; regsvr32 calls it):
 *   HKCR\CLSID\{clsid}                        = IMSGUARDEX_NAME
 *   HKCR\CLSID\{clsid}\InprocServer32         = <path of this DLL>, ThreadingModel=Apartment
 *   HKCR\CLSID\{clsid}\ProgID                 = CLUADMEX.ImsGuardEx
 *   HKCR\CLSID\{clsid}\VersionIndependentProgID = CLUADMEX.ImsGuardEx
 *   HKCR\CLUADMEX.ImsGuardEx                  = IMSGUARDEX_NAME
 *   HKCR\CLUADMEX.ImsGuardEx\CLSID            = {clsid}
 *
 * With the cluster (DllRegisterCluAdminExtension, once per cluster;
 * `cluster /regadminext:` calls it): the CLSID in the AdminExtensions
 * (REG_MULTI_SZ) of ResourceTypes\IMS Guard, once, next to any other
 * extension already there. Only cluster API functions that the project's
 * Wine clusapi.dll also has: GetClusterResourceTypeKey, ClusterReg*.
 */
#include "imsguardex.h"
#include "module.h"

#include <stdlib.h>

#include "imsguard.h"
#include "multisz.h"

#define CLSID_KEY  L"CLSID\\" IMSGUARDEX_CLSID_TEXT

/* ------------------------------------------------------------ COM */

static LONG set_sz(HKEY parent, const WCHAR *subkey, const WCHAR *name, const WCHAR *value)
{
    HKEY key = NULL;
    LONG err = RegCreateKeyExW(parent, subkey, 0, NULL, REG_OPTION_NON_VOLATILE, KEY_SET_VALUE, NULL,
                               &key, NULL);
    if (err == ERROR_SUCCESS) {
        err = RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)value,
                             (DWORD)((wcslen(value) + 1) * sizeof(WCHAR)));
        RegCloseKey(key);
    }
    return err;
}

/* Deletes a key we created and its subkeys (which are ours too); a key
   that is not there is no error. */
static LONG delete_tree(HKEY parent, const WCHAR *subkey)
{
    WCHAR child[256];
    HKEY key = NULL;
    LONG err;

    err = RegOpenKeyExW(parent, subkey, 0, KEY_READ | KEY_WRITE, &key);
    if (err == ERROR_FILE_NOT_FOUND)
        return ERROR_SUCCESS;
    if (err != ERROR_SUCCESS)
        return err;
    for (;;) {
        DWORD len = ARRAYSIZE(child);
        err = RegEnumKeyExW(key, 0, child, &len, NULL, NULL, NULL, NULL);
        if (err != ERROR_SUCCESS)
            break;
        err = delete_tree(key, child);
        if (err != ERROR_SUCCESS)
            break;
    }
    RegCloseKey(key);
    if (err != ERROR_NO_MORE_ITEMS && err != ERROR_SUCCESS)
        return err;
    err = RegDeleteKeyW(parent, subkey);
    return err == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : err;
}

STDAPI DllRegisterServer(void)
{
    WCHAR path[MAX_PATH];
    DWORD n;
    LONG err;

    n = GetModuleFileNameW(ig_ex_instance(), path, ARRAYSIZE(path));
    if (n == 0 || n >= ARRAYSIZE(path))
        return HRESULT_FROM_WIN32(n ? ERROR_INSUFFICIENT_BUFFER : GetLastError());

    err = set_sz(HKEY_CLASSES_ROOT, CLSID_KEY, NULL, IMSGUARDEX_NAME);
    if (!err)
        err = set_sz(HKEY_CLASSES_ROOT, CLSID_KEY L"\\InprocServer32", NULL, path);
    if (!err)
        err = set_sz(HKEY_CLASSES_ROOT, CLSID_KEY L"\\InprocServer32", L"ThreadingModel", L"Apartment");
    if (!err)
        err = set_sz(HKEY_CLASSES_ROOT, CLSID_KEY L"\\ProgID", NULL, IMSGUARDEX_PROGID);
    if (!err)
        err = set_sz(HKEY_CLASSES_ROOT, CLSID_KEY L"\\VersionIndependentProgID", NULL, IMSGUARDEX_PROGID);
    if (!err)
        err = set_sz(HKEY_CLASSES_ROOT, IMSGUARDEX_PROGID, NULL, IMSGUARDEX_NAME);
    if (!err)
        err = set_sz(HKEY_CLASSES_ROOT, IMSGUARDEX_PROGID L"\\CLSID", NULL, IMSGUARDEX_CLSID_TEXT);
    if (err) {
        /* Half a registration is worse than none. */
        delete_tree(HKEY_CLASSES_ROOT, CLSID_KEY);
        delete_tree(HKEY_CLASSES_ROOT, IMSGUARDEX_PROGID);
        return HRESULT_FROM_WIN32(err);
    }
    return S_OK;
}

STDAPI DllUnregisterServer(void)
{
    LONG err = delete_tree(HKEY_CLASSES_ROOT, CLSID_KEY);
    LONG err2 = delete_tree(HKEY_CLASSES_ROOT, IMSGUARDEX_PROGID);
    if (err)
        return HRESULT_FROM_WIN32(err);
    return err2 ? HRESULT_FROM_WIN32(err2) : S_OK;
}

/* ------------------------------------------------------------ the cluster */

/* Adds (add) or removes the CLSID in the type's AdminExtensions. */
static HRESULT edit_admin_extensions(HCLUSTER cluster, BOOL add)
{
    WCHAR *old = NULL, *new_list = NULL;
    DWORD err, type = 0, size = 0;
    size_t units, cap;
    HKEY key = NULL;
    bool changed = false;

    if (!cluster)
        return E_INVALIDARG;
    key = GetClusterResourceTypeKey(cluster, L"" IMSGUARD_RESOURCE_TYPE, KEY_READ | KEY_WRITE);
    if (!key) {
        err = GetLastError();
        /* Nothing to take out of a type that is not there. */
        if (!add && err == ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND)
            err = ERROR_SUCCESS;
        goto out;
    }

    err = ClusterRegQueryValue(key, L"AdminExtensions", &type, NULL, &size);
    if (err == ERROR_FILE_NOT_FOUND) {
        size = 0;
        type = REG_MULTI_SZ;
    } else if (err != ERROR_SUCCESS) {
        goto out;
    } else if (type != REG_MULTI_SZ) {
        /* Not ours to rewrite: say so rather than lose what is there. */
        err = ERROR_INVALID_DATA;
        goto out;
    }
    old = malloc(size + sizeof(WCHAR));
    if (!old) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    if (size) {
        err = ClusterRegQueryValue(key, L"AdminExtensions", &type, (BYTE *)old, &size);
        if (err != ERROR_SUCCESS)
            goto out;
    }
    units = size / sizeof(WCHAR);
    cap = units + wcslen(IMSGUARDEX_CLSID_TEXT) + 3;
    new_list = malloc(cap * sizeof(WCHAR));
    if (!new_list) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    units = ig_multisz_edit((const uint16_t *)old, units, (const uint16_t *)IMSGUARDEX_CLSID_TEXT,
                            add != FALSE, (uint16_t *)new_list, cap, &changed);
    if (!units) {
        err = ERROR_INSUFFICIENT_BUFFER;
        goto out;
    }
    if (!changed) {
        err = ERROR_SUCCESS;   /* already as asked: registering twice is harmless */
        goto out;
    }
    if (ig_multisz_count((const uint16_t *)new_list, units) == 0)
        err = ClusterRegDeleteValue(key, L"AdminExtensions");
    else
        err = ClusterRegSetValue(key, L"AdminExtensions", REG_MULTI_SZ, (const BYTE *)new_list,
                                 (DWORD)(units * sizeof(WCHAR)));
out:
    free(old);
    free(new_list);
    if (key)
        ClusterRegCloseKey(key);
    return err ? HRESULT_FROM_WIN32(err) : S_OK;
}

STDAPI DllRegisterCluAdminExtension(HCLUSTER hCluster)
{
    return edit_admin_extensions(hCluster, TRUE);
}

STDAPI DllUnregisterCluAdminExtension(HCLUSTER hCluster)
{
    return edit_admin_extensions(hCluster, FALSE);
}

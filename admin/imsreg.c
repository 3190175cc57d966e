/*
 * imsreg.c - registers the "IMS Guard" resource type and its Cluster
 * Administrator extension in a node's cluster database: what
 * admin/register.cmd does with cluster.exe and regsvr32 on a real cluster,
 * for the Wine test bed (whose cluster database is HKLM\Cluster, reached
 * through the project's clusapi.dll).
 *
 *   imsreg register      [--dll <path>] [--adminext <path> | --no-adminext]
 *   imsreg unregister    [--adminext <path> | --no-adminext] [--force]
 *   imsreg regadminext   [--adminext <path>]
 *   imsreg unregadminext [--adminext <path>]
 *   imsreg show
 *
 * register: ResourceTypes\IMS Guard with Name, DllName,
 *   LooksAlivePollInterval 5000 and IsAlivePollInterval 60000; then the
 *   extension's DllRegisterServer (COM) and DllRegisterCluAdminExtension
 *   (its CLSID in AdminExtensions). The DLLs are checked before anything is
 *   written, and a failure half-way puts every value back as it was.
 *   Running it again changes nothing. DllName is the bare file name when
 *   the DLL is in the cluster directory (the directory of imsreg.exe, as
 *   %SystemRoot%\Cluster on a node; the test bed's resmon.exe looks there),
 *   else its full path.
 * unregister: the extension's DllUnregisterCluAdminExtension and
 *   DllUnregisterServer, then the type's key; refused while a resource of
 *   the type exists (unless --force). Nothing to remove is not an error.
 * regadminext / unregadminext: only the extension's part (COM and
 *   AdminExtensions), as `cluster /regadminext:` and `/unregadminext:` do.
 *
 * Defaults: imsguard.dll and imsguardex.dll next to imsreg.exe. A bare
 * file name given to --dll or --adminext is the file next to imsreg.exe too
 * (the cluster directory, as cluster.exe's /dllname: means); a path is taken
 * relative to the current directory. The resource DLL must accept the type
 * "IMS Guard" in its Startup (any resource DLL exports Startup).
 * Exit status: 0 done (or nothing to do), 1 refused or failed, 2 bad usage.
 */
#include "cluadmin.h"

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include "imsguard.h"
#include "imsguardex.h"
#include "wstr.h"

#define TYPE_NAME L"" IMSGUARD_RESOURCE_TYPE
#define LOOKS_ALIVE_MS 5000
#define IS_ALIVE_MS    60000

static void say_error(const WCHAR *what, DWORD err)
{
    WCHAR text[300];
    ig_werror_text(err, text, ARRAYSIZE(text));
    fwprintf(stderr, L"imsreg: %ls: %ls\n", what, text);
}

/* ------------------------------------------------------------ the DLLs */

static void beside_me(const WCHAR *file, WCHAR *out, size_t cap)
{
    WCHAR *slash;
    DWORD n = GetModuleFileNameW(NULL, out, (DWORD)cap);
    if (n == 0 || n >= cap) {
        lstrcpynW(out, file, (int)cap);
        return;
    }
    slash = wcsrchr(out, L'\\');
    if (slash)
        slash[1] = 0;
    else
        out[0] = 0;
    if (wcslen(out) + wcslen(file) < cap)
        wcscat(out, file);
}

/* The directory part of path, with its backslash. */
static void dir_of(const WCHAR *path, WCHAR *out, size_t cap)
{
    WCHAR *slash;
    lstrcpynW(out, path, (int)cap);
    slash = wcsrchr(out, L'\\');
    if (slash)
        slash[1] = 0;
    else
        out[0] = 0;
}

/* A bare file name is the cluster directory's file (as cluster.exe's
   /dllname: is); a path is taken as given, relative to the current directory. */
static DWORD resolve(const WCHAR *path, const WCHAR *what, WCHAR *full, size_t cap)
{
    WCHAR beside[MAX_PATH];
    DWORD n;

    if (!wcschr(path, L'\\') && !wcschr(path, L'/') && !wcschr(path, L':')) {
        beside_me(path, beside, ARRAYSIZE(beside));
        path = beside;
    }
    n = GetFullPathNameW(path, (DWORD)cap, full, NULL);
    if (n == 0 || n >= cap) {
        fwprintf(stderr, L"imsreg: the %ls path '%ls' is not a usable file name (at most %u characters); "
                         L"nothing was changed\n", what, path, (unsigned)cap - 1);
        return ERROR_BAD_PATHNAME;
    }
    return ERROR_SUCCESS;
}

static DWORD WINAPI no_status(RESOURCE_HANDLE h, PRESOURCE_STATUS status)
{
    return ResourceExitStateContinue;
}

static VOID WINAPI no_log(RESOURCE_HANDLE h, LOG_LEVEL level, LPCWSTR format, ...)
{
}

/* Any resource DLL exports Startup; only IMS Guard's accepts the type "IMS
   Guard" (contract: another type name is ERROR_CLUSTER_RESNAME_NOT_FOUND). */
static DWORD check_type(const WCHAR *full)
{
    PCLRES_FUNCTION_TABLE table = NULL;
    PSTARTUP_ROUTINE startup;
    HMODULE dll = LoadLibraryExW(full, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
    DWORD err;

    if (!dll) {
        err = GetLastError();
        say_error(full, err);
        return err;
    }
    startup = (PSTARTUP_ROUTINE)(void (*)(void))GetProcAddress(dll, "Startup");
    err = startup ? startup(TYPE_NAME, CLRES_VERSION_V1_00, CLRES_VERSION_V1_00, no_status,
                            (PLOG_EVENT_ROUTINE)no_log, &table)
                  : ERROR_PROC_NOT_FOUND;
    if (!err && !table)
        err = ERROR_INVALID_DATA;
    FreeLibrary(dll);
    if (err) {
        WCHAR text[300];
        ig_werror_text(err, text, ARRAYSIZE(text));
        fwprintf(stderr, L"imsreg: %ls is not the IMS Guard resource DLL: its Startup refused the type "
                         L"'%ls' (%ls); nothing was changed\n", full, TYPE_NAME, text);
    }
    return err;
}

/* The resource DLL must be there, be one (export Startup), and be IMS Guard's. */
static DWORD check_resource_dll(const WCHAR *path, WCHAR *full, size_t cap)
{
    HMODULE dll;
    DWORD err = resolve(path, L"resource DLL", full, cap);
    if (err)
        return err;
    if (GetFileAttributesW(full) == INVALID_FILE_ATTRIBUTES) {
        err = GetLastError();
        fwprintf(stderr, L"imsreg: the resource DLL %ls is not there (copy imsguard.dll there first); "
                         L"nothing was changed\n", full);
        return err;
    }
    dll = LoadLibraryExW(full, NULL, DONT_RESOLVE_DLL_REFERENCES);
    if (!dll) {
        DWORD err = GetLastError();
        fwprintf(stderr, L"imsreg: %ls cannot be loaded (a DLL of the other architecture?); "
                         L"nothing was changed\n", full);
        say_error(full, err);
        return err;
    }
    if (!GetProcAddress(dll, "Startup")) {
        FreeLibrary(dll);
        fwprintf(stderr, L"imsreg: %ls is not a cluster resource DLL (it exports no Startup); "
                         L"nothing was changed\n", full);
        return ERROR_PROC_NOT_FOUND;
    }
    FreeLibrary(dll);
    return check_type(full);
}

typedef struct extension_dll {
    HMODULE dll;
    HRESULT (STDAPICALLTYPE *register_server)(void);
    HRESULT (STDAPICALLTYPE *unregister_server)(void);
    ig_register_cluadmin_fn register_cluster;
    ig_register_cluadmin_fn unregister_cluster;
} extension_dll;

static DWORD load_extension(const WCHAR *path, extension_dll *ext)
{
    WCHAR full[MAX_PATH];

    ZeroMemory(ext, sizeof(*ext));
    if (resolve(path, L"Cluster Administrator extension", full, ARRAYSIZE(full)))
        return ERROR_BAD_PATHNAME;
    if (GetFileAttributesW(full) == INVALID_FILE_ATTRIBUTES) {
        DWORD err = GetLastError();
        fwprintf(stderr, L"imsreg: the Cluster Administrator extension %ls is not there; "
                         L"nothing was changed\n", full);
        return err;
    }
    ext->dll = LoadLibraryExW(full, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
    if (!ext->dll) {
        DWORD err = GetLastError();
        say_error(full, err);
        return err;
    }
    ext->register_server = (HRESULT (STDAPICALLTYPE *)(void))(void (*)(void))
        GetProcAddress(ext->dll, "DllRegisterServer");
    ext->unregister_server = (HRESULT (STDAPICALLTYPE *)(void))(void (*)(void))
        GetProcAddress(ext->dll, "DllUnregisterServer");
    ext->register_cluster = (ig_register_cluadmin_fn)(void (*)(void))
        GetProcAddress(ext->dll, "DllRegisterCluAdminExtension");
    ext->unregister_cluster = (ig_register_cluadmin_fn)(void (*)(void))
        GetProcAddress(ext->dll, "DllUnregisterCluAdminExtension");
    if (!ext->register_server || !ext->unregister_server || !ext->register_cluster ||
        !ext->unregister_cluster) {
        fwprintf(stderr, L"imsreg: %ls is not a Cluster Administrator extension (no "
                         L"DllRegisterCluAdminExtension / DllRegisterServer); nothing was changed\n",
                 full);
        FreeLibrary(ext->dll);
        ext->dll = NULL;
        return ERROR_PROC_NOT_FOUND;
    }
    return ERROR_SUCCESS;
}

static BOOL com_registered(void)
{
    HKEY key;
    if (RegOpenKeyExW(HKEY_CLASSES_ROOT, L"CLSID\\" IMSGUARDEX_CLSID_TEXT L"\\InprocServer32", 0,
                      KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return FALSE;
    RegCloseKey(key);
    return TRUE;
}

/* The extension's own registration: with COM, then with the cluster. A
   COM registration this call made is taken back if the cluster's fails. */
static DWORD register_extension(HCLUSTER cluster, const extension_dll *ext)
{
    BOOL had_com = com_registered();
    HRESULT hr = ext->register_server();
    if (FAILED(hr)) {
        say_error(L"the extension's DllRegisterServer", (DWORD)hr);
        return (DWORD)hr;
    }
    hr = ext->register_cluster(cluster);
    if (FAILED(hr)) {
        say_error(L"the extension's DllRegisterCluAdminExtension (AdminExtensions)",
                  HRESULT_FACILITY(hr) == FACILITY_WIN32 ? HRESULT_CODE(hr) : (DWORD)hr);
        if (!had_com)
            ext->unregister_server();
        return (DWORD)hr;
    }
    wprintf(L"  AdminExtensions has %ls\n", IMSGUARDEX_CLSID_TEXT);
    wprintf(L"COM class %ls registered\n", IMSGUARDEX_CLSID_TEXT);
    return ERROR_SUCCESS;
}

static DWORD unregister_extension(HCLUSTER cluster, const extension_dll *ext)
{
    HRESULT hr = ext->unregister_cluster(cluster);
    if (FAILED(hr)) {
        say_error(L"the extension's DllUnregisterCluAdminExtension",
                  HRESULT_FACILITY(hr) == FACILITY_WIN32 ? HRESULT_CODE(hr) : (DWORD)hr);
        return (DWORD)hr;
    }
    wprintf(L"  AdminExtensions no longer has %ls\n", IMSGUARDEX_CLSID_TEXT);
    hr = ext->unregister_server();
    if (FAILED(hr)) {
        say_error(L"the extension's DllUnregisterServer", (DWORD)hr);
        return (DWORD)hr;
    }
    wprintf(L"COM class %ls unregistered\n", IMSGUARDEX_CLSID_TEXT);
    return ERROR_SUCCESS;
}

/* ------------------------------------------------------------ the database */

/* A value as it was, to put back. */
typedef struct saved_value {
    const WCHAR *name;
    BOOL present;
    DWORD type;
    DWORD size;
    BYTE *data;
} saved_value;

static const WCHAR *const type_values[] = {
    L"Name", L"DllName", L"LooksAlivePollInterval", L"IsAlivePollInterval", L"AdminExtensions",
};

static DWORD save_value(HKEY key, saved_value *v)
{
    DWORD err;
    v->present = FALSE;
    v->data = NULL;
    if (!key)
        return ERROR_SUCCESS;
    v->size = 0;
    err = ClusterRegQueryValue(key, v->name, &v->type, NULL, &v->size);
    if (err == ERROR_FILE_NOT_FOUND)
        return ERROR_SUCCESS;
    if (err)
        return err;
    v->data = malloc(v->size ? v->size : 1);
    if (!v->data)
        return ERROR_NOT_ENOUGH_MEMORY;
    err = ClusterRegQueryValue(key, v->name, &v->type, v->data, &v->size);
    if (!err)
        v->present = TRUE;
    return err;
}

static DWORD restore_value(HKEY key, const saved_value *v)
{
    DWORD err;
    if (v->present)
        return ClusterRegSetValue(key, v->name, v->type, v->data, v->size);
    err = ClusterRegDeleteValue(key, v->name);
    return err == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : err;
}

static BOOL same_sz(const saved_value *v, const WCHAR *s)
{
    return v->present && (v->type == REG_SZ || v->type == REG_EXPAND_SZ) &&
           v->size >= (wcslen(s) + 1) * sizeof(WCHAR) &&
           memcmp(v->data, s, (wcslen(s) + 1) * sizeof(WCHAR)) == 0;
}

static BOOL same_dword(const saved_value *v, DWORD d)
{
    return v->present && v->type == REG_DWORD && v->size == sizeof(DWORD) &&
           memcmp(v->data, &d, sizeof(d)) == 0;
}

static DWORD set_sz(HKEY key, const WCHAR *name, const WCHAR *s, const saved_value *old)
{
    DWORD err = ERROR_SUCCESS;
    if (!same_sz(old, s))
        err = ClusterRegSetValue(key, name, REG_SZ, (const BYTE *)s, (DWORD)((wcslen(s) + 1) * sizeof(WCHAR)));
    if (!err)
        wprintf(L"  %ls = %ls%ls\n", name, s, same_sz(old, s) ? L" (unchanged)" : L"");
    return err;
}

static DWORD set_dword(HKEY key, const WCHAR *name, DWORD d, const saved_value *old)
{
    DWORD err = ERROR_SUCCESS;
    if (!same_dword(old, d))
        err = ClusterRegSetValue(key, name, REG_DWORD, (const BYTE *)&d, sizeof(d));
    if (!err)
        wprintf(L"  %ls = %lu%ls\n", name, (unsigned long)d, same_dword(old, d) ? L" (unchanged)" : L"");
    return err;
}

/* Deletes a cluster key and everything under it. */
static DWORD delete_cluster_tree(HKEY parent, const WCHAR *name)
{
    WCHAR child[256];
    HKEY key = NULL;
    DWORD err = ClusterRegOpenKey(parent, name, KEY_ALL_ACCESS, &key);
    if (err == ERROR_FILE_NOT_FOUND)
        return ERROR_SUCCESS;
    if (err)
        return err;
    for (;;) {
        DWORD len = ARRAYSIZE(child);
        err = ClusterRegEnumKey(key, 0, child, &len, NULL);
        if (err)
            break;
        err = delete_cluster_tree(key, child);
        if (err)
            break;
    }
    ClusterRegCloseKey(key);
    if (err && err != ERROR_NO_MORE_ITEMS)
        return err;
    return ClusterRegDeleteKey(parent, name);
}

/* The names of the resources of our type, for the unregister refusal. */
static int resources_of_type(HKEY root)
{
    WCHAR id[256], type[256], name[256];
    HKEY resources = NULL, res = NULL;
    DWORD i, len, size, vt;
    int found = 0;

    if (ClusterRegOpenKey(root, L"Resources", KEY_READ, &resources))
        return 0;
    for (i = 0;; i++) {
        len = ARRAYSIZE(id);
        if (ClusterRegEnumKey(resources, i, id, &len, NULL))
            break;
        if (ClusterRegOpenKey(resources, id, KEY_READ, &res))
            continue;
        size = sizeof(type) - sizeof(WCHAR);
        ZeroMemory(type, sizeof(type));
        if (!ClusterRegQueryValue(res, L"Type", &vt, (BYTE *)type, &size) && vt == REG_SZ &&
            lstrcmpiW(type, TYPE_NAME) == 0) {
            size = sizeof(name) - sizeof(WCHAR);
            ZeroMemory(name, sizeof(name));
            if (ClusterRegQueryValue(res, L"Name", &vt, (BYTE *)name, &size) || vt != REG_SZ)
                lstrcpynW(name, id, ARRAYSIZE(name));
            fwprintf(stderr, L"imsreg: the resource '%ls' is of type '%ls'\n", name, TYPE_NAME);
            found++;
        }
        ClusterRegCloseKey(res);
    }
    ClusterRegCloseKey(resources);
    return found;
}

/* ------------------------------------------------------------ commands */

typedef struct options {
    const WCHAR *dll;
    const WCHAR *adminext;
    BOOL no_adminext;
    BOOL force;
} options;

static int cmd_register(HCLUSTER cluster, HKEY root, const options *o)
{
    saved_value old[ARRAYSIZE(type_values)];
    WCHAR dll[MAX_PATH], full[MAX_PATH], dll_dir[MAX_PATH], my_dir[MAX_PATH], ext_path[MAX_PATH];
    const WCHAR *dll_name;
    HKEY types = NULL, key = NULL;
    BOOL created = FALSE;
    extension_dll ext;
    DWORD err, disposition = 0;
    size_t i;
    int rc = 1;

    ZeroMemory(&ext, sizeof(ext));
    ZeroMemory(old, sizeof(old));
    for (i = 0; i < ARRAYSIZE(old); i++)
        old[i].name = type_values[i];

    /* Everything is checked before anything is written. */
    if (o->dll)
        lstrcpynW(dll, o->dll, ARRAYSIZE(dll));
    else
        beside_me(L"" IMSGUARD_DLL_NAME, dll, ARRAYSIZE(dll));
    if (check_resource_dll(dll[0] ? dll : L"" IMSGUARD_DLL_NAME, full, ARRAYSIZE(full)))
        goto out;
    lstrcpynW(dll, full, ARRAYSIZE(dll));
    dir_of(dll, dll_dir, ARRAYSIZE(dll_dir));
    beside_me(L"", my_dir, ARRAYSIZE(my_dir));
    dll_name = lstrcmpiW(dll_dir, my_dir) == 0 ? dll + wcslen(dll_dir) : dll;

    if (!o->no_adminext) {
        if (o->adminext)
            lstrcpynW(ext_path, o->adminext, ARRAYSIZE(ext_path));
        else
            beside_me(L"imsguardex.dll", ext_path, ARRAYSIZE(ext_path));
        if (load_extension(ext_path, &ext))
            goto out;
    }

    err = ClusterRegCreateKey(root, L"ResourceTypes", 0, KEY_ALL_ACCESS, NULL, &types, NULL);
    if (err) {
        say_error(L"HKLM\\Cluster\\ResourceTypes", err);
        goto out;
    }
    if (ClusterRegOpenKey(types, TYPE_NAME, KEY_ALL_ACCESS, &key) == ERROR_SUCCESS) {
        for (i = 0; i < ARRAYSIZE(old); i++) {
            err = save_value(key, &old[i]);
            if (err) {
                say_error(old[i].name, err);
                goto out;
            }
        }
    } else {
        err = ClusterRegCreateKey(types, TYPE_NAME, 0, KEY_ALL_ACCESS, NULL, &key, &disposition);
        if (err) {
            say_error(L"creating the resource type's key", err);
            goto out;
        }
        created = disposition == REG_CREATED_NEW_KEY;
    }

    wprintf(L"resource type '%ls'%ls\n", TYPE_NAME, created ? L" (new)" : L"");
    err = set_sz(key, L"Name", TYPE_NAME, &old[0]);
    if (!err)
        err = set_sz(key, L"DllName", dll_name, &old[1]);
    if (!err)
        err = set_dword(key, L"LooksAlivePollInterval", LOOKS_ALIVE_MS, &old[2]);
    if (!err)
        err = set_dword(key, L"IsAlivePollInterval", IS_ALIVE_MS, &old[3]);
    if (err) {
        say_error(L"writing the resource type", err);
        goto out;
    }

    if (ext.dll && register_extension(cluster, &ext))
        goto out;
    rc = 0;
out:
    if (rc != 0 && key) {
        /* Put the database back as it was. */
        if (created) {
            ClusterRegCloseKey(key);
            key = NULL;
            err = delete_cluster_tree(types, TYPE_NAME);
        } else {
            err = ERROR_SUCCESS;
            for (i = 0; i < ARRAYSIZE(old); i++) {
                DWORD e = restore_value(key, &old[i]);
                if (e && !err)
                    err = e;
            }
        }
        if (err)
            say_error(L"putting the resource type back as it was", err);
        else
            fwprintf(stderr, L"imsreg: the cluster database is as it was before\n");
    }
    for (i = 0; i < ARRAYSIZE(old); i++)
        free(old[i].data);
    if (key)
        ClusterRegCloseKey(key);
    if (types)
        ClusterRegCloseKey(types);
    if (ext.dll)
        FreeLibrary(ext.dll);
    return rc;
}

static int cmd_unregister(HCLUSTER cluster, HKEY root, const options *o)
{
    WCHAR ext_path[MAX_PATH];
    HKEY types = NULL, key = NULL;
    extension_dll ext;
    DWORD err;
    int rc = 1, users;

    ZeroMemory(&ext, sizeof(ext));
    users = resources_of_type(root);
    if (users && !o->force) {
        fwprintf(stderr, L"imsreg: %d resource(s) still use the type '%ls': delete them first (or use "
                         L"--force); nothing was changed\n", users, TYPE_NAME);
        return 1;
    }
    if (!o->no_adminext) {
        if (o->adminext)
            lstrcpynW(ext_path, o->adminext, ARRAYSIZE(ext_path));
        else
            beside_me(L"imsguardex.dll", ext_path, ARRAYSIZE(ext_path));
        if (load_extension(ext_path, &ext) || unregister_extension(cluster, &ext))
            goto out;
    }
    err = ClusterRegOpenKey(root, L"ResourceTypes", KEY_ALL_ACCESS, &types);
    if (err == ERROR_SUCCESS)
        err = ClusterRegOpenKey(types, TYPE_NAME, KEY_READ, &key);
    if (err == ERROR_FILE_NOT_FOUND) {
        wprintf(L"resource type '%ls' is not registered: nothing to remove\n", TYPE_NAME);
        rc = 0;
        goto out;
    }
    if (err) {
        say_error(L"opening the resource type", err);
        goto out;
    }
    ClusterRegCloseKey(key);
    key = NULL;
    err = delete_cluster_tree(types, TYPE_NAME);
    if (err) {
        say_error(L"deleting the resource type", err);
        goto out;
    }
    wprintf(L"resource type '%ls' removed\n", TYPE_NAME);
    rc = 0;
out:
    if (key)
        ClusterRegCloseKey(key);
    if (types)
        ClusterRegCloseKey(types);
    if (ext.dll)
        FreeLibrary(ext.dll);
    return rc;
}

/* regadminext / unregadminext: the extension alone. */
static int cmd_adminext(HCLUSTER cluster, const options *o, BOOL add)
{
    WCHAR ext_path[MAX_PATH];
    extension_dll ext;
    DWORD err;

    if (o->adminext)
        lstrcpynW(ext_path, o->adminext, ARRAYSIZE(ext_path));
    else
        beside_me(L"imsguardex.dll", ext_path, ARRAYSIZE(ext_path));
    if (load_extension(ext_path, &ext))
        return 1;
    err = add ? register_extension(cluster, &ext) : unregister_extension(cluster, &ext);
    FreeLibrary(ext.dll);
    return err ? 1 : 0;
}

static void show_value(HKEY key, const WCHAR *name)
{
    DWORD type = 0, size = 0, i;
    BYTE *data;

    if (ClusterRegQueryValue(key, name, &type, NULL, &size)) {
        wprintf(L"  %ls: (not set)\n", name);
        return;
    }
    data = calloc(1, size + 2 * sizeof(WCHAR));
    if (!data || ClusterRegQueryValue(key, name, &type, data, &size)) {
        wprintf(L"  %ls: (unreadable)\n", name);
        free(data);
        return;
    }
    switch (type) {
    case REG_DWORD:
        wprintf(L"  %ls = %lu\n", name, size == 4 ? (unsigned long)*(DWORD *)data : 0ul);
        break;
    case REG_SZ:
    case REG_EXPAND_SZ:
        wprintf(L"  %ls = %ls\n", name, (WCHAR *)data);
        break;
    case REG_MULTI_SZ: {
        const WCHAR *s = (const WCHAR *)data;
        DWORD units = size / sizeof(WCHAR), count = 0;
        wprintf(L"  %ls =", name);
        for (i = 0; i < units && s[i];) {
            wprintf(L" %ls", s + i);
            count++;
            i += (DWORD)wcslen(s + i) + 1;
        }
        wprintf(L" (%lu)\n", (unsigned long)count);
        break;
    }
    default:
        wprintf(L"  %ls: type %lu, %lu bytes\n", name, (unsigned long)type, (unsigned long)size);
        break;
    }
    free(data);
}

static int cmd_show(HKEY root)
{
    WCHAR path[MAX_PATH];
    HKEY types = NULL, key = NULL, com = NULL;
    size_t i;

    if (ClusterRegOpenKey(root, L"ResourceTypes", KEY_READ, &types) ||
        ClusterRegOpenKey(types, TYPE_NAME, KEY_READ, &key)) {
        wprintf(L"resource type '%ls': not registered\n", TYPE_NAME);
    } else {
        wprintf(L"resource type '%ls':\n", TYPE_NAME);
        for (i = 0; i < ARRAYSIZE(type_values); i++)
            show_value(key, type_values[i]);
    }
    if (key)
        ClusterRegCloseKey(key);
    if (types)
        ClusterRegCloseKey(types);

    if (RegOpenKeyExW(HKEY_CLASSES_ROOT, L"CLSID\\" IMSGUARDEX_CLSID_TEXT L"\\InprocServer32", 0,
                      KEY_QUERY_VALUE, &com) == ERROR_SUCCESS) {
        DWORD size = sizeof(path) - sizeof(WCHAR), type = 0;
        ZeroMemory(path, sizeof(path));
        if (RegQueryValueExW(com, NULL, NULL, &type, (BYTE *)path, &size) != ERROR_SUCCESS)
            path[0] = 0;
        RegCloseKey(com);
        wprintf(L"COM class %ls: %ls\n", IMSGUARDEX_CLSID_TEXT, path);
    } else {
        wprintf(L"COM class %ls: not registered\n", IMSGUARDEX_CLSID_TEXT);
    }
    return 0;
}

static void usage(FILE *to)
{
    fputws(L"usage: imsreg register      [--dll <path>] [--adminext <path> | --no-adminext]\n"
           L"       imsreg unregister    [--adminext <path> | --no-adminext] [--force]\n"
           L"       imsreg regadminext   [--adminext <path>]\n"
           L"       imsreg unregadminext [--adminext <path>]\n"
           L"       imsreg show\n"
           L"Registers the \"IMS Guard\" resource type and its Cluster Administrator extension in\n"
           L"this node's cluster database. Defaults: imsguard.dll and imsguardex.dll next to\n"
           L"imsreg.exe. Exit status: 0 done, 1 refused or failed (nothing changed), 2 usage.\n",
           to);
}

int wmain(int argc, WCHAR **argv)
{
    HCLUSTER cluster = NULL;
    HKEY root = NULL;
    options o;
    int i, rc = 2;

    ZeroMemory(&o, sizeof(o));
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    for (i = 2; i < argc; i++) {
        if ((!wcscmp(argv[i], L"--dll") || !wcscmp(argv[i], L"--adminext")) && i + 1 < argc &&
            !argv[i + 1][0]) {
            fwprintf(stderr, L"imsreg: %ls needs a file name (it was given an empty one); nothing was changed\n",
                     argv[i]);
            usage(stderr);
            return 2;
        }
        if (!wcscmp(argv[i], L"--dll") && i + 1 < argc)
            o.dll = argv[++i];
        else if (!wcscmp(argv[i], L"--adminext") && i + 1 < argc)
            o.adminext = argv[++i];
        else if (!wcscmp(argv[i], L"--no-adminext"))
            o.no_adminext = TRUE;
        else if (!wcscmp(argv[i], L"--force"))
            o.force = TRUE;
        else {
            fwprintf(stderr, L"imsreg: unknown option %ls\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (wcscmp(argv[1], L"register") && wcscmp(argv[1], L"unregister") && wcscmp(argv[1], L"show") &&
        wcscmp(argv[1], L"regadminext") && wcscmp(argv[1], L"unregadminext")) {
        usage(wcscmp(argv[1], L"--help") ? stderr : stdout);
        return wcscmp(argv[1], L"--help") ? 2 : 0;
    }

    cluster = OpenCluster(NULL);
    if (!cluster) {
        say_error(L"OpenCluster (is this node a cluster node?)", GetLastError());
        return 1;
    }
    root = GetClusterKey(cluster, KEY_ALL_ACCESS);
    if (!root) {
        say_error(L"GetClusterKey", GetLastError());
        CloseCluster(cluster);
        return 1;
    }
    if (!wcscmp(argv[1], L"register"))
        rc = cmd_register(cluster, root, &o);
    else if (!wcscmp(argv[1], L"unregister"))
        rc = cmd_unregister(cluster, root, &o);
    else if (!wcscmp(argv[1], L"regadminext") || !wcscmp(argv[1], L"unregadminext"))
        rc = cmd_adminext(cluster, &o, !wcscmp(argv[1], L"regadminext"));
    else
        rc = cmd_show(root);
    fflush(stdout);
    ClusterRegCloseKey(root);
    CloseCluster(cluster);
    return rc;
}

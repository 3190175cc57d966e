/*
 * cluster.c - cluster.exe for a Wine node of the test bed: the part of
 * Microsoft's command-line tool that admin/register.cmd, admin/unregister.cmd
 * and the README use, with its syntax, exit status (the Win32 error code,
 * 0 on success) and its "System error N has occurred" lines, over the node's
 * cluster database (HKLM\Cluster) through the test bed's clusapi.dll.
 *
 *   cluster [[/cluster:]NAME] /ver[sion]
 *   cluster [...] /regadminext:DLL[,DLL...]   /unregadminext:DLL[,DLL...]
 *   cluster [...] restype|resourcetype ["Type"] [/list]
 *   cluster [...] restype "Type" /create /dllname:DLL [/type:TypeName] [/isalive:ms] [/looksalive:ms]
 *   cluster [...] restype "Type" /delete [/type]
 *   cluster [...] restype "Type" /prop[erties] [Name=Value ...]
 *   cluster [...] restype "Type" /priv[properties] [Name=Value ...]
 *   cluster [...] res[ource] ["Name"] [/stat[us] | /list]
 *   cluster [...] res[ource] "Name" /create /group:Group /type:Type [/separate]
 *   cluster [...] res[ource] "Name" /delete
 *   cluster [...] res[ource] "Name" /prop[erties] | /priv[properties] [Name=Value ...]
 *
 * Options may be shortened as far as the real tool allows (/prop .. /properties).
 * Errors as the real tool reports them: an unknown type is
 * ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND (5078), an unknown resource
 * ERROR_RESOURCE_NOT_FOUND (5007), an unknown group ERROR_GROUP_NOT_FOUND
 * (5013); deleting a type that resources still use, ERROR_DIR_NOT_EMPTY (145).
 * There is no cluster service here, so resources have no live state (the
 * status listing says Offline) and nothing is validated by a resource DLL.
 */
#include "cluster.h"

#include <objbase.h>
#include <stdio.h>
#include <wchar.h>

#include "cluadmin.h"   /* ig_register_cluadmin_fn: the extension's registration entry points */

static HCLUSTER cluster;
static HKEY root;

/* /prop matches /prop, /prope ... /properties; any case. */
static BOOL opt_is(const WCHAR *arg, const WCHAR *shortest, const WCHAR *longest)
{
    size_t n;
    if (arg[0] != L'/' && arg[0] != L'-')
        return FALSE;
    arg++;
    n = wcslen(arg);
    return n >= wcslen(shortest) && n <= wcslen(longest) && _wcsnicmp(arg, longest, n) == 0;
}

/* /name:value: the value, or NULL. */
static const WCHAR *opt_value(const WCHAR *arg, const WCHAR *name)
{
    size_t n = wcslen(name);
    if ((arg[0] != L'/' && arg[0] != L'-') || _wcsnicmp(arg + 1, name, n) != 0 || arg[1 + n] != L':')
        return NULL;
    return arg + 2 + n;
}

static int usage_error(const WCHAR *what)
{
    wprintf(L"%ls\nThis cluster.exe (the imsguard test bed's) knows: /ver, /regadminext:, /unregadminext:,\n"
            L"restype [/list | /create | /delete | /prop | /priv], resource [/status | /create | /delete | "
            L"/prop | /priv].\n", what);
    return clu_fail(ERROR_INVALID_PARAMETER);
}

static DWORD read_sz(HKEY key, const WCHAR *name, WCHAR *out, DWORD cap)
{
    DWORD type = 0, size = (cap - 1) * sizeof(WCHAR);
    DWORD err;
    ZeroMemory(out, cap * sizeof(WCHAR));
    err = ClusterRegQueryValue(key, name, &type, (BYTE *)out, &size);
    if (!err && type != REG_SZ && type != REG_EXPAND_SZ)
        err = ERROR_DATATYPE_MISMATCH;
    return err;
}

/* ------------------------------------------------------------ lookups */

/* The i-th object under parent: its key name, its Name value (the key name
   when it has none) and, when type is given, its Type value ("" if none).
   FALSE past the last one. */
static BOOL nth_object(HKEY parent, DWORD i, WCHAR id[256], WCHAR name[256], WCHAR *type)
{
    HKEY child = NULL;
    DWORD len = 256;

    if (ClusterRegEnumKey(parent, i, id, &len, NULL))
        return FALSE;
    name[0] = 0;
    if (type)
        type[0] = 0;
    if (!ClusterRegOpenKey(parent, id, KEY_READ, &child)) {
        if (read_sz(child, L"Name", name, 256))
            name[0] = 0;
        if (type && read_sz(child, L"Type", type, 256))
            type[0] = 0;
        ClusterRegCloseKey(child);
    }
    if (!name[0])
        lstrcpynW(name, id, 256);
    return TRUE;
}

/* A subkey of root\folder whose Name value (or key name) is name. */
static DWORD find_by_name(const WCHAR *folder, const WCHAR *name, BOOL key_name_too, WCHAR *id, DWORD cap)
{
    HKEY parent = NULL;
    WCHAR sub[256], value[256];
    DWORD i;

    if (ClusterRegOpenKey(root, folder, KEY_READ, &parent))
        return ERROR_FILE_NOT_FOUND;
    for (i = 0; nth_object(parent, i, sub, value, NULL); i++) {
        if ((key_name_too && clu_same(sub, name)) || clu_same(value, name)) {
            lstrcpynW(id, sub, (int)cap);
            ClusterRegCloseKey(parent);
            return ERROR_SUCCESS;
        }
    }
    ClusterRegCloseKey(parent);
    return ERROR_FILE_NOT_FOUND;
}

static DWORD open_type(const WCHAR *type, HKEY *key)
{
    WCHAR id[256];
    HKEY types = NULL;
    DWORD err = find_by_name(L"ResourceTypes", type, TRUE, id, ARRAYSIZE(id));
    *key = NULL;
    if (err)
        return ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND;
    err = ClusterRegOpenKey(root, L"ResourceTypes", KEY_ALL_ACCESS, &types);
    if (!err)
        err = ClusterRegOpenKey(types, id, KEY_ALL_ACCESS, key);
    if (types)
        ClusterRegCloseKey(types);
    return err;
}

static DWORD open_resource(const WCHAR *name, HKEY *key, WCHAR *id, DWORD cap)
{
    HKEY resources = NULL;
    DWORD err = find_by_name(L"Resources", name, FALSE, id, cap);
    *key = NULL;
    if (err)
        return ERROR_RESOURCE_NOT_FOUND;
    err = ClusterRegOpenKey(root, L"Resources", KEY_ALL_ACCESS, &resources);
    if (!err)
        err = ClusterRegOpenKey(resources, id, KEY_ALL_ACCESS, key);
    if (resources)
        ClusterRegCloseKey(resources);
    return err;
}

/* The name of the group whose Contains lists the resource id ("" if none). */
static void group_of(const WCHAR *id, WCHAR *out, DWORD cap)
{
    HKEY groups = NULL, g = NULL;
    WCHAR sub[256], list[4096];
    DWORD i;

    out[0] = 0;
    if (ClusterRegOpenKey(root, L"Groups", KEY_READ, &groups))
        return;
    for (i = 0; !out[0]; i++) {
        DWORD len = ARRAYSIZE(sub), type = 0, size = sizeof(list) - 2 * sizeof(WCHAR), at;
        if (ClusterRegEnumKey(groups, i, sub, &len, NULL))
            break;
        if (ClusterRegOpenKey(groups, sub, KEY_READ, &g))
            continue;
        ZeroMemory(list, sizeof(list));
        if (!ClusterRegQueryValue(g, L"Contains", &type, (BYTE *)list, &size) && type == REG_MULTI_SZ) {
            for (at = 0; at < ARRAYSIZE(list) && list[at]; at += (DWORD)wcslen(list + at) + 1) {
                if (clu_same(list + at, id) && read_sz(g, L"Name", out, cap))
                    lstrcpynW(out, sub, (int)cap);
            }
        }
        ClusterRegCloseKey(g);
    }
    ClusterRegCloseKey(groups);
}

/* The names of the resources whose Type is type (a display name or the
   type's key name), printed under a heading; returns how many. */
static int list_resources(const WCHAR *type_key, BOOL print)
{
    HKEY resources = NULL;
    WCHAR id[256], name[256], type[256], group[256];
    DWORD i;
    int n = 0;

    if (ClusterRegOpenKey(root, L"Resources", KEY_READ, &resources))
        return 0;
    for (i = 0; nth_object(resources, i, id, name, type); i++) {
        if (type_key && !clu_same(type, type_key))
            continue;
        n++;
        if (print) {
            group_of(id, group, ARRAYSIZE(group));
            wprintf(L"%-20ls %-20ls %-15ls %ls\n", name, group, L"", L"Offline");
        }
    }
    ClusterRegCloseKey(resources);
    return n;
}

/* ------------------------------------------------------------ restype */

static int restype_list(void)
{
    HKEY types = NULL;
    WCHAR id[256], name[256];
    DWORD i;

    wprintf(L"Listing all available resource types:\n\n");
    wprintf(L"%-36ls %ls\n", L"Display Name", L"Resource Type Name");
    wprintf(L"------------------------------------ ------------------------------------\n");
    if (ClusterRegOpenKey(root, L"ResourceTypes", KEY_READ, &types))
        return 0;
    for (i = 0; nth_object(types, i, id, name, NULL); i++) {
        wprintf(L"%-36ls %ls\n", name, id);
    }
    ClusterRegCloseKey(types);
    return 0;
}

static int restype_create(const WCHAR *display, int argc, WCHAR **argv)
{
    const WCHAR *dll = NULL, *type_name = display, *v;
    DWORD looks = 0, is = 0, disposition = 0, err;
    BOOL has_looks = FALSE, has_is = FALSE;
    HKEY types = NULL, key = NULL;
    int i;

    for (i = 0; i < argc; i++) {
        if ((v = opt_value(argv[i], L"dllname")) != NULL)
            dll = v;
        else if ((v = opt_value(argv[i], L"type")) != NULL)
            type_name = v;
        else if ((v = opt_value(argv[i], L"looksalive")) != NULL)
            has_looks = TRUE, looks = (DWORD)_wtoi(v);
        else if ((v = opt_value(argv[i], L"isalive")) != NULL)
            has_is = TRUE, is = (DWORD)_wtoi(v);
        else
            return usage_error(L"restype /create takes /dllname:, /type:, /isalive:, /looksalive:.");
    }
    if (!dll || !dll[0])
        return usage_error(L"restype /create needs /dllname:<the resource DLL>.");
    err = ClusterRegCreateKey(root, L"ResourceTypes", 0, KEY_ALL_ACCESS, NULL, &types, NULL);
    if (!err && !open_type(type_name, &key)) {
        ClusterRegCloseKey(key);
        key = NULL;
        err = ERROR_ALREADY_EXISTS;
    }
    if (!err)
        err = ClusterRegCreateKey(types, type_name, 0, KEY_ALL_ACCESS, NULL, &key, &disposition);
    if (!err)
        err = ClusterRegSetValue(key, L"Name", REG_SZ, (const BYTE *)display,
                                 (DWORD)((wcslen(display) + 1) * sizeof(WCHAR)));
    if (!err)
        err = ClusterRegSetValue(key, L"DllName", REG_SZ, (const BYTE *)dll,
                                 (DWORD)((wcslen(dll) + 1) * sizeof(WCHAR)));
    if (!err && has_looks)
        err = ClusterRegSetValue(key, L"LooksAlivePollInterval", REG_DWORD, (const BYTE *)&looks, sizeof(looks));
    if (!err && has_is)
        err = ClusterRegSetValue(key, L"IsAlivePollInterval", REG_DWORD, (const BYTE *)&is, sizeof(is));
    if (key)
        ClusterRegCloseKey(key);
    if (err && disposition == REG_CREATED_NEW_KEY)
        ClusterRegDeleteKey(types, type_name);
    if (types)
        ClusterRegCloseKey(types);
    if (err)
        return clu_fail(err);
    wprintf(L"Creating resource type '%ls'...\n", display);
    return 0;
}

/* Deletes key\name and everything under it. */
static DWORD delete_tree(HKEY parent, const WCHAR *name)
{
    WCHAR child[256];
    HKEY key = NULL;
    DWORD err = ClusterRegOpenKey(parent, name, KEY_ALL_ACCESS, &key);
    if (err)
        return err == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : err;
    for (;;) {
        DWORD len = ARRAYSIZE(child);
        if (ClusterRegEnumKey(key, 0, child, &len, NULL))
            break;
        err = delete_tree(key, child);
        if (err)
            break;
    }
    ClusterRegCloseKey(key);
    return err ? err : (DWORD)ClusterRegDeleteKey(parent, name);
}

static int restype_delete(const WCHAR *type)
{
    WCHAR id[256];
    HKEY types = NULL;
    DWORD err;

    if (find_by_name(L"ResourceTypes", type, TRUE, id, ARRAYSIZE(id)))
        return clu_fail(ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND);
    if (list_resources(id, FALSE) > 0)
        return clu_fail(ERROR_DIR_NOT_EMPTY);
    err = ClusterRegOpenKey(root, L"ResourceTypes", KEY_ALL_ACCESS, &types);
    if (!err)
        err = delete_tree(types, id);
    if (types)
        ClusterRegCloseKey(types);
    return err ? clu_fail(err) : 0;
}

static int restype_command(int argc, WCHAR **argv)
{
    const WCHAR *type;
    HKEY key = NULL;
    DWORD err;
    int rc;

    if (argc == 0 || opt_is(argv[0], L"list", L"list"))
        return restype_list();
    type = argv[0];
    if (argc == 1 || opt_is(argv[1], L"list", L"list"))
        return restype_list();
    if (opt_is(argv[1], L"create", L"create"))
        return restype_create(type, argc - 2, argv + 2);
    if (opt_is(argv[1], L"delete", L"delete"))
        return restype_delete(type);
    if (!opt_is(argv[1], L"prop", L"properties") && !opt_is(argv[1], L"priv", L"privproperties"))
        return usage_error(L"restype: unknown option.");
    err = open_type(type, &key);
    if (err)
        return clu_fail(err);
    rc = clu_props_command(key, CLU_RESOURCE_TYPE, opt_is(argv[1], L"priv", L"privproperties"), type,
                           argc - 2, argv + 2);
    ClusterRegCloseKey(key);
    return rc;
}

/* ------------------------------------------------------------ resource */

static int resource_create(const WCHAR *name, int argc, WCHAR **argv)
{
    const WCHAR *group = NULL, *type = NULL, *v;
    WCHAR group_id[256], type_id[256], id[64], res_id[256];
    HKEY resources = NULL, key = NULL, groups = NULL, gkey = NULL;
    BYTE *contains = NULL;
    DWORD err, size = 0, vt = 0;
    GUID guid;
    int i;

    for (i = 0; i < argc; i++) {
        if ((v = opt_value(argv[i], L"group")) != NULL)
            group = v;
        else if ((v = opt_value(argv[i], L"type")) != NULL)
            type = v;
        else if (!opt_is(argv[i], L"separate", L"separate"))
            return usage_error(L"resource /create takes /group:, /type: and /separate.");
    }
    if (!group || !type)
        return usage_error(L"resource /create needs /group:<group> and /type:<resource type>.");
    if (find_by_name(L"ResourceTypes", type, TRUE, type_id, ARRAYSIZE(type_id)))
        return clu_fail(ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND);
    if (find_by_name(L"Groups", group, FALSE, group_id, ARRAYSIZE(group_id)))
        return clu_fail(ERROR_GROUP_NOT_FOUND);
    if (!find_by_name(L"Resources", name, FALSE, res_id, ARRAYSIZE(res_id)))
        return clu_fail(ERROR_OBJECT_ALREADY_EXISTS);

    CoCreateGuid(&guid);
    _snwprintf(id, ARRAYSIZE(id), L"{%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
               (unsigned long)guid.Data1, guid.Data2, guid.Data3, guid.Data4[0], guid.Data4[1], guid.Data4[2],
               guid.Data4[3], guid.Data4[4], guid.Data4[5], guid.Data4[6], guid.Data4[7]);
    id[ARRAYSIZE(id) - 1] = 0;

    /* The group's Contains first: when it cannot be read, nothing is made. */
    err = ClusterRegOpenKey(root, L"Groups", KEY_ALL_ACCESS, &groups);
    if (!err)
        err = ClusterRegOpenKey(groups, group_id, KEY_ALL_ACCESS, &gkey);
    if (!err) {
        err = ClusterRegQueryValue(gkey, L"Contains", &vt, NULL, &size);
        if (err == ERROR_FILE_NOT_FOUND)
            err = ERROR_SUCCESS, size = 0;
    }
    if (!err) {
        DWORD units, used;
        contains = calloc(1, size + (wcslen(id) + 3) * sizeof(WCHAR));
        if (!contains)
            err = ERROR_NOT_ENOUGH_MEMORY;
        else if (size)
            err = ClusterRegQueryValue(gkey, L"Contains", &vt, contains, &size);
        if (!err) {
            WCHAR *list = (WCHAR *)contains;
            units = size / sizeof(WCHAR);
            for (used = 0; used < units && list[used];)
                used += (DWORD)wcslen(list + used) + 1;
            wcscpy(list + used, id);
            used += (DWORD)wcslen(id) + 1;
            list[used++] = 0;
            size = used * sizeof(WCHAR);
        }
    }
    if (!err)
        err = ClusterRegCreateKey(root, L"Resources", 0, KEY_ALL_ACCESS, NULL, &resources, NULL);
    if (!err)
        err = ClusterRegCreateKey(resources, id, 0, KEY_ALL_ACCESS, NULL, &key, NULL);
    if (!err)
        err = ClusterRegSetValue(key, L"Name", REG_SZ, (const BYTE *)name,
                                 (DWORD)((wcslen(name) + 1) * sizeof(WCHAR)));
    if (!err)
        err = ClusterRegSetValue(key, L"Type", REG_SZ, (const BYTE *)type_id,
                                 (DWORD)((wcslen(type_id) + 1) * sizeof(WCHAR)));
    if (!err)
        err = ClusterRegSetValue(gkey, L"Contains", REG_MULTI_SZ, contains, size);
    if (key)
        ClusterRegCloseKey(key);
    if (err && resources)
        delete_tree(resources, id);
    if (resources)
        ClusterRegCloseKey(resources);
    if (gkey)
        ClusterRegCloseKey(gkey);
    if (groups)
        ClusterRegCloseKey(groups);
    free(contains);
    if (err)
        return clu_fail(err);
    wprintf(L"Creating resource '%ls'...\n\n", name);
    wprintf(L"%-20ls %-20ls %-15ls %ls\n", L"Resource", L"Group", L"Node", L"Status");
    wprintf(L"-------------------- -------------------- --------------- ------\n");
    wprintf(L"%-20ls %-20ls %-15ls %ls\n", name, group, L"", L"Offline");
    return 0;
}

static int resource_status(void)
{
    wprintf(L"Listing status for all available resources:\n\n");
    wprintf(L"%-20ls %-20ls %-15ls %ls\n", L"Resource", L"Group", L"Node", L"Status");
    wprintf(L"-------------------- -------------------- --------------- ------\n");
    list_resources(NULL, TRUE);
    return 0;
}

static int resource_command(int argc, WCHAR **argv)
{
    WCHAR id[256];
    HKEY key = NULL;
    DWORD err;
    int rc;

    if (argc == 0 || opt_is(argv[0], L"stat", L"status") || opt_is(argv[0], L"list", L"list"))
        return resource_status();
    if (argc >= 2 && opt_is(argv[1], L"create", L"create"))
        return resource_create(argv[0], argc - 2, argv + 2);
    err = open_resource(argv[0], &key, id, ARRAYSIZE(id));
    if (err)
        return clu_fail(err);
    if (argc == 1 || opt_is(argv[1], L"stat", L"status")) {
        ClusterRegCloseKey(key);
        wprintf(L"Listing status for resource '%ls':\n\n", argv[0]);
        wprintf(L"%-20ls %-20ls %-15ls %ls\n", L"Resource", L"Group", L"Node", L"Status");
        wprintf(L"-------------------- -------------------- --------------- ------\n");
        wprintf(L"%-20ls %-20ls %-15ls %ls\n", argv[0], L"", L"", L"Offline");
        return 0;
    }
    if (opt_is(argv[1], L"delete", L"delete")) {
        HKEY resources = NULL;
        ClusterRegCloseKey(key);
        err = ClusterRegOpenKey(root, L"Resources", KEY_ALL_ACCESS, &resources);
        if (!err)
            err = delete_tree(resources, id);
        if (resources)
            ClusterRegCloseKey(resources);
        return err ? clu_fail(err) : 0;
    }
    if (!opt_is(argv[1], L"prop", L"properties") && !opt_is(argv[1], L"priv", L"privproperties")) {
        ClusterRegCloseKey(key);
        return usage_error(L"resource: unknown option.");
    }
    rc = clu_props_command(key, CLU_RESOURCE, opt_is(argv[1], L"priv", L"privproperties"), argv[0],
                           argc - 2, argv + 2);
    ClusterRegCloseKey(key);
    return rc;
}

/* ------------------------------------------------------------ the cluster */

static int version_command(void)
{
    WCHAR name[256];
    DWORD cch = ARRAYSIZE(name), err;
    CLUSTERVERSIONINFO info;

    ZeroMemory(&info, sizeof(info));
    info.dwVersionInfoSize = sizeof(info);
    err = GetClusterInformation(cluster, name, &cch, &info);
    if (err)
        return clu_fail(err);
    wprintf(L"Cluster Name:     %ls\n\n", name);
    wprintf(L"Cluster Version:  %u.%u (Build %u: %ls)\n", info.MajorVersion, info.MinorVersion, info.BuildNumber,
            info.szCSDVersion);
    wprintf(L"Cluster Vendor:   %ls\n", info.szVendorId);
    return 0;
}

/* /regadminext: and /unregadminext: call the extension's own entry point
   (DllRegisterCluAdminExtension), as the real tool does. */
static int adminext_command(const WCHAR *list, BOOL add)
{
    WCHAR path[MAX_PATH];
    const WCHAR *p = list;

    while (*p) {
        const WCHAR *comma = wcschr(p, L',');
        size_t n = comma ? (size_t)(comma - p) : wcslen(p);
        HMODULE dll;
        ig_register_cluadmin_fn fn;
        HRESULT hr;

        if (n == 0 || n >= ARRAYSIZE(path))
            return clu_fail(ERROR_INVALID_PARAMETER);
        memcpy(path, p, n * sizeof(WCHAR));
        path[n] = 0;
        p += n + (comma ? 1 : 0);
        dll = LoadLibraryExW(path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
        if (!dll)
            return clu_fail(GetLastError());
        fn = (ig_register_cluadmin_fn)(void (*)(void))GetProcAddress(
            dll, add ? "DllRegisterCluAdminExtension" : "DllUnregisterCluAdminExtension");
        if (!fn) {
            FreeLibrary(dll);
            return clu_fail(ERROR_PROC_NOT_FOUND);
        }
        wprintf(L"%ls Cluster Administrator extension '%ls'...\n", add ? L"Registering" : L"Unregistering", path);
        hr = fn(cluster);
        FreeLibrary(dll);
        if (FAILED(hr))
            return clu_fail(HRESULT_FACILITY(hr) == FACILITY_WIN32 ? HRESULT_CODE(hr) : (DWORD)hr);
    }
    return 0;
}

static BOOL is_command(const WCHAR *a)
{
    static const WCHAR *const names[] = { L"restype", L"resourcetype", L"type", L"res", L"resource",
                                          L"group", L"node", L"network", L"net", L"netinterface" };
    size_t i;
    for (i = 0; i < ARRAYSIZE(names); i++) {
        if (clu_same(a, names[i]))
            return TRUE;
    }
    return FALSE;
}

int wmain(int argc, WCHAR **argv)
{
    const WCHAR *name = NULL, *v;
    int i = 1, rc;

    if (i < argc && (v = opt_value(argv[i], L"cluster")) != NULL)
        name = v, i++;
    else if (i < argc && argv[i][0] != L'/' && argv[i][0] != L'-' && !is_command(argv[i]))
        name = argv[i++];
    if (i >= argc)
        return usage_error(L"The command is missing.");

    cluster = OpenCluster(name);
    if (!cluster)
        return clu_fail(GetLastError());
    root = GetClusterKey(cluster, KEY_ALL_ACCESS);
    if (!root) {
        rc = clu_fail(GetLastError());
        CloseCluster(cluster);
        return rc;
    }

    if (opt_is(argv[i], L"ver", L"version"))
        rc = version_command();
    else if ((v = opt_value(argv[i], L"regadminext")) != NULL)
        rc = adminext_command(v, TRUE);
    else if ((v = opt_value(argv[i], L"unregadminext")) != NULL)
        rc = adminext_command(v, FALSE);
    else if (clu_same(argv[i], L"restype") || clu_same(argv[i], L"resourcetype") || clu_same(argv[i], L"type"))
        rc = restype_command(argc - i - 1, argv + i + 1);
    else if (clu_same(argv[i], L"res") || clu_same(argv[i], L"resource"))
        rc = resource_command(argc - i - 1, argv + i + 1);
    else
        rc = usage_error(L"Unknown command.");
    fflush(stdout);
    ClusterRegCloseKey(root);
    CloseCluster(cluster);
    return rc;
}

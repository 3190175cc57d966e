/*
 * cludb.c - cluster.exe's view of the node's cluster database, through the
 * test bed's clusapi.dll: finding objects by Name (the test bed's one
 * find-by-Name, tests/bed/common/bedreg.h), listing them, deleting a key
 * tree, and the /prop and /priv commands on an object's key.
 */
#include "cluster.h"

#include <stdio.h>
#include <wchar.h>

#include "bedclus.h"

static HKEY root;
static const clu_props private_props = { NULL, 0 };

HKEY clu_root(void)
{
    return root;
}

void clu_set_root(HKEY key)
{
    root = key;
}

static DWORD read_sz(HKEY key, const WCHAR *name, WCHAR *out, DWORD cap)
{
    return bed_read_sz_into(&bed_reg_cluster, key, name, out, cap);
}

/* ------------------------------------------------------------ lookups */

/* The i-th object under parent: its key name, its Name value (the key name
   when it has none) and, when type is given, its Type value ("" if none).
   FALSE past the last one. */
BOOL nth_object(HKEY parent, DWORD i, WCHAR id[256], WCHAR name[256], WCHAR *type)
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

/* A subkey of root\folder whose Name value is name (the test bed's one
   find-by-Name, bedreg.h); with key_name_too, failing that, the subkey
   named so. */
DWORD find_by_name(const WCHAR *folder, const WCHAR *name, BOOL key_name_too, WCHAR id[256])
{
    return bed_find_by_name(&bed_reg_cluster, root, folder, name, key_name_too ? BED_FIND_BY_ID : 0, id);
}

/* Opens root\folder\<the entry find_by_name finds>; not_found when none. */
DWORD open_named(const WCHAR *folder, const WCHAR *name, BOOL key_name_too, DWORD not_found, HKEY *key,
                        WCHAR id[256])
{
    HKEY parent = NULL;
    DWORD err = find_by_name(folder, name, key_name_too, id);
    *key = NULL;
    if (err)
        return not_found;
    err = ClusterRegOpenKey(root, folder, KEY_ALL_ACCESS, &parent);
    if (!err)
        err = ClusterRegOpenKey(parent, id, KEY_ALL_ACCESS, key);
    if (parent)
        ClusterRegCloseKey(parent);
    return err;
}

DWORD open_type(const WCHAR *type, HKEY *key)
{
    WCHAR id[256];
    return open_named(L"ResourceTypes", type, TRUE, ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND, key, id);
}

DWORD open_resource(const WCHAR *name, HKEY *key, WCHAR id[256])
{
    return open_named(L"Resources", name, FALSE, ERROR_RESOURCE_NOT_FOUND, key, id);
}

/* The name of the group whose Contains lists the resource id ("" if none). */
void group_of(const WCHAR *id, WCHAR *out, DWORD cap)
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
int list_resources(const WCHAR *type_key, BOOL print)
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

/* Deletes key\name and everything under it. */
DWORD delete_tree(HKEY parent, const WCHAR *name)
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

/* /prop or /priv on an object's key (private: its Parameters subkey). */
int props_command(HKEY key, BOOL priv, const clu_props *common, const WCHAR *column,
                         const WCHAR *object, int argc, WCHAR **argv)
{
    HKEY params = NULL;
    DWORD err;

    if (priv) {
        if (argc > 0)
            err = ClusterRegCreateKey(key, L"Parameters", 0, KEY_ALL_ACCESS, NULL, &params, NULL);
        else
            err = ClusterRegOpenKey(key, L"Parameters", KEY_READ, &params);
        if (err == ERROR_FILE_NOT_FOUND && argc == 0)
            err = ERROR_SUCCESS;
        if (err)
            return clu_fail(err);
        key = params;
    }
    err = argc > 0 ? clu_props_set(key, priv ? &private_props : common, argc, argv)
                   : clu_props_show(key, priv ? &private_props : common, column, object);
    if (params)
        ClusterRegCloseKey(params);
    return err ? clu_fail(err) : 0;
}

/*
 * model.c - the cluster database's layout (HKLM\Cluster): its root, names
 * and GUIDs of entries, finding an entry of a collection (Resources, Groups,
 * ResourceTypes) by its Name, opening and deleting entries, and the links
 * between them (a resource's group, a type's users).
 */
#include <objbase.h>

#include "clusreg.h"

BOOL parse_dword(const WCHAR *s, DWORD *out)
{
    uint64_t value;

    if (!rt_parse_u64(s, 0xffffffffu, &value))
        return FALSE;
    *out = (DWORD)value;
    return TRUE;
}

/* A name usable as one registry key name. */
BOOL valid_key_name(const WCHAR *name)
{
    size_t len = wcslen(name), i;

    if (!len || len > MAX_KEY_NAME)
        return FALSE;
    for (i = 0; i < len; i++) {
        if (name[i] == L'\\' || name[i] < 0x20)
            return FALSE;
    }
    return TRUE;
}

/* Accepts a GUID with or without braces; writes "{lowercase}". */
BOOL normalize_guid(const WCHAR *in, WCHAR out[GUID_CCH + 1])
{
    static const int dashes[] = { 8, 13, 18, 23 };
    size_t len = wcslen(in), i, d = 0;

    if (len == GUID_CCH && in[0] == L'{' && in[GUID_CCH - 1] == L'}') {
        in++;
        len -= 2;
    }
    if (len != GUID_CCH - 2)
        return FALSE;
    out[0] = L'{';
    for (i = 0; i < len; i++) {
        WCHAR c = in[i];

        if (d < ARRAY_SIZE(dashes) && (int)i == dashes[d]) {
            if (c != L'-')
                return FALSE;
            d++;
        } else if (c >= L'A' && c <= L'F') {
            c = (WCHAR)(c - L'A' + L'a');
        } else if (!((c >= L'0' && c <= L'9') || (c >= L'a' && c <= L'f'))) {
            return FALSE;
        }
        out[i + 1] = c;
    }
    out[GUID_CCH - 1] = L'}';
    out[GUID_CCH] = 0;
    return TRUE;
}

DWORD new_guid(WCHAR out[GUID_CCH + 1])
{
    static const WCHAR hex[] = L"0123456789abcdef";
    WCHAR digits[33];
    GUID guid;
    BYTE bytes[16];
    HRESULT hr = CoCreateGuid(&guid);
    int i, d = 0;

    if (FAILED(hr))
        return (DWORD)hr;
    /* Data1..3 are numbers, shown most significant byte first. */
    for (i = 0; i < 4; i++)
        bytes[i] = (BYTE)(guid.Data1 >> (24 - 8 * i));
    bytes[4] = (BYTE)(guid.Data2 >> 8);
    bytes[5] = (BYTE)guid.Data2;
    bytes[6] = (BYTE)(guid.Data3 >> 8);
    bytes[7] = (BYTE)guid.Data3;
    memcpy(bytes + 8, guid.Data4, 8);
    for (i = 0; i < 16; i++) {
        digits[2 * i] = hex[bytes[i] >> 4];
        digits[2 * i + 1] = hex[bytes[i] & 15];
    }
    digits[32] = 0;
    out[d++] = L'{';
    for (i = 0; i < 32; i++) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            out[d++] = L'-';
        out[d++] = digits[i];
    }
    out[d++] = L'}';
    out[d] = 0;
    return ERROR_SUCCESS;
}

/* -------------------------------------------------------------- registry */

int compare_names(const WCHAR *a, const WCHAR *b)
{
    int order = CompareStringOrdinal(a, -1, b, -1, TRUE);

    if (order == CSTR_EQUAL)
        return wcscmp(a, b);
    return order == CSTR_LESS_THAN ? -1 : 1;
}

BOOL same_name(const WCHAR *a, const WCHAR *b)
{
    return CompareStringOrdinal(a, -1, b, -1, TRUE) == CSTR_EQUAL;
}

/* HKLM\Cluster; create makes this node a cluster node. */
DWORD open_root(BOOL create, HKEY *root)
{
    DWORD err;

    if (create)
        return RegCreateKeyExW(HKEY_LOCAL_MACHINE, ROOT, 0, NULL, 0, KEY_ALL_ACCESS,
                               NULL, root, NULL);
    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, ROOT, 0, KEY_ALL_ACCESS, root);
    return err;
}

int open_root_or_fail(BOOL create, HKEY *root)
{
    DWORD err = open_root(create, root);

    if (err == ERROR_FILE_NOT_FOUND)
        return fail(L"this node has no cluster database (" ROOT_SHOWN L" is missing)",
                    NULL);
    if (err)
        return fail_win32(err, L"cannot open " ROOT_SHOWN);
    return EXIT_OK;
}

/* Finds, under root\<collection>, the subkey whose Name value is name
   (ignoring case), else, when by_id, the subkey named name. ERROR_NOT_FOUND
   if none. Adding goes by Name only: a new name that happens to be another
   entry's id must not rename that entry. */
DWORD find_named(HKEY root, const WCHAR *collection, const WCHAR *name,
                        BOOL by_id, WCHAR id[MAX_KEY_NAME + 1])
{
    WCHAR **ids = NULL;
    DWORD count = 0, i;
    BOOL id_matched = FALSE;
    HKEY parent = NULL;
    DWORD err;

    err = RegOpenKeyExW(root, collection, 0, KEY_READ, &parent);
    if (err == ERROR_FILE_NOT_FOUND)
        err = ERROR_NOT_FOUND;
    if (err)
        goto out;
    err = read_subkeys(parent, &ids, &count);
    if (err)
        goto out;
    for (i = 0; i < count; i++) {
        WCHAR *entry_name = NULL;
        HKEY entry;
        BOOL match;

        if (by_id && !id_matched && same_name(ids[i], name)) {
            wcscpy(id, ids[i]);
            id_matched = TRUE;
        }
        if (RegOpenKeyExW(parent, ids[i], 0, KEY_READ, &entry))
            continue;
        match = read_sz(entry, L"Name", &entry_name) == ERROR_SUCCESS &&
                same_name(entry_name, name);
        HeapFree(GetProcessHeap(), 0, entry_name);
        RegCloseKey(entry);
        if (match) {
            wcscpy(id, ids[i]);
            err = ERROR_SUCCESS;
            goto out;
        }
    }
    err = id_matched ? ERROR_SUCCESS : ERROR_NOT_FOUND;
out:
    free_strings(ids, count);
    if (parent)
        RegCloseKey(parent);
    return err;
}

int find_resource_or_fail(HKEY root, const WCHAR *name,
                                 WCHAR id[MAX_KEY_NAME + 1])
{
    DWORD err = find_named(root, L"Resources", name, TRUE, id);

    if (err == ERROR_NOT_FOUND)
        return fail(L"no resource named \"", name, L"\"", NULL);
    if (err)
        return fail_win32(err, L"cannot read " ROOT_SHOWN L"\\Resources");
    return EXIT_OK;
}

/* Opens (creating) root\<collection>\<id>[\<sub>]. */
DWORD open_entry(HKEY root, const WCHAR *collection, const WCHAR *id,
                        const WCHAR *sub, BOOL create, HKEY *key)
{
    struct rt_text path = { 0 };
    DWORD err;

    rt_text_add(&path, collection);
    rt_text_add(&path, L"\\");
    rt_text_add(&path, id);
    if (sub) {
        rt_text_add(&path, L"\\");
        rt_text_add(&path, sub);
    }
    if (path.failed)
        return ERROR_NOT_ENOUGH_MEMORY;
    if (create)
        err = RegCreateKeyExW(root, path.data, 0, NULL, 0, KEY_ALL_ACCESS, NULL, key,
                              NULL);
    else
        err = RegOpenKeyExW(root, path.data, 0, KEY_ALL_ACCESS, key);
    rt_text_free(&path);
    return err;
}

DWORD delete_entry(HKEY root, const WCHAR *collection, const WCHAR *id)
{
    HKEY parent;
    DWORD err = RegOpenKeyExW(root, collection, 0, KEY_ALL_ACCESS, &parent);

    if (err)
        return err;
    err = RegDeleteTreeW(parent, id);
    RegCloseKey(parent);
    return err;
}

/* HKLM\Cluster and everything under it; missing is fine. */
DWORD delete_root(void)
{
    DWORD err = RegDeleteTreeW(HKEY_LOCAL_MACHINE, ROOT);

    return err == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : err;
}

/* An entry as messages name it: by its Name, or by its id when it has none
   (heap; NULL when out of memory). */
static void shown_name(HKEY entry, const WCHAR *id, WCHAR **name)
{
    if (read_sz(entry, L"Name", name) == ERROR_SUCCESS)
        return;
    *name = HeapAlloc(GetProcessHeap(), 0, (wcslen(id) + 1) * sizeof(WCHAR));
    if (*name)
        wcscpy(*name, id);
}

/* The first resource whose Type is type, into name (heap), or NULL. */
DWORD find_resource_of_type(HKEY root, const WCHAR *type, WCHAR **name)
{
    WCHAR **ids = NULL;
    DWORD count = 0, i, err;
    HKEY resources;

    *name = NULL;
    err = RegOpenKeyExW(root, L"Resources", 0, KEY_READ, &resources);
    if (err == ERROR_FILE_NOT_FOUND)
        return ERROR_SUCCESS;
    if (err)
        return err;
    err = read_subkeys(resources, &ids, &count);
    for (i = 0; !err && i < count && !*name; i++) {
        WCHAR *resource_type = NULL;
        HKEY resource;

        if (RegOpenKeyExW(resources, ids[i], 0, KEY_READ, &resource))
            continue;
        if (read_sz(resource, L"Type", &resource_type) == ERROR_SUCCESS &&
            same_name(resource_type, type)) {
            shown_name(resource, ids[i], name);
        }
        HeapFree(GetProcessHeap(), 0, resource_type);
        RegCloseKey(resource);
    }
    free_strings(ids, count);
    RegCloseKey(resources);
    return err;
}

/* Drops id from every group's Contains. */
DWORD ungroup(HKEY root, const WCHAR *id)
{
    WCHAR **groups = NULL;
    DWORD count = 0, i, err;
    HKEY parent;

    err = RegOpenKeyExW(root, L"Groups", 0, KEY_READ, &parent);
    if (err == ERROR_FILE_NOT_FOUND)
        return ERROR_SUCCESS;
    if (err)
        return err;
    err = read_subkeys(parent, &groups, &count);
    for (i = 0; !err && i < count; i++) {
        struct list contains, kept = { 0 };
        HKEY group;
        DWORD k;

        if (RegOpenKeyExW(parent, groups[i], 0, KEY_ALL_ACCESS, &group))
            continue;
        err = read_list(group, L"Contains", &contains);
        if (!err && list_has(&contains, id)) {
            for (k = 0; !err && k < contains.count; k++) {
                if (!same_name(contains.items[k], id))
                    err = list_add(&kept, contains.items[k]);
            }
            if (!err)
                err = write_list(group, L"Contains", &kept);
        }
        list_free(&contains);
        list_free(&kept);
        RegCloseKey(group);
    }
    free_strings(groups, count);
    RegCloseKey(parent);
    return err;
}

/* The name of the group (other than except) that contains resource id. */
DWORD find_group_of(HKEY root, const WCHAR *id, const WCHAR *except,
                           WCHAR **group_name)
{
    WCHAR **groups = NULL;
    DWORD count = 0, i, err;
    HKEY parent;

    *group_name = NULL;
    err = RegOpenKeyExW(root, L"Groups", 0, KEY_READ, &parent);
    if (err == ERROR_FILE_NOT_FOUND)
        return ERROR_SUCCESS;
    if (err)
        return err;
    err = read_subkeys(parent, &groups, &count);
    for (i = 0; !err && i < count && !*group_name; i++) {
        struct list contains;
        HKEY group;

        if (except && same_name(groups[i], except))
            continue;
        if (RegOpenKeyExW(parent, groups[i], 0, KEY_READ, &group))
            continue;
        if (read_list(group, L"Contains", &contains) == ERROR_SUCCESS &&
            list_has(&contains, id)) {
            shown_name(group, groups[i], group_name);
        }
        list_free(&contains);
        RegCloseKey(group);
    }
    free_strings(groups, count);
    RegCloseKey(parent);
    return err;
}

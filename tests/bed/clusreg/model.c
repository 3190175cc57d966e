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

/* HKLM\Cluster, which must exist, and the id of the resource named name;
   on a failure (said) *root is NULL. */
int open_resource_or_fail(const WCHAR *name, HKEY *root, WCHAR id[MAX_KEY_NAME + 1])
{
    int status = open_root_or_fail(FALSE, root);

    if (status) {
        *root = NULL;
        return status;
    }
    status = find_resource_or_fail(*root, name, id);
    if (status) {
        RegCloseKey(*root);
        *root = NULL;
    }
    return status;
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

/* Calls visit for every entry of root\<collection> that opens with access,
   in order, until it returns TRUE (found) or sets *err. A missing
   collection has no entries. */
typedef BOOL entry_visitor(HKEY entry, const WCHAR *id, void *context, DWORD *err);

static DWORD for_each_entry(HKEY root, const WCHAR *collection, REGSAM access,
                            entry_visitor *visit, void *context)
{
    WCHAR **ids = NULL;
    DWORD count = 0, i, err;
    HKEY parent;

    err = RegOpenKeyExW(root, collection, 0, KEY_READ, &parent);
    if (err == ERROR_FILE_NOT_FOUND)
        return ERROR_SUCCESS;
    if (err)
        return err;
    err = read_subkeys(parent, &ids, &count);
    for (i = 0; !err && i < count; i++) {
        HKEY entry;
        BOOL found;

        if (RegOpenKeyExW(parent, ids[i], 0, access, &entry))
            continue;
        found = visit(entry, ids[i], context, &err);
        RegCloseKey(entry);
        if (found)
            break;
    }
    free_strings(ids, count);
    RegCloseKey(parent);
    return err;
}

struct type_user {
    const WCHAR *type;
    WCHAR **name;
};

static BOOL uses_type(HKEY resource, const WCHAR *id, void *context, DWORD *err)
{
    struct type_user *user = context;
    WCHAR *type = NULL;

    if (read_sz(resource, L"Type", &type) == ERROR_SUCCESS && same_name(type, user->type))
        shown_name(resource, id, user->name);
    HeapFree(GetProcessHeap(), 0, type);
    return *user->name != NULL;
}

/* The first resource whose Type is type, into name (heap), or NULL. */
DWORD find_resource_of_type(HKEY root, const WCHAR *type, WCHAR **name)
{
    struct type_user user = { type, name };

    *name = NULL;
    return for_each_entry(root, L"Resources", KEY_READ, uses_type, &user);
}

static BOOL drop_member(HKEY group, const WCHAR *group_id, void *context, DWORD *err)
{
    const WCHAR *id = context;
    struct list contains, kept = { 0 };
    DWORD k;

    *err = read_list(group, L"Contains", &contains);
    if (!*err && list_has(&contains, id)) {
        for (k = 0; !*err && k < contains.count; k++) {
            if (!same_name(contains.items[k], id))
                *err = list_add(&kept, contains.items[k]);
        }
        if (!*err)
            *err = write_list(group, L"Contains", &kept);
    }
    list_free(&contains);
    list_free(&kept);
    return FALSE;
}

/* Drops id from every group's Contains. */
DWORD ungroup(HKEY root, const WCHAR *id)
{
    return for_each_entry(root, L"Groups", KEY_ALL_ACCESS, drop_member, (void *)id);
}

struct group_member {
    const WCHAR *id, *except;
    WCHAR **group_name;
};

static BOOL contains_member(HKEY group, const WCHAR *group_id, void *context, DWORD *err)
{
    struct group_member *member = context;
    struct list contains;

    if (member->except && same_name(group_id, member->except))
        return FALSE;
    if (read_list(group, L"Contains", &contains) == ERROR_SUCCESS &&
        list_has(&contains, member->id))
        shown_name(group, group_id, member->group_name);
    list_free(&contains);
    return *member->group_name != NULL;
}

/* The name of the group (other than except) that contains resource id. */
DWORD find_group_of(HKEY root, const WCHAR *id, const WCHAR *except, WCHAR **group_name)
{
    struct group_member member = { id, except, group_name };

    *group_name = NULL;
    return for_each_entry(root, L"Groups", KEY_READ, contains_member, &member);
}

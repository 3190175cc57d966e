/*
 * clusreg_model.c - clusreg's view of the registry: the database root,
 * values and subkeys read sorted, REG_MULTI_SZ lists, entries by name
 * (through the test bed's find-by-Name, tests/bed/common/bedreg.h).
 */
#include "clusreg.h"

/* -------------------------------------------------------------- registry */

static int compare_names(const WCHAR *a, const WCHAR *b)
{
    int order = CompareStringOrdinal(a, -1, b, -1, TRUE);

    if (order == CSTR_EQUAL)
        return wcscmp(a, b);
    return order == CSTR_LESS_THAN ? -1 : 1;
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


void free_values(struct value *values, DWORD count)
{
    DWORD i;

    for (i = 0; i < count; i++) {
        HeapFree(GetProcessHeap(), 0, values[i].name);
        HeapFree(GetProcessHeap(), 0, values[i].data);
    }
    HeapFree(GetProcessHeap(), 0, values);
}

static int compare_values(const void *a, const void *b)
{
    return compare_names(((const struct value *)a)->name,
                         ((const struct value *)b)->name);
}

static int compare_strings(const void *a, const void *b)
{
    return compare_names(*(WCHAR *const *)a, *(WCHAR *const *)b);
}

/* Every value of key, sorted by name. */
DWORD read_values(HKEY key, struct value **out, DWORD *count)
{
    struct value *values = NULL;
    DWORD n = 0, max_name = 0, max_data = 0, i;
    DWORD err;

    *out = NULL;
    *count = 0;
    err = RegQueryInfoKeyW(key, NULL, NULL, NULL, NULL, NULL, NULL, &n, &max_name,
                           &max_data, NULL, NULL);
    if (err)
        goto out;
    values = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, (n ? n : 1) * sizeof(*values));
    if (!values) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    for (i = 0; i < n; i++) {
        DWORD cch = max_name + 1, size = max_data;

        values[i].name = HeapAlloc(GetProcessHeap(), 0, cch * sizeof(WCHAR));
        values[i].data = HeapAlloc(GetProcessHeap(), 0, size ? size : 1);
        if (!values[i].name || !values[i].data) {
            err = ERROR_NOT_ENOUGH_MEMORY;
            goto out;
        }
        err = RegEnumValueW(key, i, values[i].name, &cch, NULL, &values[i].type,
                            values[i].data, &size);
        if (err)
            goto out;
        values[i].size = size;
    }
    qsort(values, n, sizeof(*values), compare_values);
    *out = values;
    *count = n;
    values = NULL;
out:
    if (values)
        free_values(values, n);
    return err;
}

void free_strings(WCHAR **strings, DWORD count)
{
    DWORD i;

    for (i = 0; strings && i < count; i++)
        HeapFree(GetProcessHeap(), 0, strings[i]);
    HeapFree(GetProcessHeap(), 0, strings);
}

/* Names of every subkey of key, sorted. */
DWORD read_subkeys(HKEY key, WCHAR ***out, DWORD *count)
{
    WCHAR **names = NULL;
    DWORD n = 0, i;
    DWORD err;

    *out = NULL;
    *count = 0;
    err = RegQueryInfoKeyW(key, NULL, NULL, NULL, &n, NULL, NULL, NULL, NULL, NULL,
                           NULL, NULL);
    if (err)
        goto out;
    names = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, (n ? n : 1) * sizeof(*names));
    if (!names) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    for (i = 0; i < n; i++) {
        WCHAR name[MAX_KEY_NAME + 2];
        DWORD cch = ARRAY_SIZE(name);

        err = RegEnumKeyExW(key, i, name, &cch, NULL, NULL, NULL, NULL);
        if (err)
            goto out;
        names[i] = HeapAlloc(GetProcessHeap(), 0, (cch + 1) * sizeof(WCHAR));
        if (!names[i]) {
            err = ERROR_NOT_ENOUGH_MEMORY;
            goto out;
        }
        memcpy(names[i], name, (cch + 1) * sizeof(WCHAR));
    }
    qsort(names, n, sizeof(*names), compare_strings);
    *out = names;
    *count = n;
    names = NULL;
out:
    free_strings(names, n);
    return err;
}


void list_free(struct list *l)
{
    free_strings(l->items, l->count);
    memset(l, 0, sizeof(*l));
}

DWORD list_add(struct list *l, const WCHAR *s)
{
    size_t len = wcslen(s);
    WCHAR **items = l->items ? HeapReAlloc(GetProcessHeap(), 0, l->items,
                                           (l->count + 1) * sizeof(*items))
                             : HeapAlloc(GetProcessHeap(), 0, sizeof(*items));

    if (!items)
        return ERROR_NOT_ENOUGH_MEMORY;
    l->items = items;
    items[l->count] = HeapAlloc(GetProcessHeap(), 0, (len + 1) * sizeof(WCHAR));
    if (!items[l->count])
        return ERROR_NOT_ENOUGH_MEMORY;
    memcpy(items[l->count], s, (len + 1) * sizeof(WCHAR));
    l->count++;
    return ERROR_SUCCESS;
}

BOOL list_has(const struct list *l, const WCHAR *s)
{
    DWORD i;

    for (i = 0; i < l->count; i++) {
        if (bed_same_name(l->items[i], s))
            return TRUE;
    }
    return FALSE;
}

DWORD read_list(HKEY key, const WCHAR *name, struct list *l)
{
    WCHAR *data = NULL, *p, *end;
    DWORD type, size = 0;
    DWORD err;

    memset(l, 0, sizeof(*l));
    err = RegQueryValueExW(key, name, NULL, &type, NULL, &size);
    if (err == ERROR_FILE_NOT_FOUND)
        return ERROR_SUCCESS;
    if (err)
        goto out;
    if (type != REG_MULTI_SZ) {
        err = ERROR_DATATYPE_MISMATCH;
        goto out;
    }
    data = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size + 2 * sizeof(WCHAR));
    if (!data) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    err = RegQueryValueExW(key, name, NULL, &type, (BYTE *)data, &size);
    if (err)
        goto out;
    end = data + size / sizeof(WCHAR);
    for (p = data; p < end && *p; p += wcslen(p) + 1) {
        err = list_add(l, p);
        if (err)
            goto out;
    }
out:
    HeapFree(GetProcessHeap(), 0, data);
    if (err)
        list_free(l);
    return err;
}

/* Each string and its terminator, then one more: for no strings, a lone NUL. */
DWORD write_list(HKEY key, const WCHAR *name, const struct list *l)
{
    struct rt_text t = { 0 };
    DWORD i, err;

    for (i = 0; i < l->count; i++)
        rt_text_add_n(&t, l->items[i], wcslen(l->items[i]) + 1);
    rt_text_add_n(&t, L"", 1);
    if (t.failed) {
        rt_text_free(&t);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    err = RegSetValueExW(key, name, 0, REG_MULTI_SZ, (const BYTE *)t.data,
                         (DWORD)(t.len * sizeof(WCHAR)));
    rt_text_free(&t);
    return err;
}

/* Finds, under root\<collection>, the subkey whose Name value is name
   (ignoring case), else, when by_id, the subkey named name. ERROR_NOT_FOUND
   if none. Adding goes by Name only: a new name that happens to be another
   entry's id must not rename that entry. */
DWORD find_named(HKEY root, const WCHAR *collection, const WCHAR *name,
                 BOOL by_id, WCHAR id[MAX_KEY_NAME + 1])
{
    return bed_find_by_name(&bed_reg_win32, root, collection, name, by_id ? BED_FIND_BY_ID : 0, id);
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

/* The database root and, in it, the resource named name (or of that id):
   EXIT_OK, or the failure said and *root NULL. */
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

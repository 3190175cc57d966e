/*
 * regio.c - plain registry reads and writes clusreg needs: every value or
 * subkey of a key (sorted), REG_SZ, REG_DWORD, and REG_MULTI_SZ as a list.
 */
#include "clusreg.h"

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

/* A string value into a terminated heap buffer; ERROR_FILE_NOT_FOUND when
   missing, ERROR_DATATYPE_MISMATCH when not REG_SZ/REG_EXPAND_SZ. */
DWORD read_sz(HKEY key, const WCHAR *name, WCHAR **out)
{
    WCHAR *text = NULL;
    DWORD type, size = 0;
    DWORD err;

    *out = NULL;
    err = RegQueryValueExW(key, name, NULL, &type, NULL, &size);
    if (err)
        goto out;
    if (type != REG_SZ && type != REG_EXPAND_SZ) {
        err = ERROR_DATATYPE_MISMATCH;
        goto out;
    }
    text = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size + 2 * sizeof(WCHAR));
    if (!text) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    err = RegQueryValueExW(key, name, NULL, &type, (BYTE *)text, &size);
    if (err)
        goto out;
    text[size / sizeof(WCHAR)] = 0;
    *out = text;
    text = NULL;
out:
    HeapFree(GetProcessHeap(), 0, text);
    return err;
}

DWORD write_sz(HKEY key, const WCHAR *name, const WCHAR *text)
{
    return RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)text,
                          (DWORD)((wcslen(text) + 1) * sizeof(WCHAR)));
}

DWORD write_dword(HKEY key, const WCHAR *name, DWORD value)
{
    return RegSetValueExW(key, name, 0, REG_DWORD, (const BYTE *)&value,
                          sizeof(value));
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
        if (same_name(l->items[i], s))
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

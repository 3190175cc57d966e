/*
 * cluprops.c - property lists of the test bed's cluster.exe.
 *
 * Arguments take Microsoft's form `Name=Value[,Value...][:FORMAT]`, FORMAT
 * one of DWORD, STR, EXPANDSTR, MULTISTR (anything after the last colon
 * that is not one of them belongs to the value: `ImagePath=C:\x.exe`).
 * Without a format the type is the common property's, else the stored
 * value's, else DWORD for a decimal or 0x number and STR otherwise.
 * The real tool hands private properties to the resource DLL
 * (SET_PRIVATE_PROPERTIES), which validates them; this one has no cluster
 * service to load the DLL and stores them as they are.
 */
#include "cluster.h"

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#define MAX_VALUE_BYTES 65536

BOOL clu_same(const WCHAR *a, const WCHAR *b)
{
    return CompareStringW(LOCALE_INVARIANT, NORM_IGNORECASE, a, -1, b, -1) == CSTR_EQUAL;
}

/* Windows' texts for the cluster errors this tool reports; Wine's system
   message table has none of them. */
static const struct {
    DWORD err;
    const WCHAR *text;
} cluster_texts[] = {
    { ERROR_RESOURCE_NOT_FOUND, L"The cluster resource could not be found." },
    { ERROR_GROUP_NOT_FOUND, L"The cluster group could not be found." },
    { ERROR_OBJECT_ALREADY_EXISTS, L"The object already exists." },
    { ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND, L"The specified resource type was not found." },
    { ERROR_CLUSTER_NODE_NOT_MEMBER, L"The cluster node is not a member of the cluster." },
};

int clu_fail(DWORD err)
{
    WCHAR text[512];
    const WCHAR *shown = text;
    size_t i;
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, err, 0, text,
                             ARRAYSIZE(text), NULL);
    while (n && (text[n - 1] == L'\n' || text[n - 1] == L'\r'))
        text[--n] = 0;
    if (!n) {
        shown = L"(the system has no text for this error)";
        for (i = 0; i < ARRAYSIZE(cluster_texts); i++) {
            if (cluster_texts[i].err == err)
                shown = cluster_texts[i].text;
        }
    }
    wprintf(L"\nSystem error %lu has occurred (0x%08lx).\n%ls\n\n", (unsigned long)err, (unsigned long)err, shown);
    return (int)err;
}

static const clu_prop_rule *rule_for(const clu_props *p, const WCHAR *name)
{
    size_t i;
    for (i = 0; p->rules && i < p->count; i++) {
        if (clu_same(p->rules[i].name, name))
            return &p->rules[i];
    }
    return NULL;
}

static void show_value(const WCHAR *column, const WCHAR *object, const WCHAR *name, DWORD type,
                       const BYTE *data, DWORD size, BOOL read_only)
{
    const WCHAR *ro = read_only ? L"R" : L" ";
    switch (type) {
    case REG_DWORD: {
        DWORD d = 0;
        if (size == sizeof(d))
            memcpy(&d, data, sizeof(d));
        wprintf(L"D%ls %-20ls %-30ls %lu (0x%lx)\n", ro, object, name, (unsigned long)d, (unsigned long)d);
        break;
    }
    case REG_SZ:
    case REG_EXPAND_SZ:
        wprintf(L"%ls%ls %-20ls %-30ls %ls\n", type == REG_SZ ? L"S" : L"E", ro, object, name,
                (const WCHAR *)data);
        break;
    case REG_MULTI_SZ: {
        const WCHAR *s = (const WCHAR *)data;
        DWORD units = size / sizeof(WCHAR), i = 0;
        BOOL first = TRUE;
        for (i = 0; i < units && s[i]; i += (DWORD)wcslen(s + i) + 1) {
            wprintf(L"M%ls %-20ls %-30ls %ls\n", ro, first ? object : L"", first ? name : L"", s + i);
            first = FALSE;
        }
        if (first)
            wprintf(L"M%ls %-20ls %-30ls\n", ro, object, name);
        break;
    }
    default:
        wprintf(L"B%ls %-20ls %-30ls (%lu bytes)\n", ro, object, name, (unsigned long)size);
        break;
    }
}

DWORD clu_props_show(HKEY key, const clu_props *p, const WCHAR *column, const WCHAR *object)
{
    WCHAR name[256];
    BYTE *data = malloc(MAX_VALUE_BYTES + 2 * sizeof(WCHAR));
    DWORD i, err = ERROR_SUCCESS;

    if (!data)
        return ERROR_NOT_ENOUGH_MEMORY;
    wprintf(L"Listing %lsproperties for '%ls':\n\n", p->rules ? L"" : L"private ", object);
    wprintf(L"T  %-20ls %-30ls Value\n", column, L"Name");
    wprintf(L"-- -------------------- ------------------------------ -----------------------\n");
    for (i = 0; key; i++) {
        DWORD len = ARRAYSIZE(name), type = 0, size = MAX_VALUE_BYTES;
        const clu_prop_rule *rule;
        err = ClusterRegEnumValue(key, i, name, &len, &type, data, &size);
        if (err == ERROR_NO_MORE_ITEMS) {
            err = ERROR_SUCCESS;
            break;
        }
        if (err)
            break;
        rule = rule_for(p, name);
        if (p->rules && !rule)
            continue;
        memset(data + size, 0, 2 * sizeof(WCHAR));
        show_value(column, object, name, type, data, size, rule && rule->read_only);
    }
    free(data);
    return err;
}

/* One parsed argument, ready to store. */
typedef struct parsed {
    WCHAR name[256];
    DWORD type;
    BYTE *data;
    DWORD size;
} parsed;

static BOOL parse_dword(const WCHAR *s, DWORD *out)
{
    WCHAR *end = NULL;
    unsigned long long v;
    if (!s[0] || s[0] == L'-' || s[0] == L'+')
        return FALSE;
    v = wcstoull(s, &end, (s[0] == L'0' && (s[1] == L'x' || s[1] == L'X')) ? 16 : 10);
    if (*end || v > 0xFFFFFFFFull)
        return FALSE;
    *out = (DWORD)v;
    return TRUE;
}

static DWORD type_of_format(const WCHAR *f)
{
    if (clu_same(f, L"DWORD"))
        return REG_DWORD;
    if (clu_same(f, L"STR"))
        return REG_SZ;
    if (clu_same(f, L"EXPANDSTR"))
        return REG_EXPAND_SZ;
    if (clu_same(f, L"MULTISTR"))
        return REG_MULTI_SZ;
    return REG_NONE;
}

static DWORD stored_type(HKEY key, const WCHAR *name)
{
    DWORD type = REG_NONE, size = 0;
    if (!key || ClusterRegQueryValue(key, name, &type, NULL, &size))
        return REG_NONE;
    return type;
}

static DWORD parse_one(HKEY key, const clu_props *p, const WCHAR *arg, parsed *out)
{
    const WCHAR *eq = wcschr(arg, L'=');
    const WCHAR *colon;
    const clu_prop_rule *rule;
    WCHAR *value = NULL;
    size_t name_len, value_len;
    DWORD type = REG_NONE, d;

    ZeroMemory(out, sizeof(*out));
    name_len = eq ? (size_t)(eq - arg) : 0;
    if (!eq || name_len == 0 || name_len >= ARRAYSIZE(out->name)) {
        wprintf(L"'%ls' is not a property assignment: write Name=Value (a Name of 1 to 255 characters).\n", arg);
        return ERROR_INVALID_PARAMETER;
    }
    memcpy(out->name, arg, name_len * sizeof(WCHAR));
    out->name[name_len] = 0;
    value_len = wcslen(eq + 1);
    colon = wcsrchr(eq + 1, L':');
    if (colon && type_of_format(colon + 1) != REG_NONE) {
        type = type_of_format(colon + 1);
        value_len = (size_t)(colon - (eq + 1));
    }
    rule = rule_for(p, out->name);
    if (p->rules && !rule) {
        wprintf(L"'%ls' is not a common property here.\n", out->name);
        return ERROR_INVALID_PARAMETER;
    }
    if (rule && rule->read_only) {
        wprintf(L"The property '%ls' is read-only.\n", out->name);
        return ERROR_INVALID_PARAMETER;
    }
    if (rule && type != REG_NONE && type != rule->type) {
        wprintf(L"The property '%ls' does not take that format.\n", out->name);
        return ERROR_INVALID_PARAMETER;
    }
    value = calloc(value_len + 2, sizeof(WCHAR));
    if (!value)
        return ERROR_NOT_ENOUGH_MEMORY;
    memcpy(value, eq + 1, value_len * sizeof(WCHAR));
    if (type == REG_NONE)
        type = rule ? rule->type : stored_type(key, out->name);
    if (type == REG_NONE)
        type = parse_dword(value, &d) ? REG_DWORD : REG_SZ;

    out->type = type;
    if (type == REG_DWORD) {
        if (!parse_dword(value, &d)) {
            wprintf(L"The value '%ls' of '%ls' is not a number from 0 to 4294967295.\n", value, out->name);
            free(value);
            return ERROR_INVALID_PARAMETER;
        }
        out->data = malloc(sizeof(d));
        if (out->data)
            memcpy(out->data, &d, sizeof(d));
        out->size = sizeof(d);
        free(value);
    } else if (type == REG_MULTI_SZ) {
        size_t i;
        for (i = 0; i < value_len; i++) {
            if (value[i] == L',')
                value[i] = 0;
        }
        out->data = (BYTE *)value;
        out->size = (DWORD)((value_len + 2) * sizeof(WCHAR));
    } else {
        out->data = (BYTE *)value;
        out->size = (DWORD)((value_len + 1) * sizeof(WCHAR));
    }
    if (!out->data)
        return ERROR_NOT_ENOUGH_MEMORY;
    return ERROR_SUCCESS;
}

DWORD clu_props_set(HKEY key, const clu_props *p, int argc, WCHAR **argv)
{
    parsed *items = calloc((size_t)argc + 1, sizeof(*items));
    DWORD err = ERROR_SUCCESS;
    int i;

    if (!items)
        return ERROR_NOT_ENOUGH_MEMORY;
    for (i = 0; i < argc && !err; i++)
        err = parse_one(key, p, argv[i], &items[i]);
    for (i = 0; i < argc && !err; i++)
        err = ClusterRegSetValue(key, items[i].name, items[i].type, items[i].data, items[i].size);
    for (i = 0; i < argc; i++)
        free(items[i].data);
    free(items);
    return err;
}

/* ------------------------------------------------------------ /prop and /priv */

/* The common properties of each kind of object, as cluster.exe knows them. */
static const clu_prop_rule type_common[] = {
    { L"Name", REG_SZ, FALSE },
    { L"Description", REG_SZ, FALSE },
    { L"DllName", REG_SZ, TRUE },
    { L"AdminExtensions", REG_MULTI_SZ, FALSE },
    { L"LooksAlivePollInterval", REG_DWORD, FALSE },
    { L"IsAlivePollInterval", REG_DWORD, FALSE },
    { L"PendingTimeout", REG_DWORD, FALSE },
};

static const clu_prop_rule resource_common[] = {
    { L"Name", REG_SZ, TRUE },
    { L"Type", REG_SZ, TRUE },
    { L"Description", REG_SZ, FALSE },
    { L"SeparateMonitor", REG_DWORD, FALSE },
    { L"PersistentState", REG_DWORD, FALSE },
    { L"LooksAlivePollInterval", REG_DWORD, FALSE },
    { L"IsAlivePollInterval", REG_DWORD, FALSE },
    { L"RestartAction", REG_DWORD, FALSE },
    { L"RestartThreshold", REG_DWORD, FALSE },
    { L"RestartPeriod", REG_DWORD, FALSE },
    { L"PendingTimeout", REG_DWORD, FALSE },
};

static const clu_props type_props = { type_common, ARRAYSIZE(type_common) };
static const clu_props resource_props = { resource_common, ARRAYSIZE(resource_common) };
static const clu_props private_props = { NULL, 0 };

int clu_props_command(HKEY key, enum clu_object_kind kind, BOOL priv, const WCHAR *object,
                      int argc, WCHAR **argv)
{
    const clu_props *common = kind == CLU_RESOURCE_TYPE ? &type_props : &resource_props;
    const WCHAR *column = kind == CLU_RESOURCE_TYPE ? L"Resource Type" : L"Resource";
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

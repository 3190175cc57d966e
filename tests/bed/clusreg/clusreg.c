/*
 * clusreg.c - sets up a test-bed node's cluster database, HKLM\Cluster.
 *
 * It writes the registry directly (advapi32) rather than through clusapi.dll:
 * it must be able to turn a plain node into a cluster node, which the
 * cluster API by design cannot do, and it needs no DLL next to it.
 *
 * Exit status: 0 done, 1 error (one line on stderr), 2 usage error.
 * Commands and the dump/export/import text form: tests/bed/clusreg/NOTES.md.
 */
#include <windows.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "bedreg.h"
#include "regtext.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define EXIT_OK    0
#define EXIT_ERROR 1
#define EXIT_USAGE 2

#define MAX_KEY_NAME RT_MAX_KEY_NAME
#define ROOT         BED_DB_ROOT
#define ROOT_SHOWN   BED_DB_ROOT_SHOWN
#define GUID_CCH     BED_GUID_CCH

static HANDLE heap;

/* ------------------------------------------------------------ text output */

/* Writes UTF-16 text as UTF-8: the same bytes whether the handle is a
   console, a pipe or a file, under Wine or Windows. */
static BOOL write_utf8(HANDLE handle, const WCHAR *s, size_t len)
{
    char *bytes;
    int size;
    DWORD done, written = 0;
    BOOL ok = TRUE;

    if (!len)
        return TRUE;
    size = WideCharToMultiByte(CP_UTF8, 0, s, (int)len, NULL, 0, NULL, NULL);
    bytes = HeapAlloc(heap, 0, size ? size : 1);
    if (!bytes)
        return FALSE;
    WideCharToMultiByte(CP_UTF8, 0, s, (int)len, bytes, size, NULL, NULL);
    for (done = 0; ok && done < (DWORD)size; done += written)
        ok = WriteFile(handle, bytes + done, (DWORD)size - done, &written, NULL) &&
             written;
    HeapFree(heap, 0, bytes);
    return ok;
}

static void out(const WCHAR *s)
{
    write_utf8(GetStdHandle(STD_OUTPUT_HANDLE), s, wcslen(s));
}

/* One line on stderr, "clusreg: " and the pieces (a NULL-ended list of
   strings): data never becomes a format. */
static void say_v(const WCHAR *first, va_list pieces)
{
    struct rt_text line = { 0 };
    const WCHAR *piece;

    rt_text_add(&line, L"clusreg: ");
    for (piece = first; piece; piece = va_arg(pieces, const WCHAR *))
        rt_text_add(&line, piece);
    rt_text_add(&line, L"\n");
    if (!line.failed)
        write_utf8(GetStdHandle(STD_ERROR_HANDLE), line.data, line.len);
    rt_text_free(&line);
}

static int fail(const WCHAR *first, ...)
{
    va_list pieces;

    va_start(pieces, first);
    say_v(first, pieces);
    va_end(pieces);
    return EXIT_ERROR;
}

/* "<what>: <system message>" */
static int fail_win32(DWORD err, const WCHAR *what)
{
    WCHAR *message = NULL;
    WCHAR number[16];
    int i = ARRAY_SIZE(number);
    DWORD len;

    len = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS |
                         FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL, err, 0,
                         (WCHAR *)&message, 0, NULL);
    while (len && (message[len - 1] == L'\n' || message[len - 1] == L'\r' ||
                   message[len - 1] == L' ' || message[len - 1] == L'.'))
        message[--len] = 0;
    number[--i] = 0;
    do {
        number[--i] = (WCHAR)(L'0' + err % 10);
        err /= 10;
    } while (err);
    fail(what, L": ", len ? message : L"error", L" (", number + i, L")", NULL);
    LocalFree(message);
    return EXIT_ERROR;
}

/* ----------------------------------------------------------------- usage */

static const WCHAR *const usages[] = {
    L"clusreg init [--name <ClusterName>]",
    L"clusreg destroy",
    L"clusreg type add \"<TypeName>\" --dll <path> [--looksalive ms] [--isalive ms] [--pending ms]",
    L"clusreg type remove \"<TypeName>\"",
    L"clusreg res add \"<Name>\" --type \"<TypeName>\" [--guid {...}] [--looksalive ms] [--isalive ms] [--pending ms]",
    L"clusreg res remove \"<Name>\"",
    L"clusreg res set \"<Name>\" <Param> sz|expand_sz|dword|multi_sz <value>...",
    L"clusreg res unset \"<Name>\" <Param>",
    L"clusreg res get \"<Name>\" [Param]",
    L"clusreg group add \"<Name>\" [--contains \"<ResName>\"]... [--owner <node>]...",
    L"clusreg group remove \"<Name>\"",
    L"clusreg dump",
    L"clusreg export <file>",
    L"clusreg import <file>",
    L"clusreg res owners \"<Name>\" <node>...",
};

static int usage_all(void)
{
    struct rt_text t = { 0 };
    size_t i;

    rt_text_add(&t, L"usage:\n");
    for (i = 0; i < ARRAY_SIZE(usages); i++) {
        rt_text_add(&t, L"  ");
        rt_text_add(&t, usages[i]);
        rt_text_add(&t, L"\n");
    }
    if (!t.failed)
        write_utf8(GetStdHandle(STD_ERROR_HANDLE), t.data, t.len);
    rt_text_free(&t);
    return EXIT_USAGE;
}

/* One line: the problem and the command's usage. */
static int usage_error(const WCHAR *problem, const WCHAR *usage)
{
    fail(problem, L"; usage: ", usage, NULL);
    return EXIT_USAGE;
}

/* ------------------------------------------------------------ arguments */

struct options {
    const WCHAR *const *names;          /* accepted --options, each takes a value */
    const WCHAR *values[8];             /* last value of each (single ones) */
    const WCHAR **lists[8];             /* every value of each (repeatable ones) */
    size_t list_len[8];
    const WCHAR *positional[8];
    size_t positional_count;
};

/* Splits args into positional ones and "--name value" options. */
static int parse_options(int argc, WCHAR **argv, struct options *o,
                         const WCHAR *usage)
{
    int i;

    for (i = 0; i < argc; i++) {
        const WCHAR **list;
        size_t k;

        if (wcsncmp(argv[i], L"--", 2)) {
            if (o->positional_count == ARRAY_SIZE(o->positional))
                return usage_error(L"too many arguments", usage);
            o->positional[o->positional_count++] = argv[i];
            continue;
        }
        for (k = 0; o->names[k]; k++) {
            if (!wcscmp(argv[i], o->names[k]))
                break;
        }
        if (!o->names[k]) {
            fail(L"unknown option ", argv[i], L"; usage: ", usage, NULL);
            return EXIT_USAGE;
        }
        if (i + 1 >= argc) {
            fail(L"option ", argv[i], L" needs a value; usage: ", usage, NULL);
            return EXIT_USAGE;
        }
        o->values[k] = argv[++i];
        list = o->lists[k] ? HeapReAlloc(heap, 0, o->lists[k],
                                         (o->list_len[k] + 1) * sizeof(*list))
                           : HeapAlloc(heap, 0, sizeof(*list));
        if (!list)
            return fail(L"out of memory", NULL);
        o->lists[k] = list;
        list[o->list_len[k]++] = argv[i];
    }
    return EXIT_OK;
}

static BOOL parse_dword(const WCHAR *s, DWORD *out)
{
    uint64_t value;

    if (!rt_parse_u64(s, 0xffffffffu, &value))
        return FALSE;
    *out = (DWORD)value;
    return TRUE;
}

/* A name usable as one registry key name. */
static BOOL valid_key_name(const WCHAR *name)
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
static BOOL normalize_guid(const WCHAR *in, WCHAR out[GUID_CCH + 1])
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

/* -------------------------------------------------------------- registry */

static int compare_names(const WCHAR *a, const WCHAR *b)
{
    int order = CompareStringOrdinal(a, -1, b, -1, TRUE);

    if (order == CSTR_EQUAL)
        return wcscmp(a, b);
    return order == CSTR_LESS_THAN ? -1 : 1;
}

/* HKLM\Cluster; create makes this node a cluster node. */
static DWORD open_root(BOOL create, HKEY *root)
{
    DWORD err;

    if (create)
        return RegCreateKeyExW(HKEY_LOCAL_MACHINE, ROOT, 0, NULL, 0, KEY_ALL_ACCESS,
                               NULL, root, NULL);
    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, ROOT, 0, KEY_ALL_ACCESS, root);
    return err;
}

static int open_root_or_fail(BOOL create, HKEY *root)
{
    DWORD err = open_root(create, root);

    if (err == ERROR_FILE_NOT_FOUND)
        return fail(L"this node has no cluster database (" ROOT_SHOWN L" is missing)",
                    NULL);
    if (err)
        return fail_win32(err, L"cannot open " ROOT_SHOWN);
    return EXIT_OK;
}

struct value {
    WCHAR *name;
    DWORD type;
    BYTE *data;
    DWORD size;
};

static void free_values(struct value *values, DWORD count)
{
    DWORD i;

    for (i = 0; i < count; i++) {
        HeapFree(heap, 0, values[i].name);
        HeapFree(heap, 0, values[i].data);
    }
    HeapFree(heap, 0, values);
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
static DWORD read_values(HKEY key, struct value **out, DWORD *count)
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
    values = HeapAlloc(heap, HEAP_ZERO_MEMORY, (n ? n : 1) * sizeof(*values));
    if (!values) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    for (i = 0; i < n; i++) {
        DWORD cch = max_name + 1, size = max_data;

        values[i].name = HeapAlloc(heap, 0, cch * sizeof(WCHAR));
        values[i].data = HeapAlloc(heap, 0, size ? size : 1);
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

static void free_strings(WCHAR **strings, DWORD count)
{
    DWORD i;

    for (i = 0; strings && i < count; i++)
        HeapFree(heap, 0, strings[i]);
    HeapFree(heap, 0, strings);
}

/* Names of every subkey of key, sorted. */
static DWORD read_subkeys(HKEY key, WCHAR ***out, DWORD *count)
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
    names = HeapAlloc(heap, HEAP_ZERO_MEMORY, (n ? n : 1) * sizeof(*names));
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
        names[i] = HeapAlloc(heap, 0, (cch + 1) * sizeof(WCHAR));
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

/* A REG_MULTI_SZ as a list of strings. Missing is an empty list. */
struct list {
    WCHAR **items;
    DWORD count;
};

static void list_free(struct list *l)
{
    free_strings(l->items, l->count);
    memset(l, 0, sizeof(*l));
}

static DWORD list_add(struct list *l, const WCHAR *s)
{
    size_t len = wcslen(s);
    WCHAR **items = l->items ? HeapReAlloc(heap, 0, l->items,
                                           (l->count + 1) * sizeof(*items))
                             : HeapAlloc(heap, 0, sizeof(*items));

    if (!items)
        return ERROR_NOT_ENOUGH_MEMORY;
    l->items = items;
    items[l->count] = HeapAlloc(heap, 0, (len + 1) * sizeof(WCHAR));
    if (!items[l->count])
        return ERROR_NOT_ENOUGH_MEMORY;
    memcpy(items[l->count], s, (len + 1) * sizeof(WCHAR));
    l->count++;
    return ERROR_SUCCESS;
}

static BOOL list_has(const struct list *l, const WCHAR *s)
{
    DWORD i;

    for (i = 0; i < l->count; i++) {
        if (bed_same_name(l->items[i], s))
            return TRUE;
    }
    return FALSE;
}

static DWORD read_list(HKEY key, const WCHAR *name, struct list *l)
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
    data = HeapAlloc(heap, HEAP_ZERO_MEMORY, size + 2 * sizeof(WCHAR));
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
    HeapFree(heap, 0, data);
    if (err)
        list_free(l);
    return err;
}

/* Each string and its terminator, then one more: for no strings, a lone NUL. */
static DWORD write_list(HKEY key, const WCHAR *name, const struct list *l)
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
static DWORD find_named(HKEY root, const WCHAR *collection, const WCHAR *name,
                        BOOL by_id, WCHAR id[MAX_KEY_NAME + 1])
{
    return bed_find_by_name(&bed_reg_win32, root, collection, name, by_id ? BED_FIND_BY_ID : 0, id);
}

static int find_resource_or_fail(HKEY root, const WCHAR *name,
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
static DWORD open_entry(HKEY root, const WCHAR *collection, const WCHAR *id,
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

static DWORD delete_entry(HKEY root, const WCHAR *collection, const WCHAR *id)
{
    HKEY parent;
    DWORD err = RegOpenKeyExW(root, collection, 0, KEY_ALL_ACCESS, &parent);

    if (err)
        return err;
    err = RegDeleteTreeW(parent, id);
    RegCloseKey(parent);
    return err;
}

/* ------------------------------------------------------------ text form */

static BOOL is_sz_data(const BYTE *data, DWORD size)
{
    const WCHAR *s = (const WCHAR *)data;
    DWORD n = size / sizeof(WCHAR), i;

    if (size % sizeof(WCHAR) || !n || s[n - 1])
        return FALSE;
    for (i = 0; i + 1 < n; i++) {
        if (!s[i])
            return FALSE;
    }
    return TRUE;
}

/* Exactly what write_list produces: non-empty strings, each terminated, and
   a final NUL (so a lone NUL for none). */
static BOOL is_multi_sz_data(const BYTE *data, DWORD size)
{
    const WCHAR *s = (const WCHAR *)data;
    DWORD n = size / sizeof(WCHAR), i;

    if (size % sizeof(WCHAR) || !n || s[n - 1])
        return FALSE;
    if (n == 1)
        return TRUE;
    if (n < 3 || s[n - 2] || !s[0])
        return FALSE;
    for (i = 1; i + 2 < n; i++) {
        if (!s[i] && !s[i + 1])
            return FALSE;
    }
    return TRUE;
}

static void add_quoted(struct rt_text *t, const WCHAR *s, size_t len)
{
    static const WCHAR hex[] = L"0123456789abcdef";
    size_t i;

    rt_text_add_char(t, L'"');
    for (i = 0; i < len; i++) {
        WCHAR c = s[i];

        if (c == L'"' || c == L'\\') {
            rt_text_add_char(t, L'\\');
            rt_text_add_char(t, c);
        } else if (c == L'\n') {
            rt_text_add(t, L"\\n");
        } else if (c == L'\r') {
            rt_text_add(t, L"\\r");
        } else if (c == L'\t') {
            rt_text_add(t, L"\\t");
        } else if (c < 0x20 || c == 0x7f || (c >= 0xd800 && c <= 0xdfff)) {
            /* Surrogates too: a lone one would not survive UTF-8. */
            WCHAR escape[6] = { L'\\', L'u', hex[c >> 12], hex[(c >> 8) & 15],
                                hex[(c >> 4) & 15], hex[c & 15] };
            rt_text_add_n(t, escape, 6);
        } else {
            rt_text_add_char(t, c);
        }
    }
    rt_text_add_char(t, L'"');
}

static void add_bytes(struct rt_text *t, const BYTE *data, DWORD size)
{
    DWORD i;

    for (i = 0; i < size; i++) {
        rt_text_add_char(t, L' ');
        rt_text_add_hex_byte(t, data[i]);
    }
}

/* "<type> <data>" of one value, in the form import reads back to the same
   bytes; anything not in canonical shape is shown as hex(<type>) bytes. */
static void add_data(struct rt_text *t, DWORD type, const BYTE *data, DWORD size)
{
    const WCHAR *s = (const WCHAR *)data;

    switch (type) {
    case REG_SZ:
    case REG_EXPAND_SZ:
        if (!is_sz_data(data, size))
            break;
        rt_text_add(t, type == REG_SZ ? L"sz " : L"expand_sz ");
        add_quoted(t, s, size / sizeof(WCHAR) - 1);
        return;
    case REG_MULTI_SZ:
        if (!is_multi_sz_data(data, size))
            break;
        rt_text_add(t, L"multi_sz");
        for (; *s; s += wcslen(s) + 1) {
            rt_text_add_char(t, L' ');
            add_quoted(t, s, wcslen(s));
        }
        return;
    case REG_DWORD:
        if (size != sizeof(DWORD))
            break;
        rt_text_add(t, L"dword ");
        rt_text_add_u64(t, *(const DWORD *)data);
        return;
    case REG_QWORD:
        if (size != sizeof(ULONGLONG))
            break;
        rt_text_add(t, L"qword ");
        rt_text_add_u64(t, *(const ULONGLONG *)data);
        return;
    case REG_BINARY:
        rt_text_add(t, L"binary");
        add_bytes(t, data, size);
        return;
    }
    rt_text_add(t, L"hex(");
    rt_text_add_u64(t, type);
    rt_text_add(t, L")");
    add_bytes(t, data, size);
}

static void add_value_line(struct rt_text *t, const struct value *v)
{
    add_quoted(t, v->name, wcslen(v->name));
    rt_text_add(t, L" = ");
    add_data(t, v->type, v->data, v->size);
    rt_text_add(t, L"\n");
}

/* Appends "[HKLM\<path>]", its values, then its subkeys, all sorted. */
static DWORD dump_key(struct rt_text *t, HKEY key, struct rt_text *path)
{
    struct value *values = NULL;
    WCHAR **subkeys = NULL;
    DWORD value_count = 0, subkey_count = 0, i;
    DWORD err;

    rt_text_add(t, L"[HKLM\\");
    rt_text_add(t, path->data);
    rt_text_add(t, L"]\n");
    err = read_values(key, &values, &value_count);
    if (err)
        goto out;
    for (i = 0; i < value_count; i++)
        add_value_line(t, &values[i]);
    err = read_subkeys(key, &subkeys, &subkey_count);
    if (err)
        goto out;
    for (i = 0; i < subkey_count; i++) {
        size_t path_len = path->len;
        HKEY child;

        if (!valid_key_name(subkeys[i])) {
            err = ERROR_INVALID_NAME;
            goto out;
        }
        rt_text_add(path, L"\\");
        rt_text_add(path, subkeys[i]);
        if (path->failed) {
            err = ERROR_NOT_ENOUGH_MEMORY;
            goto out;
        }
        err = RegOpenKeyExW(key, subkeys[i], 0, KEY_READ, &child);
        if (!err) {
            err = dump_key(t, child, path);
            RegCloseKey(child);
        }
        path->len = path_len;
        path->data[path_len] = 0;
        if (err)
            goto out;
    }
out:
    free_values(values, value_count);
    free_strings(subkeys, subkey_count);
    return err;
}

static int dump_database(struct rt_text *t)
{
    struct rt_text path = { 0 };
    HKEY root;
    int status;
    DWORD err;

    status = open_root_or_fail(FALSE, &root);
    if (status)
        return status;
    rt_text_add(t, L"; clusreg dump of " ROOT_SHOWN L"\n");
    rt_text_add(&path, ROOT);
    err = path.failed ? ERROR_NOT_ENOUGH_MEMORY : dump_key(t, root, &path);
    RegCloseKey(root);
    rt_text_free(&path);
    if (!err && t->failed)
        err = ERROR_NOT_ENOUGH_MEMORY;
    if (err == ERROR_INVALID_NAME)
        return fail(L"a key name under " ROOT_SHOWN
                    L" has control characters: the text form cannot show it", NULL);
    if (err)
        return fail_win32(err, L"cannot read " ROOT_SHOWN);
    return EXIT_OK;
}

static int read_text_file(const WCHAR *file, WCHAR **out)
{
    HANDLE handle;
    LARGE_INTEGER size;
    BYTE *bytes = NULL;
    WCHAR *text = NULL;
    DWORD done = 0, got, skip = 0;
    int cch, status = EXIT_ERROR;

    *out = NULL;
    handle = CreateFileW(file, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                         FILE_ATTRIBUTE_NORMAL, NULL);
    if (handle == INVALID_HANDLE_VALUE)
        return fail_win32(GetLastError(), L"cannot open the file to import");
    if (!GetFileSizeEx(handle, &size) || size.QuadPart > 64 * 1024 * 1024) {
        fail(L"cannot read ", file, L": not a file of at most 64 MB", NULL);
        goto out;
    }
    bytes = HeapAlloc(heap, 0, (SIZE_T)size.QuadPart + 1);
    if (!bytes) {
        fail(L"out of memory", NULL);
        goto out;
    }
    while (done < (DWORD)size.QuadPart) {
        if (!ReadFile(handle, bytes + done, (DWORD)size.QuadPart - done, &got, NULL) ||
            !got) {
            fail_win32(GetLastError(), L"cannot read the file to import");
            goto out;
        }
        done += got;
    }
    if (done >= 3 && bytes[0] == 0xef && bytes[1] == 0xbb && bytes[2] == 0xbf)
        skip = 3;
    cch = done - skip ? MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS,
                                            (char *)bytes + skip, (int)(done - skip),
                                            NULL, 0)
                      : 0;
    if (done - skip && !cch) {
        fail(file, L" is not UTF-8 text", NULL);
        goto out;
    }
    text = HeapAlloc(heap, 0, ((size_t)cch + 1) * sizeof(WCHAR));
    if (!text) {
        fail(L"out of memory", NULL);
        goto out;
    }
    if (cch)
        MultiByteToWideChar(CP_UTF8, 0, (char *)bytes + skip, (int)(done - skip), text,
                            cch);
    text[cch] = 0;
    if (wcslen(text) != (size_t)cch) {
        fail(file, L" contains a NUL character", NULL);
        goto out;
    }
    *out = text;
    text = NULL;
    status = EXIT_OK;
out:
    HeapFree(heap, 0, text);
    HeapFree(heap, 0, bytes);
    CloseHandle(handle);
    return status;
}

/* The file's text parsed, every registry limit checked; a problem is
   reported as <file>:<line>: <what>. */
static int parse_text(const WCHAR *file, WCHAR *text, struct rt_parsed *p)
{
    const char *problem;
    unsigned line = 0;
    struct rt_text where = { 0 }, what = { 0 };

    problem = rt_parse_text(text, p, &line);
    if (!problem)
        return EXIT_OK;
    if (line) {
        rt_text_add_ascii(&where, ":");
        rt_text_add_u64(&where, line);
    }
    rt_text_add_ascii(&what, problem);
    fail(file, where.data ? where.data : L"", L": ", what.failed ? L"out of memory" : what.data, NULL);
    rt_text_free(&where);
    rt_text_free(&what);
    return EXIT_ERROR;
}

/* --------------------------------------------------------------- commands */

static int cmd_init(int argc, WCHAR **argv)
{
    static const WCHAR *const names[] = { L"--name", NULL };
    const WCHAR *usage = usages[0];
    struct options o = { .names = names };
    HKEY root;
    int status;
    DWORD err = ERROR_SUCCESS;

    status = parse_options(argc, argv, &o, usage);
    if (status)
        return status;
    if (o.positional_count)
        return usage_error(L"init takes no arguments", usage);
    status = open_root_or_fail(TRUE, &root);
    if (status)
        return status;
    if (o.values[0])
        err = bed_write_sz(root, L"ClusterName", o.values[0]);
    RegCloseKey(root);
    if (err)
        return fail_win32(err, L"cannot write ClusterName");
    return EXIT_OK;
}

/* HKLM\Cluster and everything under it; missing is fine. */
static DWORD delete_root(void)
{
    DWORD err = RegDeleteTreeW(HKEY_LOCAL_MACHINE, ROOT);

    return err == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : err;
}

static int cmd_destroy(int argc, WCHAR **argv)
{
    DWORD err;

    if (argc)
        return usage_error(L"destroy takes no arguments", usages[1]);
    err = delete_root();
    if (err)
        return fail_win32(err, L"cannot delete " ROOT_SHOWN);
    return EXIT_OK;
}

/* Optional --looksalive/--isalive/--pending values, already validated. */
struct poll_options {
    BOOL has[3];
    DWORD value[3];
};

static const WCHAR *const poll_value_names[3] = {
    L"LooksAlivePollInterval", L"IsAlivePollInterval", L"PendingTimeout"
};

/* o.values[first..first+2] are --looksalive, --isalive, --pending. */
static int parse_poll_options(const struct options *o, size_t first,
                              struct poll_options *poll, const WCHAR *usage)
{
    size_t i;

    for (i = 0; i < 3; i++) {
        const WCHAR *text = o->values[first + i];

        if (!text)
            continue;
        if (!parse_dword(text, &poll->value[i])) {
            fail(L"not a number of milliseconds: ", text, L"; usage: ", usage, NULL);
            return EXIT_USAGE;
        }
        poll->has[i] = TRUE;
    }
    return EXIT_OK;
}

static DWORD write_poll_options(HKEY key, const struct poll_options *poll)
{
    DWORD err = ERROR_SUCCESS;
    size_t i;

    for (i = 0; i < 3 && !err; i++) {
        if (poll->has[i])
            err = bed_write_dword(key, poll_value_names[i], poll->value[i]);
    }
    return err;
}

static int cmd_type_add(int argc, WCHAR **argv)
{
    static const WCHAR *const names[] = { L"--looksalive", L"--isalive", L"--pending",
                                          L"--dll", NULL };
    const WCHAR *usage = usages[2];
    struct options o = { .names = names };
    struct poll_options poll = { .has = { FALSE } };
    HKEY root = NULL, key = NULL;
    const WCHAR *type;
    int status;
    DWORD err;

    status = parse_options(argc, argv, &o, usage);
    if (!status)
        status = parse_poll_options(&o, 0, &poll, usage);
    if (status)
        return status;
    if (o.positional_count != 1)
        return usage_error(L"type add takes one type name", usage);
    type = o.positional[0];
    if (!valid_key_name(type))
        return usage_error(L"a type name is 1 to 255 characters, no backslash", usage);
    if (!o.values[3] || !o.values[3][0])
        return usage_error(L"type add needs --dll <path>", usage);

    status = open_root_or_fail(TRUE, &root);
    if (status)
        return status;
    err = open_entry(root, L"ResourceTypes", type, NULL, TRUE, &key);
    if (!err)
        err = bed_write_sz(key, L"Name", type);
    if (!err)
        err = bed_write_sz(key, L"DllName", o.values[3]);
    if (!err)
        err = write_poll_options(key, &poll);
    if (key)
        RegCloseKey(key);
    RegCloseKey(root);
    if (err)
        return fail_win32(err, L"cannot write the resource type");
    return EXIT_OK;
}

/* The first resource whose Type is type, into name (heap), or NULL. */
static DWORD find_resource_of_type(HKEY root, const WCHAR *type, WCHAR **name)
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
        if (bed_read_sz(&bed_reg_win32, resource, L"Type", &resource_type) == ERROR_SUCCESS &&
            bed_same_name(resource_type, type)) {
            /* Named by its Name, or by its id when it has none. */
            if (bed_read_sz(&bed_reg_win32, resource, L"Name", name) != ERROR_SUCCESS) {
                *name = HeapAlloc(heap, 0, (wcslen(ids[i]) + 1) * sizeof(WCHAR));
                if (*name)
                    wcscpy(*name, ids[i]);
            }
        }
        HeapFree(heap, 0, resource_type);
        RegCloseKey(resource);
    }
    free_strings(ids, count);
    RegCloseKey(resources);
    return err;
}

static int cmd_type_remove(int argc, WCHAR **argv)
{
    const WCHAR *usage = usages[3];
    WCHAR *user = NULL;
    HKEY root, key;
    int status;
    DWORD err;

    if (argc != 1 || !wcsncmp(argv[0], L"--", 2))
        return usage_error(L"type remove takes one type name", usage);
    if (!valid_key_name(argv[0]))
        return fail(L"no resource type named \"", argv[0], L"\"", NULL);
    status = open_root_or_fail(FALSE, &root);
    if (status)
        return status;
    err = open_entry(root, L"ResourceTypes", argv[0], NULL, FALSE, &key);
    if (err == ERROR_FILE_NOT_FOUND) {
        status = fail(L"no resource type named \"", argv[0], L"\"", NULL);
        goto out;
    }
    if (err) {
        status = fail_win32(err, L"cannot open the resource type");
        goto out;
    }
    RegCloseKey(key);
    /* As on a cluster: a type still in use stays. */
    err = find_resource_of_type(root, argv[0], &user);
    if (!err && user) {
        status = fail(L"resource type \"", argv[0], L"\" is still used by resource \"",
                      user, L"\"", NULL);
        goto out;
    }
    if (!err)
        err = delete_entry(root, L"ResourceTypes", argv[0]);
    if (err)
        status = fail_win32(err, L"cannot remove the resource type");
out:
    HeapFree(heap, 0, user);
    RegCloseKey(root);
    return status;
}

static int cmd_res_add(int argc, WCHAR **argv)
{
    static const WCHAR *const names[] = { L"--looksalive", L"--isalive", L"--pending",
                                          L"--type", L"--guid", NULL };
    const WCHAR *usage = usages[4];
    struct options o = { .names = names };
    struct poll_options poll = { .has = { FALSE } };
    WCHAR id[MAX_KEY_NAME + 1], wanted[GUID_CCH + 1];
    WCHAR *other_name = NULL;
    const WCHAR *name, *type;
    HKEY root = NULL, key = NULL;
    BOOL exists;
    int status;
    DWORD err;

    status = parse_options(argc, argv, &o, usage);
    if (!status)
        status = parse_poll_options(&o, 0, &poll, usage);
    if (status)
        return status;
    if (o.positional_count != 1 || !o.positional[0][0])
        return usage_error(L"res add takes one resource name", usage);
    name = o.positional[0];
    type = o.values[3];
    if (!type)
        return usage_error(L"res add needs --type \"<TypeName>\"", usage);
    if (o.values[4] && !normalize_guid(o.values[4], wanted))
        return usage_error(L"--guid takes a GUID like {01234567-89ab-cdef-0123-456789abcdef}",
                           usage);

    status = open_root_or_fail(FALSE, &root);
    if (status)
        return status;
    if (!valid_key_name(type) ||
        open_entry(root, L"ResourceTypes", type, NULL, FALSE, &key)) {
        status = fail(L"no resource type named \"", type,
                      L"\" (add it first with: clusreg type add)", NULL);
        goto out;
    }
    RegCloseKey(key);
    key = NULL;

    err = find_named(root, L"Resources", name, FALSE, id);
    exists = err == ERROR_SUCCESS;
    if (err && err != ERROR_NOT_FOUND) {
        status = fail_win32(err, L"cannot read " ROOT_SHOWN L"\\Resources");
        goto out;
    }
    if (exists && o.values[4] && !bed_same_name(id, wanted)) {
        status = fail(L"resource \"", name, L"\" already exists with guid ", id, NULL);
        goto out;
    }
    if (!exists && !o.values[4]) {
        /* The test bed's one scheme: the guid of the name (bedreg.h). */
        err = bed_guid_for_name(name, wanted);
        if (err) {
            status = fail_win32(err, L"cannot derive the resource's guid from its name");
            goto out;
        }
    }
    if (!exists) {
        /* The guid may belong to a resource of another name. */
        if (!open_entry(root, L"Resources", wanted, NULL, FALSE, &key)) {
            bed_read_sz(&bed_reg_win32, key, L"Name", &other_name);
            status = fail(L"guid ", wanted, L" already belongs to resource \"",
                          other_name ? other_name : L"", L"\"",
                          o.values[4] ? NULL : L" (it is the guid of this name; give another with --guid)",
                          NULL);
            goto out;
        }
        wcscpy(id, wanted);
    }

    err = open_entry(root, L"Resources", id, NULL, TRUE, &key);
    if (!err)
        err = bed_write_sz(key, L"Name", name);
    if (!err)
        err = bed_write_sz(key, L"Type", type);
    if (!err)
        err = write_poll_options(key, &poll);
    if (err) {
        status = fail_win32(err, L"cannot write the resource");
        goto out;
    }
    out(id);
    out(L"\n");
out:
    HeapFree(heap, 0, other_name);
    if (key)
        RegCloseKey(key);
    RegCloseKey(root);
    return status;
}

/* Drops id from every group's Contains. */
static DWORD ungroup(HKEY root, const WCHAR *id)
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
                if (!bed_same_name(contains.items[k], id))
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

static int cmd_res_remove(int argc, WCHAR **argv)
{
    WCHAR id[MAX_KEY_NAME + 1];
    HKEY root;
    int status;
    DWORD err;

    if (argc != 1 || !wcsncmp(argv[0], L"--", 2))
        return usage_error(L"res remove takes one resource name", usages[5]);
    status = open_root_or_fail(FALSE, &root);
    if (status)
        return status;
    status = find_resource_or_fail(root, argv[0], id);
    if (status)
        goto out;
    err = ungroup(root, id);
    if (!err)
        err = delete_entry(root, L"Resources", id);
    if (err)
        status = fail_win32(err, L"cannot remove the resource");
out:
    RegCloseKey(root);
    return status;
}

/* argv[from..] into l, none empty; on an error l is empty again. */
static int collect_strings(int argc, WCHAR **argv, int from, struct list *l,
                           const WCHAR *empty_problem, const WCHAR *usage)
{
    DWORD err = ERROR_SUCCESS;
    int i;

    for (i = from; i < argc && !err; i++) {
        if (!argv[i][0]) {
            list_free(l);
            return usage_error(empty_problem, usage);
        }
        err = list_add(l, argv[i]);
    }
    if (err) {
        list_free(l);
        return fail(L"out of memory", NULL);
    }
    return 0;
}

static int cmd_res_set(int argc, WCHAR **argv)
{
    const WCHAR *usage = usages[6];
    WCHAR id[MAX_KEY_NAME + 1];
    struct list strings = { 0 };
    const WCHAR *kind;
    HKEY root = NULL, parameters = NULL;
    DWORD dword = 0, err = ERROR_SUCCESS;
    int status;

    if (argc < 3)
        return usage_error(L"res set takes a resource, a parameter, a type and a value",
                           usage);
    kind = argv[2];
    if (!wcscmp(kind, L"sz") || !wcscmp(kind, L"expand_sz")) {
        if (argc != 4)
            return usage_error(L"sz takes exactly one value (quote it)", usage);
    } else if (!wcscmp(kind, L"dword")) {
        if (argc != 4)
            return usage_error(L"dword takes exactly one value", usage);
        if (!parse_dword(argv[3], &dword))
            return usage_error(L"a dword is a number from 0 to 4294967295 (or 0x...)",
                               usage);
    } else if (!wcscmp(kind, L"multi_sz")) {
        status = collect_strings(argc, argv, 3, &strings, L"a multi_sz cannot hold an empty string",
                                 usage);
        if (status)
            return status;
    } else {
        return usage_error(L"the type is sz, expand_sz, dword or multi_sz", usage);
    }

    status = open_root_or_fail(FALSE, &root);
    if (status)
        goto out;
    status = find_resource_or_fail(root, argv[0], id);
    if (status)
        goto out;
    err = open_entry(root, L"Resources", id, L"Parameters", TRUE, &parameters);
    if (!err) {
        if (!wcscmp(kind, L"sz"))
            err = bed_write_sz(parameters, argv[1], argv[3]);
        else if (!wcscmp(kind, L"expand_sz"))
            err = RegSetValueExW(parameters, argv[1], 0, REG_EXPAND_SZ,
                                 (const BYTE *)argv[3],
                                 (DWORD)((wcslen(argv[3]) + 1) * sizeof(WCHAR)));
        else if (!wcscmp(kind, L"dword"))
            err = bed_write_dword(parameters, argv[1], dword);
        else
            err = write_list(parameters, argv[1], &strings);
    }
    if (err)
        status = fail_win32(err, L"cannot write the parameter");
out:
    list_free(&strings);
    if (parameters)
        RegCloseKey(parameters);
    if (root)
        RegCloseKey(root);
    return status;
}

/* The resource's Possible Owners (its PossibleOwners value), as cluster.exe's
 * /addowner and /removeowner leave them: the whole list, replaced. */
static int cmd_res_owners(int argc, WCHAR **argv)
{
    const WCHAR *usage = usages[14];
    WCHAR id[MAX_KEY_NAME + 1];
    struct list nodes = { 0 };
    HKEY root = NULL, res = NULL;
    DWORD err;
    int status;

    if (argc < 2)
        return usage_error(L"res owners takes a resource and at least one node", usage);
    status = collect_strings(argc, argv, 1, &nodes, L"a node name cannot be empty", usage);
    if (status)
        return status;
    status = open_root_or_fail(FALSE, &root);
    if (status)
        goto out;
    status = find_resource_or_fail(root, argv[0], id);
    if (status)
        goto out;
    err = open_entry(root, L"Resources", id, NULL, FALSE, &res);
    if (!err)
        err = write_list(res, L"PossibleOwners", &nodes);
    if (err)
        status = fail_win32(err, L"cannot write PossibleOwners");
out:
    list_free(&nodes);
    if (res)
        RegCloseKey(res);
    if (root)
        RegCloseKey(root);
    return status;
}

static int cmd_res_unset(int argc, WCHAR **argv)
{
    WCHAR id[MAX_KEY_NAME + 1];
    HKEY root, parameters = NULL;
    int status;
    DWORD err;

    if (argc != 2)
        return usage_error(L"res unset takes a resource and a parameter", usages[7]);
    status = open_root_or_fail(FALSE, &root);
    if (status)
        return status;
    status = find_resource_or_fail(root, argv[0], id);
    if (status)
        goto out;
    err = open_entry(root, L"Resources", id, L"Parameters", FALSE, &parameters);
    if (!err)
        err = RegDeleteValueW(parameters, argv[1]);
    if (err == ERROR_FILE_NOT_FOUND)
        status = fail(L"resource \"", argv[0], L"\" has no parameter ", argv[1], NULL);
    else if (err)
        status = fail_win32(err, L"cannot remove the parameter");
out:
    if (parameters)
        RegCloseKey(parameters);
    RegCloseKey(root);
    return status;
}

static int cmd_res_get(int argc, WCHAR **argv)
{
    WCHAR id[MAX_KEY_NAME + 1];
    struct value *values = NULL;
    DWORD count = 0, i, err;
    struct rt_text t = { 0 };
    HKEY root, parameters = NULL;
    BOOL found = FALSE;
    int status;

    if (argc != 1 && argc != 2)
        return usage_error(L"res get takes a resource and maybe a parameter",
                           usages[8]);
    status = open_root_or_fail(FALSE, &root);
    if (status)
        return status;
    status = find_resource_or_fail(root, argv[0], id);
    if (status)
        goto out;
    err = open_entry(root, L"Resources", id, L"Parameters", FALSE, &parameters);
    if (!err)
        err = read_values(parameters, &values, &count);
    if (err && err != ERROR_FILE_NOT_FOUND) {
        status = fail_win32(err, L"cannot read the parameters");
        goto out;
    }
    for (i = 0; i < count; i++) {
        const struct value *v = &values[i];

        if (argc == 1) {
            add_value_line(&t, v);
            continue;
        }
        if (!bed_same_name(v->name, argv[1]))
            continue;
        found = TRUE;
        /* One parameter: its plain value, for shell scripts. */
        if ((v->type == REG_SZ || v->type == REG_EXPAND_SZ) &&
            is_sz_data(v->data, v->size)) {
            rt_text_add(&t, (const WCHAR *)v->data);
        } else if (v->type == REG_DWORD && v->size == sizeof(DWORD)) {
            rt_text_add_u64(&t, *(const DWORD *)v->data);
        } else if (v->type == REG_MULTI_SZ && is_multi_sz_data(v->data, v->size)) {
            const WCHAR *s;

            for (s = (const WCHAR *)v->data; *s; s += wcslen(s) + 1) {
                rt_text_add(&t, s);
                if (s[wcslen(s) + 1])
                    rt_text_add(&t, L"\n");
            }
        } else {
            add_data(&t, v->type, v->data, v->size);
        }
        rt_text_add(&t, L"\n");
    }
    if (argc == 2 && !found) {
        status = fail(L"resource \"", argv[0], L"\" has no parameter ", argv[1], NULL);
        goto out;
    }
    if (t.failed) {
        status = fail(L"out of memory", NULL);
        goto out;
    }
    if (t.len)
        out(t.data);
out:
    rt_text_free(&t);
    free_values(values, count);
    if (parameters)
        RegCloseKey(parameters);
    RegCloseKey(root);
    return status;
}

/* The name of the group (other than except) that contains resource id. */
static DWORD find_group_of(HKEY root, const WCHAR *id, const WCHAR *except,
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

        if (except && bed_same_name(groups[i], except))
            continue;
        if (RegOpenKeyExW(parent, groups[i], 0, KEY_READ, &group))
            continue;
        if (read_list(group, L"Contains", &contains) == ERROR_SUCCESS &&
            list_has(&contains, id)) {
            /* Named by its Name, or by its id when it has none. */
            if (bed_read_sz(&bed_reg_win32, group, L"Name", group_name) != ERROR_SUCCESS) {
                *group_name = HeapAlloc(heap, 0,
                                        (wcslen(groups[i]) + 1) * sizeof(WCHAR));
                if (*group_name)
                    wcscpy(*group_name, groups[i]);
            }
        }
        list_free(&contains);
        RegCloseKey(group);
    }
    free_strings(groups, count);
    RegCloseKey(parent);
    return err;
}

/* Creates Groups\<the guid of name> (bedreg.h); ERROR_ALREADY_EXISTS when
   that key is there already (another group's). */
static DWORD new_group_key(HKEY root, const WCHAR *name, WCHAR id[MAX_KEY_NAME + 1], HKEY *group)
{
    DWORD err = bed_guid_for_name(name, id);

    if (err)
        return err;
    if (!open_entry(root, L"Groups", id, NULL, FALSE, group)) {
        RegCloseKey(*group);
        *group = NULL;
        return ERROR_ALREADY_EXISTS;
    }
    return open_entry(root, L"Groups", id, NULL, TRUE, group);
}

static int cmd_group_add(int argc, WCHAR **argv)
{
    static const WCHAR *const names[] = { L"--contains", L"--owner", NULL };
    const WCHAR *usage = usages[9];
    struct options o = { .names = names };
    WCHAR id[MAX_KEY_NAME + 1], resource_id[MAX_KEY_NAME + 1];
    struct list contains = { 0 }, owners = { 0 };
    WCHAR *other = NULL;
    const WCHAR *name;
    HKEY root = NULL, group = NULL;
    BOOL exists;
    int status;
    size_t i;
    DWORD err;

    status = parse_options(argc, argv, &o, usage);
    if (status)
        return status;
    if (o.positional_count != 1 || !o.positional[0][0])
        return usage_error(L"group add takes one group name", usage);
    name = o.positional[0];

    status = open_root_or_fail(FALSE, &root);
    if (status)
        return status;
    err = find_named(root, L"Groups", name, FALSE, id);
    exists = err == ERROR_SUCCESS;
    if (exists)
        err = open_entry(root, L"Groups", id, NULL, FALSE, &group);
    else if (err == ERROR_NOT_FOUND)
        err = ERROR_SUCCESS;
    if (!err && exists)
        err = read_list(group, L"Contains", &contains);
    if (!err && exists)
        err = read_list(group, L"PreferredOwners", &owners);
    if (err) {
        status = fail_win32(err, L"cannot open the group");
        goto out;
    }
    /* Every resource is checked before anything is written. */
    for (i = 0; i < o.list_len[0]; i++) {
        status = find_resource_or_fail(root, o.lists[0][i], resource_id);
        if (status)
            goto out;
        /* As on a cluster: a resource lives in one group. */
        err = find_group_of(root, resource_id, exists ? id : NULL, &other);
        if (!err && other) {
            status = fail(L"resource \"", o.lists[0][i], L"\" already belongs to group \"",
                          other, L"\"", NULL);
            goto out;
        }
        if (!err && !list_has(&contains, resource_id))
            err = list_add(&contains, resource_id);
        if (err) {
            status = fail_win32(err, L"cannot update the group");
            goto out;
        }
    }
    for (i = 0; i < o.list_len[1] && !err; i++) {
        if (!list_has(&owners, o.lists[1][i]))
            err = list_add(&owners, o.lists[1][i]);
    }
    if (!err && !exists) {
        err = new_group_key(root, name, id, &group);
        if (err == ERROR_ALREADY_EXISTS) {
            status = fail(L"guid ", id, L" (the guid of the group's name) already belongs to another group;"
                          L" remove that group first", NULL);
            goto out;
        }
    }
    if (!err)
        err = bed_write_sz(group, L"Name", name);
    if (!err)
        err = write_list(group, L"Contains", &contains);
    if (!err)
        err = write_list(group, L"PreferredOwners", &owners);
    if (err) {
        status = fail_win32(err, L"cannot write the group");
        goto out;
    }
    out(id);
    out(L"\n");
out:
    HeapFree(heap, 0, other);
    list_free(&contains);
    list_free(&owners);
    if (group)
        RegCloseKey(group);
    RegCloseKey(root);
    return status;
}

static int cmd_group_remove(int argc, WCHAR **argv)
{
    WCHAR id[MAX_KEY_NAME + 1];
    HKEY root;
    int status;
    DWORD err;

    if (argc != 1 || !wcsncmp(argv[0], L"--", 2))
        return usage_error(L"group remove takes one group name", usages[10]);
    status = open_root_or_fail(FALSE, &root);
    if (status)
        return status;
    err = find_named(root, L"Groups", argv[0], TRUE, id);
    if (err == ERROR_NOT_FOUND)
        status = fail(L"no group named \"", argv[0], L"\"", NULL);
    else if (!err)
        err = delete_entry(root, L"Groups", id);
    if (err && err != ERROR_NOT_FOUND)
        status = fail_win32(err, L"cannot remove the group");
    RegCloseKey(root);
    return status;
}

static int cmd_dump(int argc, WCHAR **argv)
{
    struct rt_text t = { 0 };
    int status;

    if (argc)
        return usage_error(L"dump takes no arguments", usages[11]);
    status = dump_database(&t);
    if (!status && !write_utf8(GetStdHandle(STD_OUTPUT_HANDLE), t.data, t.len))
        status = fail_win32(GetLastError(), L"cannot write the dump");
    rt_text_free(&t);
    return status;
}

static int cmd_export(int argc, WCHAR **argv)
{
    struct rt_text t = { 0 };
    HANDLE file;
    int status;

    if (argc != 1 || !argv[0][0])
        return usage_error(L"export takes one file name", usages[12]);
    status = dump_database(&t);
    if (status)
        goto out;
    file = CreateFileW(argv[0], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                       FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        status = fail_win32(GetLastError(), L"cannot create the export file");
        goto out;
    }
    if (!write_utf8(file, t.data, t.len))
        status = fail_win32(GetLastError(), L"cannot write the export file");
    CloseHandle(file);
out:
    rt_text_free(&t);
    return status;
}

/* The test hook of the import's restore: CLUSREG_FAIL_WRITE=N makes the
   import's Nth registry write fail (ERROR_WRITE_FAULT), as a full disk or a
   revoked right would; 0 or unset: never. */
static unsigned long writes_until_failure(void)
{
    WCHAR value[16];
    DWORD n = GetEnvironmentVariableW(L"CLUSREG_FAIL_WRITE", value, ARRAY_SIZE(value));
    DWORD number;

    return n && n < ARRAY_SIZE(value) && parse_dword(value, &number) ? number : 0;
}

/* Creates the key of path (relative to HKLM) one level at a time: Windows
   creates at most 32 new levels in one call. */
static DWORD create_path(const WCHAR *path, HKEY *out)
{
    WCHAR name[MAX_KEY_NAME + 1];
    HKEY parent = HKEY_LOCAL_MACHINE, child;
    const WCHAR *p = path;
    DWORD err = ERROR_SUCCESS;

    while (*p) {
        size_t n = 0;

        while (p[n] && p[n] != L'\\')
            n++;
        memcpy(name, p, n * sizeof(WCHAR));
        name[n] = 0;
        err = RegCreateKeyExW(parent, name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &child, NULL);
        if (parent != HKEY_LOCAL_MACHINE)
            RegCloseKey(parent);
        if (err)
            return err;
        parent = child;
        p += n + (p[n] ? 1 : 0);
    }
    *out = parent;
    return err;
}

/* Writes every key and value of p into an empty HKLM\Cluster. With
   fail_at, that write fails (the test hook above). */
static DWORD write_parsed(const struct rt_parsed *p, unsigned long fail_at)
{
    HKEY *keys = HeapAlloc(heap, HEAP_ZERO_MEMORY, (p->key_count ? p->key_count : 1) * sizeof(*keys));
    unsigned long writes = 0;
    DWORD err = ERROR_SUCCESS;
    size_t i;

    if (!keys)
        return ERROR_NOT_ENOUGH_MEMORY;
    for (i = 0; !err && i < p->key_count; i++)
        err = ++writes == fail_at ? ERROR_WRITE_FAULT : create_path(p->keys[i], &keys[i]);
    for (i = 0; !err && i < p->value_count; i++) {
        const struct rt_value *v = &p->values[i];

        err = ++writes == fail_at ? ERROR_WRITE_FAULT
                                  : RegSetValueExW(keys[v->key], v->name, 0, v->type, v->data, v->size);
    }
    for (i = 0; i < p->key_count; i++) {
        if (keys[i])
            RegCloseKey(keys[i]);
    }
    HeapFree(heap, 0, keys);
    return err;
}

/* Replaces HKLM\Cluster with the file's content, all or nothing: the file is
   read and checked against every registry limit before the database is
   touched, and the database as it was is kept (in its own text form) and
   written back if a write fails halfway. */
static int cmd_import(int argc, WCHAR **argv)
{
    struct rt_parsed p = { 0 }, backup = { 0 };
    struct rt_text saved = { 0 };
    WCHAR *text = NULL;
    HKEY root;
    BOOL had_root;
    unsigned line;
    int status;
    DWORD err, undo;

    if (argc != 1 || !argv[0][0])
        return usage_error(L"import takes one file name", usages[13]);
    status = read_text_file(argv[0], &text);
    if (!status)
        status = parse_text(argv[0], text, &p);
    if (status)
        goto out;

    had_root = open_root(FALSE, &root) == ERROR_SUCCESS;
    if (had_root) {
        RegCloseKey(root);
        status = dump_database(&saved);
        if (status)
            goto out;
        if (rt_parse_text(saved.data, &backup, &line)) {
            status = fail(L"cannot import: the database as it is could not be kept for a restore; "
                          L"nothing was changed", NULL);
            goto out;
        }
    }

    err = delete_root();
    if (!err)
        err = write_parsed(&p, writes_until_failure());
    if (!err)
        goto out;
    undo = delete_root();
    if (!undo && had_root)
        undo = write_parsed(&backup, 0);
    if (undo)
        status = fail_win32(err, L"cannot write " ROOT_SHOWN L", and putting the database back as it "
                                 L"was failed too (it may now be incomplete; import an export to repair it)");
    else
        status = fail_win32(err, L"cannot write " ROOT_SHOWN L"; the database was put back as it was");
out:
    HeapFree(heap, 0, text);
    rt_text_free(&saved);
    rt_parsed_free(&p);
    rt_parsed_free(&backup);
    return status;
}

/* ------------------------------------------------------------------ main */

struct command {
    const WCHAR *noun, *verb;
    int (*run)(int argc, WCHAR **argv);
};

static const struct command commands[] = {
    { L"init",    NULL,       cmd_init },
    { L"destroy", NULL,       cmd_destroy },
    { L"type",    L"add",     cmd_type_add },
    { L"type",    L"remove",  cmd_type_remove },
    { L"res",     L"add",     cmd_res_add },
    { L"res",     L"remove",  cmd_res_remove },
    { L"res",     L"set",     cmd_res_set },
    { L"res",     L"unset",   cmd_res_unset },
    { L"res",     L"get",     cmd_res_get },
    { L"res",     L"owners",  cmd_res_owners },
    { L"group",   L"add",     cmd_group_add },
    { L"group",   L"remove",  cmd_group_remove },
    { L"dump",    NULL,       cmd_dump },
    { L"export",  NULL,       cmd_export },
    { L"import",  NULL,       cmd_import },
};

int wmain(int argc, WCHAR **argv)
{
    size_t i;

    heap = GetProcessHeap();
    if (argc < 2 || !wcscmp(argv[1], L"--help") || !wcscmp(argv[1], L"-h") ||
        !wcscmp(argv[1], L"/?"))
        return usage_all();
    for (i = 0; i < ARRAY_SIZE(commands); i++) {
        const struct command *c = &commands[i];

        if (wcscmp(argv[1], c->noun))
            continue;
        if (!c->verb)
            return c->run(argc - 2, argv + 2);
        if (argc >= 3 && !wcscmp(argv[2], c->verb))
            return c->run(argc - 3, argv + 3);
    }
    fail(L"unknown command: ", argv[1], argc >= 3 ? L" " : L"", argc >= 3 ? argv[2] : L"",
         L" (run clusreg without arguments for usage)", NULL);
    return EXIT_USAGE;
}

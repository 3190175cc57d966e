/*
 * textout.c - the text form of the database going out: dump, export, and a
 * value's line (res get). The form: tests/bed/clusreg/NOTES.md.
 */
#include "clusreg.h"

BOOL is_sz_data(const BYTE *data, DWORD size)
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
BOOL is_multi_sz_data(const BYTE *data, DWORD size)
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
void add_data(struct rt_text *t, DWORD type, const BYTE *data, DWORD size)
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

void add_value_line(struct rt_text *t, const struct value *v)
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

int dump_database(struct rt_text *t)
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

int cmd_dump(int argc, WCHAR **argv, const WCHAR *usage)
{
    struct rt_text t = { 0 };
    int status;

    if (argc)
        return usage_error(L"dump takes no arguments", usage);
    status = dump_database(&t);
    if (!status && !write_utf8(GetStdHandle(STD_OUTPUT_HANDLE), t.data, t.len))
        status = fail_win32(GetLastError(), L"cannot write the dump");
    rt_text_free(&t);
    return status;
}

int cmd_export(int argc, WCHAR **argv, const WCHAR *usage)
{
    struct rt_text t = { 0 };
    HANDLE file;
    int status;

    if (argc != 1 || !argv[0][0])
        return usage_error(L"export takes one file name", usage);
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

/*
 * clusreg_text.c - the text form of the database (NOTES.md): writing it
 * (dump, export), reading a file of it, and writing a parsed one into the
 * registry all or nothing (import). The parser itself: regtext.c.
 */
#include "clusreg.h"

/* ------------------------------------------------------------ text form */

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

int read_text_file(const WCHAR *file, WCHAR **out)
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
    bytes = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)size.QuadPart + 1);
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
    text = HeapAlloc(GetProcessHeap(), 0, ((size_t)cch + 1) * sizeof(WCHAR));
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
    HeapFree(GetProcessHeap(), 0, text);
    HeapFree(GetProcessHeap(), 0, bytes);
    CloseHandle(handle);
    return status;
}

/* The file's text parsed, every registry limit checked; a problem is
   reported as <file>:<line>: <what>. */
int parse_text(const WCHAR *file, WCHAR *text, struct rt_parsed *p)
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

/* The test hook of the import's restore: CLUSREG_FAIL_WRITE=N makes the
   import's Nth registry write fail (ERROR_WRITE_FAULT), as a full disk or a
   revoked right would; 0 or unset: never. */
unsigned long writes_until_failure(void)
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
DWORD write_parsed(const struct rt_parsed *p, unsigned long fail_at)
{
    HKEY *keys = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, (p->key_count ? p->key_count : 1) * sizeof(*keys));
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
    HeapFree(GetProcessHeap(), 0, keys);
    return err;
}

/*
 * textin.c - the text form coming in: import, all or nothing. The parser
 * itself (pure, fuzzed) is regtext.c.
 */
#include "clusreg.h"

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

/* Replaces HKLM\Cluster with the file's content, all or nothing: the file is
   read and checked against every registry limit before the database is
   touched, and the database as it was is kept (in its own text form) and
   written back if a write fails halfway. */
int cmd_import(int argc, WCHAR **argv, const WCHAR *usage)
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
        return usage_error(L"import takes one file name", usage);
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
    HeapFree(GetProcessHeap(), 0, text);
    rt_text_free(&saved);
    rt_parsed_free(&p);
    rt_parsed_free(&backup);
    return status;
}

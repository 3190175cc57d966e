/*
 * bedreg.c - the registry helpers and the database layout of bedreg.h,
 * over advapi32 (bed_reg_win32) or any other bed_reg_ops.
 */
#include "bedreg.h"

#include <wincrypt.h>
#include <string.h>

static LONG win32_open(HKEY parent, const WCHAR *sub, REGSAM sam, HKEY *key)
{
    return RegOpenKeyExW(parent, sub, 0, sam, key);
}

static LONG win32_enum_key(HKEY key, DWORD index, WCHAR *name, DWORD *cch)
{
    return RegEnumKeyExW(key, index, name, cch, NULL, NULL, NULL, NULL);
}

static LONG win32_query(HKEY key, const WCHAR *name, DWORD *type, BYTE *data, DWORD *size)
{
    return RegQueryValueExW(key, name, NULL, type, data, size);
}

static LONG win32_close(HKEY key)
{
    return RegCloseKey(key);
}

const bed_reg_ops bed_reg_win32 = { win32_open, win32_enum_key, win32_query, win32_close };

void bed_free(void *p)
{
    if (p)
        HeapFree(GetProcessHeap(), 0, p);
}

DWORD bed_read_sz(const bed_reg_ops *ops, HKEY key, const WCHAR *name, WCHAR **out)
{
    HANDLE heap = GetProcessHeap();
    WCHAR *text = NULL;
    DWORD type = REG_NONE, size = 0;
    DWORD err;

    *out = NULL;
    err = (DWORD)ops->query(key, name, &type, NULL, &size);
    if (err)
        goto out;
    if (type != REG_SZ && type != REG_EXPAND_SZ) {
        err = ERROR_DATATYPE_MISMATCH;
        goto out;
    }
    /* Room for a terminator the data may lack; the size may also grow
       between the two calls, which then fails with ERROR_MORE_DATA. */
    text = HeapAlloc(heap, HEAP_ZERO_MEMORY, size + 2 * sizeof(WCHAR));
    if (!text) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    err = (DWORD)ops->query(key, name, &type, (BYTE *)text, &size);
    if (err)
        goto out;
    text[size / sizeof(WCHAR)] = 0;
    *out = text;
    text = NULL;
out:
    bed_free(text);
    return err;
}

DWORD bed_read_sz_into(const bed_reg_ops *ops, HKEY key, const WCHAR *name, WCHAR *buf, DWORD cch)
{
    WCHAR *text = NULL;
    DWORD err = bed_read_sz(ops, key, name, &text);
    size_t len;

    if (!cch)
        return ERROR_INSUFFICIENT_BUFFER;
    buf[0] = 0;
    if (err)
        return err;
    len = wcslen(text);
    if (len < cch)
        memcpy(buf, text, (len + 1) * sizeof(WCHAR));
    else
        err = ERROR_MORE_DATA;
    bed_free(text);
    return err;
}

BOOL bed_same_name(const WCHAR *a, const WCHAR *b)
{
    return CompareStringOrdinal(a, -1, b, -1, TRUE) == CSTR_EQUAL;
}

/* Is the entry parent\id named name? */
static BOOL entry_named(const bed_reg_ops *ops, HKEY parent, const WCHAR *id, const WCHAR *name)
{
    WCHAR *entry_name = NULL;
    HKEY entry;
    BOOL match;

    if (ops->open(parent, id, KEY_QUERY_VALUE, &entry))
        return FALSE;
    match = bed_read_sz(ops, entry, L"Name", &entry_name) == ERROR_SUCCESS && bed_same_name(entry_name, name);
    bed_free(entry_name);
    ops->close(entry);
    return match;
}

DWORD bed_find_by_name(const bed_reg_ops *ops, HKEY parent, const WCHAR *collection, const WCHAR *name,
                       unsigned flags, WCHAR id[BED_MAX_KEY_NAME + 1])
{
    WCHAR sub[BED_MAX_KEY_NAME + 2];
    BOOL id_matched = FALSE;
    HKEY entries = NULL;
    DWORD index, err;

    err = (DWORD)ops->open(parent, collection, KEY_READ, &entries);
    if (err == ERROR_FILE_NOT_FOUND)
        err = ERROR_NOT_FOUND;
    if (err)
        return err;
    for (index = 0;; index++) {
        DWORD cch = ARRAYSIZE(sub);

        err = (DWORD)ops->enum_key(entries, index, sub, &cch);
        if (err == ERROR_NO_MORE_ITEMS)
            break;
        if (err)
            goto out;
        if (entry_named(ops, entries, sub, name)) {
            memcpy(id, sub, (cch + 1) * sizeof(WCHAR));
            err = ERROR_SUCCESS;
            goto out;
        }
        if ((flags & BED_FIND_BY_ID) && !id_matched && bed_same_name(sub, name)) {
            memcpy(id, sub, (cch + 1) * sizeof(WCHAR));
            id_matched = TRUE;
        }
    }
    err = id_matched ? ERROR_SUCCESS : ERROR_NOT_FOUND;
out:
    ops->close(entries);
    return err;
}

/* MD5 through the system's base provider: no hash code of our own. */
static DWORD md5(const BYTE *data, DWORD size, BYTE digest[16])
{
    HCRYPTPROV provider = 0;
    HCRYPTHASH hash = 0;
    DWORD len = 16, err = ERROR_SUCCESS;

    if (!CryptAcquireContextW(&provider, NULL, NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT) ||
        !CryptCreateHash(provider, CALG_MD5, 0, 0, &hash) || !CryptHashData(hash, data, size, 0) ||
        !CryptGetHashParam(hash, HP_HASHVAL, digest, &len, 0))
        err = GetLastError() ? GetLastError() : ERROR_INVALID_FUNCTION;
    if (hash)
        CryptDestroyHash(hash);
    if (provider)
        CryptReleaseContext(provider, 0);
    return err;
}

DWORD bed_guid_for_name(const WCHAR *name, WCHAR guid[BED_GUID_CCH + 1])
{
    static const WCHAR hex[] = L"0123456789abcdef";
    BYTE digest[16];
    char *utf8;
    int size, i, d = 0;
    DWORD err;

    size = WideCharToMultiByte(CP_UTF8, 0, name, -1, NULL, 0, NULL, NULL);
    utf8 = size > 0 ? HeapAlloc(GetProcessHeap(), 0, (SIZE_T)size) : NULL;
    if (!utf8)
        return size > 0 ? ERROR_NOT_ENOUGH_MEMORY : GetLastError();
    WideCharToMultiByte(CP_UTF8, 0, name, -1, utf8, size, NULL, NULL);
    err = md5((const BYTE *)utf8, (DWORD)size - 1, digest);
    bed_free(utf8);
    if (err)
        return err;
    guid[d++] = L'{';
    for (i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            guid[d++] = L'-';
        guid[d++] = hex[digest[i] >> 4];
        guid[d++] = hex[digest[i] & 15];
    }
    guid[d++] = L'}';
    guid[d] = 0;
    return ERROR_SUCCESS;
}

DWORD bed_write_sz(HKEY key, const WCHAR *name, const WCHAR *text)
{
    return (DWORD)RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)text,
                                 (DWORD)((wcslen(text) + 1) * sizeof(WCHAR)));
}

DWORD bed_write_dword(HKEY key, const WCHAR *name, DWORD value)
{
    return (DWORD)RegSetValueExW(key, name, 0, REG_DWORD, (const BYTE *)&value, sizeof(value));
}

DWORD bed_db_resource_path(const WCHAR *name, WCHAR *path, DWORD cch)
{
    static const WCHAR prefix[] = BED_DB_ROOT L"\\" BED_DB_RESOURCES L"\\";
    WCHAR guid[BED_GUID_CCH + 1];
    DWORD err = bed_guid_for_name(name, guid);

    if (err)
        return err;
    if (cch < ARRAYSIZE(prefix) + BED_GUID_CCH)
        return ERROR_INSUFFICIENT_BUFFER;
    memcpy(path, prefix, sizeof(prefix));
    memcpy(path + ARRAYSIZE(prefix) - 1, guid, sizeof(guid));
    return ERROR_SUCCESS;
}

DWORD bed_delete_tree(HKEY parent, const WCHAR *path)
{
    DWORD err = (DWORD)RegDeleteTreeW(parent, path);
    return err == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : err;
}

DWORD bed_db_remove_resource(const WCHAR *name)
{
    WCHAR path[ARRAYSIZE(BED_DB_ROOT) + ARRAYSIZE(BED_DB_RESOURCES) + BED_GUID_CCH + 2];
    DWORD err = bed_db_resource_path(name, path, ARRAYSIZE(path));

    return err ? err : bed_delete_tree(HKEY_LOCAL_MACHINE, path);
}

DWORD bed_db_make_resource(const WCHAR *name, const WCHAR *type, HKEY *key, HKEY *params)
{
    WCHAR path[ARRAYSIZE(BED_DB_ROOT) + ARRAYSIZE(BED_DB_RESOURCES) + BED_GUID_CCH + 2];
    DWORD err;

    *key = NULL;
    if (params)
        *params = NULL;
    err = bed_db_remove_resource(name);
    if (!err)
        err = bed_db_resource_path(name, path, ARRAYSIZE(path));
    if (!err)
        err = (DWORD)RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, key, NULL);
    if (!err)
        err = bed_write_sz(*key, L"Name", name);
    if (!err)
        err = bed_write_sz(*key, L"Type", type);
    if (!err && params)
        err = (DWORD)RegCreateKeyExW(*key, BED_DB_PARAMETERS, 0, NULL, 0, KEY_ALL_ACCESS, NULL, params, NULL);
    if (err && *key) {
        RegCloseKey(*key);
        *key = NULL;
    }
    return err;
}

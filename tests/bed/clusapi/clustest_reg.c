/*
 * clustest_reg.c - clustest's tests of the ClusterReg* calls: creating and
 * opening keys, values and their size protocol, enumeration, deletion and
 * key security, each asserting the exact return code.
 */
#include "clustest.h"

void test_create_open(HKEY root)
{
    HKEY key, same, bogus = (HKEY)(ULONG_PTR)0xdeadbeef;
    DWORD disposition, value = 7, size;
    LONG err;

    disposition = 0xdeadbeef;
    err = ClusterRegCreateKey(root, SCRATCH, 0, KEY_ALL_ACCESS, NULL, &key,
                              &disposition);
    ok(err == ERROR_SUCCESS, "ClusterRegCreateKey: %ld\n", err);
    ok(disposition == REG_CREATED_NEW_KEY, "disposition %lu\n", disposition);
    ClusterRegCloseKey(key);

    disposition = 0xdeadbeef;
    err = ClusterRegCreateKey(root, SCRATCH, 0, KEY_ALL_ACCESS, NULL, &key,
                              &disposition);
    ok(err == ERROR_SUCCESS, "ClusterRegCreateKey again: %ld\n", err);
    ok(disposition == REG_OPENED_EXISTING_KEY, "disposition %lu\n", disposition);

    /* Optional disposition, several levels at once. */
    err = ClusterRegCreateKey(root, SCRATCH L"\\a\\b", 0, KEY_ALL_ACCESS, NULL,
                              &same, NULL);
    ok(err == ERROR_SUCCESS, "ClusterRegCreateKey a\\b: %ld\n", err);
    ClusterRegCloseKey(same);

    /* An empty subkey is the key itself. */
    err = ClusterRegCreateKey(key, L"", 0, KEY_ALL_ACCESS, NULL, &same, NULL);
    ok(err == ERROR_SUCCESS, "ClusterRegCreateKey(\"\"): %ld\n", err);
    if (!err) {
        ClusterRegSetValue(same, L"Through", REG_DWORD, (BYTE *)&value, sizeof(value));
        value = 0;
        size = sizeof(value);
        err = ClusterRegQueryValue(key, L"Through", NULL, (BYTE *)&value, &size);
        ok(err == ERROR_SUCCESS && value == 7, "value through \"\": %ld, %lu\n",
           err, value);
        ClusterRegCloseKey(same);
    }

    same = (HKEY)(ULONG_PTR)0xdeadbeef;
    err = ClusterRegCreateKey(NULL, SCRATCH, 0, KEY_ALL_ACCESS, NULL, &same, NULL);
    ok(err == ERROR_INVALID_HANDLE, "NULL key: %ld\n", err);
    err = ClusterRegCreateKey(HKEY_LOCAL_MACHINE, L"Cluster", 0, KEY_ALL_ACCESS,
                              NULL, &same, NULL);
    ok(err == ERROR_INVALID_HANDLE, "HKEY_LOCAL_MACHINE: %ld\n", err);
    err = ClusterRegCreateKey(bogus, SCRATCH, 0, KEY_ALL_ACCESS, NULL, &same, NULL);
    ok(err == ERROR_INVALID_HANDLE, "bogus key: %ld\n", err);
    err = ClusterRegCreateKey(root, NULL, 0, KEY_ALL_ACCESS, NULL, &same, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "NULL subkey: %ld\n", err);
    err = ClusterRegCreateKey(root, L"\\" SCRATCH, 0, KEY_ALL_ACCESS, NULL, &same,
                              NULL);
    ok(err == ERROR_INVALID_PARAMETER, "leading backslash: %ld\n", err);
    err = ClusterRegCreateKey(root, SCRATCH, 0, KEY_ALL_ACCESS, NULL, NULL, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "NULL phkResult: %ld\n", err);
    same = (HKEY)(ULONG_PTR)0xdeadbeef;
    err = ClusterRegCreateKey(root, SCRATCH L"\\volatile", REG_OPTION_VOLATILE,
                              KEY_ALL_ACCESS, NULL, &same, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "REG_OPTION_VOLATILE: %ld\n", err);
    ok(same == NULL, "phkResult %p after a failure\n", same);

    err = ClusterRegOpenKey(root, SCRATCH L"\\a", KEY_READ, &same);
    ok(err == ERROR_SUCCESS, "ClusterRegOpenKey: %ld\n", err);
    ClusterRegCloseKey(same);
    err = ClusterRegOpenKey(key, L"a\\b", KEY_READ, &same);
    ok(err == ERROR_SUCCESS, "ClusterRegOpenKey a\\b: %ld\n", err);
    ClusterRegCloseKey(same);
    same = (HKEY)(ULONG_PTR)0xdeadbeef;
    err = ClusterRegOpenKey(key, L"missing", KEY_READ, &same);
    ok(err == ERROR_FILE_NOT_FOUND, "missing key: %ld\n", err);
    ok(same == NULL, "phkResult %p after a failure\n", same);
    err = ClusterRegOpenKey(key, NULL, KEY_READ, &same);
    ok(err == ERROR_INVALID_PARAMETER, "NULL subkey: %ld\n", err);
    err = ClusterRegOpenKey(key, L"\\a", KEY_READ, &same);
    ok(err == ERROR_INVALID_PARAMETER, "leading backslash: %ld\n", err);
    err = ClusterRegOpenKey(NULL, L"a", KEY_READ, &same);
    ok(err == ERROR_INVALID_HANDLE, "NULL key: %ld\n", err);
    err = ClusterRegOpenKey(HKEY_LOCAL_MACHINE, L"Cluster", KEY_READ, &same);
    ok(err == ERROR_INVALID_HANDLE, "HKEY_LOCAL_MACHINE: %ld\n", err);
    err = ClusterRegOpenKey(bogus, L"a", KEY_READ, &same);
    ok(err == ERROR_INVALID_HANDLE, "bogus key: %ld\n", err);
    err = ClusterRegOpenKey(key, L"a", KEY_READ, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "NULL phkResult: %ld\n", err);

    err = ClusterRegOpenKey(key, L"a", KEY_READ, &same);
    ok(ClusterRegCloseKey(same) == ERROR_SUCCESS, "ClusterRegCloseKey failed\n");
    err = ClusterRegCloseKey(same);
    ok(err == ERROR_INVALID_HANDLE, "second ClusterRegCloseKey: %ld\n", err);
    err = ClusterRegCloseKey(NULL);
    ok(err == ERROR_INVALID_HANDLE, "ClusterRegCloseKey(NULL): %ld\n", err);
    err = ClusterRegCloseKey(HKEY_LOCAL_MACHINE);
    ok(err == ERROR_INVALID_HANDLE, "ClusterRegCloseKey(HKLM): %ld\n", err);

    ClusterRegCloseKey(key);
}

void test_values(HKEY key)
{
    static const WCHAR multi[] = L"a\0bc\0";        /* plus the implicit final NUL */
    static const BYTE binary[] = { 1, 2, 3 };
    WCHAR text[32];
    BYTE buffer[64];
    DWORD type, size, value = 42;
    LONG err;

    err = ClusterRegSetValue(key, L"Sz", REG_SZ, (const BYTE *)L"hello",
                             sizeof(L"hello"));
    ok(err == ERROR_SUCCESS, "set Sz: %ld\n", err);
    err = ClusterRegSetValue(key, L"Dword", REG_DWORD, (BYTE *)&value, sizeof(value));
    ok(err == ERROR_SUCCESS, "set Dword: %ld\n", err);
    err = ClusterRegSetValue(key, L"Multi", REG_MULTI_SZ, (const BYTE *)multi,
                             sizeof(multi));
    ok(err == ERROR_SUCCESS, "set Multi: %ld\n", err);
    err = ClusterRegSetValue(key, L"Bin", REG_BINARY, binary, sizeof(binary));
    ok(err == ERROR_SUCCESS, "set Bin: %ld\n", err);
    err = ClusterRegSetValue(key, L"Empty", REG_BINARY, NULL, 0);
    ok(err == ERROR_SUCCESS, "set Empty with NULL data: %ld\n", err);

    /* The size protocol: NULL data gives the size... */
    type = 0xdeadbeef;
    size = 0xdeadbeef;
    err = ClusterRegQueryValue(key, L"Sz", &type, NULL, &size);
    ok(err == ERROR_SUCCESS, "size query: %ld\n", err);
    ok(type == REG_SZ, "type %lu\n", type);
    ok(size == sizeof(L"hello"), "size %lu\n", size);
    /* ...a short buffer ERROR_MORE_DATA and the size... */
    size = 4;
    err = ClusterRegQueryValue(key, L"Sz", &type, (BYTE *)text, &size);
    ok(err == ERROR_MORE_DATA, "short buffer: %ld\n", err);
    ok(size == sizeof(L"hello"), "size %lu\n", size);
    /* ...and one that fits the data. */
    size = sizeof(L"hello");
    memset(text, 0xcc, sizeof(text));
    err = ClusterRegQueryValue(key, L"Sz", &type, (BYTE *)text, &size);
    ok(err == ERROR_SUCCESS, "exact buffer: %ld\n", err);
    ok(!wcscmp(text, L"hello"), "data %s\n", bt_wn(text));
    ok(size == sizeof(L"hello"), "size %lu\n", size);

    /* Both optional: an existence check. */
    err = ClusterRegQueryValue(key, L"Sz", NULL, NULL, NULL);
    ok(err == ERROR_SUCCESS, "existence check: %ld\n", err);
    err = ClusterRegQueryValue(key, L"Missing", NULL, NULL, NULL);
    ok(err == ERROR_FILE_NOT_FOUND, "missing value: %ld\n", err);
    err = ClusterRegQueryValue(key, L"Sz", NULL, (BYTE *)text, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "data without size: %ld\n", err);
    err = ClusterRegQueryValue(key, NULL, NULL, NULL, &size);
    ok(err == ERROR_INVALID_PARAMETER, "NULL name: %ld\n", err);
    err = ClusterRegQueryValue(NULL, L"Sz", NULL, NULL, &size);
    ok(err == ERROR_INVALID_HANDLE, "NULL key: %ld\n", err);

    value = 0;
    size = sizeof(value);
    err = ClusterRegQueryValue(key, L"Dword", &type, (BYTE *)&value, &size);
    ok(err == ERROR_SUCCESS && type == REG_DWORD && value == 42 && size == 4,
       "Dword: %ld, type %lu, value %lu, size %lu\n", err, type, value, size);

    size = sizeof(buffer);
    err = ClusterRegQueryValue(key, L"Multi", &type, buffer, &size);
    ok(err == ERROR_SUCCESS && type == REG_MULTI_SZ && size == sizeof(multi) &&
       !memcmp(buffer, multi, sizeof(multi)),
       "Multi: %ld, type %lu, size %lu\n", err, type, size);

    size = sizeof(buffer);
    err = ClusterRegQueryValue(key, L"Bin", &type, buffer, &size);
    ok(err == ERROR_SUCCESS && type == REG_BINARY && size == sizeof(binary) &&
       !memcmp(buffer, binary, sizeof(binary)),
       "Bin: %ld, type %lu, size %lu\n", err, type, size);

    size = 0xdeadbeef;
    err = ClusterRegQueryValue(key, L"Empty", &type, buffer, &size);
    ok(err == ERROR_SUCCESS && type == REG_BINARY && size == 0,
       "Empty: %ld, type %lu, size %lu\n", err, type, size);

    value = 43;
    err = ClusterRegSetValue(key, L"Dword", REG_DWORD, (BYTE *)&value, sizeof(value));
    ok(err == ERROR_SUCCESS, "overwrite: %ld\n", err);
    value = 0;
    size = sizeof(value);
    ClusterRegQueryValue(key, L"Dword", NULL, (BYTE *)&value, &size);
    ok(value == 43, "overwritten value %lu\n", value);

    err = ClusterRegSetValue(key, NULL, REG_DWORD, (BYTE *)&value, sizeof(value));
    ok(err == ERROR_INVALID_PARAMETER, "set with NULL name: %ld\n", err);
    err = ClusterRegSetValue(key, L"Bad", REG_DWORD, NULL, sizeof(value));
    ok(err == ERROR_INVALID_PARAMETER, "set NULL data of 4 bytes: %ld\n", err);
    err = ClusterRegSetValue(NULL, L"Bad", REG_DWORD, (BYTE *)&value, sizeof(value));
    ok(err == ERROR_INVALID_HANDLE, "set with NULL key: %ld\n", err);

    err = ClusterRegDeleteValue(key, L"Bin");
    ok(err == ERROR_SUCCESS, "delete: %ld\n", err);
    err = ClusterRegDeleteValue(key, L"Bin");
    ok(err == ERROR_FILE_NOT_FOUND, "delete again: %ld\n", err);
    err = ClusterRegQueryValue(key, L"Bin", NULL, NULL, NULL);
    ok(err == ERROR_FILE_NOT_FOUND, "query deleted: %ld\n", err);
    err = ClusterRegDeleteValue(key, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "delete NULL name: %ld\n", err);
    err = ClusterRegDeleteValue(NULL, L"Sz");
    ok(err == ERROR_INVALID_HANDLE, "delete with NULL key: %ld\n", err);
}

void test_enum_key(HKEY scratch)
{
    static const WCHAR *const names[] = { L"k1", L"key-two",
                                          L"a-much-longer-subkey-name" };
    BOOL seen[ARRAY_SIZE(names)] = { FALSE };
    WCHAR name[256];
    DWORD cch, index, i, subkeys, max_len;
    FILETIME written;
    HKEY key, child;
    LONG err;

    err = ClusterRegCreateKey(scratch, L"enum", 0, KEY_ALL_ACCESS, NULL, &key, NULL);
    ok(err == ERROR_SUCCESS, "create enum: %ld\n", err);
    if (err)
        return;
    for (i = 0; i < ARRAY_SIZE(names); i++) {
        ClusterRegCreateKey(key, names[i], 0, KEY_ALL_ACCESS, NULL, &child, NULL);
        ClusterRegCloseKey(child);
    }

    for (index = 0;; index++) {
        cch = ARRAY_SIZE(name);
        memset(&written, 0, sizeof(written));
        err = ClusterRegEnumKey(key, index, name, &cch, &written);
        if (err)
            break;
        ok(cch == wcslen(name), "index %lu: cch %lu for %s\n", index, cch, bt_wn(name));
        ok(written.dwLowDateTime || written.dwHighDateTime,
           "index %lu: no last write time\n", index);
        for (i = 0; i < ARRAY_SIZE(names); i++) {
            if (!wcscmp(name, names[i])) {
                ok(!seen[i], "%s enumerated twice\n", bt_wn(name));
                seen[i] = TRUE;
            }
        }
    }
    ok(err == ERROR_NO_MORE_ITEMS, "end of enumeration: %ld\n", err);
    ok(index == ARRAY_SIZE(names), "%lu subkeys enumerated\n", index);
    for (i = 0; i < ARRAY_SIZE(names); i++)
        ok(seen[i], "%s not enumerated\n", bt_wn(names[i]));

    /* The size protocol, on whatever index 0 is. */
    cch = ARRAY_SIZE(name);
    ClusterRegEnumKey(key, 0, name, &cch, NULL);
    max_len = cch;
    cch = max_len;  /* no room for the terminator */
    err = ClusterRegEnumKey(key, 0, name, &cch, NULL);
    ok(err == ERROR_MORE_DATA, "buffer without room for NUL: %ld\n", err);
    ok(cch == max_len, "needed %lu, expected %lu\n", cch, max_len);
    cch = max_len + 1;
    err = ClusterRegEnumKey(key, 0, name, &cch, NULL);
    ok(err == ERROR_SUCCESS && cch == max_len, "exact buffer: %ld, cch %lu\n",
       err, cch);
    cch = 0;
    err = ClusterRegEnumKey(key, 0, NULL, &cch, NULL);
    ok(err == ERROR_MORE_DATA && cch == max_len, "size query: %ld, cch %lu\n",
       err, cch);
    cch = 10;
    err = ClusterRegEnumKey(key, 0, NULL, &cch, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "NULL buffer of 10: %ld\n", err);
    err = ClusterRegEnumKey(key, 0, name, NULL, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "NULL lpcchName: %ld\n", err);
    cch = ARRAY_SIZE(name);
    err = ClusterRegEnumKey(NULL, 0, name, &cch, NULL);
    ok(err == ERROR_INVALID_HANDLE, "NULL key: %ld\n", err);
    cch = ARRAY_SIZE(name);
    err = ClusterRegEnumKey(key, 99, name, &cch, NULL);
    ok(err == ERROR_NO_MORE_ITEMS, "index 99: %ld\n", err);

    subkeys = max_len = 0xdeadbeef;
    err = ClusterRegQueryInfoKey(key, &subkeys, &max_len, NULL, NULL, NULL, NULL,
                                 &written);
    ok(err == ERROR_SUCCESS, "ClusterRegQueryInfoKey: %ld\n", err);
    ok(subkeys == 3, "%lu subkeys\n", subkeys);
    ok(max_len == wcslen(names[2]), "longest subkey name %lu\n", max_len);

    ClusterRegCloseKey(key);
}

void test_enum_value(HKEY scratch)
{
    static const BYTE gamma[10] = { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
    BOOL seen_alpha = FALSE, seen_beta = FALSE, seen_gamma = FALSE;
    DWORD cch, cb, type, index, values, max_name, max_data, seven = 7;
    WCHAR name[64];
    BYTE data[64];
    HKEY key;
    LONG err;

    err = ClusterRegCreateKey(scratch, L"values", 0, KEY_ALL_ACCESS, NULL, &key, NULL);
    ok(err == ERROR_SUCCESS, "create values: %ld\n", err);
    if (err)
        return;
    ClusterRegSetValue(key, L"Alpha", REG_SZ, (const BYTE *)L"first", sizeof(L"first"));
    ClusterRegSetValue(key, L"Beta-longer-name", REG_DWORD, (BYTE *)&seven,
                       sizeof(seven));
    ClusterRegSetValue(key, L"Gamma", REG_BINARY, gamma, sizeof(gamma));

    for (index = 0;; index++) {
        cch = ARRAY_SIZE(name);
        cb = sizeof(data);
        type = 0xdeadbeef;
        err = ClusterRegEnumValue(key, index, name, &cch, &type, data, &cb);
        if (err)
            break;
        ok(cch == wcslen(name), "cch %lu for %s\n", cch, bt_wn(name));
        if (!wcscmp(name, L"Alpha")) {
            seen_alpha = TRUE;
            ok(type == REG_SZ && cb == sizeof(L"first") &&
               !memcmp(data, L"first", cb), "Alpha: type %lu, cb %lu\n", type, cb);
        } else if (!wcscmp(name, L"Beta-longer-name")) {
            seen_beta = TRUE;
            ok(type == REG_DWORD && cb == 4 && *(DWORD *)data == 7,
               "Beta: type %lu, cb %lu\n", type, cb);
        } else if (!wcscmp(name, L"Gamma")) {
            seen_gamma = TRUE;
            ok(type == REG_BINARY && cb == sizeof(gamma) && !memcmp(data, gamma, cb),
               "Gamma: type %lu, cb %lu\n", type, cb);
        } else {
            ok(FALSE, "unexpected value %s\n", bt_wn(name));
        }
    }
    ok(err == ERROR_NO_MORE_ITEMS, "end of enumeration: %ld\n", err);
    ok(index == 3, "%lu values enumerated\n", index);
    ok(seen_alpha && seen_beta && seen_gamma, "missing: %d %d %d\n", seen_alpha,
       seen_beta, seen_gamma);

    /* Find Alpha's index, then the size protocols on it. */
    for (index = 0; index < 3; index++) {
        cch = ARRAY_SIZE(name);
        ClusterRegEnumValue(key, index, name, &cch, NULL, NULL, NULL);
        if (!wcscmp(name, L"Alpha"))
            break;
    }
    cch = 5;  /* "Alpha" without room for the terminator */
    cb = sizeof(data);
    err = ClusterRegEnumValue(key, index, name, &cch, NULL, data, &cb);
    ok(err == ERROR_MORE_DATA, "short name buffer: %ld\n", err);
    ok(cch == 5, "needed cch %lu\n", cch);
    cch = 0;
    err = ClusterRegEnumValue(key, index, NULL, &cch, NULL, NULL, NULL);
    ok(err == ERROR_MORE_DATA && cch == 5, "name size query: %ld, cch %lu\n", err, cch);
    cch = ARRAY_SIZE(name);
    cb = 0xdeadbeef;
    type = 0xdeadbeef;
    err = ClusterRegEnumValue(key, index, name, &cch, &type, NULL, &cb);
    ok(err == ERROR_SUCCESS, "data size query: %ld\n", err);
    ok(cb == sizeof(L"first") && type == REG_SZ, "cb %lu, type %lu\n", cb, type);
    cch = ARRAY_SIZE(name);
    cb = 3;
    err = ClusterRegEnumValue(key, index, name, &cch, NULL, data, &cb);
    ok(err == ERROR_MORE_DATA, "short data buffer: %ld\n", err);
    ok(cb == sizeof(L"first"), "needed cb %lu\n", cb);
    cch = ARRAY_SIZE(name);
    err = ClusterRegEnumValue(key, index, name, &cch, NULL, data, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "data without size: %ld\n", err);
    err = ClusterRegEnumValue(key, index, name, NULL, NULL, NULL, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "NULL lpcchValueName: %ld\n", err);
    cch = ARRAY_SIZE(name);
    err = ClusterRegEnumValue(NULL, index, name, &cch, NULL, NULL, NULL);
    ok(err == ERROR_INVALID_HANDLE, "NULL key: %ld\n", err);
    cch = ARRAY_SIZE(name);
    err = ClusterRegEnumValue(key, 3, name, &cch, NULL, NULL, NULL);
    ok(err == ERROR_NO_MORE_ITEMS, "index 3: %ld\n", err);

    values = max_name = max_data = 0xdeadbeef;
    err = ClusterRegQueryInfoKey(key, NULL, NULL, &values, &max_name, &max_data,
                                 NULL, NULL);
    ok(err == ERROR_SUCCESS, "ClusterRegQueryInfoKey: %ld\n", err);
    ok(values == 3, "%lu values\n", values);
    ok(max_name == wcslen(L"Beta-longer-name"), "longest name %lu\n", max_name);
    ok(max_data == sizeof(L"first"), "largest data %lu\n", max_data);
    err = ClusterRegQueryInfoKey(key, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    ok(err == ERROR_SUCCESS, "all optional: %ld\n", err);
    err = ClusterRegQueryInfoKey(NULL, NULL, NULL, &values, NULL, NULL, NULL, NULL);
    ok(err == ERROR_INVALID_HANDLE, "NULL key: %ld\n", err);

    ClusterRegCloseKey(key);
}

void test_delete_key(HKEY scratch)
{
    HKEY key;
    LONG err;

    /* Created by test_create_open: a\b. */
    err = ClusterRegDeleteKey(scratch, L"a");
    ok(err != ERROR_SUCCESS, "deleted a key that has subkeys\n");
    trace("ClusterRegDeleteKey of a key with subkeys: error %ld\n", err);
    err = ClusterRegOpenKey(scratch, L"a", KEY_READ, &key);
    ok(err == ERROR_SUCCESS, "a is gone: %ld\n", err);
    ClusterRegCloseKey(key);

    err = ClusterRegDeleteKey(scratch, L"a\\b");
    ok(err == ERROR_SUCCESS, "delete a\\b: %ld\n", err);
    err = ClusterRegDeleteKey(scratch, L"a");
    ok(err == ERROR_SUCCESS, "delete a: %ld\n", err);
    err = ClusterRegDeleteKey(scratch, L"a");
    ok(err == ERROR_FILE_NOT_FOUND, "delete a again: %ld\n", err);
    err = ClusterRegOpenKey(scratch, L"a", KEY_READ, &key);
    ok(err == ERROR_FILE_NOT_FOUND, "open deleted: %ld\n", err);
    err = ClusterRegDeleteKey(scratch, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "NULL subkey: %ld\n", err);
    err = ClusterRegDeleteKey(NULL, L"a");
    ok(err == ERROR_INVALID_HANDLE, "NULL key: %ld\n", err);
}

void test_security(HKEY key)
{
    const SECURITY_INFORMATION what = OWNER_SECURITY_INFORMATION |
                                      GROUP_SECURITY_INFORMATION |
                                      DACL_SECURITY_INFORMATION;
    PSECURITY_DESCRIPTOR descriptor;
    DWORD size = 0;
    LONG err;

    err = ClusterRegGetKeySecurity(key, what, NULL, &size);
    ok(err == ERROR_INSUFFICIENT_BUFFER, "size query: %ld\n", err);
    ok(size > 0, "size %lu\n", size);
    descriptor = HeapAlloc(GetProcessHeap(), 0, size ? size : 1);
    err = ClusterRegGetKeySecurity(key, what, descriptor, &size);
    ok(err == ERROR_SUCCESS, "ClusterRegGetKeySecurity: %ld\n", err);
    if (!err) {
        ok(IsValidSecurityDescriptor(descriptor), "invalid descriptor\n");
        err = ClusterRegSetKeySecurity(key, DACL_SECURITY_INFORMATION, descriptor);
        ok(err == ERROR_SUCCESS, "ClusterRegSetKeySecurity: %ld\n", err);
    }
    HeapFree(GetProcessHeap(), 0, descriptor);
    err = ClusterRegGetKeySecurity(key, what, NULL, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "NULL size: %ld\n", err);
    err = ClusterRegSetKeySecurity(key, what, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "NULL descriptor: %ld\n", err);
    size = 0;
    err = ClusterRegGetKeySecurity(NULL, what, NULL, &size);
    ok(err == ERROR_INVALID_HANDLE, "NULL key: %ld\n", err);
}


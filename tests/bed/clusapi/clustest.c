/*
 * clustest.c - conformance test of the test bed's clusapi.dll, in the manner
 * of Wine's dlls/<name>/tests: every check asserts the exact return code.
 *
 * Run it in a throw-away Wine prefix with clusapi.dll next to it (see
 * selftest.sh). It works under HKLM\Cluster but touches only its own keys
 * (names starting with "ClusTest"), removes them when done, and removes
 * HKLM\Cluster itself only if it created it.
 *
 * Output: one line per failure ("clustest.c:LINE: Test failed: ..."), traces,
 * Wine's summary line, and last exactly "N passed, M failed". Exit status 1 on
 * any failure. "-v" also prints the passing checks; "--probe" only shows that
 * the program (and its clusapi.dll) loads.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluswin.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define SCRATCH      L"ClusTest Scratch"
#define TEST_TYPE    L"ClusTest Type"
#define RES_A_ID     L"{c1a57e57-0000-4000-8000-00000000000a}"
#define RES_B_ID     L"{c1a57e57-0000-4000-8000-00000000000b}"
#define RES_A_NAME   L"ClusTest Alpha"
#define RES_B_NAME   L"ClusTest Beta"
#define CLUSTER_NAME L"CLUSTEST-CLU"

static unsigned int passed, failed, skipped;
static int verbose;

/* A failure also prints the condition that did not hold and the thread's
 * last error right after it was evaluated. */
static void __attribute__((format(__MINGW_PRINTF_FORMAT, 4, 5)))
ok_at(int line, int condition, const char *expr, const char *format, ...)
{
    DWORD last_error = GetLastError();
    va_list args;

    if (condition) {
        passed++;
        if (verbose)
            printf("clustest.c:%d: Test succeeded\n", line);
        return;
    }
    failed++;
    printf("clustest.c:%d: Test failed: ", line);
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    printf("    wanted: %.300s\n    last error after it: %lu\n", expr, last_error);
    SetLastError(last_error);
}

static void __attribute__((format(__MINGW_PRINTF_FORMAT, 2, 3)))
trace_at(int line, const char *format, ...)
{
    va_list args;

    printf("clustest.c:%d: ", line);
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
}

#define ok(condition, ...) ok_at(__LINE__, (condition), #condition, __VA_ARGS__)
#define trace(...)         trace_at(__LINE__, __VA_ARGS__)
#define skip(...)          (skipped++, trace_at(__LINE__, "Tests skipped: " __VA_ARGS__))

/* A printable (UTF-8) copy of a wide string; a few rotating buffers so that
   one printf may show several. */
static const char *wn(const WCHAR *text)
{
    static char buffers[4][512];
    static unsigned int next;
    char *buffer = buffers[next++ % ARRAY_SIZE(buffers)];

    if (!text)
        return "(null)";
    if (!WideCharToMultiByte(CP_UTF8, 0, text, -1, buffer, sizeof(buffers[0]),
                             NULL, NULL))
        strcpy(buffer, "(unprintable)");
    return buffer;
}

/* Deletes a registry key and everything below it; missing is fine. */
static LONG delete_tree(HKEY parent, const WCHAR *name)
{
    WCHAR child[256];
    HKEY key;
    LONG err = RegOpenKeyExW(parent, name, 0, KEY_READ | KEY_WRITE | DELETE, &key);

    if (err == ERROR_FILE_NOT_FOUND)
        return ERROR_SUCCESS;
    if (err)
        return err;
    for (;;) {
        DWORD cch = ARRAY_SIZE(child);

        /* Always index 0: each pass deletes the child it found. */
        err = RegEnumKeyExW(key, 0, child, &cch, NULL, NULL, NULL, NULL);
        if (err)
            break;
        err = delete_tree(key, child);
        if (err)
            break;
    }
    RegCloseKey(key);
    if (err != ERROR_NO_MORE_ITEMS)
        return err;
    return RegDeleteKeyW(parent, name);
}

static void remove_test_keys(void)
{
    HKEY root;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Cluster", 0, KEY_ALL_ACCESS, &root))
        return;
    delete_tree(root, SCRATCH);
    delete_tree(root, L"ResourceTypes\\" TEST_TYPE);
    delete_tree(root, L"Resources\\" RES_A_ID);
    delete_tree(root, L"Resources\\" RES_B_ID);
    RegDeleteValueW(root, L"ClusTestMarker");
    RegCloseKey(root);
}

static BOOL cluster_root_exists(void)
{
    HKEY key;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Cluster", 0, KEY_READ, &key))
        return FALSE;
    RegCloseKey(key);
    return TRUE;
}

/* ------------------------------------------------------------------ tests */

/* Wine's builtin clusapi.dll aborts on the first call, so make sure first
   that the one next to the executable was loaded. */
static BOOL test_module(void)
{
    WCHAR exe[MAX_PATH], dll[MAX_PATH];
    HMODULE module = GetModuleHandleW(L"clusapi.dll");
    WCHAR *slash;
    BOOL native;

    ok(module != NULL, "clusapi.dll is not loaded\n");
    if (!module)
        return FALSE;
    GetModuleFileNameW(NULL, exe, ARRAY_SIZE(exe));
    GetModuleFileNameW(module, dll, ARRAY_SIZE(dll));
    trace("clusapi.dll loaded from %s\n", wn(dll));
    slash = wcsrchr(exe, L'\\');
    if (slash)
        wcscpy(slash + 1, L"clusapi.dll");
    native = CompareStringW(LOCALE_INVARIANT, NORM_IGNORECASE, exe, -1, dll, -1) ==
             CSTR_EQUAL;
    ok(native, "clusapi.dll is %s, expected %s\n", wn(dll), wn(exe));
    /* Wine names a builtin DLL after the path it was asked for, so the path
       alone proves nothing: its builtin exports the whole API as stubs, ours
       only what it implements. */
    if (GetProcAddress(module, "ClusterResourceControl"))
        native = FALSE;
    ok(native, "ClusterResourceControl is exported: Wine's builtin clusapi\n");
    return native;
}

static void test_not_member(void)
{
    HCLUSTER cluster;

    SetLastError(0xdeadbeef);
    cluster = OpenCluster(NULL);
    ok(cluster == NULL, "OpenCluster without HKLM\\Cluster returned %p\n", cluster);
    ok(GetLastError() == ERROR_CLUSTER_NODE_NOT_MEMBER, "got error %lu\n",
       GetLastError());
    if (cluster)
        CloseCluster(cluster);
}

static void test_open_cluster(void)
{
    WCHAR name[256];
    DWORD cch = ARRAY_SIZE(name);
    HCLUSTER cluster, other;
    int on_stack = 0;
    BOOL ret;

    cluster = OpenCluster(NULL);
    ok(cluster != NULL, "OpenCluster(NULL) failed: %lu\n", GetLastError());

    ok(GetComputerNameExW(ComputerNameNetBIOS, name, &cch), "no computer name\n");
    other = OpenCluster(name);
    ok(other != NULL, "OpenCluster(%s) failed: %lu\n", wn(name), GetLastError());
    ok(other != cluster, "two opens returned the same handle\n");
    ok(CloseCluster(other), "CloseCluster failed: %lu\n", GetLastError());

    CharLowerW(name);
    other = OpenCluster(name);
    ok(other != NULL, "OpenCluster(%s) failed: %lu\n", wn(name), GetLastError());
    CloseCluster(other);

    cch = ARRAY_SIZE(name);
    if (GetComputerNameExW(ComputerNameDnsHostname, name, &cch) && name[0]) {
        other = OpenCluster(name);
        ok(other != NULL, "OpenCluster(%s) failed: %lu\n", wn(name), GetLastError());
        CloseCluster(other);
    }

    SetLastError(0xdeadbeef);
    other = OpenCluster(L"NO-SUCH-NODE-42");
    ok(other == NULL, "OpenCluster of another machine returned %p\n", other);
    ok(GetLastError() == ERROR_HOST_NODE_NOT_AVAILABLE, "got error %lu\n",
       GetLastError());

    other = OpenCluster(NULL);
    ok(CloseCluster(other), "CloseCluster failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = CloseCluster(other);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE,
       "second CloseCluster: %d, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = CloseCluster(NULL);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE,
       "CloseCluster(NULL): %d, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = CloseCluster((HCLUSTER)&on_stack);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE,
       "CloseCluster(bogus): %d, error %lu\n", ret, GetLastError());

    CloseCluster(cluster);
}

static void test_cluster_key(HCLUSTER cluster)
{
    DWORD marker = 0x1234, value = 0, size = sizeof(value);
    HKEY root, plain;
    LONG err;

    SetLastError(0xdeadbeef);
    root = GetClusterKey(NULL, KEY_READ);
    ok(root == NULL && GetLastError() == ERROR_INVALID_HANDLE,
       "GetClusterKey(NULL): %p, error %lu\n", root, GetLastError());

    root = GetClusterKey(cluster, KEY_ALL_ACCESS);
    ok(root != NULL, "GetClusterKey failed: %lu\n", GetLastError());
    if (!root)
        return;
    err = ClusterRegSetValue(root, L"ClusTestMarker", REG_DWORD, (BYTE *)&marker,
                             sizeof(marker));
    ok(err == ERROR_SUCCESS, "ClusterRegSetValue: %ld\n", err);
    /* The cluster key is the registry's HKLM\Cluster. */
    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Cluster", 0, KEY_READ, &plain);
    ok(err == ERROR_SUCCESS, "RegOpenKeyEx(HKLM\\Cluster): %ld\n", err);
    if (!err) {
        err = RegQueryValueExW(plain, L"ClusTestMarker", NULL, NULL,
                               (BYTE *)&value, &size);
        ok(err == ERROR_SUCCESS && value == marker,
           "marker through the registry: %ld, %#lx\n", err, value);
        RegCloseKey(plain);
    }
    ClusterRegDeleteValue(root, L"ClusTestMarker");
    ok(ClusterRegCloseKey(root) == ERROR_SUCCESS, "ClusterRegCloseKey failed\n");
}

static void test_create_open(HKEY root)
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

static void test_values(HKEY key)
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
    ok(!wcscmp(text, L"hello"), "data %s\n", wn(text));
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

static void test_enum_key(HKEY scratch)
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
        ok(cch == wcslen(name), "index %lu: cch %lu for %s\n", index, cch, wn(name));
        ok(written.dwLowDateTime || written.dwHighDateTime,
           "index %lu: no last write time\n", index);
        for (i = 0; i < ARRAY_SIZE(names); i++) {
            if (!wcscmp(name, names[i])) {
                ok(!seen[i], "%s enumerated twice\n", wn(name));
                seen[i] = TRUE;
            }
        }
    }
    ok(err == ERROR_NO_MORE_ITEMS, "end of enumeration: %ld\n", err);
    ok(index == ARRAY_SIZE(names), "%lu subkeys enumerated\n", index);
    for (i = 0; i < ARRAY_SIZE(names); i++)
        ok(seen[i], "%s not enumerated\n", wn(names[i]));

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

static void test_enum_value(HKEY scratch)
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
        ok(cch == wcslen(name), "cch %lu for %s\n", cch, wn(name));
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
            ok(FALSE, "unexpected value %s\n", wn(name));
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

static void test_delete_key(HKEY scratch)
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

static void test_security(HKEY key)
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

static void set_sz(HKEY key, const WCHAR *name, const WCHAR *text)
{
    LONG err = ClusterRegSetValue(key, name, REG_SZ, (const BYTE *)text,
                                  (DWORD)((wcslen(text) + 1) * sizeof(WCHAR)));

    ok(err == ERROR_SUCCESS, "set %s: %ld\n", wn(name), err);
}

static void expect_sz(HKEY key, const WCHAR *name, const WCHAR *expected, int line)
{
    WCHAR text[128] = L"";
    DWORD size = sizeof(text) - sizeof(WCHAR), type = 0;
    LONG err = ClusterRegQueryValue(key, name, &type, (BYTE *)text, &size);

    ok_at(line, err == ERROR_SUCCESS && type == REG_SZ && !wcscmp(text, expected),
          "an REG_SZ value equal to the expected text",
          "%s: %ld, type %lu, %s (expected %s)\n", wn(name), err, type, wn(text),
          wn(expected));
}

static void make_resources(HKEY root)
{
    HKEY key, parameters;
    LONG err;

    err = ClusterRegCreateKey(root, L"ResourceTypes\\" TEST_TYPE, 0, KEY_ALL_ACCESS,
                              NULL, &key, NULL);
    ok(err == ERROR_SUCCESS, "create type: %ld\n", err);
    if (!err) {
        set_sz(key, L"DllName", L"clustest.dll");
        ClusterRegCloseKey(key);
    }
    err = ClusterRegCreateKey(root, L"Resources\\" RES_A_ID, 0, KEY_ALL_ACCESS, NULL,
                              &key, NULL);
    ok(err == ERROR_SUCCESS, "create resource A: %ld\n", err);
    if (!err) {
        set_sz(key, L"Name", RES_A_NAME);
        set_sz(key, L"Type", TEST_TYPE);
        err = ClusterRegCreateKey(key, L"Parameters", 0, KEY_ALL_ACCESS, NULL,
                                  &parameters, NULL);
        ok(err == ERROR_SUCCESS, "create Parameters: %ld\n", err);
        if (!err) {
            set_sz(parameters, L"ServiceName", L"MSExchangeIMC");
            ClusterRegCloseKey(parameters);
        }
        ClusterRegCloseKey(key);
    }
    err = ClusterRegCreateKey(root, L"Resources\\" RES_B_ID, 0, KEY_ALL_ACCESS, NULL,
                              &key, NULL);
    ok(err == ERROR_SUCCESS, "create resource B: %ld\n", err);
    if (!err) {
        set_sz(key, L"Name", RES_B_NAME);
        set_sz(key, L"Type", TEST_TYPE);
        ClusterRegCloseKey(key);
    }
}

static void test_resources(HCLUSTER cluster, HKEY root)
{
    HRESOURCE resource, other;
    HKEY key, parameters, host;
    LONG err;
    BOOL ret;

    make_resources(root);

    /* By Name, ignoring case. */
    resource = OpenClusterResource(cluster, L"clustest ALPHA");
    ok(resource != NULL, "OpenClusterResource: %lu\n", GetLastError());
    if (!resource)
        return;
    key = GetClusterResourceKey(resource, KEY_READ);
    ok(key != NULL, "GetClusterResourceKey: %lu\n", GetLastError());
    if (key) {
        expect_sz(key, L"Name", RES_A_NAME, __LINE__);
        err = ClusterRegOpenKey(key, L"Parameters", KEY_READ, &parameters);
        ok(err == ERROR_SUCCESS, "Parameters: %ld\n", err);
        if (!err) {
            expect_sz(parameters, L"ServiceName", L"MSExchangeIMC", __LINE__);
            ClusterRegCloseKey(parameters);
        }
        ClusterRegCloseKey(key);
    }

    /* A Resource Monitor opens the resource key itself and hands it over. */
    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Cluster\\Resources\\" RES_A_ID, 0,
                        KEY_READ, &host);
    ok(err == ERROR_SUCCESS, "RegOpenKeyEx of the resource key: %ld\n", err);
    if (!err) {
        err = ClusterRegOpenKey(host, L"Parameters", KEY_READ, &parameters);
        ok(err == ERROR_SUCCESS, "ClusterRegOpenKey on a host's key: %ld\n", err);
        if (!err) {
            expect_sz(parameters, L"ServiceName", L"MSExchangeIMC", __LINE__);
            ClusterRegCloseKey(parameters);
        }
        RegCloseKey(host);
    }

    /* By id. */
    other = OpenClusterResource(cluster, RES_B_ID);
    ok(other != NULL, "OpenClusterResource by id: %lu\n", GetLastError());
    if (other) {
        key = GetClusterResourceKey(other, KEY_READ);
        ok(key != NULL, "GetClusterResourceKey: %lu\n", GetLastError());
        if (key) {
            expect_sz(key, L"Name", RES_B_NAME, __LINE__);
            ClusterRegCloseKey(key);
        }
        /* Deleted behind the handle's back. */
        delete_tree(root, L"Resources\\" RES_B_ID);
        SetLastError(0xdeadbeef);
        key = GetClusterResourceKey(other, KEY_READ);
        ok(key == NULL && GetLastError() == ERROR_RESOURCE_NOT_FOUND,
           "deleted resource: %p, error %lu\n", key, GetLastError());
        CloseClusterResource(other);
    }

    SetLastError(0xdeadbeef);
    other = OpenClusterResource(cluster, L"ClusTest Nope");
    ok(other == NULL && GetLastError() == ERROR_RESOURCE_NOT_FOUND,
       "unknown name: %p, error %lu\n", other, GetLastError());
    SetLastError(0xdeadbeef);
    other = OpenClusterResource(cluster, RES_B_NAME);
    ok(other == NULL && GetLastError() == ERROR_RESOURCE_NOT_FOUND,
       "deleted resource by name: %p, error %lu\n", other, GetLastError());
    SetLastError(0xdeadbeef);
    other = OpenClusterResource(cluster, NULL);
    ok(other == NULL && GetLastError() == ERROR_INVALID_PARAMETER,
       "NULL name: %p, error %lu\n", other, GetLastError());
    SetLastError(0xdeadbeef);
    other = OpenClusterResource(NULL, RES_A_NAME);
    ok(other == NULL && GetLastError() == ERROR_INVALID_HANDLE,
       "NULL cluster: %p, error %lu\n", other, GetLastError());
    SetLastError(0xdeadbeef);
    other = OpenClusterResource((HCLUSTER)resource, RES_A_NAME);
    ok(other == NULL && GetLastError() == ERROR_INVALID_HANDLE,
       "resource handle as cluster: %p, error %lu\n", other, GetLastError());

    SetLastError(0xdeadbeef);
    key = GetClusterResourceKey(NULL, KEY_READ);
    ok(key == NULL && GetLastError() == ERROR_INVALID_HANDLE,
       "GetClusterResourceKey(NULL): %p, error %lu\n", key, GetLastError());
    SetLastError(0xdeadbeef);
    key = GetClusterResourceKey((HRESOURCE)cluster, KEY_READ);
    ok(key == NULL && GetLastError() == ERROR_INVALID_HANDLE,
       "cluster handle as resource: %p, error %lu\n", key, GetLastError());

    ok(CloseClusterResource(resource), "CloseClusterResource: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = CloseClusterResource(resource);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE,
       "second CloseClusterResource: %d, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = CloseClusterResource(NULL);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE,
       "CloseClusterResource(NULL): %d, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    key = GetClusterResourceKey(resource, KEY_READ);
    ok(key == NULL && GetLastError() == ERROR_INVALID_HANDLE,
       "closed resource: %p, error %lu\n", key, GetLastError());

    key = GetClusterResourceTypeKey(cluster, TEST_TYPE, KEY_READ);
    ok(key != NULL, "GetClusterResourceTypeKey: %lu\n", GetLastError());
    if (key) {
        expect_sz(key, L"DllName", L"clustest.dll", __LINE__);
        ClusterRegCloseKey(key);
    }
    key = GetClusterResourceTypeKey(cluster, L"clustest TYPE", KEY_READ);
    ok(key != NULL, "type name ignoring case: %lu\n", GetLastError());
    ClusterRegCloseKey(key);
    SetLastError(0xdeadbeef);
    key = GetClusterResourceTypeKey(cluster, L"ClusTest Nope", KEY_READ);
    ok(key == NULL && GetLastError() == ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND,
       "unknown type: %p, error %lu\n", key, GetLastError());
    SetLastError(0xdeadbeef);
    key = GetClusterResourceTypeKey(cluster, NULL, KEY_READ);
    ok(key == NULL && GetLastError() == ERROR_INVALID_PARAMETER,
       "NULL type: %p, error %lu\n", key, GetLastError());
    SetLastError(0xdeadbeef);
    key = GetClusterResourceTypeKey(cluster, L"..\\Resources", KEY_READ);
    ok(key == NULL && GetLastError() == ERROR_INVALID_PARAMETER,
       "type with a backslash: %p, error %lu\n", key, GetLastError());
    SetLastError(0xdeadbeef);
    key = GetClusterResourceTypeKey(NULL, TEST_TYPE, KEY_READ);
    ok(key == NULL && GetLastError() == ERROR_INVALID_HANDLE,
       "NULL cluster: %p, error %lu\n", key, GetLastError());
}

static void test_cluster_information(HCLUSTER cluster, HKEY root)
{
    WCHAR saved[256], name[256], computer[256];
    DWORD saved_size = sizeof(saved), saved_type = 0, cch, err;
    BOOL had_name;
    CLUSTERVERSIONINFO info;
    HCLUSTER by_name;
    const DWORD len = (DWORD)wcslen(CLUSTER_NAME);

    had_name = ClusterRegQueryValue(root, L"ClusterName", &saved_type,
                                    (BYTE *)saved, &saved_size) == ERROR_SUCCESS;
    set_sz(root, L"ClusterName", CLUSTER_NAME);

    cch = 0;
    err = GetClusterInformation(cluster, NULL, &cch, NULL);
    ok(err == ERROR_MORE_DATA && cch == len, "size query: %lu, cch %lu\n", err, cch);
    cch = len;
    err = GetClusterInformation(cluster, name, &cch, NULL);
    ok(err == ERROR_MORE_DATA && cch == len, "no room for NUL: %lu, cch %lu\n",
       err, cch);
    cch = len + 1;
    err = GetClusterInformation(cluster, name, &cch, NULL);
    ok(err == ERROR_SUCCESS && cch == len && !wcscmp(name, CLUSTER_NAME),
       "exact buffer: %lu, cch %lu, %s\n", err, cch, wn(name));

    memset(&info, 0xcc, sizeof(info));
    info.dwVersionInfoSize = sizeof(info);
    cch = ARRAY_SIZE(name);
    err = GetClusterInformation(cluster, name, &cch, &info);
    ok(err == ERROR_SUCCESS, "with version info: %lu\n", err);
    ok(info.dwVersionInfoSize == sizeof(info), "dwVersionInfoSize changed\n");
    ok(info.MajorVersion != 0 && info.MajorVersion != 0xcccc, "MajorVersion %u\n",
       info.MajorVersion);
    ok(info.szVendorId[0] && info.szVendorId[0] != 0xcccc, "no vendor id\n");
    ok(CLUSTER_GET_MAJOR_VERSION(info.dwClusterHighestVersion) == NT51_MAJOR_VERSION,
       "dwClusterHighestVersion %#lx\n", info.dwClusterHighestVersion);
    trace("version %u.%u.%u, vendor %s\n", info.MajorVersion, info.MinorVersion,
          info.BuildNumber, wn(info.szVendorId));

    /* An NT 4.0 caller's structure is shorter: nothing past it is written. */
    memset(&info, 0xcc, sizeof(info));
    info.dwVersionInfoSize = sizeof(CLUSTERVERSIONINFO_NT4);
    cch = ARRAY_SIZE(name);
    err = GetClusterInformation(cluster, name, &cch, &info);
    ok(err == ERROR_SUCCESS, "NT 4.0 version info: %lu\n", err);
    ok(info.dwClusterHighestVersion == 0xcccccccc, "wrote past the NT 4.0 size\n");

    info.dwVersionInfoSize = 0;
    cch = ARRAY_SIZE(name);
    err = GetClusterInformation(cluster, name, &cch, &info);
    ok(err == ERROR_INVALID_PARAMETER, "dwVersionInfoSize 0: %lu\n", err);
    err = GetClusterInformation(cluster, name, NULL, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "NULL lpcchClusterName: %lu\n", err);
    cch = ARRAY_SIZE(name);
    err = GetClusterInformation(NULL, name, &cch, NULL);
    ok(err == ERROR_INVALID_HANDLE, "NULL cluster: %lu\n", err);

    /* The cluster's own name reaches it too. */
    by_name = OpenCluster(L"clustest-clu");
    ok(by_name != NULL, "OpenCluster by cluster name: %lu\n", GetLastError());
    if (by_name)
        CloseCluster(by_name);

    /* Without ClusterName, the node's NetBIOS name. */
    ClusterRegDeleteValue(root, L"ClusterName");
    cch = ARRAY_SIZE(computer);
    GetComputerNameExW(ComputerNameNetBIOS, computer, &cch);
    cch = ARRAY_SIZE(name);
    err = GetClusterInformation(cluster, name, &cch, NULL);
    ok(err == ERROR_SUCCESS && !wcscmp(name, computer),
       "without ClusterName: %lu, %s (computer %s)\n", err, wn(name), wn(computer));

    if (had_name)
        ClusterRegSetValue(root, L"ClusterName", saved_type, (BYTE *)saved, saved_size);
}

int main(int argc, char **argv)
{
    BOOL created_root = FALSE;
    HCLUSTER cluster = NULL;
    HKEY root = NULL, scratch = NULL;
    int i;

    setvbuf(stdout, NULL, _IONBF, 0);
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v")) {
            verbose = 1;
        } else if (!strcmp(argv[i], "--probe")) {
            printf("clustest: probe ok (%u-bit)\n", (unsigned)(sizeof(void *) * 8));
            return 0;
        } else {
            fprintf(stderr, "usage: clustest [-v] [--probe]\n");
            return 2;
        }
    }

    if (!test_module()) {
        printf("clustest: not testing Wine's builtin clusapi.dll, which aborts\n");
        goto done;
    }

    remove_test_keys();
    if (cluster_root_exists()) {
        skip("HKLM\\Cluster exists, not-a-cluster-node case not tested\n");
    } else {
        test_not_member();
        if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"Cluster", 0, NULL, 0,
                            KEY_ALL_ACCESS, NULL, &root, NULL) == ERROR_SUCCESS) {
            RegCloseKey(root);
            root = NULL;
            created_root = TRUE;
        }
    }

    test_open_cluster();
    cluster = OpenCluster(NULL);
    ok(cluster != NULL, "OpenCluster: %lu\n", GetLastError());
    if (!cluster)
        goto done;
    test_cluster_key(cluster);
    root = GetClusterKey(cluster, KEY_ALL_ACCESS);
    ok(root != NULL, "GetClusterKey: %lu\n", GetLastError());
    if (!root)
        goto done;

    test_create_open(root);
    if (ClusterRegOpenKey(root, SCRATCH, KEY_ALL_ACCESS, &scratch) == ERROR_SUCCESS) {
        test_values(scratch);
        test_enum_key(scratch);
        test_enum_value(scratch);
        test_delete_key(scratch);
        test_security(scratch);
        ClusterRegCloseKey(scratch);
    } else {
        ok(FALSE, "no scratch key, registry tests not run\n");
    }
    test_resources(cluster, root);
    test_cluster_information(cluster, root);

done:
    if (root)
        ClusterRegCloseKey(root);
    if (cluster)
        CloseCluster(cluster);
    remove_test_keys();
    if (created_root)
        delete_tree(HKEY_LOCAL_MACHINE, L"Cluster");

    printf("clustest: %u tests executed (0 marked as todo, %u failures), %u skipped.\n",
           passed + failed, failed, skipped);
    printf("%u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}

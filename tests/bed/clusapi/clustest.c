/*
 * clustest.c - conformance test of the test bed's clusapi.dll, in the manner
 * of Wine's dlls/<name>/tests: every check asserts the exact return code.
 *
 * Run it in a throw-away Wine prefix with clusapi.dll next to it (see
 * selftest.sh). It works under HKLM\Cluster but touches only its own keys
 * (names starting with "ClusTest"), removes them when done, and removes
 * HKLM\Cluster itself only if it created it.
 *
 * Output: one line per failure ("<file>:LINE: Test failed: ..."), traces,
 * Wine's summary line, and last exactly "N passed, M failed". Exit status 1 on
 * any failure. "-v" also prints the passing checks; "--probe" only shows that
 * the program (and its clusapi.dll) loads.
 */
#include "clustest.h"

static void remove_test_keys(void)
{
    HKEY root;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Cluster", 0, KEY_ALL_ACCESS, &root))
        return;
    bed_delete_tree(root, SCRATCH);
    bed_delete_tree(root, L"ResourceTypes\\" TEST_TYPE);
    bed_delete_tree(root, L"Resources\\" RES_A_ID);
    bed_delete_tree(root, L"Resources\\" RES_B_ID);
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
    trace("clusapi.dll loaded from %s\n", bt_wn(dll));
    slash = wcsrchr(exe, L'\\');
    if (slash)
        wcscpy(slash + 1, L"clusapi.dll");
    native = CompareStringW(LOCALE_INVARIANT, NORM_IGNORECASE, exe, -1, dll, -1) ==
             CSTR_EQUAL;
    ok(native, "clusapi.dll is %s, expected %s\n", bt_wn(dll), bt_wn(exe));
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
    ok(other != NULL, "OpenCluster(%s) failed: %lu\n", bt_wn(name), GetLastError());
    ok(other != cluster, "two opens returned the same handle\n");
    ok(CloseCluster(other), "CloseCluster failed: %lu\n", GetLastError());

    CharLowerW(name);
    other = OpenCluster(name);
    ok(other != NULL, "OpenCluster(%s) failed: %lu\n", bt_wn(name), GetLastError());
    CloseCluster(other);

    cch = ARRAY_SIZE(name);
    if (GetComputerNameExW(ComputerNameDnsHostname, name, &cch) && name[0]) {
        other = OpenCluster(name);
        ok(other != NULL, "OpenCluster(%s) failed: %lu\n", bt_wn(name), GetLastError());
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


int main(int argc, char **argv)
{
    BOOL created_root = FALSE;
    HCLUSTER cluster = NULL;
    HKEY root = NULL, scratch = NULL;
    int i;

    setvbuf(stdout, NULL, _IONBF, 0);
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v")) {
            bt_set_verbose(1);
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
        bed_delete_tree(HKEY_LOCAL_MACHINE, L"Cluster");

    return bt_summary("clustest", NULL);
}

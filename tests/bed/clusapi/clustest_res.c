/*
 * clustest_res.c - clustest's tests of the cluster objects over the
 * database: resources by Name and by id, resource type keys, and
 * GetClusterInformation.
 */
#include "clustest.h"

static void set_sz(HKEY key, const WCHAR *name, const WCHAR *text)
{
    LONG err = ClusterRegSetValue(key, name, REG_SZ, (const BYTE *)text,
                                  (DWORD)((wcslen(text) + 1) * sizeof(WCHAR)));

    ok(err == ERROR_SUCCESS, "set %s: %ld\n", bt_wn(name), err);
}

static void expect_sz(HKEY key, const WCHAR *name, const WCHAR *expected, int line)
{
    WCHAR text[128] = L"";
    DWORD size = sizeof(text) - sizeof(WCHAR), type = 0;
    LONG err = ClusterRegQueryValue(key, name, &type, (BYTE *)text, &size);

    ok_at(line, err == ERROR_SUCCESS && type == REG_SZ && !wcscmp(text, expected),
          "%s: %ld, type %lu, %s (expected %s)\n", bt_wn(name), err, type, bt_wn(text),
          bt_wn(expected));
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

/* The resource found by Name: its key, and the key a monitor hands over. */
static void test_resource_keys(HRESOURCE resource)
{
    HKEY key, parameters, host;
    LONG err;

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
}

/* By id, and a resource deleted behind its handle's back. */
static void test_resource_by_id(HCLUSTER cluster, HKEY root)
{
    HRESOURCE other;
    HKEY key;

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
        bed_delete_tree(root, L"Resources\\" RES_B_ID);
        SetLastError(0xdeadbeef);
        key = GetClusterResourceKey(other, KEY_READ);
        ok(key == NULL && GetLastError() == ERROR_RESOURCE_NOT_FOUND,
           "deleted resource: %p, error %lu\n", key, GetLastError());
        CloseClusterResource(other);
    }
}

/* Refused names and handles; closes resource. */
static void test_resource_refusals(HCLUSTER cluster, HRESOURCE resource)
{
    HRESOURCE other;
    HKEY key;
    BOOL ret;

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
}

static void test_type_keys(HCLUSTER cluster)
{
    HKEY key;

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

void test_resources(HCLUSTER cluster, HKEY root)
{
    HRESOURCE resource;

    make_resources(root);

    /* By Name, ignoring case. */
    resource = OpenClusterResource(cluster, L"clustest ALPHA");
    ok(resource != NULL, "OpenClusterResource: %lu\n", GetLastError());
    if (!resource)
        return;
    test_resource_keys(resource);
    test_resource_by_id(cluster, root);
    test_resource_refusals(cluster, resource);
    test_type_keys(cluster);
}

void test_cluster_information(HCLUSTER cluster, HKEY root)
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
       "exact buffer: %lu, cch %lu, %s\n", err, cch, bt_wn(name));

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
          info.BuildNumber, bt_wn(info.szVendorId));

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
       "without ClusterName: %lu, %s (computer %s)\n", err, bt_wn(name), bt_wn(computer));

    if (had_name)
        ClusterRegSetValue(root, L"ClusterName", saved_type, (BYTE *)saved, saved_size);
}


/*
 * cluster.c - cluster and resource objects over the node's HKLM\Cluster.
 *
 * The test bed's convention: a node is a cluster node when HKLM\Cluster
 * exists, and the only cluster reachable from it is its own, named by the
 * node's computer names or by the database's ClusterName value.
 */
#include <string.h>

#include "clusapi_private.h"

/* Shown in CLUSTERVERSIONINFO so that nobody mistakes this for the real thing. */
#define VENDOR_ID L"imsguard test bed clusapi (HKLM\\Cluster)"

static void *null_with_error(DWORD err)
{
    SetLastError(err);
    return NULL;
}

static BOOL bool_with_error(DWORD err)
{
    if (err)
        SetLastError(err);
    return !err;
}

static BOOL names_equal(const WCHAR *a, const WCHAR *b)
{
    return CompareStringW(LOCALE_INVARIANT, NORM_IGNORECASE, a, -1, b, -1) ==
           CSTR_EQUAL;
}

/* Joins "parent\child" into path; ERROR_INVALID_PARAMETER when it does not fit. */
static DWORD join_path(WCHAR *path, size_t cch, const WCHAR *parent,
                       const WCHAR *child)
{
    size_t parent_len = wcslen(parent), child_len = wcslen(child);

    if (parent_len + 1 + child_len + 1 > cch)
        return ERROR_INVALID_PARAMETER;
    memcpy(path, parent, parent_len * sizeof(WCHAR));
    path[parent_len] = L'\\';
    memcpy(path + parent_len + 1, child, (child_len + 1) * sizeof(WCHAR));
    return ERROR_SUCCESS;
}

static DWORD read_string(HKEY key, const WCHAR *value, WCHAR **out)
{
    return bed_read_sz(&bed_reg_win32, key, value, out);
}

static BOOL node_has_cluster_database(void)
{
    HKEY key;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, CLUSTER_ROOT, 0, KEY_QUERY_VALUE, &key))
        return FALSE;
    RegCloseKey(key);
    return TRUE;
}

/* The database's ClusterName, or the node's NetBIOS name when it has none. */
static DWORD read_cluster_name(WCHAR **out)
{
    HANDLE heap = GetProcessHeap();
    WCHAR *name = NULL;
    DWORD cch = 0;
    HKEY key = NULL;
    DWORD err;

    *out = NULL;
    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, CLUSTER_ROOT, 0, KEY_QUERY_VALUE, &key);
    if (err == ERROR_SUCCESS) {
        err = read_string(key, L"ClusterName", &name);
        if (err == ERROR_SUCCESS && name[0]) {
            *out = name;
            goto out;
        }
        HeapFree(heap, 0, name);
        name = NULL;
    }

    GetComputerNameExW(ComputerNameNetBIOS, NULL, &cch);
    name = HeapAlloc(heap, 0, (cch + 1) * sizeof(WCHAR));
    if (!name) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    cch++;
    if (!GetComputerNameExW(ComputerNameNetBIOS, name, &cch)) {
        err = GetLastError();
        HeapFree(heap, 0, name);
        goto out;
    }
    err = ERROR_SUCCESS;
    *out = name;
out:
    if (key)
        RegCloseKey(key);
    return err;
}

static BOOL computer_name_is(COMPUTER_NAME_FORMAT format, const WCHAR *name)
{
    WCHAR mine[256];
    DWORD cch = ARRAY_SIZE(mine);

    return GetComputerNameExW(format, mine, &cch) && mine[0] &&
           names_equal(mine, name);
}

/* Does name designate this node (or its cluster)? */
static BOOL is_this_node(const WCHAR *name)
{
    WCHAR *cluster_name = NULL;
    BOOL mine;

    if (!name || !name[0] || names_equal(name, L".") ||
        names_equal(name, L"localhost"))
        return TRUE;
    if (computer_name_is(ComputerNameNetBIOS, name) ||
        computer_name_is(ComputerNameDnsHostname, name) ||
        computer_name_is(ComputerNameDnsFullyQualified, name))
        return TRUE;
    if (read_cluster_name(&cluster_name))
        return FALSE;
    mine = names_equal(cluster_name, name);
    HeapFree(GetProcessHeap(), 0, cluster_name);
    return mine;
}

HCLUSTER WINAPI OpenCluster(LPCWSTR lpszClusterName)
{
    void *cluster = NULL;
    DWORD err;

    /* Another machine's cluster would need the cluster service's RPC. */
    if (!is_this_node(lpszClusterName))
        return null_with_error(ERROR_HOST_NODE_NOT_AVAILABLE);
    if (!node_has_cluster_database())
        return null_with_error(ERROR_CLUSTER_NODE_NOT_MEMBER);
    err = handle_create(HANDLE_CLUSTER, NULL, &cluster);
    if (err)
        return null_with_error(err);
    return cluster;
}

WINBOOL WINAPI CloseCluster(HCLUSTER hCluster)
{
    return bool_with_error(handle_close(hCluster, HANDLE_CLUSTER));
}

HKEY WINAPI GetClusterKey(HCLUSTER hCluster, REGSAM samDesired)
{
    HKEY key = NULL;
    DWORD err = handle_check(hCluster, HANDLE_CLUSTER);

    if (err)
        return null_with_error(err);
    err = RegCreateKeyExW(HKEY_LOCAL_MACHINE, CLUSTER_ROOT, 0, NULL,
                          REG_OPTION_NON_VOLATILE, samDesired, NULL, &key, NULL);
    if (err)
        return null_with_error(err);
    return key;
}

/* Finds the key name of the resource whose Name is name (case-insensitive);
   failing that, a resource whose key name (its id) is name. */
static DWORD find_resource(const WCHAR *name, WCHAR id[MAX_KEY_NAME + 1])
{
    DWORD err = bed_find_by_name(&bed_reg_win32, HKEY_LOCAL_MACHINE, CLUSTER_RESOURCES, name, BED_FIND_BY_ID, id);
    return err == ERROR_NOT_FOUND ? ERROR_RESOURCE_NOT_FOUND : err;
}

HRESOURCE WINAPI OpenClusterResource(HCLUSTER hCluster, LPCWSTR lpszResourceName)
{
    WCHAR id[MAX_KEY_NAME + 1];
    void *resource = NULL;
    DWORD err = handle_check(hCluster, HANDLE_CLUSTER);

    if (err)
        return null_with_error(err);
    if (!lpszResourceName || !lpszResourceName[0])
        return null_with_error(ERROR_INVALID_PARAMETER);
    err = find_resource(lpszResourceName, id);
    if (err)
        return null_with_error(err);
    err = handle_create(HANDLE_RESOURCE, id, &resource);
    if (err)
        return null_with_error(err);
    return resource;
}

WINBOOL WINAPI CloseClusterResource(HRESOURCE hResource)
{
    return bool_with_error(handle_close(hResource, HANDLE_RESOURCE));
}

HKEY WINAPI GetClusterResourceKey(HRESOURCE hResource, REGSAM samDesired)
{
    WCHAR id[MAX_KEY_NAME + 1];
    WCHAR path[ARRAY_SIZE(CLUSTER_RESOURCES) + MAX_KEY_NAME + 1];
    HKEY key = NULL;
    DWORD err = handle_resource_id(hResource, id);

    if (err)
        return null_with_error(err);
    err = join_path(path, ARRAY_SIZE(path), CLUSTER_RESOURCES, id);
    if (err)
        return null_with_error(err);
    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, samDesired, &key);
    /* Deleted since it was opened. */
    if (err == ERROR_FILE_NOT_FOUND)
        err = ERROR_RESOURCE_NOT_FOUND;
    if (err)
        return null_with_error(err);
    return key;
}

HKEY WINAPI GetClusterResourceTypeKey(HCLUSTER hCluster, LPCWSTR lpszTypeName,
                                      REGSAM samDesired)
{
    WCHAR path[ARRAY_SIZE(CLUSTER_RESOURCE_TYPES) + MAX_KEY_NAME + 1];
    HKEY key = NULL;
    DWORD err = handle_check(hCluster, HANDLE_CLUSTER);

    if (err)
        return null_with_error(err);
    /* A backslash would reach a key outside ResourceTypes. */
    if (!lpszTypeName || !lpszTypeName[0] || wcschr(lpszTypeName, L'\\') ||
        wcslen(lpszTypeName) > MAX_KEY_NAME)
        return null_with_error(ERROR_INVALID_PARAMETER);
    err = join_path(path, ARRAY_SIZE(path), CLUSTER_RESOURCE_TYPES, lpszTypeName);
    if (err)
        return null_with_error(err);
    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, samDesired, &key);
    if (err == ERROR_FILE_NOT_FOUND)
        err = ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND;
    if (err)
        return null_with_error(err);
    return key;
}

/* The version of the node's OS, as a Windows Server 2003 cluster (the API
   level cluswin.h targets) would report it. */
static void fill_version_info(LPCLUSTERVERSIONINFO info)
{
    DWORD size = info->dwVersionInfoSize;
    OSVERSIONINFOW os;

    if (size > sizeof(*info))
        size = sizeof(*info);
    memset((BYTE *)info + sizeof(info->dwVersionInfoSize), 0,
           size - sizeof(info->dwVersionInfoSize));

    memset(&os, 0, sizeof(os));
    os.dwOSVersionInfoSize = sizeof(os);
    if (GetVersionExW(&os)) {
        info->MajorVersion = (WORD)os.dwMajorVersion;
        info->MinorVersion = (WORD)os.dwMinorVersion;
        info->BuildNumber = (WORD)os.dwBuildNumber;
        memcpy(info->szCSDVersion, os.szCSDVersion,
               sizeof(info->szCSDVersion) - sizeof(WCHAR));
    }
    memcpy(info->szVendorId, VENDOR_ID, sizeof(VENDOR_ID));

    if (size >= sizeof(*info)) {
        info->dwClusterHighestVersion =
            CLUSTER_MAKE_VERSION(NT51_MAJOR_VERSION, info->BuildNumber);
        info->dwClusterLowestVersion = info->dwClusterHighestVersion;
        info->dwFlags = 0;
    }
}

DWORD WINAPI GetClusterInformation(HCLUSTER hCluster, LPWSTR lpszClusterName,
                                   LPDWORD lpcchClusterName,
                                   LPCLUSTERVERSIONINFO lpClusterInfo)
{
    WCHAR *name = NULL;
    DWORD len;
    DWORD err = handle_check(hCluster, HANDLE_CLUSTER);

    if (err)
        goto out;
    if (!lpcchClusterName || (!lpszClusterName && *lpcchClusterName) ||
        (lpClusterInfo &&
         lpClusterInfo->dwVersionInfoSize < sizeof(CLUSTERVERSIONINFO_NT4))) {
        err = ERROR_INVALID_PARAMETER;
        goto out;
    }
    err = read_cluster_name(&name);
    if (err)
        goto out;
    if (lpClusterInfo)
        fill_version_info(lpClusterInfo);

    len = (DWORD)wcslen(name);
    if (len >= *lpcchClusterName) {
        err = ERROR_MORE_DATA;
    } else {
        memcpy(lpszClusterName, name, (len + 1) * sizeof(WCHAR));
    }
    *lpcchClusterName = len;
out:
    HeapFree(GetProcessHeap(), 0, name);
    return err;
}

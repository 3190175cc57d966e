/*
 * clusapi_private.h - the test bed's clusapi.dll: shared internals.
 *
 * Wine's clusapi.dll is a stub that aborts the process on the first cluster
 * registry call. This DLL stands in for it and keeps the cluster database
 * where a node keeps it, in the HKLM\Cluster hive of the node's own registry,
 * so an HKEY handed out here is an ordinary registry key.
 *
 * clusapi_main.c  the ClusterReg* exports
 * cluster.c       cluster and resource objects (OpenCluster, ...)
 * handles.c       the table of live HCLUSTER / HRESOURCE handles
 */
#ifndef CLUSBED_CLUSAPI_PRIVATE_H
#define CLUSBED_CLUSAPI_PRIVATE_H

#include "cluswin.h"

#include "bedreg.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define MAX_KEY_NAME BED_MAX_KEY_NAME

/* HKLM\Cluster and its well-known subkeys, relative to HKEY_LOCAL_MACHINE
   (the layout: tests/bed/common/bedreg.h). */
#define CLUSTER_ROOT           BED_DB_ROOT
#define CLUSTER_RESOURCES      BED_DB_ROOT L"\\" BED_DB_RESOURCES
#define CLUSTER_RESOURCE_TYPES BED_DB_ROOT L"\\" BED_DB_RESOURCE_TYPES

enum handle_kind {
    HANDLE_CLUSTER = 1,
    HANDLE_RESOURCE,
};

/*
 * Handles are heap objects kept in a table so that a stale or made-up handle
 * is refused with ERROR_INVALID_HANDLE instead of being dereferenced.
 */

/* Creates a handle; resource_id (a key name under Resources) is required for
 * HANDLE_RESOURCE and ignored otherwise. ERROR_NOT_ENOUGH_MEMORY on failure. */
DWORD handle_create(enum handle_kind kind, const WCHAR *resource_id, void **out);

/* ERROR_SUCCESS when handle is live and of that kind, else ERROR_INVALID_HANDLE. */
DWORD handle_check(const void *handle, enum handle_kind kind);

/* Copies a live resource handle's key name (MAX_KEY_NAME + 1 characters). */
DWORD handle_resource_id(const void *handle, WCHAR id[MAX_KEY_NAME + 1]);

/* Removes and frees a live handle of that kind, else ERROR_INVALID_HANDLE. */
DWORD handle_close(void *handle, enum handle_kind kind);

#endif /* CLUSBED_CLUSAPI_PRIVATE_H */

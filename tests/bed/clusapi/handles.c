/*
 * handles.c - the table of live HCLUSTER and HRESOURCE handles.
 *
 * A resource DLL that closes a handle twice, or a test that passes a made-up
 * one, must get ERROR_INVALID_HANDLE rather than a crash in the test bed, so
 * every handle is looked up here before it is used.
 */
#include <string.h>

#include "clusapi_private.h"

struct handle {
    struct handle *next;
    enum handle_kind kind;
    WCHAR resource_id[MAX_KEY_NAME + 1];
};

static CRITICAL_SECTION table_lock;
static struct handle *live_handles;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    switch (reason) {
    case DLL_PROCESS_ATTACH:
        DisableThreadLibraryCalls(instance);
        InitializeCriticalSection(&table_lock);
        break;
    case DLL_PROCESS_DETACH:
        /* At process exit (reserved != NULL) other threads are gone and the
           heap goes with the process; only an unload must give memory back. */
        if (!reserved) {
            while (live_handles) {
                struct handle *next = live_handles->next;
                HeapFree(GetProcessHeap(), 0, live_handles);
                live_handles = next;
            }
        }
        DeleteCriticalSection(&table_lock);
        break;
    }
    return TRUE;
}

/* Caller holds table_lock. */
static struct handle **find_locked(const void *handle, enum handle_kind kind)
{
    struct handle **link;

    for (link = &live_handles; *link; link = &(*link)->next) {
        if (*link == handle)
            return (*link)->kind == kind ? link : NULL;
    }
    return NULL;
}

DWORD handle_create(enum handle_kind kind, const WCHAR *resource_id, void **out)
{
    DWORD err = ERROR_SUCCESS;
    struct handle *handle;

    *out = NULL;
    handle = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*handle));
    if (!handle) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    handle->kind = kind;
    if (resource_id) {
        size_t len = wcslen(resource_id);

        if (len > MAX_KEY_NAME) {
            HeapFree(GetProcessHeap(), 0, handle);
            err = ERROR_INVALID_PARAMETER;
            goto out;
        }
        memcpy(handle->resource_id, resource_id, (len + 1) * sizeof(WCHAR));
    }

    EnterCriticalSection(&table_lock);
    handle->next = live_handles;
    live_handles = handle;
    LeaveCriticalSection(&table_lock);
    *out = handle;
out:
    return err;
}

DWORD handle_check(const void *handle, enum handle_kind kind)
{
    DWORD err;

    EnterCriticalSection(&table_lock);
    err = find_locked(handle, kind) ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
    LeaveCriticalSection(&table_lock);
    return err;
}

DWORD handle_resource_id(const void *handle, WCHAR id[MAX_KEY_NAME + 1])
{
    DWORD err = ERROR_INVALID_HANDLE;
    struct handle **link;

    /* Copied under the lock: another thread may close the handle meanwhile. */
    EnterCriticalSection(&table_lock);
    link = find_locked(handle, HANDLE_RESOURCE);
    if (link) {
        memcpy(id, (*link)->resource_id, sizeof((*link)->resource_id));
        err = ERROR_SUCCESS;
    }
    LeaveCriticalSection(&table_lock);
    return err;
}

DWORD handle_close(void *handle, enum handle_kind kind)
{
    struct handle *found = NULL;
    struct handle **link;

    EnterCriticalSection(&table_lock);
    link = find_locked(handle, kind);
    if (link) {
        found = *link;
        *link = found->next;
    }
    LeaveCriticalSection(&table_lock);

    if (!found)
        return ERROR_INVALID_HANDLE;
    HeapFree(GetProcessHeap(), 0, found);
    return ERROR_SUCCESS;
}

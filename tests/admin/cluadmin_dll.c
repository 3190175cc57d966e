/*
 * cluadmin_dll.c - the resource control path of cluadminhost.exe.
 *
 * The test bed's clusapi.dll has no ClusterResourceControl; this program
 * exports one (cluadminhost.def), which the extension finds when clusapi.dll
 * lacks it (admin/rescontrol.c). It does what the Cluster Service would:
 * hands the control to the resource DLL's ResourceControl - the real
 * imsguard.dll (DllName of the type, next to this program), loaded, started
 * (Startup) and opened (Open, with the resource's cluster key) on first use
 * by the test bed's mini monitor (tests/bed/common/minimon.h), as a Resource
 * Monitor would. The DLL writes the cluster database itself (SET), so what
 * Apply stores can be read back with reg.exe.
 */
#include "cluadmin_host.h"

#include "bedclus.h"
#include "minimon.h"

static struct {
    PCLRES_FUNCTION_TABLE table;
    RESID resid;
    HKEY res_key;
    DWORD open_error;
    BOOL open_tried;
} dll;

static DWORD on_status(RESOURCE_HANDLE handle, PRESOURCE_STATUS status)
{
    out("dll: SetResourceStatus(state %lu) - not expected here\n",
        status ? (unsigned long)status->ResourceState : 0ul);
    return ResourceExitStateContinue;
}

static void on_log(RESOURCE_HANDLE handle, LOG_LEVEL level, const WCHAR *line)
{
    WCHAR text[2048];
    size_t n;

    lstrcpynW(text, line, ARRAYSIZE(text));
    n = wcslen(text);
    while (n && (text[n - 1] == L'\n' || text[n - 1] == L'\r'))
        text[--n] = 0;
    out("dll-log: %s: %s\n", level == LOG_ERROR ? "ERROR" : level == LOG_WARNING ? "WARNING" : "INFO",
        u8(text));
}

/* Loads the type's DllName (next to this program), starts it for the type
   and opens the resource, as the Resource Monitor would. */
static DWORD open_resource_dll(void)
{
    struct host_state *h = host();
    WCHAR dll_name[MAX_PATH];
    const char *step;
    HKEY type_key;
    DWORD err;

    if (dll.open_tried)
        return dll.open_error;
    dll.open_tried = TRUE;

    type_key = GetClusterResourceTypeKey(h->cluster, h->type_name, KEY_READ);
    if (!type_key) {
        err = GetLastError();
        goto out;
    }
    err = bed_read_sz_into(&bed_reg_cluster, type_key, L"DllName", dll_name, ARRAYSIZE(dll_name));
    ClusterRegCloseKey(type_key);
    if (err)
        goto out;
    bm_set_hooks(on_log, on_status);
    err = bm_start(dll_name, h->type_name, &dll.table, &step);
    if (err) {
        out("host: the resource DLL %s: %s failed (error %lu)\n", u8(dll_name), step, (unsigned long)err);
        goto out;
    }
    dll.res_key = GetClusterResourceKey(h->resource, KEY_READ | KEY_WRITE);
    if (!dll.res_key) {
        err = GetLastError();
        goto out;
    }
    dll.resid = bm_open(dll.table, h->resource_name, dll.res_key, (RESOURCE_HANDLE)h, &err);
out:
    dll.open_error = err;
    out("host: resource DLL %s for '%s': %lu\n", err ? "not opened" : "opened", u8(h->resource_name),
        (unsigned long)err);
    return err;
}

static const char *control_name(DWORD code)
{
    switch (code) {
    case CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES:      return "GET_PRIVATE_PROPERTIES";
    case CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES:      return "SET_PRIVATE_PROPERTIES";
    case CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES: return "VALIDATE_PRIVATE_PROPERTIES";
    case CLUSCTL_RESOURCE_ENUM_PRIVATE_PROPERTIES:     return "ENUM_PRIVATE_PROPERTIES";
    default:                                           return "other";
    }
}

DWORD WINAPI host_resource_control(HRESOURCE resource, HNODE node, DWORD code, LPVOID in, DWORD in_size,
                                   LPVOID outbuf, DWORD out_size, LPDWORD returned)
{
    DWORD err;
    if (returned)
        *returned = 0;
    if (!resource || resource != host()->resource) {
        err = ERROR_INVALID_HANDLE;
    } else {
        err = open_resource_dll();
        if (!err)
            err = BM_FN(dll.table).ResourceControl(dll.resid, code, in, in_size, outbuf, out_size, returned);
    }
    out("shim: ClusterResourceControl(%s, %lu bytes in) -> %lu\n", control_name(code),
        (unsigned long)in_size, (unsigned long)err);
    return err;
}

void host_dll_close(void)
{
    if (dll.resid) {
        BM_FN(dll.table).Close(dll.resid);
        out("host: resource DLL closed\n");
    }
    if (dll.res_key)
        ClusterRegCloseKey(dll.res_key);
}

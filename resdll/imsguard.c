/*
 * imsguard.c - the Resource API v1 entry points of the "IMS Guard"
 * resource type. Each entry point checks its RESID first, then does what
 * Microsoft's Resource API contract asks of it; the work lives in
 * checks.c (preflight), lifecycle.c (service start/stop workers) and the
 * thin Win32 files under win/.
 */
#include "cluswin.h"

#include "checks.h"
#include "creg.h"
#include "imsguard.h"
#include "imsguard_msg.h"
#include "lifecycle.h"
#include "resource.h"
#include "rlog.h"
#include "smtp.h"
#include "wstr.h"

#include "control.h"
#include "igerr.h"
#include "preflight.h"

#include <stdio.h>
#include <stdlib.h>

#define IMS_GUARD_TYPE L"IMS Guard"

static HMODULE dll_module;
PSET_RESOURCE_STATUS_ROUTINE ig_set_resource_status;
static CRITICAL_SECTION resources_lock;
static ig_resource *resources;

static RESID WINAPI ImsOpen(LPCWSTR ResourceName, HKEY ResourceKey, RESOURCE_HANDLE ResourceHandle);
static VOID WINAPI ImsClose(RESID ResourceId);
static DWORD WINAPI ImsOnline(RESID ResourceId, PHANDLE EventHandle);
static DWORD WINAPI ImsOffline(RESID ResourceId);
static VOID WINAPI ImsTerminate(RESID ResourceId);
static BOOL WINAPI ImsLooksAlive(RESID ResourceId);
static BOOL WINAPI ImsIsAlive(RESID ResourceId);
static DWORD WINAPI ImsResourceControl(RESID ResourceId, DWORD ControlCode, PVOID InBuffer,
                                       DWORD InBufferSize, PVOID OutBuffer, DWORD OutBufferSize,
                                       LPDWORD BytesReturned);
static DWORD WINAPI ImsResourceTypeControl(LPCWSTR ResourceTypeName, DWORD ControlCode, PVOID InBuffer,
                                           DWORD InBufferSize, PVOID OutBuffer, DWORD OutBufferSize,
                                           LPDWORD BytesReturned);

/* Not a quorum resource: no Arbitrate or Release. */
static CLRES_FUNCTION_TABLE ims_function_table = {
    CLRES_V1_FUNCTION_SIZE,
    CLRES_VERSION_V1_00,
    { { ImsOpen, ImsClose, ImsOnline, ImsOffline, ImsTerminate, ImsLooksAlive, ImsIsAlive,
        NULL, NULL, ImsResourceControl, ImsResourceTypeControl } }
};

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH) {
        dll_module = instance;
        DisableThreadLibraryCalls(instance);
        InitializeCriticalSection(&resources_lock);
        ig_scm_init();
        ig_netid_init();
    } else if (reason == DLL_PROCESS_DETACH && !reserved) {
        DeleteCriticalSection(&resources_lock);
    }
    return TRUE;
}

/* A RESID is only ever dereferenced once it is found in our own list. */
static ig_resource *resource_from_id(RESID id)
{
    ig_resource *r;
    if (!id)
        return NULL;
    EnterCriticalSection(&resources_lock);
    for (r = resources; r && (RESID)r != id; r = r->next)
        ;
    LeaveCriticalSection(&resources_lock);
    return (r && r->signature == IG_RESOURCE_SIGNATURE) ? r : NULL;
}

DWORD WINAPI Startup(LPCWSTR ResourceType, DWORD MinVersionSupported, DWORD MaxVersionSupported,
                     PSET_RESOURCE_STATUS_ROUTINE SetResourceStatus, PLOG_EVENT_ROUTINE LogEvent,
                     PCLRES_FUNCTION_TABLE *FunctionTable)
{
    if (!ResourceType || !FunctionTable || !SetResourceStatus || !LogEvent)
        return ERROR_INVALID_PARAMETER;
    if (MinVersionSupported > CLRES_VERSION_V1_00 || MaxVersionSupported < CLRES_VERSION_V1_00)
        return ERROR_REVISION_MISMATCH;
    /* Type names are case-insensitive in the cluster database. A match is
       CSTR_EQUAL (2), not 0 as Microsoft's sample assumed. */
    if (CompareStringW(LOCALE_SYSTEM_DEFAULT, NORM_IGNORECASE, ResourceType, -1, IMS_GUARD_TYPE, -1) !=
        CSTR_EQUAL)
        return ERROR_CLUSTER_RESNAME_NOT_FOUND;

    ig_set_resource_status = SetResourceStatus;
    ig_log_init(dll_module, LogEvent, TRUE);
    *FunctionTable = &ims_function_table;
    return ERROR_SUCCESS;
}

static void log_property_problem(ig_resource *r, LOG_LEVEL level, const WCHAR *caller,
                                 const ig_prop_problem *why)
{
    WCHAR reason[ARRAYSIZE(why->reason)], *line;
    if (!r)
        return;
    ig_wfrom_utf8(reason, ARRAYSIZE(reason), why->reason);
    if (why->prop >= 0) {
        WCHAR prop[64];
        ig_wfrom_utf8(prop, ARRAYSIZE(prop), ig_props[why->prop].name);
        line = ig_wformat(L"The private property %ls is not valid: %ls. Correct it with Cluster Administrator "
                          L"or 'cluster resource \"%ls\" /priv'.",
                          prop, reason, r->name);
    } else {
        line = ig_wformat(L"The property list was refused: %ls.", reason);
    }
    ig_log_text(r->handle, level, caller, line ? line : reason);
    free(line);
}

/* The Parameters subkey, opened once it exists; NULL until a SET creates it
   (no properties stored yet: the defaults). */
static HKEY params_key(ig_resource *r)
{
    HKEY params = NULL;
    if (!r->params_key &&
        ClusterRegOpenKey(r->res_key, L"Parameters", KEY_ALL_ACCESS, &params) == ERROR_SUCCESS)
        r->params_key = params;
    return r->params_key;
}

static RESID WINAPI ImsOpen(LPCWSTR ResourceName, HKEY ResourceKey, RESOURCE_HANDLE ResourceHandle)
{
    DWORD err = ERROR_SUCCESS;
    ig_resource *r = NULL;
    ig_prop_problem why;

    if (!ResourceName || !ResourceKey) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    r = calloc(1, sizeof(*r));
    if (!r) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    InitializeCriticalSection(&r->lock);
    r->signature = IG_RESOURCE_SIGNATURE;
    r->handle = ResourceHandle;
    r->state = IG_ST_OFFLINE;
    ig_wcopy(r->name, ARRAYSIZE(r->name), ResourceName);

    /* Our own handle to the resource key: the one we were given is the
       monitor's. SET creates Parameters under it when it is missing. */
    err = ClusterRegOpenKey(ResourceKey, L"", KEY_ALL_ACCESS, &r->res_key);
    if (err) {
        WCHAR text[300];
        _snwprintf(text, ARRAYSIZE(text), L"The resource's key in the cluster database could not be "
                                          L"opened (error %lu).", (unsigned long)err);
        text[ARRAYSIZE(text) - 1] = 0;
        ig_log_text(ResourceHandle, LOG_ERROR, L"Open", text);
        goto out;
    }
    /* A bad stored value is reported now and refused at Online. */
    if (ig_creg_read(params_key(r), &r->settings, &why) != ERROR_SUCCESS)
        log_property_problem(r, LOG_WARNING, L"Open", &why);

    EnterCriticalSection(&resources_lock);
    r->next = resources;
    resources = r;
    LeaveCriticalSection(&resources_lock);
out:
    if (err) {
        if (r) {
            DeleteCriticalSection(&r->lock);
            free(r);
        }
        SetLastError(err);
        return NULL;
    }
    return (RESID)r;
}

static VOID WINAPI ImsClose(RESID ResourceId)
{
    ig_resource *r = resource_from_id(ResourceId), **link;

    if (!r)
        return;
    if (ig_state_needs_terminate(r->state))
        ImsTerminate(ResourceId);

    EnterCriticalSection(&resources_lock);
    for (link = &resources; *link && *link != r; link = &(*link)->next)
        ;
    if (*link)
        *link = r->next;
    LeaveCriticalSection(&resources_lock);

    ig_worker_stop(&r->worker);
    if (r->worker.stop)
        CloseHandle(r->worker.stop);
    ig_netid_close(&r->netid);
    ig_probe_reset(&r->probe);
    if (r->params_key)
        ClusterRegCloseKey(r->params_key);
    if (r->res_key)
        ClusterRegCloseKey(r->res_key);
    r->signature = 0;
    DeleteCriticalSection(&r->lock);
    free(r);
}

static DWORD WINAPI ImsOnline(RESID ResourceId, PHANDLE EventHandle)
{
    ig_resource *r = resource_from_id(ResourceId);
    ig_prop_problem why;
    DWORD err = ERROR_SUCCESS;
    ig_step step;

    if (!r)
        return ERROR_RESOURCE_NOT_FOUND;
    if (EventHandle)
        *EventHandle = NULL;    /* no event-driven failure detection */

    /* The monitor never calls Online while an Online or Offline is pending;
       refuse if it does. Otherwise the last worker has made its final state
       change and at most is still returning from its last report: collect
       its thread. (Deciding by the thread alone refused an Online that came
       right after the Offline report.) */
    EnterCriticalSection(&r->lock);
    step = (r->state == IG_ST_ONLINE_PENDING || r->state == IG_ST_OFFLINE_PENDING) ? IG_STEP_REFUSED
                                                                                   : IG_STEP_MOVED;
    LeaveCriticalSection(&r->lock);
    if (step == IG_STEP_REFUSED)
        return ERROR_INVALID_STATE;
    ig_worker_stop(&r->worker);

    EnterCriticalSection(&r->lock);
    step = ig_state_step(&r->state, IG_EV_ONLINE);
    if (step == IG_STEP_ALREADY)
        goto out;
    if (step == IG_STEP_REFUSED) {
        err = ERROR_INVALID_STATE;
        goto out;
    }

    /* Properties are re-read at each Online: a SET while online applies now. */
    err = ig_creg_read(params_key(r), &r->settings, &why);
    if (err) {
        log_property_problem(r, LOG_ERROR, L"Online", &why);
        goto failed;
    }

    ig_scm_close(&r->service);   /* fresh handles for a new Online */
    err = ig_checks_run(r, L"Online", IG_CHECK_SERVICE | IG_CHECK_IMAGE | IG_CHECK_DOMAIN);
    if (err)
        goto failed;

    err = ig_lifecycle_start_online(r);
    if (err)
        goto failed;
    err = ERROR_IO_PENDING;
    goto out;

failed:
    ig_scm_close(&r->service);
    ig_state_step(&r->state, IG_EV_ONLINE_FAILED);
out:
    LeaveCriticalSection(&r->lock);
    return err;
}

static DWORD WINAPI ImsOffline(RESID ResourceId)
{
    ig_resource *r = resource_from_id(ResourceId);
    if (!r)
        return ERROR_RESOURCE_NOT_FOUND;
    return ig_lifecycle_start_offline(r);
}

static VOID WINAPI ImsTerminate(RESID ResourceId)
{
    ig_resource *r = resource_from_id(ResourceId);
    if (r)
        ig_lifecycle_terminate(r);
}

static BOOL WINAPI ImsLooksAlive(RESID ResourceId)
{
    ig_resource *r = resource_from_id(ResourceId);
    SERVICE_STATUS ss;
    BOOL alive = FALSE;

    if (!r)
        return FALSE;
    EnterCriticalSection(&r->lock);
    if (r->state != IG_ST_ONLINE || !r->service.svc)
        goto out;
    /* Wine's service manager never notices a dead service process;
       the process handle does, on Windows too, and costs less. */
    if (r->process && WaitForSingleObject(r->process, 0) != WAIT_TIMEOUT)
        goto out;
    alive = QueryServiceStatus(r->service.svc, &ss) && ss.dwCurrentState == SERVICE_RUNNING;
out:
    LeaveCriticalSection(&r->lock);
    return alive;
}

static BOOL WINAPI ImsIsAlive(RESID ResourceId)
{
    ig_resource *r = resource_from_id(ResourceId);
    /* The image check reads the version again only when the file changed. */
    unsigned what = IG_CHECK_SERVICE | IG_CHECK_IMAGE | IG_CHECK_DOMAIN;
    ig_probe_config probe = { 0, 0, 0 };
    DWORD pid = 0, err;
    WCHAR detail[160];
    BOOL alive = FALSE;

    if (!r)
        return FALSE;
    EnterCriticalSection(&r->lock);
    if (r->state != IG_ST_ONLINE || !r->service.svc)
        goto out;
    if (!ig_lifecycle_service_alive(r, L"IsAlive"))
        goto out;

    if (ig_checks_run(r, L"IsAlive", what) != ERROR_SUCCESS)
        goto out;
    probe = ig_probe_config_of(&r->settings);
    pid = r->pid;
    alive = TRUE;
out:
    LeaveCriticalSection(&r->lock);

    if (alive && probe.port) {
        err = ig_probe_check(&r->probe, &probe, pid, detail, ARRAYSIZE(detail));
        if (err) {
            WCHAR port_text[16];
            const WCHAR *args[3] = { r->name, port_text, detail };
            _snwprintf(port_text, ARRAYSIZE(port_text), L"%lu", (unsigned long)probe.port);
            port_text[ARRAYSIZE(port_text) - 1] = 0;
            ig_log_msg(r->handle, LOG_ERROR, L"IsAlive", MSG_SMTP_NOT_ANSWERING, 3, args);
            alive = FALSE;
        }
    }
    return alive;
}

/* Copies the pure dispatcher's answer into the caller's protocol. */
static DWORD control_reply(const ig_control_result *res, DWORD OutBufferSize, LPDWORD BytesReturned)
{
    if (BytesReturned) {
        if (res->status == ERROR_SUCCESS || res->status == ERROR_MORE_DATA ||
            res->status == ERROR_RESOURCE_PROPERTIES_STORED)
            *BytesReturned = (DWORD)res->bytes;
        else
            *BytesReturned = 0;
    }
    return res->status;
}

static DWORD WINAPI ImsResourceControl(RESID ResourceId, DWORD ControlCode, PVOID InBuffer,
                                       DWORD InBufferSize, PVOID OutBuffer, DWORD OutBufferSize,
                                       LPDWORD BytesReturned)
{
    ig_resource *r = resource_from_id(ResourceId);
    ig_control_result *res = NULL;
    ig_settings stored;
    ig_prop_problem why;
    DWORD err;

    if (BytesReturned)
        *BytesReturned = 0;
    if (!r)
        return ERROR_RESOURCE_NOT_FOUND;
    res = malloc(sizeof(*res));
    if (!res)
        return ERROR_NOT_ENOUGH_MEMORY;

    EnterCriticalSection(&r->lock);
    /* GET, VALIDATE and SET work on what is stored, which may differ from
       what is in effect until the next Online. */
    if (ig_creg_read(params_key(r), &stored, &why) != ERROR_SUCCESS)
        stored = r->settings;

    ig_control(ControlCode, &stored, InBuffer, InBuffer ? InBufferSize : 0, OutBuffer,
               OutBuffer ? OutBufferSize : 0, res);
    if (res->status != ERROR_SUCCESS && res->status != ERROR_MORE_DATA &&
        res->status != ERROR_INVALID_FUNCTION)
        log_property_problem(r, LOG_ERROR, L"ResourceControl", &res->why);

    if (res->store) {
        err = ig_creg_write(r->res_key, &r->params_key, &res->next, &stored, res->present);
        if (err) {
            WCHAR text[200];
            _snwprintf(text, ARRAYSIZE(text), L"The private properties could not be saved in the "
                                              L"cluster database (error %lu); nothing was changed.",
                       (unsigned long)err);
            text[ARRAYSIZE(text) - 1] = 0;
            ig_log_text(r->handle, LOG_ERROR, L"ResourceControl", text);
            res->status = err;
        } else if (r->state == IG_ST_OFFLINE || r->state == IG_ST_FAILED) {
            r->settings = res->next;
        } else {
            res->status = ERROR_RESOURCE_PROPERTIES_STORED;   /* applies at the next Online */
        }
    }
    LeaveCriticalSection(&r->lock);

    err = control_reply(res, OutBufferSize, BytesReturned);
    free(res);
    return err;
}

static DWORD WINAPI ImsResourceTypeControl(LPCWSTR ResourceTypeName, DWORD ControlCode, PVOID InBuffer,
                                           DWORD InBufferSize, PVOID OutBuffer, DWORD OutBufferSize,
                                           LPDWORD BytesReturned)
{
    ig_control_result *res;
    DWORD err;

    if (BytesReturned)
        *BytesReturned = 0;
    if (!ResourceTypeName ||
        CompareStringW(LOCALE_SYSTEM_DEFAULT, NORM_IGNORECASE, ResourceTypeName, -1, IMS_GUARD_TYPE, -1) !=
            CSTR_EQUAL)
        return ERROR_CLUSTER_RESNAME_NOT_FOUND;
    res = malloc(sizeof(*res));
    if (!res)
        return ERROR_NOT_ENOUGH_MEMORY;
    ig_control(ControlCode, NULL, InBuffer, InBuffer ? InBufferSize : 0, OutBuffer,
               OutBuffer ? OutBufferSize : 0, res);
    err = control_reply(res, OutBufferSize, BytesReturned);
    free(res);
    return err;
}

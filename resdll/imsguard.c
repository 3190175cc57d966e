/*
 * imsguard.c - the Resource API v1 entry points of the IMS Guard resource
 * type (restype.h); the DLL's shell (shell.c: DllMain, Startup) hands them
 * to the monitor. Each entry point checks its RESID first, then does what
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
#include "polls.h"
#include "resource.h"
#include "restype.h"
#include "rlog.h"
#include "smtp.h"
#include "wstr.h"

#include "control.h"
#include "igerr.h"
#include "preflight.h"

#include <stdio.h>
#include <stdlib.h>

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

void ig_type_attach(void)
{
    InitializeCriticalSection(&resources_lock);
}

void ig_type_detach(void)
{
    DeleteCriticalSection(&resources_lock);
}

/* Type names are case-insensitive in the cluster database. A match is
   CSTR_EQUAL (2), not 0 as Microsoft's sample assumed. */
BOOL ig_type_is_ours(LPCWSTR name)
{
    return name && CompareStringW(LOCALE_SYSTEM_DEFAULT, NORM_IGNORECASE, name, -1,
                                  L"" IMSGUARD_RESOURCE_TYPE, -1) == CSTR_EQUAL;
}

PCLRES_FUNCTION_TABLE ig_type_functions(void)
{
    return &ims_function_table;
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

static void log_property_problem(ig_resource *r, LOG_LEVEL level, const WCHAR *caller,
                                 const ig_prop_problem *why)
{
    WCHAR *line;
    if (!r)
        return;
    line = ig_prop_problem_text(r->name, why);
    ig_log_text(r->handle, level, caller, line ? line : L"A private property is not valid (out of memory).");
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
    InitializeCriticalSection(&r->report_lock);
    r->signature = IG_RESOURCE_SIGNATURE;
    r->handle = ResourceHandle;
    r->life.state = IG_ST_OFFLINE;
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
    /* Each Online opens the service: through this kept connection's
       transport, not a new one (scm.h). */
    r->scm_kept = ig_scm_keep_connection();
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
            ig_scm_drop_connection(r->scm_kept);
            DeleteCriticalSection(&r->report_lock);
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
    EnterCriticalSection(&resources_lock);
    for (link = &resources; *link && *link != r; link = &(*link)->next)
        ;
    if (*link)
        *link = r->next;
    LeaveCriticalSection(&resources_lock);

    ig_lifecycle_close(r);
    ig_scm_drop_connection(r->scm_kept);
    ig_facts_close(&r->facts);
    ig_probe_reset(&r->probe);
    if (r->params_key)
        ClusterRegCloseKey(r->params_key);
    if (r->res_key)
        ClusterRegCloseKey(r->res_key);
    r->signature = 0;
    DeleteCriticalSection(&r->report_lock);
    DeleteCriticalSection(&r->lock);
    free(r);
}

/* Online checks on this thread what cannot block (properties, service
   configuration, the binary's version, the DNS domain), so that a refusal
   is returned synchronously with its own code; starting the service and
   waiting for it is the worker's (lifecycle.c). */
static DWORD WINAPI ImsOnline(RESID ResourceId, PHANDLE EventHandle)
{
    ig_resource *r = resource_from_id(ResourceId);
    ig_settings settings;
    ig_prop_problem why;
    unsigned op = 0;
    DWORD err;

    if (!r)
        return ERROR_RESOURCE_NOT_FOUND;
    if (EventHandle)
        *EventHandle = NULL;    /* no event-driven failure detection */

    switch (ig_lifecycle_begin(r, IG_EV_ONLINE, &op)) {
    case IG_STEP_ALREADY:
        return ERROR_SUCCESS;
    case IG_STEP_REFUSED:
        return ERROR_INVALID_STATE;   /* an Online or Offline is pending */
    case IG_STEP_MOVED:
        break;
    }

    /* Properties are re-read at each Online: a SET while online applies now. */
    err = ig_creg_read(params_key(r), &settings, &why);
    if (err) {
        log_property_problem(r, LOG_ERROR, L"Online", &why);
        ig_lifecycle_refuse(r, op);
        return err;
    }
    return ig_lifecycle_online(r, op, &settings);
}

static DWORD WINAPI ImsOffline(RESID ResourceId)
{
    ig_resource *r = resource_from_id(ResourceId);
    if (!r)
        return ERROR_RESOURCE_NOT_FOUND;
    return ig_lifecycle_offline(r);
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
    return r ? ig_poll_looks_alive(r) : FALSE;
}

/* No lock is held here: the service is held by its own reference, and the
   checks touch only what Terminate leaves alone. */
static BOOL WINAPI ImsIsAlive(RESID ResourceId)
{
    ig_resource *r = resource_from_id(ResourceId);
    unsigned what = IG_CHECK_IMAGE | IG_CHECK_DOMAIN;
    ig_probe_config probe;
    ig_svcref *svc;
    DWORD err;
    WCHAR detail[160];
    BOOL alive = FALSE;

    if (!r)
        return FALSE;
    svc = ig_poll_hold_online(r);
    if (!svc)
        return FALSE;
    if (!ig_poll_service_alive(r, svc, L"IsAlive"))
        goto out;
    /* The service's configuration (disabled? another program?) is asked
       again only when its registry key changed: one wait instead of a
       service manager round trip. */
    if (ig_svcref_config_changed(svc))
        what |= IG_CHECK_SERVICE;
    if (ig_checks_run(r, L"IsAlive", what, &svc->service) != ERROR_SUCCESS)
        goto out;
    alive = TRUE;

    probe = ig_probe_config_of(&r->settings);
    if (probe.port) {
        err = ig_probe_check(&r->probe, &probe, svc->pid, detail, ARRAYSIZE(detail));
        if (err) {
            WCHAR port_text[16];
            const WCHAR *args[3] = { r->name, port_text, detail };
            _snwprintf(port_text, ARRAYSIZE(port_text), L"%lu", (unsigned long)probe.port);
            port_text[ARRAYSIZE(port_text) - 1] = 0;
            ig_log_msg(r->handle, LOG_ERROR, L"IsAlive", MSG_SMTP_NOT_ANSWERING, 3, args);
            alive = FALSE;
        }
    }
out:
    ig_svcref_release(svc);
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
    ig_stored *stored = NULL;
    ig_prop_problem why;
    DWORD err;
    int bad;

    if (BytesReturned)
        *BytesReturned = 0;
    if (!r)
        return ERROR_RESOURCE_NOT_FOUND;
    res = malloc(sizeof(*res));
    stored = malloc(sizeof(*stored));
    if (!res || !stored) {
        free(res);
        free(stored);
        return ERROR_NOT_ENOUGH_MEMORY;
    }

    /* GET, VALIDATE and SET work on what is stored (which may differ from
       what is in effect until the next Online), invalid values included:
       GET shows them as stored, a change is judged merged with them. No
       lock while the database is read and written: the monitor does not
       re-enter the resource, and Terminate touches none of it. */
    err = ig_creg_read_stored(params_key(r), stored, &why);
    if (err) {
        log_property_problem(r, LOG_ERROR, L"ResourceControl", &why);
        goto out;
    }

    ig_control(ControlCode, stored, InBuffer, InBuffer ? InBufferSize : 0, OutBuffer,
               OutBuffer ? OutBufferSize : 0, res);
    if (res->status != ERROR_SUCCESS && res->status != ERROR_MORE_DATA &&
        res->status != ERROR_INVALID_FUNCTION)
        log_property_problem(r, LOG_ERROR, L"ResourceControl", &res->why);
    bad = ig_stored_first_invalid(stored);
    if (bad >= 0 && ControlCode == CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES && res->status == ERROR_SUCCESS)
        log_property_problem(r, LOG_WARNING, L"ResourceControl", &stored->value[bad].why);

    if (res->store) {
        err = ig_creg_write(r->res_key, &r->params_key, &res->next, stored, res->present);
        if (err) {
            WCHAR text[200];
            _snwprintf(text, ARRAYSIZE(text), L"The private properties could not be saved in the "
                                              L"cluster database (error %lu); nothing was changed.",
                       (unsigned long)err);
            text[ARRAYSIZE(text) - 1] = 0;
            ig_log_text(r->handle, LOG_ERROR, L"ResourceControl", text);
            res->status = err;
        } else {
            EnterCriticalSection(&r->lock);
            if (r->life.state == IG_ST_OFFLINE || r->life.state == IG_ST_FAILED)
                r->settings = res->next;
            else
                res->status = ERROR_RESOURCE_PROPERTIES_STORED;   /* applies at the next Online */
            LeaveCriticalSection(&r->lock);
        }
    }
    err = control_reply(res, OutBufferSize, BytesReturned);
out:
    ig_stored_free(stored);
    free(stored);
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
    if (!ig_type_is_ours(ResourceTypeName))
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

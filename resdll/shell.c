/*
 * shell.c - the DLL as the Resource Monitor loads it: DllMain, and Startup,
 * which checks the monitor's version and the type's name, keeps the
 * monitor's callbacks (monitor.h, rlog.h) and hands out the type's
 * function table (restype.h, the entry points in imsguard.c).
 */
#include "cluswin.h"

#include "monitor.h"
#include "netid.h"
#include "restype.h"
#include "rlog.h"
#include "scm.h"

static HMODULE dll_module;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH) {
        dll_module = instance;
        DisableThreadLibraryCalls(instance);
        ig_type_attach();
        ig_scm_init();
        ig_netid_init();
    } else if (reason == DLL_PROCESS_DETACH && !reserved) {
        ig_type_detach();
    }
    return TRUE;
}

DWORD WINAPI Startup(LPCWSTR ResourceType, DWORD MinVersionSupported, DWORD MaxVersionSupported,
                     PSET_RESOURCE_STATUS_ROUTINE SetResourceStatus, PLOG_EVENT_ROUTINE LogEvent,
                     PCLRES_FUNCTION_TABLE *FunctionTable)
{
    if (!ResourceType || !FunctionTable || !SetResourceStatus || !LogEvent)
        return ERROR_INVALID_PARAMETER;
    if (MinVersionSupported > CLRES_VERSION_V1_00 || MaxVersionSupported < CLRES_VERSION_V1_00)
        return ERROR_REVISION_MISMATCH;
    if (!ig_type_is_ours(ResourceType))
        return ERROR_CLUSTER_RESNAME_NOT_FOUND;

    ig_monitor_init(SetResourceStatus);
    ig_log_init(dll_module, LogEvent, TRUE);
    *FunctionTable = ig_type_functions();
    return ERROR_SUCCESS;
}

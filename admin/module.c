/*
 * module.c - imsguardex.dll's lifetime: DllMain and DllCanUnloadNow. The
 * COM objects (factory.c) and the pages (page.c) count themselves here.
 */
#include "module.h"

#include "netid.h"

static HINSTANCE module;
static LONG live;   /* extension objects, factories handed out, pages, server locks */

HINSTANCE ig_ex_instance(void) { return module; }
void ig_ex_lock(void)   { InterlockedIncrement(&live); }
void ig_ex_unlock(void) { InterlockedDecrement(&live); }

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH) {
        module = instance;
        DisableThreadLibraryCalls(instance);
        ig_netid_init();   /* the preflight panel reads the node's domain as the DLL does */
    }
    return TRUE;
}

STDAPI DllCanUnloadNow(void)
{
    return live == 0 ? S_OK : S_FALSE;
}

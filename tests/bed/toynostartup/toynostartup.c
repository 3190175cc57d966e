/*
 * toynostartup.c - a DLL with no Startup export: resmon.exe must refuse it
 * with a clear message and exit code 2.
 */
#include "cluswin.h"

__declspec(dllexport) DWORD WINAPI NotStartup(void);

DWORD WINAPI NotStartup(void)
{
    return ERROR_SUCCESS;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    return TRUE;
}

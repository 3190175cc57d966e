/*
 * cluswin.h - the one place that includes the Windows cluster headers.
 *
 * mingw-w64 10's <resapi.h> does not compile in C as shipped:
 *  - with the default _WIN32_WINNT, <clusapi.h> defines
 *    CLUSTER_RESOURCE_STATE twice;
 *  - below 0x0600, PCLUSPROP_FILETIME (used by resapi.h prototypes) is
 *    missing.
 * We target the Windows Server 2003 API level (0x0502), which is also all an
 * NT 4.0 / Windows 2000 cluster offers to a Resource API v1 DLL, and supply
 * the missing type. Every Win32 file of the project includes this header
 * instead of <windows.h>, <clusapi.h> or <resapi.h> directly.
 */
#ifndef IMSGUARD_CLUSWIN_H
#define IMSGUARD_CLUSWIN_H

#ifdef _WIN32_WINNT
#undef _WIN32_WINNT
#endif
#define _WIN32_WINNT 0x0502
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif

#include <windows.h>
#include <clusapi.h>

#if _WIN32_WINNT < 0x0600
typedef struct _CLUSPROP_FILETIME {
    CLUSPROP_SYNTAX Syntax;
    DWORD cbLength;
    FILETIME ft;
} CLUSPROP_FILETIME, *PCLUSPROP_FILETIME;
#endif

#ifndef _stdcall
#define _stdcall __stdcall
#endif
#include <resapi.h>

#endif /* IMSGUARD_CLUSWIN_H */

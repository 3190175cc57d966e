/*
 * cluadmin.h - the one place that includes the Cluster Administrator
 * extension headers (<cluadmex.h>), for the extension (imsguardex.dll), the
 * test bed's cluster.exe (its /regadminext) and the test host (cluadminhost.exe).
 *
 * mingw-w64 10's <cluadmex.h> compiles in C on both arches once the cluster
 * headers are set up as include/cluswin.h does (it includes <clusapi.h>
 * itself), with COBJMACROS for the C call macros. What it lacks:
 *  - the interface IDs: it declares IID_IGetClusterUIInfo and the rest
 *    `extern`, but neither libuuid.a nor any other mingw library defines
 *    them. They are defined once, in admin/cluadmin_iids.c, with the values
 *    of Microsoft's CluAdmEx.idl (97DEDExx-FC6B-11CF-B5F5-00A0C90AB505);
 *  - the registration entry points' prototypes (DllRegisterCluAdminExtension,
 *    DllUnregisterCluAdminExtension), declared below with the signature of
 *    Microsoft's documentation: HRESULT STDAPICALLTYPE f(HCLUSTER).
 */
#ifndef IMSGUARD_CLUADMIN_H
#define IMSGUARD_CLUADMIN_H

#include "cluswin.h"

#ifndef COBJMACROS
#define COBJMACROS
#endif
#include <ole2.h>
#include <commctrl.h>
#include <cluadmex.h>

/* CLUSCTL codes come from <clusapi.h> (already included). */

typedef HRESULT (STDAPICALLTYPE *ig_register_cluadmin_fn)(HCLUSTER hCluster);

#ifndef IMSGUARD_NO_REGISTRATION_PROTOTYPES
STDAPI DllRegisterCluAdminExtension(HCLUSTER hCluster);
STDAPI DllUnregisterCluAdminExtension(HCLUSTER hCluster);
#endif

/* ClusterResourceControl, looked up at run time (see admin/NOTES.md): the
   test bed's clusapi.dll does not export it. */
typedef DWORD (WINAPI *ig_resource_control_fn)(HRESOURCE hResource, HNODE hHostNode,
                                               DWORD dwControlCode, LPVOID lpInBuffer,
                                               DWORD cbInBufferSize, LPVOID lpOutBuffer,
                                               DWORD cbOutBufferSize, LPDWORD lpcbBytesReturned);

#endif /* IMSGUARD_CLUADMIN_H */

/*
 * svcenv.h - UseNetworkName: the service's environment carries the name of
 * the Network Name resource the IMS Guard resource depends on, as
 * _CLUSTER_NETWORK_NAME_ (the service's Environment value), as a Generic
 * Service resource does it for its service.
 */
#ifndef IG_SVCENV_H
#define IG_SVCENV_H

#include "cluswin.h"

/*
 * Online, before StartService. use 1: finds the resource's Network Name
 * dependency (its DependsOn, a resource of type "Network Name", that
 * resource's Parameters\Name) and puts it into the service's Environment;
 * use 0: takes out an entry an earlier Online put there. Other entries are
 * kept. Returns ERROR_SUCCESS, or the error that refuses Online (logged):
 * ERROR_DEPENDENCY_NOT_FOUND when use is 1 and there is no Network Name.
 * With use 0 nothing refuses Online (an entry that cannot be taken out
 * stays). Reads the cluster database (OpenCluster): the Online worker
 * calls it, not the entry point.
 */
DWORD ig_svcenv_online(RESOURCE_HANDLE log, const WCHAR *caller, const WCHAR *resource, HKEY res_key,
                       const WCHAR *service, DWORD use);

#endif

/*
 * bedclus.c - bed_reg_cluster: bedreg.h's helpers through the cluster
 * registry API (ClusterRegOpenKey, ...), for the tools that reach the
 * database through clusapi.dll as a real tool would (cluster.exe, the admin
 * test host). Link -lclusapi.
 */
#include "cluswin.h"

#include "bedclus.h"

static LONG cluster_open(HKEY parent, const WCHAR *sub, REGSAM sam, HKEY *key)
{
    return ClusterRegOpenKey(parent, sub, sam, key);
}

static LONG cluster_enum_key(HKEY key, DWORD index, WCHAR *name, DWORD *cch)
{
    return ClusterRegEnumKey(key, index, name, cch, NULL);
}

static LONG cluster_query(HKEY key, const WCHAR *name, DWORD *type, BYTE *data, DWORD *size)
{
    return ClusterRegQueryValue(key, name, type, data, size);
}

static LONG cluster_close(HKEY key)
{
    return ClusterRegCloseKey(key);
}

const bed_reg_ops bed_reg_cluster = { cluster_open, cluster_enum_key, cluster_query, cluster_close };

#include "svcenv.h"

#include <stdlib.h>

#include "envblock.h"
#include "imsguard.h"
#include "imsguard_msg.h"
#include "rlog.h"
#include "scm.h"
#include "wstr.h"

#define NAME_CAP 256
#define LIST_CAP 4096

/* A string value of a cluster key; FALSE when missing, not a string or too long. */
static BOOL cluster_sz(HKEY key, const WCHAR *name, WCHAR *out, DWORD cap)
{
    DWORD type = 0, size = (cap - 1) * sizeof(WCHAR);
    ZeroMemory(out, cap * sizeof(WCHAR));
    return ClusterRegQueryValue(key, name, &type, (BYTE *)out, &size) == ERROR_SUCCESS &&
           (type == REG_SZ || type == REG_EXPAND_SZ) && out[0];
}

/* The Name of the first Network Name resource in DependsOn; what is
   missing, for the log line, when there is none. */
static DWORD find_network_name(HKEY res_key, WCHAR *name, const WCHAR **missing)
{
    WCHAR *deps = calloc(LIST_CAP, sizeof(WCHAR)), type[NAME_CAP];
    DWORD size = (LIST_CAP - 2) * sizeof(WCHAR), vt = 0, err = ERROR_DEPENDENCY_NOT_FOUND;
    HCLUSTER cluster = NULL;
    HKEY root = NULL, resources = NULL, dep = NULL, params = NULL;
    const WCHAR *id;

    *missing = L"it depends on no resource";
    if (!deps)
        return ERROR_NOT_ENOUGH_MEMORY;
    if (ClusterRegQueryValue(res_key, L"DependsOn", &vt, (BYTE *)deps, &size) != ERROR_SUCCESS ||
        vt != REG_MULTI_SZ || !deps[0])
        goto out;
    *missing = L"none of the resources it depends on is a Network Name";
    cluster = OpenCluster(NULL);
    root = cluster ? GetClusterKey(cluster, KEY_READ) : NULL;
    if (!root || ClusterRegOpenKey(root, L"Resources", KEY_READ, &resources) != ERROR_SUCCESS) {
        *missing = L"the cluster database could not be read";
        goto out;
    }
    for (id = deps; *id && err; id += wcslen(id) + 1) {
        if (ClusterRegOpenKey(resources, id, KEY_READ, &dep) != ERROR_SUCCESS)
            continue;
        if (cluster_sz(dep, L"Type", type, NAME_CAP) && !lstrcmpiW(type, L"" IMSGUARD_REQUIRED_DEPENDENCY)) {
            *missing = L"its Network Name resource has no Name";
            if (ClusterRegOpenKey(dep, L"Parameters", KEY_READ, &params) == ERROR_SUCCESS) {
                if (cluster_sz(params, L"Name", name, NAME_CAP))
                    err = ERROR_SUCCESS;
                ClusterRegCloseKey(params);
            }
        }
        ClusterRegCloseKey(dep);
    }
out:
    if (resources)
        ClusterRegCloseKey(resources);
    if (root)
        ClusterRegCloseKey(root);
    if (cluster)
        CloseCluster(cluster);
    free(deps);
    return err;
}

/* Rewrites the service's Environment with (or, name NULL, without) the entry. */
static DWORD set_environment(const WCHAR *service, const WCHAR *name)
{
    uint16_t *in = calloc(LIST_CAP, sizeof(uint16_t)), *out = calloc(LIST_CAP + NAME_CAP + 32, sizeof(uint16_t));
    DWORD size = LIST_CAP * sizeof(uint16_t), type = 0, err;
    size_t units;
    bool changed = false;
    HKEY key = NULL;

    if (!in || !out) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    err = ig_scm_open_key(service, KEY_QUERY_VALUE | KEY_SET_VALUE, &key);
    if (err)
        goto out;
    err = RegQueryValueExW(key, L"Environment", NULL, &type, (BYTE *)in, &size);
    if (err == ERROR_FILE_NOT_FOUND || (!err && type != REG_MULTI_SZ))
        size = 0, err = ERROR_SUCCESS;
    if (err)
        goto out;
    units = ig_env_set_network_name(in, size / sizeof(uint16_t), ig_u(name), out, LIST_CAP + NAME_CAP + 32,
                                    &changed);
    if (!units) {
        err = ERROR_INSUFFICIENT_BUFFER;
        goto out;
    }
    if (!changed)
        goto out;
    if (units == 1)
        err = RegDeleteValueW(key, L"Environment");
    else
        err = RegSetValueExW(key, L"Environment", 0, REG_MULTI_SZ, (const BYTE *)out,
                             (DWORD)(units * sizeof(uint16_t)));
out:
    if (key)
        RegCloseKey(key);
    free(in);
    free(out);
    return err;
}

DWORD ig_svcenv_online(RESOURCE_HANDLE log, const WCHAR *caller, const WCHAR *resource, HKEY res_key,
                       const WCHAR *service, DWORD use)
{
    WCHAR name[NAME_CAP], detail[300];
    const WCHAR *missing = L"", *args[3] = { resource, service, detail };
    DWORD err = ERROR_SUCCESS;

    if (use) {
        err = find_network_name(res_key, name, &missing);
        if (err) {
            ig_wcopy(detail, ARRAYSIZE(detail), missing);
            ig_log_msg(log, LOG_ERROR, caller, MSG_NO_NETWORK_NAME, 3, args);
            return err;
        }
    }
    err = set_environment(service, use ? name : NULL);
    if (err && !use)
        return ERROR_SUCCESS;   /* an entry left over only names the virtual server: no reason to refuse */
    if (err) {
        ig_werror_text(err, detail, ARRAYSIZE(detail));
        ig_log_msg(log, LOG_ERROR, caller, MSG_ENVIRONMENT_NOT_SET, 3, args);
    }
    return err;
}

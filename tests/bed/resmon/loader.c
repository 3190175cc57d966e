/*
 * loader.c - the cluster database (HKLM\Cluster) and the DLLs: finds a
 * resource's key and type, loads the type's DLL and calls its Startup once.
 */
#include "monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ------------------------------------------------------------ cluster database */

static DWORD reg_string(HKEY key, const WCHAR *value, WCHAR **out)
{
    DWORD type, size = 0, err;
    WCHAR *buf;

    *out = NULL;
    err = RegQueryValueExW(key, value, NULL, &type, NULL, &size);
    if (err)
        return err;
    if (type != REG_SZ && type != REG_EXPAND_SZ)
        return ERROR_INVALID_DATATYPE;
    buf = xmalloc(size + sizeof(WCHAR));
    err = RegQueryValueExW(key, value, NULL, &type, (BYTE *)buf, &size);
    if (err) {
        free(buf);
        return err;
    }
    buf[size / sizeof(WCHAR)] = 0;
    *out = buf;
    return ERROR_SUCCESS;
}

DWORD reg_dword(HKEY key, const WCHAR *value)
{
    DWORD type, data = 0, size = sizeof(data);

    if (RegQueryValueExW(key, value, NULL, &type, (BYTE *)&data, &size) || type != REG_DWORD)
        return 0;
    return data;
}

/* Finds Resources\{guid} whose Name matches; opens it for the DLL. */
DWORD find_resource_key(const WCHAR *name, HKEY *key, WCHAR **type, WCHAR **stored_name,
                               reason_t reason)
{
    WCHAR sub[256], *found_name = NULL;
    HKEY all = NULL, one = NULL;
    DWORD err, i, len;
    char err8[256], *name8 = utf8_dup(name);

    *key = NULL;
    *type = NULL;
    *stored_name = NULL;
    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Cluster\\Resources", 0, KEY_READ, &all);
    if (err) {
        snprintf(reason, sizeof(reason_t), "cannot open HKLM\\Cluster\\Resources (is this a"
                 " cluster node?): %s", errtext(err, err8, sizeof(err8)));
        goto out;
    }
    for (i = 0;; i++) {
        len = ARRAYSIZE(sub);
        err = RegEnumKeyExW(all, i, sub, &len, NULL, NULL, NULL, NULL);
        if (err == ERROR_NO_MORE_ITEMS) {
            err = ERROR_RESOURCE_NOT_FOUND;
            snprintf(reason, sizeof(reason_t), "no resource named \"%s\" under"
                     " HKLM\\Cluster\\Resources", name8);
            goto out;
        }
        if (err == ERROR_MORE_DATA)
            continue;
        if (err) {
            snprintf(reason, sizeof(reason_t), "cannot enumerate HKLM\\Cluster\\Resources: %s",
                     errtext(err, err8, sizeof(err8)));
            goto out;
        }
        /* Write access lets the DLL store properties from SET controls; a
         * read-only database still lets it run. */
        if (RegOpenKeyExW(all, sub, 0, KEY_READ | KEY_WRITE, &one)
            && RegOpenKeyExW(all, sub, 0, KEY_READ, &one))
            continue;
        if (!reg_string(one, L"Name", &found_name) && same_name(found_name, name))
            break;
        free(found_name);
        found_name = NULL;
        RegCloseKey(one);
        one = NULL;
    }
    err = reg_string(one, L"Type", type);
    if (err) {
        char *sub8 = utf8_dup(sub);
        snprintf(reason, sizeof(reason_t), "resource \"%s\" (HKLM\\Cluster\\Resources\\%s) has"
                 " no Type: %s", name8, sub8, errtext(err, err8, sizeof(err8)));
        free(sub8);
        goto out;
    }
    *key = one;
    one = NULL;
    *stored_name = found_name;
    found_name = NULL;
out:
    free(found_name);
    free(name8);
    if (one)
        RegCloseKey(one);
    if (all)
        RegCloseKey(all);
    return err;
}

/* A bare file name means "next to resmon.exe", as the cluster directory. */
static WCHAR *resolve_dll_path(const WCHAR *dll_name)
{
    WCHAR expanded[MAX_PATH], self[MAX_PATH], *slash, *path;
    DWORD n;

    n = ExpandEnvironmentStringsW(dll_name, expanded, ARRAYSIZE(expanded));
    if (!n || n > ARRAYSIZE(expanded))
        return wcs_dup(dll_name);
    if (wcspbrk(expanded, L"\\/:"))
        return wcs_dup(expanded);
    n = GetModuleFileNameW(NULL, self, ARRAYSIZE(self));
    slash = wcsrchr(self, L'\\');
    if (!n || n >= ARRAYSIZE(self) || !slash)
        return wcs_dup(expanded);
    slash[1] = 0;
    path = xmalloc((wcslen(self) + wcslen(expanded) + 1) * sizeof(WCHAR));
    wcscpy(path, self);
    wcscat(path, expanded);
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) {
        free(path);
        return wcs_dup(expanded);       /* the loader's search path decides */
    }
    return path;
}

static DWORD load_dll(const WCHAR *path, struct dll **out, reason_t reason, const char *type8)
{
    char err8[256], *path8;
    struct dll *d;
    HMODULE module;
    DWORD err = ERROR_SUCCESS;

    path8 = utf8_dup(path);
    module = wcspbrk(path, L"\\/") ? LoadLibraryExW(path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH)
                                   : LoadLibraryW(path);
    if (!module) {
        err = GetLastError();
        snprintf(reason, sizeof(reason_t), "cannot load %s, the DLL of resource type \"%s\":"
                 " %s", path8, type8, errtext(err, err8, sizeof(err8)));
        goto out;
    }
    for (d = dlls; d; d = d->next) {
        if (d->module == module) {
            FreeLibrary(module);        /* one reference per DLL is enough */
            *out = d;
            goto out;
        }
    }
    d = xmalloc(sizeof(*d));
    memset(d, 0, sizeof(*d));
    d->path = wcs_dup(path);
    d->module = module;
    d->startup = (PSTARTUP_ROUTINE)(void (*)(void))GetProcAddress(module, "Startup");
    d->next = dlls;
    dlls = d;
    *out = d;
out:
    free(path8);
    return err;
}

static DWORD startup_type(struct restype *t, const char *res8)
{
    char err8[256], *path8 = utf8_dup(t->dll->path);
    static const char *const required[] = {
        "Open", "Close", "Online", "Offline", "Terminate", "LooksAlive", "IsAlive"
    };
    const void *entries[7];
    enum outcome out;
    struct call *c;
    DWORD ms, err = ERROR_SUCCESS;
    size_t i;

    if (!t->dll->startup) {
        err = ERROR_PROC_NOT_FOUND;
        snprintf(t->failure, sizeof(t->failure), "%s (resource type \"%s\") exports no"
                 " Startup entry point", path8, t->name8);
        goto out;
    }
    c = call_new(ENTRY_STARTUP, (void *)t->dll->startup);
    c->name = t->name;
    c->set_status = set_resource_status;
    c->log_event = log_event;
    out = call_run(c, g_deadlock_ms, &ms);
    report_call(res8, t->name8, c, out, ms);
    if (out != CALL_RETURNED) {
        err = out == CALL_HUNG ? WAIT_TIMEOUT : ERROR_RESOURCE_FAILED;
        snprintf(t->failure, sizeof(t->failure), "Startup(\"%s\") in %s %s", t->name8, path8,
                 outcome_reason(out));
        if (out == CALL_HUNG || out == CALL_CRASHED)
            t->dll->unsafe = TRUE;
    } else if ((err = (DWORD)c->ret) != ERROR_SUCCESS) {
        snprintf(t->failure, sizeof(t->failure), "Startup(\"%s\") in %s failed: %s",
                 t->name8, path8, errtext(err, err8, sizeof(err8)));
    } else if (!c->table) {
        err = ERROR_INVALID_DATA;
        snprintf(t->failure, sizeof(t->failure), "Startup(\"%s\") in %s succeeded but"
                 " returned no function table", t->name8, path8);
    } else if (c->table_size != CLRES_V1_FUNCTION_SIZE) {
        err = ERROR_INVALID_DATA;
        snprintf(t->failure, sizeof(t->failure), "Startup(\"%s\") in %s returned a function"
                 " table with TableSize %lu, expected %u (CLRES_V1_FUNCTION_SIZE)",
                 t->name8, path8, c->table_size, (unsigned)CLRES_V1_FUNCTION_SIZE);
    } else if (c->table_version != CLRES_VERSION_V1_00) {
        err = ERROR_REVISION_MISMATCH;
        snprintf(t->failure, sizeof(t->failure), "Startup(\"%s\") in %s returned a function"
                 " table of Version 0x%lx, expected 0x%x (CLRES_VERSION_V1_00)",
                 t->name8, path8, c->table_version, CLRES_VERSION_V1_00);
    } else {
        entries[0] = (const void *)c->v1.Open;
        entries[1] = (const void *)c->v1.Close;
        entries[2] = (const void *)c->v1.Online;
        entries[3] = (const void *)c->v1.Offline;
        entries[4] = (const void *)c->v1.Terminate;
        entries[5] = (const void *)c->v1.LooksAlive;
        entries[6] = (const void *)c->v1.IsAlive;
        for (i = 0; i < ARRAYSIZE(entries) && entries[i]; i++)
            ;
        if (i < ARRAYSIZE(entries)) {
            err = ERROR_INVALID_DATA;
            snprintf(t->failure, sizeof(t->failure), "Startup(\"%s\") in %s returned a"
                     " function table without %s", t->name8, path8, required[i]);
        } else {
            t->fn = c->v1;
        }
    }
    call_release(c);
out:
    if (err)
        g_invalid_dll = TRUE;
    free(path8);
    return err;
}

/*
 * Opens ResourceTypes\<name> and returns the key's own spelling, which is
 * what the real monitor hands to Startup whatever case the resource's Type
 * value uses.
 */
static DWORD open_type_key(const WCHAR *type_name, HKEY *key, WCHAR **canonical)
{
    WCHAR sub[256];
    HKEY all = NULL;
    DWORD err, i, len;

    *key = NULL;
    *canonical = NULL;
    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Cluster\\ResourceTypes", 0, KEY_READ, &all);
    if (err)
        return err;
    for (i = 0;; i++) {
        len = ARRAYSIZE(sub);
        err = RegEnumKeyExW(all, i, sub, &len, NULL, NULL, NULL, NULL);
        if (err == ERROR_MORE_DATA)
            continue;
        if (err == ERROR_NO_MORE_ITEMS)
            err = ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND;
        if (err)
            break;
        if (!same_name(sub, type_name))
            continue;
        err = RegOpenKeyExW(all, sub, 0, KEY_READ, key);
        if (!err)
            *canonical = wcs_dup(sub);
        break;
    }
    RegCloseKey(all);
    return err;
}

/* The type of a resource, loading its DLL and calling Startup the first time. */
DWORD get_type(const WCHAR *type_name, const char *res8, struct restype **out,
                      reason_t reason)
{
    WCHAR *canonical = NULL, *dll_name = NULL, *path = NULL;
    char err8[256], *type8;
    struct restype *t;
    HKEY key = NULL;
    DWORD err;

    *out = NULL;
    err = open_type_key(type_name, &key, &canonical);
    if (err) {
        type8 = utf8_dup(type_name);
        snprintf(reason, sizeof(reason_t), "resource type \"%s\" is not registered under"
                 " HKLM\\Cluster\\ResourceTypes: %s", type8, errtext(err, err8, sizeof(err8)));
        free(type8);
        return err;
    }
    for (t = types; t; t = t->next) {
        if (same_name(t->name, canonical)) {
            *out = t;
            err = t->error;
            if (err)
                snprintf(reason, sizeof(reason_t), "%s", t->failure);
            goto out;
        }
    }
    t = xmalloc(sizeof(*t));
    memset(t, 0, sizeof(*t));
    t->name = canonical;
    canonical = NULL;
    t->name8 = utf8_dup(t->name);
    t->next = types;
    types = t;
    *out = t;

    t->looks_ms = reg_dword(key, L"LooksAlivePollInterval");
    t->is_ms = reg_dword(key, L"IsAlivePollInterval");
    t->pending_ms = reg_dword(key, L"PendingTimeout");
    err = reg_string(key, L"DllName", &dll_name);
    if (err || !*dll_name) {
        err = err ? err : ERROR_FILE_NOT_FOUND;
        snprintf(t->failure, sizeof(t->failure), "resource type \"%s\" has no DllName: %s",
                 t->name8, errtext(err, err8, sizeof(err8)));
        g_invalid_dll = TRUE;
    } else {
        path = resolve_dll_path(dll_name);
        err = load_dll(path, &t->dll, t->failure, t->name8);
        if (err)
            g_invalid_dll = TRUE;
        else
            err = startup_type(t, res8);
    }
    t->error = err;
    if (err)
        snprintf(reason, sizeof(reason_t), "%s", t->failure);
out:
    free(canonical);
    free(dll_name);
    free(path);
    if (key)
        RegCloseKey(key);
    return err;
}

/*
 * cmd_node.c - imsctl's commands on the node: its TCP/IP domain and its
 * cluster mark (HKLM\Cluster, and the resource DLL's event source).
 */
#include "imsctl.h"

int cmd_domain(const struct options *opt)
{
    BOOL set;
    DWORD err;
    HKEY key;

    if (opt->nargs == 2 && !wcscmp(opt->args[0], L"set"))
        set = TRUE;
    else if (opt->nargs == 1 && !wcscmp(opt->args[0], L"clear"))
        set = FALSE;
    else
        return usage("domain set <name> | domain clear");
    if (set && (!opt->args[1][0] || wcslen(opt->args[1]) > 255))
        return usage("the domain name must have 1..255 characters");

    err = RegCreateKeyExW(HKEY_LOCAL_MACHINE, TCPIP_PARAMETERS_KEY, 0, NULL, 0, KEY_SET_VALUE,
                          NULL, &key, NULL);
    if (err)
        return fail(err, L"domain: cannot open HKLM\\" TCPIP_PARAMETERS_KEY);
    if (set) {
        err = set_string(key, L"Domain", opt->args[1]);
    } else {
        err = RegDeleteValueW(key, L"Domain");
        if (err == ERROR_FILE_NOT_FOUND)
            err = ERROR_SUCCESS;
    }
    RegCloseKey(key);
    if (err)
        return fail(err, L"domain: cannot %ls Tcpip\\Parameters Domain",
                    set ? L"set" : L"delete");
    return EXIT_OK;
}

int cmd_cluster(const struct options *opt)
{
    DWORD err, subkeys, values;
    HKEY key;

    if (opt->nargs == 1 && !wcscmp(opt->args[0], L"mark")) {
        err = RegCreateKeyExW(HKEY_LOCAL_MACHINE, CLUSTER_KEY, 0, NULL, 0, KEY_QUERY_VALUE, NULL,
                              &key, NULL);
        if (err)
            return fail(err, L"cluster mark: cannot create HKLM\\Cluster");
        RegCloseKey(key);
        /* What register.cmd does on every node of a real cluster. */
        if (opt->event_file) {
            err = register_event_source(L"" IMSGUARD_EVENT_SOURCE, opt->event_file);
            if (err)
                return fail(err, L"cluster mark: cannot register the event source " IMSGUARD_EVENT_SOURCE);
        }
        return EXIT_OK;
    }
    if (opt->nargs != 1 || wcscmp(opt->args[0], L"unmark") || opt->event_file)
        return usage("cluster mark | cluster unmark");

    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, CLUSTER_KEY, 0, KEY_QUERY_VALUE, &key);
    if (err == ERROR_FILE_NOT_FOUND)
        return EXIT_OK;
    if (err)
        return fail(err, L"cluster unmark: cannot open HKLM\\Cluster");
    err = RegQueryInfoKeyW(key, NULL, NULL, NULL, &subkeys, NULL, NULL, &values, NULL, NULL,
                           NULL, NULL);
    RegCloseKey(key);
    if (err)
        return fail(err, L"cluster unmark: cannot query HKLM\\Cluster");
    /* A cluster database lives there: removing it is not ours to do. */
    if (subkeys || values)
        return fail(ERROR_DIR_NOT_EMPTY, L"cluster unmark: HKLM\\Cluster holds %lu subkeys and "
                    L"%lu values; not deleting it", subkeys, values);
    err = RegDeleteKeyW(HKEY_LOCAL_MACHINE, CLUSTER_KEY);
    if (err)
        return fail(err, L"cluster unmark: cannot delete HKLM\\Cluster");
    return EXIT_OK;
}

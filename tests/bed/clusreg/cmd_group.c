/*
 * cmd_group.c - the group commands: group add, group remove.
 */
#include "clusreg.h"

int cmd_group_add(int argc, WCHAR **argv, const WCHAR *usage)
{
    static const WCHAR *const names[] = { L"--contains", L"--owner", NULL };
    struct options o = { .names = names };
    WCHAR id[MAX_KEY_NAME + 1], resource_id[MAX_KEY_NAME + 1];
    struct list contains = { 0 }, owners = { 0 };
    WCHAR *other = NULL;
    const WCHAR *name;
    HKEY root = NULL, group = NULL;
    BOOL exists;
    int status;
    size_t i;
    DWORD err;

    status = parse_options(argc, argv, &o, usage);
    if (status)
        return status;
    if (o.positional_count != 1 || !o.positional[0][0])
        return usage_error(L"group add takes one group name", usage);
    name = o.positional[0];

    status = open_root_or_fail(FALSE, &root);
    if (status)
        return status;
    err = find_named(root, L"Groups", name, FALSE, id);
    exists = err == ERROR_SUCCESS;
    if (exists)
        err = open_entry(root, L"Groups", id, NULL, FALSE, &group);
    else if (err == ERROR_NOT_FOUND)
        err = ERROR_SUCCESS;
    if (!err && exists)
        err = read_list(group, L"Contains", &contains);
    if (!err && exists)
        err = read_list(group, L"PreferredOwners", &owners);
    if (err) {
        status = fail_win32(err, L"cannot open the group");
        goto out;
    }
    /* Every resource is checked before anything is written. */
    for (i = 0; i < o.list_len[0]; i++) {
        status = find_resource_or_fail(root, o.lists[0][i], resource_id);
        if (status)
            goto out;
        /* As on a cluster: a resource lives in one group. */
        err = find_group_of(root, resource_id, exists ? id : NULL, &other);
        if (!err && other) {
            status = fail(L"resource \"", o.lists[0][i], L"\" already belongs to group \"",
                          other, L"\"", NULL);
            goto out;
        }
        if (!err && !list_has(&contains, resource_id))
            err = list_add(&contains, resource_id);
        if (err) {
            status = fail_win32(err, L"cannot update the group");
            goto out;
        }
    }
    for (i = 0; i < o.list_len[1] && !err; i++) {
        if (!list_has(&owners, o.lists[1][i]))
            err = list_add(&owners, o.lists[1][i]);
    }
    if (!err && !exists)
        err = new_guid(id);
    if (!err && !exists)
        err = open_entry(root, L"Groups", id, NULL, TRUE, &group);
    if (!err)
        err = write_sz(group, L"Name", name);
    if (!err)
        err = write_list(group, L"Contains", &contains);
    if (!err)
        err = write_list(group, L"PreferredOwners", &owners);
    if (err) {
        status = fail_win32(err, L"cannot write the group");
        goto out;
    }
    out(id);
    out(L"\n");
out:
    HeapFree(GetProcessHeap(), 0, other);
    list_free(&contains);
    list_free(&owners);
    if (group)
        RegCloseKey(group);
    RegCloseKey(root);
    return status;
}

int cmd_group_remove(int argc, WCHAR **argv, const WCHAR *usage)
{
    WCHAR id[MAX_KEY_NAME + 1];
    HKEY root;
    int status;
    DWORD err;

    if (argc != 1 || !wcsncmp(argv[0], L"--", 2))
        return usage_error(L"group remove takes one group name", usage);
    status = open_root_or_fail(FALSE, &root);
    if (status)
        return status;
    err = find_named(root, L"Groups", argv[0], TRUE, id);
    if (err == ERROR_NOT_FOUND)
        status = fail(L"no group named \"", argv[0], L"\"", NULL);
    else if (!err)
        err = delete_entry(root, L"Groups", id);
    if (err && err != ERROR_NOT_FOUND)
        status = fail_win32(err, L"cannot remove the group");
    RegCloseKey(root);
    return status;
}

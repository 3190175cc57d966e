/*
 * clusreg_cmd_db.c - the commands on the database as a whole and on types
 * and groups: init, destroy, type add/remove, group add/remove, dump,
 * export, import.
 */
#include "clusreg.h"

/* --------------------------------------------------------------- commands */

int cmd_init(int argc, WCHAR **argv)
{
    static const WCHAR *const names[] = { L"--name", NULL };
    const WCHAR *usage = usages[0];
    struct options o = { .names = names };
    HKEY root;
    int status;
    DWORD err = ERROR_SUCCESS;

    status = parse_options(argc, argv, &o, usage);
    if (status)
        return status;
    if (o.positional_count)
        return usage_error(L"init takes no arguments", usage);
    status = open_root_or_fail(TRUE, &root);
    if (status)
        return status;
    if (o.values[0])
        err = bed_write_sz(root, L"ClusterName", o.values[0]);
    RegCloseKey(root);
    if (err)
        return fail_win32(err, L"cannot write ClusterName");
    return EXIT_OK;
}

/* HKLM\Cluster and everything under it; missing is fine. */
static DWORD delete_root(void)
{
    DWORD err = RegDeleteTreeW(HKEY_LOCAL_MACHINE, ROOT);

    return err == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : err;
}

int cmd_destroy(int argc, WCHAR **argv)
{
    DWORD err;

    if (argc)
        return usage_error(L"destroy takes no arguments", usages[1]);
    err = delete_root();
    if (err)
        return fail_win32(err, L"cannot delete " ROOT_SHOWN);
    return EXIT_OK;
}


int cmd_type_add(int argc, WCHAR **argv)
{
    static const WCHAR *const names[] = { L"--looksalive", L"--isalive", L"--pending",
                                          L"--dll", NULL };
    const WCHAR *usage = usages[2];
    struct options o = { .names = names };
    struct poll_options poll = { .has = { FALSE } };
    HKEY root = NULL, key = NULL;
    const WCHAR *type;
    int status;
    DWORD err;

    status = parse_options(argc, argv, &o, usage);
    if (!status)
        status = parse_poll_options(&o, 0, &poll, usage);
    if (status)
        return status;
    if (o.positional_count != 1)
        return usage_error(L"type add takes one type name", usage);
    type = o.positional[0];
    if (!valid_key_name(type))
        return usage_error(L"a type name is 1 to 255 characters, no backslash", usage);
    if (!o.values[3] || !o.values[3][0])
        return usage_error(L"type add needs --dll <path>", usage);

    status = open_root_or_fail(TRUE, &root);
    if (status)
        return status;
    err = open_entry(root, L"ResourceTypes", type, NULL, TRUE, &key);
    if (!err)
        err = bed_write_sz(key, L"Name", type);
    if (!err)
        err = bed_write_sz(key, L"DllName", o.values[3]);
    if (!err)
        err = write_poll_options(key, &poll);
    if (key)
        RegCloseKey(key);
    RegCloseKey(root);
    if (err)
        return fail_win32(err, L"cannot write the resource type");
    return EXIT_OK;
}

/* The first resource whose Type is type, into name (heap), or NULL. */
static DWORD find_resource_of_type(HKEY root, const WCHAR *type, WCHAR **name)
{
    WCHAR **ids = NULL;
    DWORD count = 0, i, err;
    HKEY resources;

    *name = NULL;
    err = RegOpenKeyExW(root, L"Resources", 0, KEY_READ, &resources);
    if (err == ERROR_FILE_NOT_FOUND)
        return ERROR_SUCCESS;
    if (err)
        return err;
    err = read_subkeys(resources, &ids, &count);
    for (i = 0; !err && i < count && !*name; i++) {
        WCHAR *resource_type = NULL;
        HKEY resource;

        if (RegOpenKeyExW(resources, ids[i], 0, KEY_READ, &resource))
            continue;
        if (bed_read_sz(&bed_reg_win32, resource, L"Type", &resource_type) == ERROR_SUCCESS &&
            bed_same_name(resource_type, type)) {
            /* Named by its Name, or by its id when it has none. */
            if (bed_read_sz(&bed_reg_win32, resource, L"Name", name) != ERROR_SUCCESS) {
                *name = HeapAlloc(GetProcessHeap(), 0, (wcslen(ids[i]) + 1) * sizeof(WCHAR));
                if (*name)
                    wcscpy(*name, ids[i]);
            }
        }
        HeapFree(GetProcessHeap(), 0, resource_type);
        RegCloseKey(resource);
    }
    free_strings(ids, count);
    RegCloseKey(resources);
    return err;
}

int cmd_type_remove(int argc, WCHAR **argv)
{
    const WCHAR *usage = usages[3];
    WCHAR *user = NULL;
    HKEY root, key;
    int status;
    DWORD err;

    if (argc != 1 || !wcsncmp(argv[0], L"--", 2))
        return usage_error(L"type remove takes one type name", usage);
    if (!valid_key_name(argv[0]))
        return fail(L"no resource type named \"", argv[0], L"\"", NULL);
    status = open_root_or_fail(FALSE, &root);
    if (status)
        return status;
    err = open_entry(root, L"ResourceTypes", argv[0], NULL, FALSE, &key);
    if (err == ERROR_FILE_NOT_FOUND) {
        status = fail(L"no resource type named \"", argv[0], L"\"", NULL);
        goto out;
    }
    if (err) {
        status = fail_win32(err, L"cannot open the resource type");
        goto out;
    }
    RegCloseKey(key);
    /* As on a cluster: a type still in use stays. */
    err = find_resource_of_type(root, argv[0], &user);
    if (!err && user) {
        status = fail(L"resource type \"", argv[0], L"\" is still used by resource \"",
                      user, L"\"", NULL);
        goto out;
    }
    if (!err)
        err = delete_entry(root, L"ResourceTypes", argv[0]);
    if (err)
        status = fail_win32(err, L"cannot remove the resource type");
out:
    HeapFree(GetProcessHeap(), 0, user);
    RegCloseKey(root);
    return status;
}
/* Creates Groups\<the guid of name> (bedreg.h); ERROR_ALREADY_EXISTS when
   that key is there already (another group's). */
static DWORD new_group_key(HKEY root, const WCHAR *name, WCHAR id[MAX_KEY_NAME + 1], HKEY *group)
{
    DWORD err = bed_guid_for_name(name, id);

    if (err)
        return err;
    if (!open_entry(root, L"Groups", id, NULL, FALSE, group)) {
        RegCloseKey(*group);
        *group = NULL;
        return ERROR_ALREADY_EXISTS;
    }
    return open_entry(root, L"Groups", id, NULL, TRUE, group);
}

int cmd_group_add(int argc, WCHAR **argv)
{
    static const WCHAR *const names[] = { L"--contains", L"--owner", NULL };
    const WCHAR *usage = usages[9];
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
    if (!err && !exists) {
        err = new_group_key(root, name, id, &group);
        if (err == ERROR_ALREADY_EXISTS) {
            status = fail(L"guid ", id, L" (the guid of the group's name) already belongs to another group;"
                          L" remove that group first", NULL);
            goto out;
        }
    }
    if (!err)
        err = bed_write_sz(group, L"Name", name);
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

int cmd_group_remove(int argc, WCHAR **argv)
{
    WCHAR id[MAX_KEY_NAME + 1];
    HKEY root;
    int status;
    DWORD err;

    if (argc != 1 || !wcsncmp(argv[0], L"--", 2))
        return usage_error(L"group remove takes one group name", usages[10]);
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

int cmd_dump(int argc, WCHAR **argv)
{
    struct rt_text t = { 0 };
    int status;

    if (argc)
        return usage_error(L"dump takes no arguments", usages[11]);
    status = dump_database(&t);
    if (!status && !write_utf8(GetStdHandle(STD_OUTPUT_HANDLE), t.data, t.len))
        status = fail_win32(GetLastError(), L"cannot write the dump");
    rt_text_free(&t);
    return status;
}

int cmd_export(int argc, WCHAR **argv)
{
    struct rt_text t = { 0 };
    HANDLE file;
    int status;

    if (argc != 1 || !argv[0][0])
        return usage_error(L"export takes one file name", usages[12]);
    status = dump_database(&t);
    if (status)
        goto out;
    file = CreateFileW(argv[0], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                       FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        status = fail_win32(GetLastError(), L"cannot create the export file");
        goto out;
    }
    if (!write_utf8(file, t.data, t.len))
        status = fail_win32(GetLastError(), L"cannot write the export file");
    CloseHandle(file);
out:
    rt_text_free(&t);
    return status;
}

/* Replaces HKLM\Cluster with the file's content, all or nothing: the file is
   read and checked against every registry limit before the database is
   touched, and the database as it was is kept (in its own text form) and
   written back if a write fails halfway. */
int cmd_import(int argc, WCHAR **argv)
{
    struct rt_parsed p = { 0 }, backup = { 0 };
    struct rt_text saved = { 0 };
    WCHAR *text = NULL;
    HKEY root;
    BOOL had_root;
    unsigned line;
    int status;
    DWORD err, undo;

    if (argc != 1 || !argv[0][0])
        return usage_error(L"import takes one file name", usages[13]);
    status = read_text_file(argv[0], &text);
    if (!status)
        status = parse_text(argv[0], text, &p);
    if (status)
        goto out;

    had_root = open_root(FALSE, &root) == ERROR_SUCCESS;
    if (had_root) {
        RegCloseKey(root);
        status = dump_database(&saved);
        if (status)
            goto out;
        if (rt_parse_text(saved.data, &backup, &line)) {
            status = fail(L"cannot import: the database as it is could not be kept for a restore; "
                          L"nothing was changed", NULL);
            goto out;
        }
    }

    err = delete_root();
    if (!err)
        err = write_parsed(&p, writes_until_failure());
    if (!err)
        goto out;
    undo = delete_root();
    if (!undo && had_root)
        undo = write_parsed(&backup, 0);
    if (undo)
        status = fail_win32(err, L"cannot write " ROOT_SHOWN L", and putting the database back as it "
                                 L"was failed too (it may now be incomplete; import an export to repair it)");
    else
        status = fail_win32(err, L"cannot write " ROOT_SHOWN L"; the database was put back as it was");
out:
    HeapFree(GetProcessHeap(), 0, text);
    rt_text_free(&saved);
    rt_parsed_free(&p);
    rt_parsed_free(&backup);
    return status;
}

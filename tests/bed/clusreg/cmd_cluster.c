/*
 * cmd_cluster.c - the commands on the database as a whole and on resource
 * types: init, destroy, type add, type remove; and the poll options that
 * types and resources share.
 */
#include "clusreg.h"

int cmd_init(int argc, WCHAR **argv, const WCHAR *usage)
{
    static const WCHAR *const names[] = { L"--name", NULL };
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
        err = write_sz(root, L"ClusterName", o.values[0]);
    RegCloseKey(root);
    if (err)
        return fail_win32(err, L"cannot write ClusterName");
    return EXIT_OK;
}

int cmd_destroy(int argc, WCHAR **argv, const WCHAR *usage)
{
    DWORD err;

    if (argc)
        return usage_error(L"destroy takes no arguments", usage);
    err = delete_root();
    if (err)
        return fail_win32(err, L"cannot delete " ROOT_SHOWN);
    return EXIT_OK;
}

static const WCHAR *const poll_value_names[3] = {
    L"LooksAlivePollInterval", L"IsAlivePollInterval", L"PendingTimeout"
};

/* The arguments, of which o->names[0..2] are --looksalive, --isalive and
   --pending, and those three as numbers of milliseconds. */
int parse_options_with_poll(int argc, WCHAR **argv, struct options *o,
                            struct poll_options *poll, const WCHAR *usage)
{
    int status = parse_options(argc, argv, o, usage);
    size_t i;

    for (i = 0; !status && i < 3; i++) {
        const WCHAR *text = o->values[i];

        if (!text)
            continue;
        if (!parse_dword(text, &poll->value[i])) {
            fail(L"not a number of milliseconds: ", text, L"; usage: ", usage, NULL);
            return EXIT_USAGE;
        }
        poll->has[i] = TRUE;
    }
    return status;
}

DWORD write_poll_options(HKEY key, const struct poll_options *poll)
{
    DWORD err = ERROR_SUCCESS;
    size_t i;

    for (i = 0; i < 3 && !err; i++) {
        if (poll->has[i])
            err = write_dword(key, poll_value_names[i], poll->value[i]);
    }
    return err;
}

int cmd_type_add(int argc, WCHAR **argv, const WCHAR *usage)
{
    static const WCHAR *const names[] = { L"--looksalive", L"--isalive", L"--pending",
                                          L"--dll", NULL };
    struct options o = { .names = names };
    struct poll_options poll = { .has = { FALSE } };
    HKEY root = NULL, key = NULL;
    const WCHAR *type;
    int status;
    DWORD err;

    status = parse_options_with_poll(argc, argv, &o, &poll, usage);
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
        err = write_sz(key, L"Name", type);
    if (!err)
        err = write_sz(key, L"DllName", o.values[3]);
    if (!err)
        err = write_poll_options(key, &poll);
    if (key)
        RegCloseKey(key);
    RegCloseKey(root);
    if (err)
        return fail_win32(err, L"cannot write the resource type");
    return EXIT_OK;
}

int cmd_type_remove(int argc, WCHAR **argv, const WCHAR *usage)
{
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

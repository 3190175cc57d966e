/*
 * cmd_res.c - the resource commands: res add, remove, set, unset, get,
 * owners.
 */
#include "clusreg.h"

int cmd_res_add(int argc, WCHAR **argv, const WCHAR *usage)
{
    static const WCHAR *const names[] = { L"--looksalive", L"--isalive", L"--pending",
                                          L"--type", L"--guid", NULL };
    struct options o = { .names = names };
    struct poll_options poll = { .has = { FALSE } };
    WCHAR id[MAX_KEY_NAME + 1], wanted[GUID_CCH + 1];
    WCHAR *other_name = NULL;
    const WCHAR *name, *type;
    HKEY root = NULL, key = NULL;
    BOOL exists;
    int status;
    DWORD err;

    status = parse_options_with_poll(argc, argv, &o, &poll, usage);
    if (status)
        return status;
    if (o.positional_count != 1 || !o.positional[0][0])
        return usage_error(L"res add takes one resource name", usage);
    name = o.positional[0];
    type = o.values[3];
    if (!type)
        return usage_error(L"res add needs --type \"<TypeName>\"", usage);
    if (o.values[4] && !normalize_guid(o.values[4], wanted))
        return usage_error(L"--guid takes a GUID like {01234567-89ab-cdef-0123-456789abcdef}",
                           usage);

    status = open_root_or_fail(FALSE, &root);
    if (status)
        return status;
    if (!valid_key_name(type) ||
        open_entry(root, L"ResourceTypes", type, NULL, FALSE, &key)) {
        status = fail(L"no resource type named \"", type,
                      L"\" (add it first with: clusreg type add)", NULL);
        goto out;
    }
    RegCloseKey(key);
    key = NULL;

    err = find_named(root, L"Resources", name, FALSE, id);
    exists = err == ERROR_SUCCESS;
    if (err && err != ERROR_NOT_FOUND) {
        status = fail_win32(err, L"cannot read " ROOT_SHOWN L"\\Resources");
        goto out;
    }
    if (exists && o.values[4] && !same_name(id, wanted)) {
        status = fail(L"resource \"", name, L"\" already exists with guid ", id, NULL);
        goto out;
    }
    if (!exists && o.values[4]) {
        /* The guid may belong to a resource of another name. */
        if (!open_entry(root, L"Resources", wanted, NULL, FALSE, &key)) {
            read_sz(key, L"Name", &other_name);
            status = fail(L"guid ", wanted, L" already belongs to resource \"",
                          other_name ? other_name : L"", L"\"", NULL);
            goto out;
        }
        wcscpy(id, wanted);
    } else if (!exists) {
        err = new_guid(id);
        if (err) {
            status = fail_win32(err, L"cannot make a guid");
            goto out;
        }
    }

    err = open_entry(root, L"Resources", id, NULL, TRUE, &key);
    if (!err)
        err = write_sz(key, L"Name", name);
    if (!err)
        err = write_sz(key, L"Type", type);
    if (!err)
        err = write_poll_options(key, &poll);
    if (err) {
        status = fail_win32(err, L"cannot write the resource");
        goto out;
    }
    out(id);
    out(L"\n");
out:
    HeapFree(GetProcessHeap(), 0, other_name);
    if (key)
        RegCloseKey(key);
    if (root)
        RegCloseKey(root);
    return status;
}

int cmd_res_remove(int argc, WCHAR **argv, const WCHAR *usage)
{
    WCHAR id[MAX_KEY_NAME + 1];
    HKEY root = NULL;
    int status;
    DWORD err;

    if (argc != 1 || !wcsncmp(argv[0], L"--", 2))
        return usage_error(L"res remove takes one resource name", usage);
    status = open_resource_or_fail(argv[0], &root, id);
    if (status)
        goto out;
    err = ungroup(root, id);
    if (!err)
        err = delete_entry(root, L"Resources", id);
    if (err)
        status = fail_win32(err, L"cannot remove the resource");
out:
    if (root)
        RegCloseKey(root);
    return status;
}

/* argv[from..] into l, none empty; on an error l is empty again. */
static int collect_strings(int argc, WCHAR **argv, int from, struct list *l,
                           const WCHAR *empty_problem, const WCHAR *usage)
{
    DWORD err = ERROR_SUCCESS;
    int i;

    for (i = from; i < argc && !err; i++) {
        if (!argv[i][0]) {
            list_free(l);
            return usage_error(empty_problem, usage);
        }
        err = list_add(l, argv[i]);
    }
    if (err) {
        list_free(l);
        return fail(L"out of memory", NULL);
    }
    return 0;
}

int cmd_res_set(int argc, WCHAR **argv, const WCHAR *usage)
{
    WCHAR id[MAX_KEY_NAME + 1];
    struct list strings = { 0 };
    const WCHAR *kind;
    HKEY root = NULL, parameters = NULL;
    DWORD dword = 0, err = ERROR_SUCCESS;
    int status;

    if (argc < 3)
        return usage_error(L"res set takes a resource, a parameter, a type and a value",
                           usage);
    kind = argv[2];
    if (!wcscmp(kind, L"sz") || !wcscmp(kind, L"expand_sz")) {
        if (argc != 4)
            return usage_error(L"sz takes exactly one value (quote it)", usage);
    } else if (!wcscmp(kind, L"dword")) {
        if (argc != 4)
            return usage_error(L"dword takes exactly one value", usage);
        if (!parse_dword(argv[3], &dword))
            return usage_error(L"a dword is a number from 0 to 4294967295 (or 0x...)",
                               usage);
    } else if (!wcscmp(kind, L"multi_sz")) {
        status = collect_strings(argc, argv, 3, &strings, L"a multi_sz cannot hold an empty string",
                                 usage);
        if (status)
            return status;
    } else {
        return usage_error(L"the type is sz, expand_sz, dword or multi_sz", usage);
    }

    status = open_resource_or_fail(argv[0], &root, id);
    if (status)
        goto out;
    err = open_entry(root, L"Resources", id, L"Parameters", TRUE, &parameters);
    if (!err) {
        if (!wcscmp(kind, L"sz"))
            err = write_sz(parameters, argv[1], argv[3]);
        else if (!wcscmp(kind, L"expand_sz"))
            err = RegSetValueExW(parameters, argv[1], 0, REG_EXPAND_SZ,
                                 (const BYTE *)argv[3],
                                 (DWORD)((wcslen(argv[3]) + 1) * sizeof(WCHAR)));
        else if (!wcscmp(kind, L"dword"))
            err = write_dword(parameters, argv[1], dword);
        else
            err = write_list(parameters, argv[1], &strings);
    }
    if (err)
        status = fail_win32(err, L"cannot write the parameter");
out:
    list_free(&strings);
    if (parameters)
        RegCloseKey(parameters);
    if (root)
        RegCloseKey(root);
    return status;
}

/* The resource's Possible Owners (its PossibleOwners value), as cluster.exe's
 * /addowner and /removeowner leave them: the whole list, replaced. */
int cmd_res_owners(int argc, WCHAR **argv, const WCHAR *usage)
{
    WCHAR id[MAX_KEY_NAME + 1];
    struct list nodes = { 0 };
    HKEY root = NULL, res = NULL;
    DWORD err;
    int status;

    if (argc < 2)
        return usage_error(L"res owners takes a resource and at least one node", usage);
    status = collect_strings(argc, argv, 1, &nodes, L"a node name cannot be empty", usage);
    if (status)
        return status;
    status = open_resource_or_fail(argv[0], &root, id);
    if (status)
        goto out;
    err = open_entry(root, L"Resources", id, NULL, FALSE, &res);
    if (!err)
        err = write_list(res, L"PossibleOwners", &nodes);
    if (err)
        status = fail_win32(err, L"cannot write PossibleOwners");
out:
    list_free(&nodes);
    if (res)
        RegCloseKey(res);
    if (root)
        RegCloseKey(root);
    return status;
}

int cmd_res_unset(int argc, WCHAR **argv, const WCHAR *usage)
{
    WCHAR id[MAX_KEY_NAME + 1];
    HKEY root = NULL, parameters = NULL;
    int status;
    DWORD err;

    if (argc != 2)
        return usage_error(L"res unset takes a resource and a parameter", usage);
    status = open_resource_or_fail(argv[0], &root, id);
    if (status)
        goto out;
    err = open_entry(root, L"Resources", id, L"Parameters", FALSE, &parameters);
    if (!err)
        err = RegDeleteValueW(parameters, argv[1]);
    if (err == ERROR_FILE_NOT_FOUND)
        status = fail(L"resource \"", argv[0], L"\" has no parameter ", argv[1], NULL);
    else if (err)
        status = fail_win32(err, L"cannot remove the parameter");
out:
    if (parameters)
        RegCloseKey(parameters);
    if (root)
        RegCloseKey(root);
    return status;
}

int cmd_res_get(int argc, WCHAR **argv, const WCHAR *usage)
{
    WCHAR id[MAX_KEY_NAME + 1];
    struct value *values = NULL;
    DWORD count = 0, i, err;
    struct rt_text t = { 0 };
    HKEY root = NULL, parameters = NULL;
    BOOL found = FALSE;
    int status;

    if (argc != 1 && argc != 2)
        return usage_error(L"res get takes a resource and maybe a parameter",
                           usage);
    status = open_resource_or_fail(argv[0], &root, id);
    if (status)
        goto out;
    err = open_entry(root, L"Resources", id, L"Parameters", FALSE, &parameters);
    if (!err)
        err = read_values(parameters, &values, &count);
    if (err && err != ERROR_FILE_NOT_FOUND) {
        status = fail_win32(err, L"cannot read the parameters");
        goto out;
    }
    for (i = 0; i < count; i++) {
        const struct value *v = &values[i];

        if (argc == 1) {
            add_value_line(&t, v);
            continue;
        }
        if (!same_name(v->name, argv[1]))
            continue;
        found = TRUE;
        /* One parameter: its plain value, for shell scripts. */
        if ((v->type == REG_SZ || v->type == REG_EXPAND_SZ) &&
            is_sz_data(v->data, v->size)) {
            rt_text_add(&t, (const WCHAR *)v->data);
        } else if (v->type == REG_DWORD && v->size == sizeof(DWORD)) {
            rt_text_add_u64(&t, *(const DWORD *)v->data);
        } else if (v->type == REG_MULTI_SZ && is_multi_sz_data(v->data, v->size)) {
            const WCHAR *s;

            for (s = (const WCHAR *)v->data; *s; s += wcslen(s) + 1) {
                rt_text_add(&t, s);
                if (s[wcslen(s) + 1])
                    rt_text_add(&t, L"\n");
            }
        } else {
            add_data(&t, v->type, v->data, v->size);
        }
        rt_text_add(&t, L"\n");
    }
    if (argc == 2 && !found) {
        status = fail(L"resource \"", argv[0], L"\" has no parameter ", argv[1], NULL);
        goto out;
    }
    if (t.failed) {
        status = fail(L"out of memory", NULL);
        goto out;
    }
    if (t.len)
        out(t.data);
out:
    rt_text_free(&t);
    free_values(values, count);
    if (parameters)
        RegCloseKey(parameters);
    if (root)
        RegCloseKey(root);
    return status;
}

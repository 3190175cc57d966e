/*
 * clusreg.c - sets up a test-bed node's cluster database, HKLM\Cluster.
 *
 * It writes the registry directly (advapi32) rather than through clusapi.dll:
 * it must be able to turn a plain node into a cluster node, which the
 * cluster API by design cannot do, and it needs no DLL next to it.
 *
 * Exit status: 0 done, 1 error (one line on stderr), 2 usage error.
 * Commands and the dump/export/import text form: tests/bed/clusreg/NOTES.md.
 */
#include "clusreg.h"

/* ------------------------------------------------------------------ main */

struct command {
    const WCHAR *noun, *verb;
    int (*run)(int argc, WCHAR **argv);
};

static const struct command commands[] = {
    { L"init",    NULL,       cmd_init },
    { L"destroy", NULL,       cmd_destroy },
    { L"type",    L"add",     cmd_type_add },
    { L"type",    L"remove",  cmd_type_remove },
    { L"res",     L"add",     cmd_res_add },
    { L"res",     L"remove",  cmd_res_remove },
    { L"res",     L"set",     cmd_res_set },
    { L"res",     L"unset",   cmd_res_unset },
    { L"res",     L"get",     cmd_res_get },
    { L"res",     L"owners",  cmd_res_owners },
    { L"group",   L"add",     cmd_group_add },
    { L"group",   L"remove",  cmd_group_remove },
    { L"dump",    NULL,       cmd_dump },
    { L"export",  NULL,       cmd_export },
    { L"import",  NULL,       cmd_import },
};

int wmain(int argc, WCHAR **argv)
{
    size_t i;

    if (argc < 2 || !wcscmp(argv[1], L"--help") || !wcscmp(argv[1], L"-h") ||
        !wcscmp(argv[1], L"/?"))
        return usage_all();
    for (i = 0; i < ARRAY_SIZE(commands); i++) {
        const struct command *c = &commands[i];

        if (wcscmp(argv[1], c->noun))
            continue;
        if (!c->verb)
            return c->run(argc - 2, argv + 2);
        if (argc >= 3 && !wcscmp(argv[2], c->verb))
            return c->run(argc - 3, argv + 3);
    }
    fail(L"unknown command: ", argv[1], argc >= 3 ? L" " : L"", argc >= 3 ? argv[2] : L"",
         L" (run clusreg without arguments for usage)", NULL);
    return EXIT_USAGE;
}

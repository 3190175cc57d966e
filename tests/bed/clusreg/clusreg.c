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
#include <string.h>

#include "clusreg.h"

/* ------------------------------------------------------- the commands */

struct command {
    const WCHAR *noun, *verb;           /* verb NULL: the noun alone */
    int (*run)(int argc, WCHAR **argv, const WCHAR *usage);
    const WCHAR *usage;
};

/* In the order the usage lists them. */
static const struct command commands[] = {
    { L"init", NULL, cmd_init, L"clusreg init [--name <ClusterName>]" },
    { L"destroy", NULL, cmd_destroy, L"clusreg destroy" },
    { L"type", L"add", cmd_type_add,
      L"clusreg type add \"<TypeName>\" --dll <path> [--looksalive ms] [--isalive ms] [--pending ms]" },
    { L"type", L"remove", cmd_type_remove, L"clusreg type remove \"<TypeName>\"" },
    { L"res", L"add", cmd_res_add,
      L"clusreg res add \"<Name>\" --type \"<TypeName>\" [--guid {...}] [--looksalive ms] [--isalive ms] [--pending ms]" },
    { L"res", L"remove", cmd_res_remove, L"clusreg res remove \"<Name>\"" },
    { L"res", L"set", cmd_res_set,
      L"clusreg res set \"<Name>\" <Param> sz|expand_sz|dword|multi_sz <value>..." },
    { L"res", L"unset", cmd_res_unset, L"clusreg res unset \"<Name>\" <Param>" },
    { L"res", L"get", cmd_res_get, L"clusreg res get \"<Name>\" [Param]" },
    { L"group", L"add", cmd_group_add,
      L"clusreg group add \"<Name>\" [--contains \"<ResName>\"]... [--owner <node>]..." },
    { L"group", L"remove", cmd_group_remove, L"clusreg group remove \"<Name>\"" },
    { L"dump", NULL, cmd_dump, L"clusreg dump" },
    { L"export", NULL, cmd_export, L"clusreg export <file>" },
    { L"import", NULL, cmd_import, L"clusreg import <file>" },
    { L"res", L"owners", cmd_res_owners, L"clusreg res owners \"<Name>\" <node>..." },
};

/* ----------------------------------------------------------------- usage */

static int usage_all(void)
{
    struct rt_text t = { 0 };
    size_t i;

    rt_text_add(&t, L"usage:\n");
    for (i = 0; i < ARRAY_SIZE(commands); i++) {
        rt_text_add(&t, L"  ");
        rt_text_add(&t, commands[i].usage);
        rt_text_add(&t, L"\n");
    }
    if (!t.failed)
        write_utf8(GetStdHandle(STD_ERROR_HANDLE), t.data, t.len);
    rt_text_free(&t);
    return EXIT_USAGE;
}

/* One line: the problem and the command's usage. */
int usage_error(const WCHAR *problem, const WCHAR *usage)
{
    fail(problem, L"; usage: ", usage, NULL);
    return EXIT_USAGE;
}

/* ------------------------------------------------------------ arguments */

/* Splits args into positional ones and "--name value" options. */
int parse_options(int argc, WCHAR **argv, struct options *o, const WCHAR *usage)
{
    int i;

    for (i = 0; i < argc; i++) {
        const WCHAR **list;
        size_t k;

        if (wcsncmp(argv[i], L"--", 2)) {
            if (o->positional_count == ARRAY_SIZE(o->positional))
                return usage_error(L"too many arguments", usage);
            o->positional[o->positional_count++] = argv[i];
            continue;
        }
        for (k = 0; o->names[k]; k++) {
            if (!wcscmp(argv[i], o->names[k]))
                break;
        }
        if (!o->names[k]) {
            fail(L"unknown option ", argv[i], L"; usage: ", usage, NULL);
            return EXIT_USAGE;
        }
        if (i + 1 >= argc) {
            fail(L"option ", argv[i], L" needs a value; usage: ", usage, NULL);
            return EXIT_USAGE;
        }
        o->values[k] = argv[++i];
        list = o->lists[k] ? HeapReAlloc(GetProcessHeap(), 0, o->lists[k],
                                         (o->list_len[k] + 1) * sizeof(*list))
                           : HeapAlloc(GetProcessHeap(), 0, sizeof(*list));
        if (!list)
            return fail(L"out of memory", NULL);
        o->lists[k] = list;
        list[o->list_len[k]++] = argv[i];
    }
    return EXIT_OK;
}

/* ------------------------------------------------------------------ main */

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
            return c->run(argc - 2, argv + 2, c->usage);
        if (argc >= 3 && !wcscmp(argv[2], c->verb))
            return c->run(argc - 3, argv + 3, c->usage);
    }
    fail(L"unknown command: ", argv[1], argc >= 3 ? L" " : L"", argc >= 3 ? argv[2] : L"",
         L" (run clusreg without arguments for usage)", NULL);
    return EXIT_USAGE;
}

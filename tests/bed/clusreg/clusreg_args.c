/*
 * clusreg_args.c - clusreg's arguments: --options, numbers, key names,
 * guids, the poll interval options.
 */
#include "clusreg.h"

/* ------------------------------------------------------------ arguments */


/* Splits args into positional ones and "--name value" options. */
int parse_options(int argc, WCHAR **argv, struct options *o,
                  const WCHAR *usage)
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

BOOL parse_dword(const WCHAR *s, DWORD *out)
{
    uint64_t value;

    if (!rt_parse_u64(s, 0xffffffffu, &value))
        return FALSE;
    *out = (DWORD)value;
    return TRUE;
}

/* A name usable as one registry key name. */
BOOL valid_key_name(const WCHAR *name)
{
    size_t len = wcslen(name), i;

    if (!len || len > MAX_KEY_NAME)
        return FALSE;
    for (i = 0; i < len; i++) {
        if (name[i] == L'\\' || name[i] < 0x20)
            return FALSE;
    }
    return TRUE;
}

/* Accepts a GUID with or without braces; writes "{lowercase}". */
BOOL normalize_guid(const WCHAR *in, WCHAR out[GUID_CCH + 1])
{
    static const int dashes[] = { 8, 13, 18, 23 };
    size_t len = wcslen(in), i, d = 0;

    if (len == GUID_CCH && in[0] == L'{' && in[GUID_CCH - 1] == L'}') {
        in++;
        len -= 2;
    }
    if (len != GUID_CCH - 2)
        return FALSE;
    out[0] = L'{';
    for (i = 0; i < len; i++) {
        WCHAR c = in[i];

        if (d < ARRAY_SIZE(dashes) && (int)i == dashes[d]) {
            if (c != L'-')
                return FALSE;
            d++;
        } else if (c >= L'A' && c <= L'F') {
            c = (WCHAR)(c - L'A' + L'a');
        } else if (!((c >= L'0' && c <= L'9') || (c >= L'a' && c <= L'f'))) {
            return FALSE;
        }
        out[i + 1] = c;
    }
    out[GUID_CCH - 1] = L'}';
    out[GUID_CCH] = 0;
    return TRUE;
}


static const WCHAR *const poll_value_names[3] = {
    L"LooksAlivePollInterval", L"IsAlivePollInterval", L"PendingTimeout"
};

/* o.values[first..first+2] are --looksalive, --isalive, --pending. */
int parse_poll_options(const struct options *o, size_t first,
                       struct poll_options *poll, const WCHAR *usage)
{
    size_t i;

    for (i = 0; i < 3; i++) {
        const WCHAR *text = o->values[first + i];

        if (!text)
            continue;
        if (!parse_dword(text, &poll->value[i])) {
            fail(L"not a number of milliseconds: ", text, L"; usage: ", usage, NULL);
            return EXIT_USAGE;
        }
        poll->has[i] = TRUE;
    }
    return EXIT_OK;
}

DWORD write_poll_options(HKEY key, const struct poll_options *poll)
{
    DWORD err = ERROR_SUCCESS;
    size_t i;

    for (i = 0; i < 3 && !err; i++) {
        if (poll->has[i])
            err = bed_write_dword(key, poll_value_names[i], poll->value[i]);
    }
    return err;
}

/*
 * nodeprobe.c - what a Windows administrator's tools see on a node, for the
 * Wine scenarios (tests/wine/scenarios-node.sh):
 *
 *   nodeprobe events <source> <id>:<inserts> ...
 *       reads HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\
 *       <source> (EventMessageFile, TypesSupported) and formats each event ID
 *       from the registered file as Event Viewer does: the file loaded as
 *       data, FormatMessage with the inserts as an argument array. Insert k
 *       is "<k>", so the caller can see where each one landed. Prints
 *       "REG file=<expanded path> types=<n>", then "EVENT 0x<id> <text>" or
 *       "NOEVENT 0x<id> error <n>" per ID (IDs as ReportEvent passes them,
 *       severity bits included: 0xC00003E9).
 *   nodeprobe format <source> <id> [insert ...]
 *       the same for one ID with the inserts given.
 *   nodeprobe greet <port>
 *       prints the first line an SMTP server on 127.0.0.1:<port> sends.
 *   nodeprobe names
 *       prints "<format>=<answer>" for GetComputerNameExW's DNS domain forms.
 *
 * Exit status 0 when every step worked, 1 otherwise (with the reason on
 * stderr), 2 on a usage error.
 */
#include <winsock2.h>
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#define EVENTLOG_APPLICATION L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\"
#define MAX_INSERTS 99

static int usage(void)
{
    fputs("usage: nodeprobe events <source> <id>:<inserts> ... | format <source> <id> [insert ...]\n"
          "       | greet <port> | names\n", stderr);
    return 2;
}

/* One event as Event Viewer renders it: the ID's text with these inserts. */
static int format_one(HMODULE module, DWORD id, int count, const WCHAR *const *values)
{
    DWORD_PTR inserts[MAX_INSERTS];
    WCHAR *text = NULL;
    DWORD len;
    int k;

    for (k = 0; k < count && k < MAX_INSERTS; k++)
        inserts[k] = (DWORD_PTR)values[k];
    /* The ID as ReportEvent stored it, severity bits included: Event
       Viewer shows the low word but looks up the whole value. */
    len = FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ALLOCATE_BUFFER |
                             FORMAT_MESSAGE_ARGUMENT_ARRAY | FORMAT_MESSAGE_MAX_WIDTH_MASK,
                         module, id, 0, (WCHAR *)&text, 0, (va_list *)inserts);
    if (!len) {
        printf("NOEVENT 0x%08lX error %lu\n", (unsigned long)id, (unsigned long)GetLastError());
        return 1;
    }
    while (len && (text[len - 1] == L' ' || text[len - 1] == L'\r' || text[len - 1] == L'\n'))
        text[--len] = 0;
    printf("EVENT 0x%08lX %ls\n", (unsigned long)id, text);
    LocalFree(text);
    return 0;
}

static int events(const WCHAR *source, int n, WCHAR **specs, BOOL literal)
{
    WCHAR *key_path, *file = NULL, *expanded = NULL;
    DWORD type = 0, size = 0, types = 0, len;
    HKEY key = NULL;
    HMODULE module = NULL;
    int rc = 1, i;
    LONG err;

    key_path = malloc((wcslen(EVENTLOG_APPLICATION) + wcslen(source) + 1) * sizeof(WCHAR));
    if (!key_path)
        goto out;
    wcscpy(key_path, EVENTLOG_APPLICATION);
    wcscat(key_path, source);
    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, key_path, 0, KEY_QUERY_VALUE, &key);
    if (err) {
        fprintf(stderr, "nodeprobe: the event source '%ls' is not registered (error %ld)\n", source, err);
        goto out;
    }
    err = RegQueryValueExW(key, L"EventMessageFile", NULL, &type, NULL, &size);
    if (err || (type != REG_SZ && type != REG_EXPAND_SZ) || size < sizeof(WCHAR)) {
        fprintf(stderr, "nodeprobe: EventMessageFile is missing or not text (error %ld, type %lu)\n", err,
                (unsigned long)type);
        goto out;
    }
    file = calloc(size / sizeof(WCHAR) + 1, sizeof(WCHAR));
    if (!file || RegQueryValueExW(key, L"EventMessageFile", NULL, &type, (BYTE *)file, &size))
        goto out;
    size = sizeof(types);
    if (RegQueryValueExW(key, L"TypesSupported", NULL, &type, (BYTE *)&types, &size) || type != REG_DWORD) {
        fprintf(stderr, "nodeprobe: TypesSupported is missing or not a DWORD\n");
        goto out;
    }
    len = ExpandEnvironmentStringsW(file, NULL, 0);
    expanded = calloc(len + 1, sizeof(WCHAR));
    if (!expanded || !ExpandEnvironmentStringsW(file, expanded, len + 1))
        goto out;
    printf("REG file=%ls types=%lu\n", expanded, (unsigned long)types);
    module = LoadLibraryExW(expanded, NULL, LOAD_LIBRARY_AS_DATAFILE);
    if (!module) {
        fprintf(stderr, "nodeprobe: %ls could not be loaded (error %lu)\n", expanded,
                (unsigned long)GetLastError());
        goto out;
    }
    rc = 0;
    if (literal)
        return format_one(module, (DWORD)wcstoul(specs[0], NULL, 0), n - 1, (const WCHAR *const *)specs + 1);
    for (i = 0; i < n; i++) {
        static WCHAR marker_text[MAX_INSERTS][8];
        const WCHAR *markers[MAX_INSERTS];
        WCHAR *colon = wcschr(specs[i], L':');
        int count = colon ? _wtoi(colon + 1) : 0, k;

        if (count < 0 || count > MAX_INSERTS)
            return usage();
        for (k = 0; k < count; k++) {
            _snwprintf(marker_text[k], 8, L"<%d>", k + 1);
            markers[k] = marker_text[k];
        }
        rc |= format_one(module, (DWORD)wcstoul(specs[i], NULL, 0), count, markers);
    }
out:
    if (module)
        FreeLibrary(module);
    if (key)
        RegCloseKey(key);
    free(expanded);
    free(file);
    free(key_path);
    return rc;
}

static int greet(const WCHAR *port_text)
{
    struct sockaddr_in addr;
    char line[600];
    int got = 0, n;
    WSADATA wsa;
    SOCKET s;

    if (WSAStartup(MAKEWORD(2, 0), &wsa))
        return 1;
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((u_short)_wtoi(port_text));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s == INVALID_SOCKET || connect(s, (struct sockaddr *)&addr, sizeof(addr))) {
        fprintf(stderr, "nodeprobe: no connection to port %ls (error %d)\n", port_text, WSAGetLastError());
        return 1;
    }
    while (got < (int)sizeof(line) - 1 && (n = recv(s, line + got, (int)sizeof(line) - 1 - got, 0)) > 0) {
        got += n;
        line[got] = 0;
        if (strchr(line, '\n'))
            break;
    }
    closesocket(s);
    line[got] = 0;
    line[strcspn(line, "\r\n")] = 0;
    if (!got) {
        fprintf(stderr, "nodeprobe: no greeting on port %ls\n", port_text);
        return 1;
    }
    printf("%s\n", line);
    return 0;
}

static void print_name(const char *label, COMPUTER_NAME_FORMAT format)
{
    WCHAR buf[256];
    DWORD n = ARRAYSIZE(buf);
    if (GetComputerNameExW(format, buf, &n))
        printf("%s=%ls\n", label, buf);
    else
        printf("%s=(error %lu)\n", label, (unsigned long)GetLastError());
}

int wmain(int argc, WCHAR **argv)
{
    if (argc >= 4 && !wcscmp(argv[1], L"events"))
        return events(argv[2], argc - 3, argv + 3, FALSE);
    if (argc >= 4 && !wcscmp(argv[1], L"format"))
        return events(argv[2], argc - 3, argv + 3, TRUE);
    if (argc == 3 && !wcscmp(argv[1], L"greet"))
        return greet(argv[2]);
    if (argc == 2 && !wcscmp(argv[1], L"names")) {
        print_name("ComputerNameDnsDomain", ComputerNameDnsDomain);
        print_name("ComputerNamePhysicalDnsDomain", ComputerNamePhysicalDnsDomain);
        return 0;
    }
    return usage();
}

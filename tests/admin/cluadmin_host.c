/*
 * cluadmin_host.c - cluadminhost.exe: plays Cluster Administrator for an
 * admin extension under Wine, and drives the page it adds like a person.
 *
 *   cluadminhost --resource <name> [--timeout <s>] [action...]
 *
 * What Cluster Administrator does, it does: reads the resource's type and
 * that type's AdminExtensions from the cluster database (GetClusterKey,
 * ClusterReg*), creates each extension with CoCreateInstance (so the
 * extension must be registered with COM: DllRegisterServer / regsvr32),
 * hands it a data object (IGetClusterUIInfo, IGetClusterDataInfo,
 * IGetClusterObjectInfo, IGetClusterResourceInfo) and an
 * IWCPropertySheetCallback, and shows a real property sheet - its own
 * "General" page, then the extensions' pages - as "<name> Properties".
 *
 * The resource control path (ClusterResourceControl, which the test bed's
 * clusapi.dll lacks): cluadmin_dll.c. The parts: cluadmin_host.h.
 *
 * Actions, run in order once the sheet is up (messages are pumped between
 * them):
 *   --page <title>        select the page with that title
 *   --dump                print the current page's controls:
 *                           control <id> <class> <state> "<text>"
 *   --type <id> <text>    focus the edit <id>, select all, type <text>
 *                         (WM_CHAR per character: EN_CHANGE each time)
 *   --click <id>          BM_CLICK on the control <id>
 *   --apply               PSM_APPLY; prints "apply: accepted" or "apply: refused"
 *   --wait <ms>           pump messages for a while
 *   --wait-text <id> <text> <s>
 *                         pump until the control <id> shows <text> (a panel
 *                         that refreshes on its own) or <s> seconds pass;
 *                         prints "waited for control <id>: ..." either way
 *   --geometry            print "geometry <x> <y> <w> <h>" of the sheet
 *   --bmp <path>          save the sheet window as a 24-bit BMP (from the screen)
 *   --hold <file> <s>     print "holding", then pump until <file> exists (a
 *                         screenshot taken from outside) or <s> seconds pass
 *   --close               press Cancel
 * At the end: the sheet is destroyed, the extensions released, and the
 * extension DLL is asked DllCanUnloadNow (its objects and pages must all be
 * gone); the data object's references must be back to none.
 *
 * Exit status: 0 done, 1 something failed (a line says what), 2 usage.
 */
#include "cluadmin_host.h"

#include "bedclus.h"

/* ------------------------------------------------------------ output */

void out(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
}

const char *u8(const WCHAR *w)
{
    static char buf[4][4096];
    static int turn;
    char *b = buf[turn++ & 3], *o = b;
    char one[8];
    size_t left = sizeof(buf[0]) - 1;

    for (; w && *w && left > 4; w++) {
        int n;
        if (*w == L'\r' || *w == L'\n' || *w == L'"' || *w == L'\\') {
            *o++ = '\\';
            *o++ = *w == L'\r' ? 'r' : *w == L'\n' ? 'n' : (char)*w;
            left -= 2;
            continue;
        }
        n = WideCharToMultiByte(CP_UTF8, 0, w, 1, one, sizeof(one), NULL, NULL);
        if (n <= 0 || (size_t)n > left)
            break;
        memcpy(o, one, (size_t)n);
        o += n;
        left -= (size_t)n;
    }
    *o = 0;
    return b;
}

/* ------------------------------------------------------------ the cluster */

static struct host_state state;

struct host_state *host(void)
{
    return &state;
}

/* The resource's type and description, from its key. */
static DWORD read_resource(void)
{
    HKEY key = GetClusterResourceKey(state.resource, KEY_READ);
    DWORD err;
    if (!key)
        return GetLastError();
    err = bed_read_sz_into(&bed_reg_cluster, key, L"Type", state.type_name, ARRAYSIZE(state.type_name));
    if (bed_read_sz_into(&bed_reg_cluster, key, L"Description", state.description, ARRAYSIZE(state.description)))
        state.description[0] = 0;
    ClusterRegCloseKey(key);
    return err;
}

/* The cluster, its name, the resource and its type; FALSE (said) if not. */
static BOOL open_cluster_objects(void)
{
    DWORD err, len;

    state.cluster = OpenCluster(NULL);
    if (!state.cluster) {
        out("host: OpenCluster: error %lu\n", (unsigned long)GetLastError());
        return FALSE;
    }
    len = ARRAYSIZE(state.cluster_name);
    if (GetClusterInformation(state.cluster, state.cluster_name, &len, NULL))
        state.cluster_name[0] = 0;
    state.resource = OpenClusterResource(state.cluster, state.resource_name);
    if (!state.resource) {
        out("host: no resource '%s' (error %lu)\n", u8(state.resource_name), (unsigned long)GetLastError());
        return FALSE;
    }
    err = read_resource();
    if (err) {
        out("host: the resource's Type cannot be read (error %lu)\n", (unsigned long)err);
        return FALSE;
    }
    out("host: cluster '%s', resource '%s' of type '%s'\n", u8(state.cluster_name), u8(state.resource_name),
        u8(state.type_name));
    return TRUE;
}

/* ------------------------------------------------------------ the run */

static DWORD WINAPI watchdog(void *arg)
{
    Sleep((DWORD)(UINT_PTR)arg * 1000);
    out("host: timeout after %lu s\n", (unsigned long)(UINT_PTR)arg);
    ExitProcess(1);
}

/* --resource and --timeout; the index of the first action, or 0 (usage). */
static int parse_arguments(int argc, WCHAR **argv, DWORD *timeout)
{
    const WCHAR *name = NULL;
    int first = 1;

    while (first < argc) {
        if (!wcscmp(argv[first], L"--resource") && first + 1 < argc) {
            name = argv[first + 1];
            first += 2;
        } else if (!wcscmp(argv[first], L"--timeout") && first + 1 < argc) {
            *timeout = (DWORD)_wtoi(argv[first + 1]);
            first += 2;
        } else {
            break;
        }
    }
    if (!name)
        return 0;
    lstrcpynW(state.resource_name, name, ARRAYSIZE(state.resource_name));
    return first;
}

/* Our General page, then whatever the extensions add; the page count, or
   0 (said) when not even the General page could be made. */
static int make_pages(HPROPSHEETPAGE pages[MAX_PAGES + 1], int *failed)
{
    PROPSHEETPAGEW general;
    int npages = 0;

    ZeroMemory(&general, sizeof(general));
    general.dwSize = sizeof(general);
    general.hInstance = GetModuleHandleW(NULL);
    general.pszTemplate = MAKEINTRESOURCEW(IDD_GENERAL);
    general.pfnDlgProc = general_page_proc;
    pages[npages] = CreatePropertySheetPageW(&general);
    if (!pages[npages]) {
        out("host: the General page could not be created (error %lu)\n", (unsigned long)GetLastError());
        return 0;
    }
    npages++;
    if (load_extensions() == ERROR_SUCCESS)
        *failed += extensions_add_pages();
    else
        (*failed)++;
    return npages + callback_pages(pages + npages, MAX_PAGES);
}

/* The sheet "<name> Properties", modeless, up and active; FALSE (said) if not. */
static BOOL show_sheet(HPROPSHEETPAGE *pages, int npages)
{
    PROPSHEETHEADERW psh;
    WCHAR caption[300];
    HWND sheet;
    RECT r;

    _snwprintf(caption, ARRAYSIZE(caption), L"%ls Properties", state.resource_name);
    caption[ARRAYSIZE(caption) - 1] = 0;
    ZeroMemory(&psh, sizeof(psh));
    psh.dwSize = sizeof(psh);
    psh.dwFlags = PSH_MODELESS | PSH_NOCONTEXTHELP;
    psh.hInstance = GetModuleHandleW(NULL);
    psh.pszCaption = caption;
    psh.nPages = (UINT)npages;
    psh.nStartPage = (UINT)(npages - 1);   /* the last extension page, as after a click on its tab */
    psh.phpage = pages;
    sheet = (HWND)PropertySheetW(&psh);
    if (!sheet || sheet == (HWND)(INT_PTR)-1 || !IsWindow(sheet)) {
        out("host: PropertySheet failed (error %lu)\n", (unsigned long)GetLastError());
        return FALSE;
    }
    sheet_set(sheet);
    SetWindowPos(sheet, HWND_TOP, 16, 16, 0, 0, SWP_NOSIZE | SWP_SHOWWINDOW);
    /* Active, as under a person's pointer (no window manager to do it). */
    GetWindowRect(sheet, &r);
    SetCursorPos((r.left + r.right) / 2, r.bottom - 8);
    SetForegroundWindow(sheet);
    SendMessageW(sheet, WM_NCACTIVATE, TRUE, 0);
    pump(200);
    out("host: sheet up with %d page(s)\n", npages);
    return TRUE;
}

/* The sheet destroyed and the extensions released: their DLL must be
   unloadable and the data object unreferenced. The number of failures. */
static int tear_down(void)
{
    typedef HRESULT (STDAPICALLTYPE *can_unload_fn)(void);
    can_unload_fn can_unload = NULL;
    HMODULE ext_module;
    int failed = 0;
    HRESULT hr;

    if (sheet_get()) {
        DestroyWindow(sheet_get());
        sheet_set(NULL);
    }
    pump(50);
    release_extensions();
    ext_module = GetModuleHandleW(L"imsguardex.dll");
    if (ext_module)
        can_unload = (can_unload_fn)(void (*)(void))GetProcAddress(ext_module, "DllCanUnloadNow");
    if (can_unload) {
        hr = can_unload();
        out("host: DllCanUnloadNow = %s\n", hr == S_OK ? "S_OK" : "S_FALSE");
        if (hr != S_OK)
            failed++;
    }
    out("host: data object references left: %ld\n", (long)data_object_refs_left());
    if (data_object_refs_left() != 0)
        failed++;
    host_dll_close();
    CloseClusterResource(state.resource);
    CloseCluster(state.cluster);
    return failed;
}

int wmain(int argc, WCHAR **argv)
{
    HPROPSHEETPAGE pages[MAX_PAGES + 1];
    DWORD timeout = 60;
    int first, failed = 0, npages;
    HRESULT hr;

    first = parse_arguments(argc, argv, &timeout);
    if (!first) {
        usage();
        return 2;
    }
    CloseHandle(CreateThread(NULL, 0, watchdog, (void *)(UINT_PTR)timeout, 0, NULL));
    data_object_init();
    hr = CoInitialize(NULL);
    if (FAILED(hr)) {
        out("host: CoInitialize: 0x%08lx\n", (unsigned long)hr);
        return 1;
    }
    InitCommonControls();
    state.icon = LoadIconW(NULL, (LPCWSTR)IDI_APPLICATION);
    if (!open_cluster_objects())
        return 1;
    npages = make_pages(pages, &failed);
    if (!npages || !show_sheet(pages, npages))
        return 1;
    failed += run_actions(argc, argv, first);
    failed += tear_down();
    CoUninitialize();
    out("host: done, %d failure(s)\n", failed);
    return failed ? 1 : 0;
}

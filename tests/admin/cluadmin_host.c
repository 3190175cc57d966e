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
 * The resource control path. The test bed's clusapi.dll has no
 * ClusterResourceControl; this program exports one (cluadminhost.def),
 * which the extension finds when clusapi.dll lacks it (admin/rescontrol.c).
 * It does what the Cluster Service would: hands the control to the resource
 * DLL's ResourceControl - the real imsguard.dll (DllName of the type, next
 * to this program), loaded, started (Startup) and opened (Open, with the
 * resource's cluster key) on first use, as a Resource Monitor would. The
 * DLL writes the cluster database itself (SET), so what Apply stores can be
 * read back with reg.exe.
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
#include "cluadmin.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include "imsguard.h"

#define IDD_GENERAL   200
#define IDC_G_ICON    2001
#define IDC_G_NAME    2002
#define IDC_G_DESC    2003
#define IDC_G_TYPE    2004
#define IDC_G_STATE   2005
#define IDC_G_NODE    2006

#define MAX_PAGES 16
#define MAX_EXTENSIONS 8

/* ------------------------------------------------------------ output */

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
}

/* UTF-8 of a wide string, CR and LF and quotes escaped; static buffer. */
static const char *u8(const WCHAR *w)
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

static struct {
    WCHAR resource_name[256];
    WCHAR type_name[256];
    WCHAR cluster_name[256];
    WCHAR description[256];
    HCLUSTER cluster;
    HRESOURCE resource;
    HICON icon;
    /* The resource DLL, opened on the first control. */
    HMODULE dll;
    PCLRES_FUNCTION_TABLE table;
    RESID resid;
    HKEY res_key;
    DWORD open_error;
    BOOL open_tried;
} g;

static DWORD query_sz(HKEY key, const WCHAR *name, WCHAR *outw, DWORD cch)
{
    DWORD type = 0, size = (cch - 1) * sizeof(WCHAR);
    DWORD err;
    ZeroMemory(outw, cch * sizeof(WCHAR));
    err = ClusterRegQueryValue(key, name, &type, (BYTE *)outw, &size);
    if (!err && type != REG_SZ && type != REG_EXPAND_SZ)
        err = ERROR_INVALID_DATA;
    outw[cch - 1] = 0;
    return err;
}

/* The resource's type and description, from its key. */
static DWORD read_resource(void)
{
    HKEY key = GetClusterResourceKey(g.resource, KEY_READ);
    DWORD err;
    if (!key)
        return GetLastError();
    err = query_sz(key, L"Type", g.type_name, ARRAYSIZE(g.type_name));
    if (query_sz(key, L"Description", g.description, ARRAYSIZE(g.description)))
        g.description[0] = 0;
    ClusterRegCloseKey(key);
    return err;
}

/* ------------------------------------------------------------ the resource DLL */

static DWORD WINAPI set_status(RESOURCE_HANDLE handle, PRESOURCE_STATUS status)
{
    out("dll: SetResourceStatus(state %lu) - not expected here\n",
        status ? (unsigned long)status->ResourceState : 0ul);
    return ResourceExitStateContinue;
}

static VOID WINAPI log_event(RESOURCE_HANDLE handle, LOG_LEVEL level, LPCWSTR format, ...)
{
    WCHAR text[1024];
    va_list ap;
    DWORD n;

    if (!format)
        return;
    va_start(ap, format);
    n = FormatMessageW(FORMAT_MESSAGE_FROM_STRING, format, 0, 0, text, ARRAYSIZE(text), &ap);
    va_end(ap);
    if (!n)
        return;
    while (n && (text[n - 1] == L'\n' || text[n - 1] == L'\r'))
        text[--n] = 0;
    out("dll-log: %s: %s\n", level == LOG_ERROR ? "ERROR" : level == LOG_WARNING ? "WARNING" : "INFO",
        u8(text));
}

/* Loads imsguard.dll (the type's DllName, next to this program), starts it
   for the type and opens the resource, as the Resource Monitor would. */
static DWORD open_resource_dll(void)
{
    WCHAR dll_name[MAX_PATH], path[MAX_PATH], *slash;
    PSTARTUP_ROUTINE startup;
    HKEY type_key;
    DWORD err;

    if (g.open_tried)
        return g.open_error;
    g.open_tried = TRUE;

    type_key = GetClusterResourceTypeKey(g.cluster, g.type_name, KEY_READ);
    if (!type_key) {
        err = GetLastError();
        goto out;
    }
    err = query_sz(type_key, L"DllName", dll_name, ARRAYSIZE(dll_name));
    ClusterRegCloseKey(type_key);
    if (err)
        goto out;
    if (!wcschr(dll_name, L'\\')) {
        GetModuleFileNameW(NULL, path, ARRAYSIZE(path));
        slash = wcsrchr(path, L'\\');
        if (slash)
            slash[1] = 0;
        if (wcslen(path) + wcslen(dll_name) < ARRAYSIZE(path))
            wcscat(path, dll_name);
    } else {
        lstrcpynW(path, dll_name, ARRAYSIZE(path));
    }
    g.dll = LoadLibraryExW(path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
    if (!g.dll) {
        err = GetLastError();
        out("host: cannot load the resource DLL %s (error %lu)\n", u8(path), (unsigned long)err);
        goto out;
    }
    startup = (PSTARTUP_ROUTINE)(void (*)(void))GetProcAddress(g.dll, "Startup");
    if (!startup) {
        err = ERROR_PROC_NOT_FOUND;
        goto out;
    }
    err = startup(g.type_name, CLRES_VERSION_V1_00, CLRES_VERSION_V1_00, set_status, log_event, &g.table);
    if (err)
        goto out;
    g.res_key = GetClusterResourceKey(g.resource, KEY_READ | KEY_WRITE);
    if (!g.res_key) {
        err = GetLastError();
        goto out;
    }
    g.resid = g.table->V1Functions.Open(g.resource_name, g.res_key, (RESOURCE_HANDLE)&g);
    if (!g.resid)
        err = GetLastError() ? GetLastError() : ERROR_RESOURCE_NOT_FOUND;
out:
    g.open_error = err;
    out("host: resource DLL %s for '%s': %lu\n", err ? "not opened" : "opened", u8(g.resource_name),
        (unsigned long)err);
    return err;
}

static const char *control_name(DWORD code)
{
    switch (code) {
    case CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES:      return "GET_PRIVATE_PROPERTIES";
    case CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES:      return "SET_PRIVATE_PROPERTIES";
    case CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES: return "VALIDATE_PRIVATE_PROPERTIES";
    case CLUSCTL_RESOURCE_ENUM_PRIVATE_PROPERTIES:     return "ENUM_PRIVATE_PROPERTIES";
    default:                                           return "other";
    }
}

/* Exported as ClusterResourceControl (cluadminhost.def). */
DWORD WINAPI host_resource_control(HRESOURCE resource, HNODE node, DWORD code, LPVOID in, DWORD in_size,
                                   LPVOID outbuf, DWORD out_size, LPDWORD returned)
{
    DWORD err;
    if (returned)
        *returned = 0;
    if (!resource || resource != g.resource) {
        err = ERROR_INVALID_HANDLE;
    } else {
        err = open_resource_dll();
        if (!err)
            err = g.table->V1Functions.ResourceControl(g.resid, code, in, in_size, outbuf, out_size,
                                                       returned);
    }
    out("shim: ClusterResourceControl(%s, %lu bytes in) -> %lu\n", control_name(code),
        (unsigned long)in_size, (unsigned long)err);
    return err;
}

/* ------------------------------------------------------------ the data object */

typedef struct data_object {
    IGetClusterUIInfo ui;
    IGetClusterDataInfo data;
    IGetClusterObjectInfo object;
    IGetClusterResourceInfo resource;
    LONG refs;
} data_object;

static data_object the_data;

static HRESULT data_qi(REFIID riid, void **outp)
{
    if (!outp)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IGetClusterDataInfo))
        *outp = &the_data.data;
    else if (IsEqualIID(riid, &IID_IGetClusterUIInfo))
        *outp = &the_data.ui;
    else if (IsEqualIID(riid, &IID_IGetClusterObjectInfo))
        *outp = &the_data.object;
    else if (IsEqualIID(riid, &IID_IGetClusterResourceInfo))
        *outp = &the_data.resource;
    else {
        *outp = NULL;
        return E_NOINTERFACE;
    }
    InterlockedIncrement(&the_data.refs);
    return S_OK;
}

static ULONG data_add_ref(void) { return (ULONG)InterlockedIncrement(&the_data.refs); }
static ULONG data_release(void) { return (ULONG)InterlockedDecrement(&the_data.refs); }

/* A name into the caller's buffer: *cch in = its size, out = the length. */
static HRESULT give_name(const WCHAR *name, BSTR buf, LONG *cch)
{
    LONG len = (LONG)wcslen(name);
    if (!cch)
        return E_POINTER;
    if (!buf || *cch <= len) {
        *cch = len + 1;
        return HRESULT_FROM_WIN32(ERROR_MORE_DATA);
    }
    memcpy(buf, name, (size_t)(len + 1) * sizeof(WCHAR));
    *cch = len;
    return S_OK;
}

/* IGetClusterUIInfo */
static HRESULT WINAPI ui_qi(IGetClusterUIInfo *This, REFIID riid, void **o) { return data_qi(riid, o); }
static ULONG WINAPI ui_add_ref(IGetClusterUIInfo *This) { return data_add_ref(); }
static ULONG WINAPI ui_release(IGetClusterUIInfo *This) { return data_release(); }
static HRESULT WINAPI ui_cluster_name(IGetClusterUIInfo *This, BSTR name, LONG *cch)
{
    return give_name(g.cluster_name, name, cch);
}
static LCID WINAPI ui_locale(IGetClusterUIInfo *This) { return GetUserDefaultLCID(); }
static HFONT WINAPI ui_font(IGetClusterUIInfo *This) { return (HFONT)GetStockObject(DEFAULT_GUI_FONT); }
static HICON WINAPI ui_icon(IGetClusterUIInfo *This) { return g.icon; }
static const IGetClusterUIInfoVtbl ui_vtbl = {
    ui_qi, ui_add_ref, ui_release, ui_cluster_name, ui_locale, ui_font, ui_icon
};

/* IGetClusterDataInfo */
static HRESULT WINAPI di_qi(IGetClusterDataInfo *This, REFIID riid, void **o) { return data_qi(riid, o); }
static ULONG WINAPI di_add_ref(IGetClusterDataInfo *This) { return data_add_ref(); }
static ULONG WINAPI di_release(IGetClusterDataInfo *This) { return data_release(); }
static HRESULT WINAPI di_cluster_name(IGetClusterDataInfo *This, BSTR name, LONG *cch)
{
    return give_name(g.cluster_name, name, cch);
}
static HCLUSTER WINAPI di_cluster_handle(IGetClusterDataInfo *This) { return g.cluster; }
static LONG WINAPI di_object_count(IGetClusterDataInfo *This) { return 1; }
static const IGetClusterDataInfoVtbl di_vtbl = {
    di_qi, di_add_ref, di_release, di_cluster_name, di_cluster_handle, di_object_count
};

/* IGetClusterObjectInfo */
static HRESULT WINAPI oi_qi(IGetClusterObjectInfo *This, REFIID riid, void **o) { return data_qi(riid, o); }
static ULONG WINAPI oi_add_ref(IGetClusterObjectInfo *This) { return data_add_ref(); }
static ULONG WINAPI oi_release(IGetClusterObjectInfo *This) { return data_release(); }
static HRESULT WINAPI oi_object_name(IGetClusterObjectInfo *This, LONG index, BSTR name, LONG *cch)
{
    if (index != 0)
        return E_INVALIDARG;
    return give_name(g.resource_name, name, cch);
}
static CLUADMEX_OBJECT_TYPE WINAPI oi_object_type(IGetClusterObjectInfo *This, LONG index)
{
    if (index != 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return (CLUADMEX_OBJECT_TYPE)-1;
    }
    return CLUADMEX_OT_RESOURCE;
}
static const IGetClusterObjectInfoVtbl oi_vtbl = {
    oi_qi, oi_add_ref, oi_release, oi_object_name, oi_object_type
};

/* IGetClusterResourceInfo */
static HRESULT WINAPI ri_qi(IGetClusterResourceInfo *This, REFIID riid, void **o) { return data_qi(riid, o); }
static ULONG WINAPI ri_add_ref(IGetClusterResourceInfo *This) { return data_add_ref(); }
static ULONG WINAPI ri_release(IGetClusterResourceInfo *This) { return data_release(); }
static HRESOURCE WINAPI ri_resource_handle(IGetClusterResourceInfo *This, LONG index)
{
    return index == 0 ? g.resource : NULL;
}
static HRESULT WINAPI ri_type_name(IGetClusterResourceInfo *This, LONG index, BSTR name, LONG *cch)
{
    if (index != 0)
        return E_INVALIDARG;
    return give_name(g.type_name, name, cch);
}
static WINBOOL WINAPI ri_network_name(IGetClusterResourceInfo *This, LONG index, BSTR name, ULONG *cch)
{
    SetLastError(ERROR_NOT_SUPPORTED);   /* no Network Name in this sheet */
    return FALSE;
}
static const IGetClusterResourceInfoVtbl ri_vtbl = {
    ri_qi, ri_add_ref, ri_release, ri_resource_handle, ri_type_name, ri_network_name
};

/* ------------------------------------------------------------ the sheet callback */

static struct {
    IWCPropertySheetCallback iface;
    HPROPSHEETPAGE pages[MAX_PAGES];
    int count;
} the_callback;

static HRESULT WINAPI cb_qi(IWCPropertySheetCallback *This, REFIID riid, void **o)
{
    if (!o)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IWCPropertySheetCallback)) {
        *o = This;
        return S_OK;
    }
    *o = NULL;
    return E_NOINTERFACE;
}
static ULONG WINAPI cb_add_ref(IWCPropertySheetCallback *This) { return 2; }
static ULONG WINAPI cb_release(IWCPropertySheetCallback *This) { return 1; }
static HRESULT WINAPI cb_add_page(IWCPropertySheetCallback *This, LONG *hpage)
{
    if (!hpage)
        return E_INVALIDARG;
    if (the_callback.count >= MAX_PAGES)
        return E_OUTOFMEMORY;
    the_callback.pages[the_callback.count++] = (HPROPSHEETPAGE)hpage;
    out("host: extension added a page\n");
    return S_OK;
}
static const IWCPropertySheetCallbackVtbl cb_vtbl = { cb_qi, cb_add_ref, cb_release, cb_add_page };

/* ------------------------------------------------------------ the General page */

static INT_PTR CALLBACK general_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_INITDIALOG) {
        WCHAR node[64];
        DWORD len = ARRAYSIZE(node);
        SendDlgItemMessageW(hwnd, IDC_G_ICON, STM_SETICON, (WPARAM)g.icon, 0);
        SetDlgItemTextW(hwnd, IDC_G_NAME, g.resource_name);
        SetDlgItemTextW(hwnd, IDC_G_DESC, g.description);
        SetDlgItemTextW(hwnd, IDC_G_TYPE, g.type_name);
        SetDlgItemTextW(hwnd, IDC_G_STATE, L"Offline");
        if (!GetComputerNameW(node, &len))
            node[0] = 0;
        SetDlgItemTextW(hwnd, IDC_G_NODE, node);
        return TRUE;
    }
    return FALSE;
}

/* ------------------------------------------------------------ extensions */

static IWEExtendPropertySheet *extensions[MAX_EXTENSIONS];
static int extension_count;

/* The type's AdminExtensions, each created through COM. */
static DWORD load_extensions(void)
{
    DWORD err, type = 0, size = 0, i, units;
    HKEY key;
    WCHAR *list = NULL;

    key = GetClusterResourceTypeKey(g.cluster, g.type_name, KEY_READ);
    if (!key)
        return GetLastError();
    err = ClusterRegQueryValue(key, L"AdminExtensions", &type, NULL, &size);
    if (!err && type != REG_MULTI_SZ)
        err = ERROR_INVALID_DATA;
    if (!err) {
        list = calloc(1, size + 2 * sizeof(WCHAR));
        if (!list)
            err = ERROR_NOT_ENOUGH_MEMORY;
        else
            err = ClusterRegQueryValue(key, L"AdminExtensions", &type, (BYTE *)list, &size);
    }
    ClusterRegCloseKey(key);
    if (err) {
        out("host: type '%s' has no AdminExtensions (error %lu)\n", u8(g.type_name), (unsigned long)err);
        free(list);
        return err;
    }
    units = size / sizeof(WCHAR);
    for (i = 0; i < units && list[i] && extension_count < MAX_EXTENSIONS;) {
        const WCHAR *text = list + i;
        IWEExtendPropertySheet *ext = NULL;
        CLSID clsid;
        HRESULT hr = CLSIDFromString((LPOLESTR)text, &clsid);
        if (SUCCEEDED(hr))
            hr = CoCreateInstance(&clsid, NULL, CLSCTX_INPROC_SERVER, &IID_IWEExtendPropertySheet,
                                  (void **)&ext);
        out("host: extension %s: %s (0x%08lx)\n", u8(text), SUCCEEDED(hr) ? "created" : "not created",
            (unsigned long)hr);
        if (SUCCEEDED(hr))
            extensions[extension_count++] = ext;
        i += (DWORD)wcslen(text) + 1;
    }
    free(list);
    return extension_count ? ERROR_SUCCESS : ERROR_NOT_FOUND;
}

/* ------------------------------------------------------------ driving the sheet */

static HWND sheet;

static void pump(DWORD ms)
{
    DWORD start = GetTickCount();
    MSG m;
    do {
        while (PeekMessageW(&m, NULL, 0, 0, PM_REMOVE)) {
            if (sheet && IsWindow(sheet) && PropSheet_IsDialogMessage(sheet, &m))
                continue;
            TranslateMessage(&m);
            DispatchMessageW(&m);
        }
        if (sheet && IsWindow(sheet) && !PropSheet_GetCurrentPageHwnd(sheet)) {
            DestroyWindow(sheet);   /* OK or Cancel: a modeless sheet is destroyed by its owner */
            sheet = NULL;
        }
        if (GetTickCount() - start >= ms)
            break;
        MsgWaitForMultipleObjects(0, NULL, FALSE, 10, QS_ALLINPUT);
    } while (1);
}

static HWND current_page(void)
{
    return sheet ? PropSheet_GetCurrentPageHwnd(sheet) : NULL;
}

static BOOL CALLBACK dump_one(HWND child, LPARAM lp)
{
    WCHAR cls[64], *text;
    int len = GetWindowTextLengthW(child);
    LONG style = GetWindowLongW(child, GWL_STYLE);
    char state[64];

    if (GetParent(child) != (HWND)lp)
        return TRUE;
    text = calloc((size_t)len + 2, sizeof(WCHAR));
    if (!text)
        return TRUE;
    GetClassNameW(child, cls, ARRAYSIZE(cls));
    GetWindowTextW(child, text, len + 1);
    snprintf(state, sizeof(state), "%s%s", IsWindowEnabled(child) ? "enabled" : "disabled",
             (style & WS_VISIBLE) ? "" : ",hidden");
    if (!lstrcmpiW(cls, L"Button") && ((style & 0x0F) == BS_AUTOCHECKBOX || (style & 0x0F) == BS_CHECKBOX))
        snprintf(state + strlen(state), sizeof(state) - strlen(state), ",%s",
                 SendMessageW(child, BM_GETCHECK, 0, 0) == BST_CHECKED ? "checked" : "unchecked");
    out("control %d %s %s \"%s\"\n", GetDlgCtrlID(child), u8(cls), state, u8(text));
    free(text);
    return TRUE;
}

static void dump(void)
{
    WCHAR title[256];
    HWND page = current_page();
    HWND apply_button = sheet ? GetDlgItem(sheet, 0x3021) : NULL;

    if (!page) {
        out("dump: no sheet\n");
        return;
    }
    GetWindowTextW(sheet, title, ARRAYSIZE(title));
    out("sheet \"%s\" apply-button %s\n", u8(title),
        apply_button && IsWindowEnabled(apply_button) ? "enabled" : "disabled");
    GetWindowTextW(page, title, ARRAYSIZE(title));
    out("page \"%s\"\n", u8(title));
    EnumChildWindows(page, dump_one, (LPARAM)page);
    out("end of page\n");
}

static BOOL select_page(const WCHAR *title)
{
    HWND tab = PropSheet_GetTabControl(sheet);
    int i, n = tab ? TabCtrl_GetItemCount(tab) : 0;
    for (i = 0; i < n; i++) {
        WCHAR text[128];
        TCITEMW item;
        ZeroMemory(&item, sizeof(item));
        item.mask = TCIF_TEXT;
        item.pszText = text;
        item.cchTextMax = ARRAYSIZE(text);
        if (TabCtrl_GetItem(tab, i, &item) && !lstrcmpiW(text, title)) {
            PropSheet_SetCurSel(sheet, NULL, i);
            pump(50);
            return TRUE;
        }
    }
    return FALSE;
}

static BOOL type_into(int id, const WCHAR *text)
{
    HWND edit = GetDlgItem(current_page(), id);
    if (!edit)
        return FALSE;
    SetFocus(edit);
    SendMessageW(edit, EM_SETSEL, 0, -1);
    SendMessageW(edit, WM_CLEAR, 0, 0);
    for (; *text; text++) {
        SendMessageW(edit, WM_CHAR, (WPARAM)*text, 1);
        pump(0);
    }
    pump(20);
    return TRUE;
}

/* The sheet's window, from the screen, as a bottom-up 24-bit BMP. */
static BOOL save_bmp(const WCHAR *path)
{
    BITMAPFILEHEADER fh;
    BITMAPINFO bi;
    HDC screen, mem;
    HBITMAP bmp, old;
    void *bits = NULL;
    RECT r;
    int w, h, stride;
    FILE *f;
    BOOL ok = FALSE;

    if (!sheet || !GetWindowRect(sheet, &r))
        return FALSE;
    w = r.right - r.left;
    h = r.bottom - r.top;
    stride = (w * 3 + 3) & ~3;
    screen = GetDC(NULL);
    mem = CreateCompatibleDC(screen);
    ZeroMemory(&bi, sizeof(bi));
    bi.bmiHeader.biSize = sizeof(bi.bmiHeader);
    bi.bmiHeader.biWidth = w;
    bi.bmiHeader.biHeight = h;
    bi.bmiHeader.biPlanes = 1;
    bi.bmiHeader.biBitCount = 24;
    bi.bmiHeader.biCompression = BI_RGB;
    bmp = CreateDIBSection(screen, &bi, DIB_RGB_COLORS, &bits, NULL, 0);
    if (bmp && bits) {
        old = SelectObject(mem, bmp);
        BitBlt(mem, 0, 0, w, h, screen, r.left, r.top, SRCCOPY);
        GdiFlush();
        SelectObject(mem, old);
        f = _wfopen(path, L"wb");
        if (f) {
            ZeroMemory(&fh, sizeof(fh));
            fh.bfType = 0x4D42;
            fh.bfOffBits = sizeof(fh) + sizeof(bi.bmiHeader);
            fh.bfSize = fh.bfOffBits + (DWORD)(stride * h);
            ok = fwrite(&fh, sizeof(fh), 1, f) == 1 && fwrite(&bi.bmiHeader, sizeof(bi.bmiHeader), 1, f) == 1 &&
                 fwrite(bits, (size_t)stride * h, 1, f) == 1;
            ok = fclose(f) == 0 && ok;
        }
    }
    if (bmp)
        DeleteObject(bmp);
    DeleteDC(mem);
    ReleaseDC(NULL, screen);
    return ok;
}

static DWORD WINAPI watchdog(void *arg)
{
    Sleep((DWORD)(UINT_PTR)arg * 1000);
    out("host: timeout after %lu s\n", (unsigned long)(UINT_PTR)arg);
    ExitProcess(1);
}

static void usage(void)
{
    fputs("usage: cluadminhost --resource <name> [--timeout <s>] [--page <title>] [--dump]\n"
          "                    [--type <id> <text>] [--click <id>] [--apply] [--wait <ms>]\n"
          "                    [--wait-text <id> <text> <s>]\n"
          "                    [--geometry] [--bmp <path>] [--hold <file> <s>] [--close]\n",
          stderr);
}

/* Runs the actions; returns the number that failed. */
static int run_actions(int argc, WCHAR **argv, int first)
{
    int i, failed = 0;
    for (i = first; i < argc; i++) {
        const WCHAR *a = argv[i];
        if (!sheet) {
            out("host: the sheet is gone before %s\n", u8(a));
            return failed + 1;
        }
        if (!wcscmp(a, L"--dump")) {
            dump();
        } else if (!wcscmp(a, L"--page") && i + 1 < argc) {
            if (!select_page(argv[++i])) {
                out("host: no page \"%s\"\n", u8(argv[i]));
                failed++;
            }
        } else if (!wcscmp(a, L"--type") && i + 2 < argc) {
            int id = _wtoi(argv[i + 1]);
            if (!type_into(id, argv[i + 2])) {
                out("host: no control %d to type into\n", id);
                failed++;
            } else {
                out("typed %d \"%s\"\n", id, u8(argv[i + 2]));
            }
            i += 2;
        } else if (!wcscmp(a, L"--click") && i + 1 < argc) {
            HWND c = GetDlgItem(current_page(), _wtoi(argv[++i]));
            if (!c) {
                out("host: no control %s to click\n", u8(argv[i]));
                failed++;
            } else {
                SendMessageW(c, BM_CLICK, 0, 0);
                pump(20);
                out("clicked %s\n", u8(argv[i]));
            }
        } else if (!wcscmp(a, L"--apply")) {
            LRESULT ok = SendMessageW(sheet, PSM_APPLY, 0, 0);
            pump(20);
            out("apply: %s\n", ok ? "accepted" : "refused");
        } else if (!wcscmp(a, L"--wait") && i + 1 < argc) {
            pump((DWORD)_wtoi(argv[++i]));
        } else if (!wcscmp(a, L"--wait-text") && i + 3 < argc) {
            int id = _wtoi(argv[i + 1]);
            const WCHAR *want = argv[i + 2];
            DWORD limit = (DWORD)_wtoi(argv[i + 3]) * 1000, start = GetTickCount();
            WCHAR seen[512] = L"";
            BOOL found = FALSE;
            i += 3;
            for (;;) {
                HWND c = GetDlgItem(current_page(), id);
                seen[0] = 0;
                if (c)
                    GetWindowTextW(c, seen, ARRAYSIZE(seen));
                found = !wcscmp(seen, want);
                if (found || GetTickCount() - start >= limit)
                    break;
                pump(50);
            }
            out("waited for control %d: %s\n", id, found ? "it shows the text" : "the time ran out");
            if (!found)
                out("  wanted \"%s\"; it shows \"%s\"\n", u8(want), u8(seen));
        } else if (!wcscmp(a, L"--geometry")) {
            RECT r;
            if (!GetWindowRect(sheet, &r)) {
                out("host: GetWindowRect: error %lu\n", (unsigned long)GetLastError());
                failed++;
                continue;
            }
            out("geometry %ld %ld %ld %ld %s\n", (long)r.left, (long)r.top, (long)(r.right - r.left),
                (long)(r.bottom - r.top), GetForegroundWindow() == sheet ? "active" : "inactive");
        } else if (!wcscmp(a, L"--bmp") && i + 1 < argc) {
            pump(100);
            if (save_bmp(argv[++i]))
                out("saved %s\n", u8(argv[i]));
            else {
                out("host: could not save %s\n", u8(argv[i]));
                failed++;
            }
        } else if (!wcscmp(a, L"--hold") && i + 2 < argc) {
            const WCHAR *file = argv[i + 1];
            DWORD limit = (DWORD)_wtoi(argv[i + 2]) * 1000, start = GetTickCount();
            i += 2;
            pump(100);
            out("holding\n");
            while (GetFileAttributesW(file) == INVALID_FILE_ATTRIBUTES && GetTickCount() - start < limit)
                pump(50);
            out("held %s\n", GetFileAttributesW(file) != INVALID_FILE_ATTRIBUTES ? "until released"
                                                                                  : "until the time ran out");
        } else if (!wcscmp(a, L"--close")) {
            PropSheet_PressButton(sheet, PSBTN_CANCEL);
            pump(50);
            out("closed\n");
        } else {
            out("host: unknown action %s\n", u8(a));
            usage();
            return failed + 1;
        }
    }
    return failed;
}

int wmain(int argc, WCHAR **argv)
{
    PROPSHEETPAGEW general;
    PROPSHEETHEADERW psh;
    HPROPSHEETPAGE pages[MAX_PAGES + 1];
    WCHAR caption[300];
    DWORD err, len, timeout = 60;
    HRESULT hr;
    int i, first = 1, failed = 0, npages = 0;
    const WCHAR *name = NULL;
    typedef HRESULT (STDAPICALLTYPE *can_unload_fn)(void);
    can_unload_fn can_unload = NULL;
    HMODULE ext_module;

    while (first < argc) {
        if (!wcscmp(argv[first], L"--resource") && first + 1 < argc) {
            name = argv[first + 1];
            first += 2;
        } else if (!wcscmp(argv[first], L"--timeout") && first + 1 < argc) {
            timeout = (DWORD)_wtoi(argv[first + 1]);
            first += 2;
        } else {
            break;
        }
    }
    if (!name) {
        usage();
        return 2;
    }
    CloseHandle(CreateThread(NULL, 0, watchdog, (void *)(UINT_PTR)timeout, 0, NULL));
    lstrcpynW(g.resource_name, name, ARRAYSIZE(g.resource_name));

    the_data.ui.lpVtbl = (IGetClusterUIInfoVtbl *)&ui_vtbl;
    the_data.data.lpVtbl = (IGetClusterDataInfoVtbl *)&di_vtbl;
    the_data.object.lpVtbl = (IGetClusterObjectInfoVtbl *)&oi_vtbl;
    the_data.resource.lpVtbl = (IGetClusterResourceInfoVtbl *)&ri_vtbl;
    the_data.refs = 1;
    the_callback.iface.lpVtbl = (IWCPropertySheetCallbackVtbl *)&cb_vtbl;

    hr = CoInitialize(NULL);
    if (FAILED(hr)) {
        out("host: CoInitialize: 0x%08lx\n", (unsigned long)hr);
        return 1;
    }
    InitCommonControls();
    g.icon = LoadIconW(NULL, (LPCWSTR)IDI_APPLICATION);

    g.cluster = OpenCluster(NULL);
    if (!g.cluster) {
        out("host: OpenCluster: error %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    len = ARRAYSIZE(g.cluster_name);
    if (GetClusterInformation(g.cluster, g.cluster_name, &len, NULL))
        g.cluster_name[0] = 0;
    g.resource = OpenClusterResource(g.cluster, g.resource_name);
    if (!g.resource) {
        out("host: no resource '%s' (error %lu)\n", u8(g.resource_name), (unsigned long)GetLastError());
        return 1;
    }
    err = read_resource();
    if (err) {
        out("host: the resource's Type cannot be read (error %lu)\n", (unsigned long)err);
        return 1;
    }
    out("host: cluster '%s', resource '%s' of type '%s'\n", u8(g.cluster_name), u8(g.resource_name),
        u8(g.type_name));

    /* The sheet: our General page, then whatever the extensions add. */
    ZeroMemory(&general, sizeof(general));
    general.dwSize = sizeof(general);
    general.hInstance = GetModuleHandleW(NULL);
    general.pszTemplate = MAKEINTRESOURCEW(IDD_GENERAL);
    general.pfnDlgProc = general_proc;
    pages[npages] = CreatePropertySheetPageW(&general);
    if (!pages[npages]) {
        out("host: the General page could not be created (error %lu)\n", (unsigned long)GetLastError());
        return 1;
    }
    npages++;

    if (load_extensions() == ERROR_SUCCESS) {
        for (i = 0; i < extension_count; i++) {
            hr = IWEExtendPropertySheet_CreatePropertySheetPages(extensions[i],
                                                                 (IUnknown *)&the_data.data,
                                                                 &the_callback.iface);
            out("host: CreatePropertySheetPages: 0x%08lx\n", (unsigned long)hr);
            if (FAILED(hr))
                failed++;
        }
    } else {
        failed++;
    }
    for (i = 0; i < the_callback.count; i++)
        pages[npages++] = the_callback.pages[i];

    _snwprintf(caption, ARRAYSIZE(caption), L"%ls Properties", g.resource_name);
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
        return 1;
    }
    SetWindowPos(sheet, HWND_TOP, 16, 16, 0, 0, SWP_NOSIZE | SWP_SHOWWINDOW);
    /* Active, as under a person's pointer (no window manager to do it). */
    {
        RECT r;
        GetWindowRect(sheet, &r);
        SetCursorPos((r.left + r.right) / 2, r.bottom - 8);
    }
    SetForegroundWindow(sheet);
    SendMessageW(sheet, WM_NCACTIVATE, TRUE, 0);
    pump(200);
    out("host: sheet up with %d page(s)\n", npages);

    failed += run_actions(argc, argv, first);

    if (sheet) {
        DestroyWindow(sheet);
        sheet = NULL;
    }
    pump(50);
    for (i = 0; i < extension_count; i++)
        IWEExtendPropertySheet_Release(extensions[i]);

    ext_module = GetModuleHandleW(L"imsguardex.dll");
    if (ext_module)
        can_unload = (can_unload_fn)(void (*)(void))GetProcAddress(ext_module, "DllCanUnloadNow");
    if (can_unload) {
        hr = can_unload();
        out("host: DllCanUnloadNow = %s\n", hr == S_OK ? "S_OK" : "S_FALSE");
        if (hr != S_OK)
            failed++;
    }
    out("host: data object references left: %ld\n", (long)(the_data.refs - 1));
    if (the_data.refs != 1)
        failed++;

    if (g.resid) {
        g.table->V1Functions.Close(g.resid);
        out("host: resource DLL closed\n");
    }
    if (g.res_key)
        ClusterRegCloseKey(g.res_key);
    CloseClusterResource(g.resource);
    CloseCluster(g.cluster);
    CoUninitialize();
    out("host: done, %d failure(s)\n", failed);
    return failed ? 1 : 0;
}

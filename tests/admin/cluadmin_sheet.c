/*
 * cluadmin_sheet.c - cluadminhost.exe's property sheet: the extensions
 * listed in the type's AdminExtensions (created through COM, so they must
 * be registered: DllRegisterServer / regsvr32), and the actions that drive
 * the sheet like a person (see cluadmin_host.c for the list).
 */
#include "cluadmin_host.h"

/* ------------------------------------------------------------ extensions */

static IWEExtendPropertySheet *extensions[MAX_EXTENSIONS];
static int extension_count;

DWORD load_extensions(void)
{
    DWORD err, type = 0, size = 0, i, units;
    HKEY key;
    WCHAR *list = NULL;

    key = GetClusterResourceTypeKey(host()->cluster, host()->type_name, KEY_READ);
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
        out("host: type '%s' has no AdminExtensions (error %lu)\n", u8(host()->type_name), (unsigned long)err);
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

int extensions_add_pages(void)
{
    int i, failed = 0;

    for (i = 0; i < extension_count; i++) {
        HRESULT hr = IWEExtendPropertySheet_CreatePropertySheetPages(extensions[i], data_object_unknown(),
                                                                     sheet_callback());
        out("host: CreatePropertySheetPages: 0x%08lx\n", (unsigned long)hr);
        if (FAILED(hr))
            failed++;
    }
    return failed;
}

void release_extensions(void)
{
    int i;

    for (i = 0; i < extension_count; i++)
        IWEExtendPropertySheet_Release(extensions[i]);
    extension_count = 0;
}

/* ------------------------------------------------------------ driving the sheet */

static HWND sheet;

void sheet_set(HWND s)
{
    sheet = s;
}

HWND sheet_get(void)
{
    return sheet;
}

void pump(DWORD ms)
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

/* --wait-text: pumps until the control shows want (a panel that refreshes
   on its own) or limit_ms pass; says which. */
static void wait_text(int id, const WCHAR *want, DWORD limit_ms)
{
    DWORD start = GetTickCount();
    WCHAR seen[512] = L"";
    BOOL found = FALSE;

    for (;;) {
        HWND c = GetDlgItem(current_page(), id);
        seen[0] = 0;
        if (c)
            GetWindowTextW(c, seen, ARRAYSIZE(seen));
        found = !wcscmp(seen, want);
        if (found || GetTickCount() - start >= limit_ms)
            break;
        pump(50);
    }
    out("waited for control %d: %s\n", id, found ? "it shows the text" : "the time ran out");
    if (!found)
        out("  wanted \"%s\"; it shows \"%s\"\n", u8(want), u8(seen));
}

static BOOL print_geometry(void)
{
    RECT r;

    if (!GetWindowRect(sheet, &r)) {
        out("host: GetWindowRect: error %lu\n", (unsigned long)GetLastError());
        return FALSE;
    }
    out("geometry %ld %ld %ld %ld %s\n", (long)r.left, (long)r.top, (long)(r.right - r.left),
        (long)(r.bottom - r.top), GetForegroundWindow() == sheet ? "active" : "inactive");
    return TRUE;
}

/* --hold: pumps until file exists (a screenshot taken from outside) or
   limit_ms pass. */
static void hold(const WCHAR *file, DWORD limit_ms)
{
    DWORD start = GetTickCount();

    pump(100);
    out("holding\n");
    while (GetFileAttributesW(file) == INVALID_FILE_ATTRIBUTES && GetTickCount() - start < limit_ms)
        pump(50);
    out("held %s\n", GetFileAttributesW(file) != INVALID_FILE_ATTRIBUTES ? "until released"
                                                                          : "until the time ran out");
}

void usage(void)
{
    fputs("usage: cluadminhost --resource <name> [--timeout <s>] [--page <title>] [--dump]\n"
          "                    [--type <id> <text>] [--click <id>] [--apply] [--wait <ms>]\n"
          "                    [--wait-text <id> <text> <s>]\n"
          "                    [--geometry] [--bmp <path>] [--hold <file> <s>] [--close]\n",
          stderr);
}


/* Runs the actions; returns the number that failed. */
int run_actions(int argc, WCHAR **argv, int first)
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
            wait_text(_wtoi(argv[i + 1]), argv[i + 2], (DWORD)_wtoi(argv[i + 3]) * 1000);
            i += 3;
        } else if (!wcscmp(a, L"--geometry")) {
            failed += !print_geometry();
        } else if (!wcscmp(a, L"--bmp") && i + 1 < argc) {
            pump(100);
            if (save_bmp(argv[++i]))
                out("saved %s\n", u8(argv[i]));
            else {
                out("host: could not save %s\n", u8(argv[i]));
                failed++;
            }
        } else if (!wcscmp(a, L"--hold") && i + 2 < argc) {
            hold(argv[i + 1], (DWORD)_wtoi(argv[i + 2]) * 1000);
            i += 2;
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

/*
 * page.c - the "Parameters" page of an IMS Guard resource.
 *
 * Every private property has a field. Each keystroke is checked by the
 * resource DLL's own rules (ig_prop_set_sz / ig_prop_set_dword /
 * ig_settings_check, linked from resdll/core), and the reason for a refused
 * value appears on the line under its field. Apply is refused while any
 * field is refused; otherwise the changed properties go to the resource
 * with CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES.
 *
 * The preflight panel shows what the resource's Online would decide on this
 * node with the values on the page: the DNS domain and IMS build found, the
 * verdict, and the messages Online would log (the DLL's own node check,
 * verdict.c). It looks at the node again at every valid change and every
 * few seconds.
 */
#include "page.h"

#include "imsguard.h"
#include "module.h"
#include "rescontrol.h"
#include "verdict.h"

#include <stdio.h>
#include <stdlib.h>

#include "pageids.h"
#include "u16.h"

#define FACTS_TIMER      1
#define FACTS_PERIOD_MS  5000

/* Each property's control (an edit field, or a checkbox for a DWORD 0/1)
   and the line that shows why a value is refused: typed, or as stored. */
static const struct field {
    ig_prop_id prop;
    int ctrl;
    int reason;
    BOOL checkbox;
} fields[] = {
    { IG_P_SERVICE_NAME,           IDC_SERVICE_NAME,     IDC_SERVICE_NAME_REASON,    FALSE },
    { IG_P_IMAGE_PATH,             IDC_IMAGE_PATH,       IDC_IMAGE_PATH_REASON,      FALSE },
    { IG_P_EXPECTED_DNS_DOMAIN,    IDC_EXPECTED_DOMAIN,  IDC_EXPECTED_DOMAIN_REASON, FALSE },
    { IG_P_FIRST_AFFECTED_VERSION, IDC_FIRST_AFFECTED,   IDC_VERSIONS_REASON,        FALSE },
    { IG_P_FIRST_FIXED_VERSION,    IDC_FIRST_FIXED,      IDC_VERSIONS_REASON,        FALSE },
    { IG_P_SMTP_PROBE_PORT,        IDC_SMTP_PORT,        IDC_NUMBERS_REASON,         FALSE },
    { IG_P_STOP_TIMEOUT,           IDC_STOP_TIMEOUT,     IDC_NUMBERS_REASON,         FALSE },
    { IG_P_SMTP_PROBE_TIMEOUT,     IDC_SMTP_TIMEOUT,     IDC_PROBE_REASON,           FALSE },
    { IG_P_SMTP_PROBE_FAILURES,    IDC_SMTP_FAILURES,    IDC_PROBE_REASON,           FALSE },
    { IG_P_STARTUP_PARAMETERS,     IDC_STARTUP_PARAMS,   IDC_STARTUP_PARAMS_REASON,  FALSE },
    { IG_P_REQUIRE_DNS_DOMAIN,     IDC_REQUIRE_DOMAIN,   IDC_FLAGS_REASON,           TRUE },
    { IG_P_ALLOW_AFFECTED_BUILD,   IDC_ALLOW_AFFECTED,   IDC_FLAGS_REASON,           TRUE },
    { IG_P_MANAGE_SERVICE_CONFIG,  IDC_MANAGE_CONFIG,    IDC_FLAGS_REASON,           TRUE },
    { IG_P_USE_NETWORK_NAME,       IDC_USE_NETWORK_NAME, IDC_FLAGS_REASON,           TRUE },
};

static const int reason_lines[] = {
    IDC_SERVICE_NAME_REASON, IDC_IMAGE_PATH_REASON, IDC_EXPECTED_DOMAIN_REASON,
    IDC_VERSIONS_REASON, IDC_NUMBERS_REASON, IDC_PROBE_REASON, IDC_STARTUP_PARAMS_REASON,
    IDC_FLAGS_REASON,
};

typedef struct page {
    ig_page_target *target;
    HWND hwnd;
    ig_stored db;                       /* as the resource has them, invalid
                                           values as stored                  */
    ig_settings stored;                 /* db's valid values, defaults else  */
    ig_settings edit;                   /* the valid values on the page      */
    BOOL refused[IG_P_COUNT];           /* the field's text is refused       */
    char reason[IG_P_COUNT][160];
    int cross_prop;                     /* -1, or where a rule joining two   */
    char cross_reason[160];             /* properties is shown               */
    BOOL loading;                       /* filling the fields: no checks     */
    HFONT bold;
    BOOL online;                        /* the verdict, for its colour       */
    WCHAR node[64];                     /* this computer's name              */
    ig_node_facts facts;                /* its registry keys kept open       */
    ig_verdict_text verdict;
} page;

static const struct field *field_of_ctrl(int ctrl)
{
    size_t i;
    for (i = 0; i < ARRAYSIZE(fields); i++) {
        if (fields[i].ctrl == ctrl)
            return &fields[i];
    }
    return NULL;
}

static const struct field *field_of_prop(int prop)
{
    size_t i;
    for (i = 0; i < ARRAYSIZE(fields); i++) {
        if ((int)fields[i].prop == prop)
            return &fields[i];
    }
    return NULL;
}

static void set_text8(HWND dlg, int ctrl, const char *text)
{
    WCHAR w[256];
    if (!MultiByteToWideChar(CP_UTF8, 0, text, -1, w, ARRAYSIZE(w)))
        w[0] = 0;
    w[ARRAYSIZE(w) - 1] = 0;
    SetDlgItemTextW(dlg, ctrl, w);
}

/* ------------------------------------------------------------ checking */

/* A DWORD field's text: a decimal number, blanks around it allowed. The
   range is the property table's business (ig_prop_set_dword). */
static BOOL parse_number(const WCHAR *text, uint32_t *value)
{
    unsigned long long v = 0;
    BOOL digits = FALSE;

    while (*text == L' ')
        text++;
    while (*text >= L'0' && *text <= L'9') {
        v = v * 10 + (unsigned)(*text - L'0');
        if (v > 0xFFFFFFFFull)
            return FALSE;
        digits = TRUE;
        text++;
    }
    while (*text == L' ')
        text++;
    if (*text || !digits)
        return FALSE;
    *value = (uint32_t)v;
    return TRUE;
}

/* Reads one field and checks it; a valid value goes to p->edit. */
static void check_field(page *p, const struct field *f)
{
    const ig_prop_def *d = &ig_props[f->prop];
    ig_prop_problem why;
    uint32_t err, value;

    ZeroMemory(&why, sizeof(why));
    if (f->checkbox) {
        value = IsDlgButtonChecked(p->hwnd, f->ctrl) == BST_CHECKED ? 1 : 0;
        err = ig_prop_set_dword(&p->edit, f->prop, value, &why);
    } else {
        /* One more than the property holds, so "too long" is seen. */
        WCHAR text[IG_IMAGE_PATH_CAP + 1];
        GetDlgItemTextW(p->hwnd, f->ctrl, text, ARRAYSIZE(text));
        if (d->kind == IG_KIND_SZ) {
            err = ig_prop_set_sz(&p->edit, f->prop, (const uint16_t *)text, wcslen(text), &why);
        } else if (parse_number(text, &value)) {
            err = ig_prop_set_dword(&p->edit, f->prop, value, &why);
        } else {
            err = ERROR_INVALID_PARAMETER;
            snprintf(why.reason, sizeof(why.reason), "enter a whole number from %lu to %lu",
                     (unsigned long)d->min, (unsigned long)d->max);
        }
    }
    p->refused[f->prop] = err != ERROR_SUCCESS;
    snprintf(p->reason[f->prop], sizeof(p->reason[f->prop]), "%s", err ? why.reason : "");
}

/* The rules that join two properties. p->edit holds only values valid
   alone (a refused text leaves the last valid one), so what
   ig_settings_check finds there is a joint rule. */
static void check_settings(page *p)
{
    ig_prop_problem why;

    p->cross_prop = -1;
    p->cross_reason[0] = 0;
    if (ig_settings_check(&p->edit, &why) != ERROR_SUCCESS) {
        p->cross_prop = why.prop >= 0 ? why.prop : IG_P_SERVICE_NAME;
        snprintf(p->cross_reason, sizeof(p->cross_reason), "%s", why.reason);
    }
}

/* The first refused field in the page's order, or NULL. */
static const struct field *first_refused(const page *p)
{
    size_t i;
    for (i = 0; i < ARRAYSIZE(fields); i++) {
        if (p->refused[fields[i].prop])
            return &fields[i];
    }
    return p->cross_prop >= 0 ? field_of_prop(p->cross_prop) : NULL;
}

static void show_reasons(page *p)
{
    size_t r, i;
    for (r = 0; r < ARRAYSIZE(reason_lines); r++) {
        char line[200];
        line[0] = 0;
        for (i = 0; i < ARRAYSIZE(fields); i++) {
            if (fields[i].reason == reason_lines[r] && p->refused[fields[i].prop]) {
                snprintf(line, sizeof(line), "%s: %s", ig_props[fields[i].prop].name,
                         p->reason[fields[i].prop]);
                break;
            }
        }
        if (!line[0] && p->cross_prop >= 0) {
            const struct field *f = field_of_prop(p->cross_prop);
            if (f && f->reason == reason_lines[r])
                snprintf(line, sizeof(line), "%s", p->cross_reason);
        }
        set_text8(p->hwnd, reason_lines[r], line);
    }
}

/* ------------------------------------------------------------ preflight */

/* The node as Online would see it with the values on the page. */
static void show_preflight(page *p)
{
    ig_verdict_look(p->target->name, p->node, &p->edit, &p->facts, &p->verdict);
    p->online = p->verdict.online;
    SetDlgItemTextW(p->hwnd, IDC_PF_DOMAIN, p->verdict.domain);
    SetDlgItemTextW(p->hwnd, IDC_PF_BUILD, p->verdict.build);
    SetDlgItemTextW(p->hwnd, IDC_PF_VERDICT, p->verdict.verdict);
    SetDlgItemTextW(p->hwnd, IDC_PF_MESSAGE, p->verdict.message ? p->verdict.message : L"");
    ig_verdict_release(&p->verdict);
}

static void show_node_name(page *p)
{
    WCHAR title[128];
    DWORD len = ARRAYSIZE(p->node);
    if (!GetComputerNameW(p->node, &len))
        p->node[0] = 0;
    if (p->node[0])
        _snwprintf(title, ARRAYSIZE(title), L"Preflight on this node (%ls)", p->node);
    else
        _snwprintf(title, ARRAYSIZE(title), L"Preflight on this node");
    title[ARRAYSIZE(title) - 1] = 0;
    SetDlgItemTextW(p->hwnd, IDC_PREFLIGHT_GROUP, title);
}

/* ------------------------------------------------------------ filling, applying */

/* A value the DLL would refuse, shown as it is stored: a DWORD as its
   number, a string as its text, other bytes in hex. */
static void show_invalid(page *p, const struct field *f, const ig_stored_value *v)
{
    WCHAR text[IG_IMAGE_PATH_CAP + 1];
    size_t i, n;

    text[0] = 0;
    if (f->checkbox) {
        CheckDlgButton(p->hwnd, f->ctrl, v->raw_len == 4 && ig_unaligned_u32(v->raw) ? BST_CHECKED
                                                                                       : BST_UNCHECKED);
    } else {
        if (v->type == IG_REG_DWORD && v->raw_len == 4) {
            _snwprintf(text, ARRAYSIZE(text), L"%lu", (unsigned long)ig_unaligned_u32(v->raw));
        } else if (v->type == IG_REG_SZ || v->type == IG_REG_EXPAND_SZ) {
            n = v->raw_len / 2 < ARRAYSIZE(text) - 1 ? v->raw_len / 2 : ARRAYSIZE(text) - 1;
            for (i = 0; i < n && ig_unaligned_u16(v->raw + 2 * i); i++)
                text[i] = ig_unaligned_u16(v->raw + 2 * i);
            text[i] = 0;
        } else {
            for (i = 0; i < v->raw_len && 2 * i + 2 < ARRAYSIZE(text); i++)
                _snwprintf(text + 2 * i, 3, L"%02x", v->raw[i]);
        }
        text[ARRAYSIZE(text) - 1] = 0;
        SetDlgItemTextW(p->hwnd, f->ctrl, text);
    }
    p->refused[f->prop] = TRUE;
    snprintf(p->reason[f->prop], sizeof(p->reason[f->prop]), "%s", v->why.reason);
}

static void fill_fields(page *p)
{
    size_t i;
    p->loading = TRUE;
    for (i = 0; i < ARRAYSIZE(fields); i++) {
        const struct field *f = &fields[i];
        p->refused[f->prop] = FALSE;
        p->reason[f->prop][0] = 0;
        if (p->db.value[f->prop].state == IG_STORED_INVALID) {
            show_invalid(p, f, &p->db.value[f->prop]);
        } else if (f->checkbox) {
            CheckDlgButton(p->hwnd, f->ctrl,
                           ig_prop_dword_c(&p->stored, f->prop) ? BST_CHECKED : BST_UNCHECKED);
        } else if (ig_props[f->prop].kind == IG_KIND_SZ) {
            SetDlgItemTextW(p->hwnd, f->ctrl, (const WCHAR *)ig_prop_sz_c(&p->stored, f->prop));
        } else {
            WCHAR number[16];
            _snwprintf(number, ARRAYSIZE(number), L"%lu",
                       (unsigned long)ig_prop_dword_c(&p->stored, f->prop));
            number[ARRAYSIZE(number) - 1] = 0;
            SetDlgItemTextW(p->hwnd, f->ctrl, number);
        }
    }
    p->edit = p->stored;
    p->loading = FALSE;
    check_settings(p);
    show_reasons(p);
}

/* The properties whose value on the page differs from the stored one, and
   every one stored invalid (its correction may equal the default). */
static uint32_t changed_props(const page *p)
{
    uint32_t changed = 0;
    int id;
    for (id = 0; id < IG_P_COUNT; id++) {
        BOOL same;
        if (p->db.value[id].state == IG_STORED_INVALID) {
            changed |= 1u << id;
            continue;
        }
        if (ig_props[id].kind == IG_KIND_SZ)
            same = ig_u16_equal(ig_prop_sz_c(&p->edit, (ig_prop_id)id),
                                ig_prop_sz_c(&p->stored, (ig_prop_id)id));
        else
            same = ig_prop_dword_c(&p->edit, (ig_prop_id)id) ==
                   ig_prop_dword_c(&p->stored, (ig_prop_id)id);
        if (!same)
            changed |= 1u << id;
    }
    return changed;
}

static void error_box(page *p, const WCHAR *what, DWORD err)
{
    WCHAR text[512], sys[256];
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, err, 0,
                             sys, ARRAYSIZE(sys), NULL);
    if (!n)
        sys[0] = 0;
    _snwprintf(text, ARRAYSIZE(text), L"%ls\r\n\r\nError %lu: %ls", what, (unsigned long)err, sys);
    text[ARRAYSIZE(text) - 1] = 0;
    MessageBoxW(p->hwnd, text, p->target->name, MB_OK | MB_ICONEXCLAMATION);
}

/* PSN_APPLY: PSNRET_NOERROR, or PSNRET_INVALID_NOCHANGEPAGE with the focus
   on the field at fault. */
static LONG_PTR apply(page *p)
{
    const struct field *bad = first_refused(p);
    uint32_t changed;
    DWORD err;

    if (bad) {
        MessageBeep(MB_ICONEXCLAMATION);
        SetFocus(GetDlgItem(p->hwnd, bad->ctrl));
        SendDlgItemMessageW(p->hwnd, bad->ctrl, EM_SETSEL, 0, -1);
        return PSNRET_INVALID_NOCHANGEPAGE;
    }
    changed = changed_props(p);
    err = ig_rc_set(p->target->resource, &p->edit, changed);
    if (err != ERROR_SUCCESS && err != ERROR_RESOURCE_PROPERTIES_STORED) {
        error_box(p, L"The " IMSGUARD_PRODUCT_NAME L" properties could not be saved; nothing was changed.", err);
        return PSNRET_INVALID_NOCHANGEPAGE;
    }
    p->stored = p->edit;
    ig_stored_free(&p->db);
    ig_stored_from_settings(&p->db, &p->edit);
    PropSheet_UnChanged(GetParent(p->hwnd), p->hwnd);
    if (err == ERROR_RESOURCE_PROPERTIES_STORED)
        MessageBoxW(p->hwnd,
                    L"The properties were saved. They take effect the next time the resource "
                    L"is brought online.",
                    p->target->name, MB_OK | MB_ICONINFORMATION);
    return PSNRET_NOERROR;
}

/* ------------------------------------------------------------ the dialog */

static void on_init(page *p)
{
    IGetClusterUIInfo *ui = NULL;
    HICON icon = NULL;
    LOGFONTW lf;
    HFONT font;

    SetDlgItemTextW(p->hwnd, IDC_TITLE, p->target->name);
    if (SUCCEEDED(IUnknown_QueryInterface(p->target->data, &IID_IGetClusterUIInfo, (void **)&ui))) {
        icon = IGetClusterUIInfo_GetIcon(ui);
        IGetClusterUIInfo_Release(ui);
    }
    if (!icon)
        icon = LoadIconW(NULL, (LPCWSTR)IDI_APPLICATION);
    SendDlgItemMessageW(p->hwnd, IDC_RES_ICON, STM_SETICON, (WPARAM)icon, 0);

    font = (HFONT)SendMessageW(p->hwnd, WM_GETFONT, 0, 0);
    if (font && GetObjectW(font, sizeof(lf), &lf)) {
        lf.lfWeight = FW_BOLD;
        p->bold = CreateFontIndirectW(&lf);
        if (p->bold)
            SendDlgItemMessageW(p->hwnd, IDC_PF_VERDICT, WM_SETFONT, (WPARAM)p->bold, FALSE);
    }

    fill_fields(p);
    show_node_name(p);
    show_preflight(p);
    SetTimer(p->hwnd, FACTS_TIMER, FACTS_PERIOD_MS, NULL);
}

static void on_change(page *p, const struct field *f)
{
    if (p->loading)
        return;
    check_field(p, f);
    check_settings(p);
    show_reasons(p);
    PropSheet_Changed(GetParent(p->hwnd), p->hwnd);
    show_preflight(p);
}

static INT_PTR CALLBACK page_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    page *p = (page *)GetWindowLongPtrW(hwnd, DWLP_USER);

    switch (msg) {
    case WM_INITDIALOG:
        p = (page *)((PROPSHEETPAGEW *)lp)->lParam;
        SetWindowLongPtrW(hwnd, DWLP_USER, (LONG_PTR)p);
        p->hwnd = hwnd;
        on_init(p);
        return TRUE;

    case WM_COMMAND: {
        const struct field *f = p ? field_of_ctrl(LOWORD(wp)) : NULL;
        if (f && ((!f->checkbox && HIWORD(wp) == EN_CHANGE) || (f->checkbox && HIWORD(wp) == BN_CLICKED)))
            on_change(p, f);
        return FALSE;
    }

    case WM_NOTIFY: {
        const NMHDR *nm = (const NMHDR *)lp;
        if (!p)
            return FALSE;
        switch (nm->code) {
        case PSN_KILLACTIVE:
            SetWindowLongPtrW(hwnd, DWLP_MSGRESULT, first_refused(p) ? TRUE : FALSE);
            return TRUE;
        case PSN_APPLY:
            SetWindowLongPtrW(hwnd, DWLP_MSGRESULT, apply(p));
            return TRUE;
        default:
            return FALSE;
        }
    }

    case WM_TIMER:
        if (p && wp == FACTS_TIMER)
            show_preflight(p);
        return TRUE;

    case WM_CTLCOLORSTATIC: {
        HDC dc = (HDC)wp;
        int id = GetDlgCtrlID((HWND)lp);
        size_t r;
        if (!p)
            return FALSE;
        for (r = 0; r < ARRAYSIZE(reason_lines); r++) {
            if (id == reason_lines[r]) {
                SetTextColor(dc, RGB(128, 0, 0));
                SetBkColor(dc, GetSysColor(COLOR_BTNFACE));
                return (INT_PTR)GetSysColorBrush(COLOR_BTNFACE);
            }
        }
        if (id == IDC_PF_VERDICT) {
            SetTextColor(dc, p->online ? RGB(0, 96, 0) : RGB(128, 0, 0));
            SetBkColor(dc, GetSysColor(COLOR_BTNFACE));
            return (INT_PTR)GetSysColorBrush(COLOR_BTNFACE);
        }
        return FALSE;
    }

    case WM_DESTROY:
        if (p) {
            KillTimer(hwnd, FACTS_TIMER);
            if (p->bold) {
                SendDlgItemMessageW(hwnd, IDC_PF_VERDICT, WM_SETFONT, 0, FALSE);
                DeleteObject(p->bold);
                p->bold = NULL;
            }
        }
        return FALSE;

    default:
        return FALSE;
    }
}

/* The page's life ends here: the sheet releases it after its window is gone
   (or without one, when the sheet never showed it). */
static UINT CALLBACK page_callback(HWND hwnd, UINT msg, PROPSHEETPAGEW *psp)
{
    page *p = (page *)psp->lParam;
    if (msg == PSPCB_RELEASE && p) {
        ig_facts_close(&p->facts);
        ig_stored_free(&p->db);
        IUnknown_Release(p->target->data);
        HeapFree(GetProcessHeap(), 0, p->target);
        HeapFree(GetProcessHeap(), 0, p);
        ig_ex_unlock();
    }
    return 1;
}

HRESULT ig_page_create(ig_page_target *target, HPROPSHEETPAGE *out)
{
    PROPSHEETPAGEW psp;
    page *p;
    DWORD err;

    *out = NULL;
    p = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*p));
    if (!p) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto fail;
    }
    p->target = target;
    p->cross_prop = -1;
    p->facts.service_access = SERVICE_QUERY_CONFIG;   /* the panel only looks */
    /* The values as stored, an invalid one too: the page opens with it in its
       field and the DLL's reason under it (Apply waits for a correction). */
    err = ig_rc_get(target->resource, &p->db);
    if (err)
        goto fail;
    p->stored = p->db.settings;

    ZeroMemory(&psp, sizeof(psp));
    psp.dwSize = sizeof(psp);
    psp.dwFlags = PSP_DEFAULT | PSP_USECALLBACK;
    psp.hInstance = ig_ex_instance();
    psp.pszTemplate = MAKEINTRESOURCEW(IDD_PARAMETERS);
    psp.pfnDlgProc = page_proc;
    psp.lParam = (LPARAM)p;
    psp.pfnCallback = page_callback;
    ig_ex_lock();
    *out = CreatePropertySheetPageW(&psp);
    if (!*out) {
        ig_ex_unlock();
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto fail;
    }
    return S_OK;

fail:
    IUnknown_Release(target->data);
    HeapFree(GetProcessHeap(), 0, target);
    if (p) {
        ig_stored_free(&p->db);
        HeapFree(GetProcessHeap(), 0, p);
    }
    return HRESULT_FROM_WIN32(err);
}

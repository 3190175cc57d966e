/*
 * cluadmin_data.c - what cluadminhost.exe hands an admin extension, as
 * Cluster Administrator does: the data object (IGetClusterUIInfo,
 * IGetClusterDataInfo, IGetClusterObjectInfo, IGetClusterResourceInfo)
 * about the one resource, the IWCPropertySheetCallback the extension adds
 * its pages through, and the host's own General page.
 */
#include "cluadmin_host.h"


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
    return give_name(host()->cluster_name, name, cch);
}
static LCID WINAPI ui_locale(IGetClusterUIInfo *This) { return GetUserDefaultLCID(); }
static HFONT WINAPI ui_font(IGetClusterUIInfo *This) { return (HFONT)GetStockObject(DEFAULT_GUI_FONT); }
static HICON WINAPI ui_icon(IGetClusterUIInfo *This) { return host()->icon; }
static const IGetClusterUIInfoVtbl ui_vtbl = {
    ui_qi, ui_add_ref, ui_release, ui_cluster_name, ui_locale, ui_font, ui_icon
};

/* IGetClusterDataInfo */
static HRESULT WINAPI di_qi(IGetClusterDataInfo *This, REFIID riid, void **o) { return data_qi(riid, o); }
static ULONG WINAPI di_add_ref(IGetClusterDataInfo *This) { return data_add_ref(); }
static ULONG WINAPI di_release(IGetClusterDataInfo *This) { return data_release(); }
static HRESULT WINAPI di_cluster_name(IGetClusterDataInfo *This, BSTR name, LONG *cch)
{
    return give_name(host()->cluster_name, name, cch);
}
static HCLUSTER WINAPI di_cluster_handle(IGetClusterDataInfo *This) { return host()->cluster; }
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
    return give_name(host()->resource_name, name, cch);
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
    return index == 0 ? host()->resource : NULL;
}
static HRESULT WINAPI ri_type_name(IGetClusterResourceInfo *This, LONG index, BSTR name, LONG *cch)
{
    if (index != 0)
        return E_INVALIDARG;
    return give_name(host()->type_name, name, cch);
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

INT_PTR CALLBACK general_page_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_INITDIALOG) {
        WCHAR node[64];
        DWORD len = ARRAYSIZE(node);
        SendDlgItemMessageW(hwnd, IDC_G_ICON, STM_SETICON, (WPARAM)host()->icon, 0);
        SetDlgItemTextW(hwnd, IDC_G_NAME, host()->resource_name);
        SetDlgItemTextW(hwnd, IDC_G_DESC, host()->description);
        SetDlgItemTextW(hwnd, IDC_G_TYPE, host()->type_name);
        SetDlgItemTextW(hwnd, IDC_G_STATE, L"Offline");
        if (!GetComputerNameW(node, &len))
            node[0] = 0;
        SetDlgItemTextW(hwnd, IDC_G_NODE, node);
        return TRUE;
    }
    return FALSE;
}

void data_object_init(void)
{
    the_data.ui.lpVtbl = (IGetClusterUIInfoVtbl *)&ui_vtbl;
    the_data.data.lpVtbl = (IGetClusterDataInfoVtbl *)&di_vtbl;
    the_data.object.lpVtbl = (IGetClusterObjectInfoVtbl *)&oi_vtbl;
    the_data.resource.lpVtbl = (IGetClusterResourceInfoVtbl *)&ri_vtbl;
    the_data.refs = 1;
    the_callback.iface.lpVtbl = (IWCPropertySheetCallbackVtbl *)&cb_vtbl;
}

IUnknown *data_object_unknown(void)
{
    return (IUnknown *)&the_data.data;
}

LONG data_object_refs_left(void)
{
    return the_data.refs - 1;
}

IWCPropertySheetCallback *sheet_callback(void)
{
    return &the_callback.iface;
}

int callback_pages(HPROPSHEETPAGE *pages, int cap)
{
    int i;

    for (i = 0; i < the_callback.count && i < cap; i++)
        pages[i] = the_callback.pages[i];
    return i;
}

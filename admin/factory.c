/*
 * factory.c - imsguardex.dll as a COM in-process server: the class factory
 * (DllGetClassObject) and the extension object, whose IWEExtendPropertySheet
 * adds the "Parameters" page (page.c) to the property sheet of a resource
 * of the IMS Guard type. The DLL's lifetime is module.c's.
 */
#include "imsguardex.h"

#include "imsguard.h"
#include "module.h"
#include "page.h"

/* {6EC7F3F3-5DA1-444A-BECB-C20381BD7283} */
const CLSID CLSID_ImsGuardEx = { 0x6EC7F3F3, 0x5DA1, 0x444A,
                                 { 0xBE, 0xCB, 0xC2, 0x03, 0x81, 0xBD, 0x72, 0x83 } };

/* ------------------------------------------------------------ the extension */

typedef struct extension {
    IWEExtendPropertySheet iface;
    LONG refs;
} extension;

static HRESULT WINAPI ext_query_interface(IWEExtendPropertySheet *This, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IWEExtendPropertySheet)) {
        *out = This;
        IWEExtendPropertySheet_AddRef(This);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI ext_add_ref(IWEExtendPropertySheet *This)
{
    extension *e = (extension *)This;
    return (ULONG)InterlockedIncrement(&e->refs);
}

static ULONG WINAPI ext_release(IWEExtendPropertySheet *This)
{
    extension *e = (extension *)This;
    LONG refs = InterlockedDecrement(&e->refs);
    if (refs == 0) {
        HeapFree(GetProcessHeap(), 0, e);
        ig_ex_unlock();
    }
    return (ULONG)refs;
}

/* A name Cluster Administrator wrote into our buffer (its size in, the
   length out): terminated whatever it did. */
static HRESULT bstr_query_result(HRESULT hr, WCHAR *buf, LONG cch)
{
    if (SUCCEEDED(hr))
        buf[cch - 1] = 0;
    return hr;
}

static HRESULT WINAPI ext_create_pages(IWEExtendPropertySheet *This, IUnknown *data,
                                       IWCPropertySheetCallback *callback)
{
    IGetClusterObjectInfo *object = NULL;
    IGetClusterResourceInfo *resinfo = NULL;
    IGetClusterDataInfo *datainfo = NULL;
    ig_page_target *target = NULL;
    HPROPSHEETPAGE page = NULL;
    WCHAR type[128];
    LONG cch;
    HRESULT hr;

    if (!data || !callback)
        return E_POINTER;
    hr = IUnknown_QueryInterface(data, &IID_IGetClusterObjectInfo, (void **)&object);
    if (FAILED(hr))
        goto out;
    hr = IUnknown_QueryInterface(data, &IID_IGetClusterResourceInfo, (void **)&resinfo);
    if (FAILED(hr))
        goto out;
    hr = IUnknown_QueryInterface(data, &IID_IGetClusterDataInfo, (void **)&datainfo);
    if (FAILED(hr))
        goto out;

    /* One IMS Guard resource: anything else gets no page from us. */
    if (IGetClusterDataInfo_GetObjectCount(datainfo) != 1 ||
        IGetClusterObjectInfo_GetObjectType(object, 0) != CLUADMEX_OT_RESOURCE) {
        hr = S_OK;
        goto out;
    }
    cch = ARRAYSIZE(type);
    hr = bstr_query_result(IGetClusterResourceInfo_GetResourceTypeName(resinfo, 0, type, &cch), type,
                           ARRAYSIZE(type));
    if (FAILED(hr))
        goto out;
    if (lstrcmpiW(type, L"" IMSGUARD_RESOURCE_TYPE) != 0) {
        hr = S_OK;
        goto out;
    }

    target = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*target));
    if (!target) {
        hr = E_OUTOFMEMORY;
        goto out;
    }
    target->resource = IGetClusterResourceInfo_GetResourceHandle(resinfo, 0);
    if (!target->resource) {
        hr = E_UNEXPECTED;
        goto out;
    }
    cch = ARRAYSIZE(target->name);
    hr = bstr_query_result(IGetClusterObjectInfo_GetObjectName(object, 0, target->name, &cch),
                           target->name, ARRAYSIZE(target->name));
    if (FAILED(hr))
        goto out;
    cch = ARRAYSIZE(target->cluster);
    if (FAILED(bstr_query_result(IGetClusterDataInfo_GetClusterName(datainfo, target->cluster, &cch),
                                 target->cluster, ARRAYSIZE(target->cluster))))
        target->cluster[0] = 0;

    target->data = data;
    IUnknown_AddRef(data);
    hr = ig_page_create(target, &page);   /* owns target from here on */
    target = NULL;
    if (FAILED(hr))
        goto out;
    hr = IWCPropertySheetCallback_AddPropertySheetPage(callback, (LONG *)page);
    if (FAILED(hr))
        DestroyPropertySheetPage(page);
out:
    if (target)
        HeapFree(GetProcessHeap(), 0, target);
    if (object)
        IGetClusterObjectInfo_Release(object);
    if (resinfo)
        IGetClusterResourceInfo_Release(resinfo);
    if (datainfo)
        IGetClusterDataInfo_Release(datainfo);
    return hr;
}

static const IWEExtendPropertySheetVtbl extension_vtbl = {
    ext_query_interface, ext_add_ref, ext_release, ext_create_pages
};

/* ------------------------------------------------------------ class factory */

static HRESULT WINAPI cf_query_interface(IClassFactory *This, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IClassFactory)) {
        *out = This;
        IClassFactory_AddRef(This);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

/* The factory is static: its references only keep the DLL loaded. */
static ULONG WINAPI cf_add_ref(IClassFactory *This)
{
    ig_ex_lock();
    return 2;
}

static ULONG WINAPI cf_release(IClassFactory *This)
{
    ig_ex_unlock();
    return 1;
}

static HRESULT WINAPI cf_create_instance(IClassFactory *This, IUnknown *outer, REFIID riid, void **out)
{
    extension *e;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (outer)
        return CLASS_E_NOAGGREGATION;
    e = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*e));
    if (!e)
        return E_OUTOFMEMORY;
    e->iface.lpVtbl = (IWEExtendPropertySheetVtbl *)&extension_vtbl;
    e->refs = 1;
    ig_ex_lock();
    hr = IWEExtendPropertySheet_QueryInterface(&e->iface, riid, out);
    IWEExtendPropertySheet_Release(&e->iface);
    return hr;
}

static HRESULT WINAPI cf_lock_server(IClassFactory *This, BOOL lock)
{
    if (lock)
        ig_ex_lock();
    else
        ig_ex_unlock();
    return S_OK;
}

static const IClassFactoryVtbl factory_vtbl = {
    cf_query_interface, cf_add_ref, cf_release, cf_create_instance, cf_lock_server
};
static IClassFactory factory = { (IClassFactoryVtbl *)&factory_vtbl };

STDAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!IsEqualCLSID(clsid, &CLSID_ImsGuardEx))
        return CLASS_E_CLASSNOTAVAILABLE;
    return IClassFactory_QueryInterface(&factory, riid, out);
}

/*
 * rescontrol.c - the resource's private properties through
 * ClusterResourceControl: GET to fill the page, SET on Apply. The property
 * lists are the resource DLL's own encoding (resdll/core/proplist.c).
 *
 * ClusterResourceControl is looked up at run time, not imported: first in
 * clusapi.dll (every real cluster), then among the exports of the program
 * that loaded the extension. The Wine test bed's clusapi.dll has no
 * ClusterResourceControl, and its Cluster Administrator stand-in
 * (tests/admin/cluadmin_host.c) exports one that hands the call to the real
 * imsguard.dll's ResourceControl. See admin/NOTES.md.
 */
#include "rescontrol.h"

#include <stdlib.h>

#include "proplist.h"

static ig_resource_control_fn resource_control(void)
{
    HMODULE clusapi = GetModuleHandleW(L"clusapi.dll");
    FARPROC p = NULL;

    if (clusapi)
        p = GetProcAddress(clusapi, "ClusterResourceControl");
    if (!p)
        p = GetProcAddress(GetModuleHandleW(NULL), "ClusterResourceControl");
    return (ig_resource_control_fn)(void (*)(void))p;
}

DWORD ig_rc_get(HRESOURCE resource, ig_stored *st)
{
    ig_resource_control_fn control = resource_control();
    DWORD err, size = 2048, got = 0;
    ig_prop_problem why;
    BYTE *buf = NULL;

    ig_stored_init(st);
    if (!control)
        return ERROR_PROC_NOT_FOUND;
    for (;;) {
        BYTE *bigger = realloc(buf, size);
        if (!bigger) {
            err = ERROR_NOT_ENOUGH_MEMORY;
            goto out;
        }
        buf = bigger;
        got = 0;
        err = control(resource, NULL, CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES, NULL, 0, buf, size, &got);
        if (err != ERROR_MORE_DATA || got <= size)
            break;
        size = got;
    }
    if (err)
        goto out;
    err = ig_stored_decode(buf, got, st, &why);
out:
    free(buf);
    return err;
}

DWORD ig_rc_set(HRESOURCE resource, const ig_settings *s, uint32_t changed)
{
    ig_resource_control_fn control = resource_control();
    DWORD err, returned = 0;
    ig_writer w;
    BYTE *buf;

    if (!control)
        return ERROR_PROC_NOT_FOUND;
    if (!changed)
        return ERROR_SUCCESS;
    /* Twice: the first pass only measures. */
    ig_writer_init(&w, NULL, 0);
    ig_proplist_encode_some(&w, s, changed);
    buf = malloc(w.needed);
    if (!buf)
        return ERROR_NOT_ENOUGH_MEMORY;
    ig_writer_init(&w, buf, w.needed);
    ig_proplist_encode_some(&w, s, changed);
    err = ig_writer_status(&w);
    if (!err)
        err = control(resource, NULL, CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, buf, (DWORD)w.needed,
                      NULL, 0, &returned);
    free(buf);
    return err;
}

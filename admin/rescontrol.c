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
    uint32_t count = 0;
    ig_writer w;
    BYTE *buf = NULL;
    int pass, id;

    if (!control)
        return ERROR_PROC_NOT_FOUND;
    for (id = 0; id < IG_P_COUNT; id++) {
        if (changed & (1u << id))
            count++;
    }
    if (!count)
        return ERROR_SUCCESS;

    /* Twice: the first pass only measures. */
    ig_writer_init(&w, NULL, 0);
    for (pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            buf = malloc(w.needed);
            if (!buf)
                return ERROR_NOT_ENOUGH_MEMORY;
            ig_writer_init(&w, buf, w.needed);
        }
        ig_writer_dword(&w, count);
        for (id = 0; id < IG_P_COUNT; id++) {
            const ig_prop_def *d = &ig_props[id];
            if (!(changed & (1u << id)))
                continue;
            ig_writer_sz_entry_ascii(&w, IG_SYNTAX_NAME, d->name);
            if (d->kind == IG_KIND_SZ) {
                const uint16_t *v = ig_prop_sz_c(s, (ig_prop_id)id);
                size_t n = 0;
                while (n < d->cap - 1 && v[n])
                    n++;
                ig_writer_sz_entry(&w, IG_SYNTAX_LIST_VALUE_SZ, v, n);
            } else {
                ig_writer_dword(&w, IG_SYNTAX_LIST_VALUE_DWORD);
                ig_writer_dword(&w, 4);
                ig_writer_dword(&w, ig_prop_dword_c(s, (ig_prop_id)id));
            }
            ig_writer_dword(&w, IG_SYNTAX_ENDMARK);
        }
    }
    err = ig_writer_status(&w);
    if (!err)
        err = control(resource, NULL, CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, buf, (DWORD)w.needed,
                      NULL, 0, &returned);
    free(buf);
    return err;
}

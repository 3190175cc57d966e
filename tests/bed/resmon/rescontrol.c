/*
 * rescontrol.c - ResourceControl and ResourceTypeControl, with the monitor's
 * own answers for codes the DLL does not handle (controls.c).
 */
#include "monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Reports a control call; checks the DLL kept to its buffer. */
static void report_control(const char *res8, const char *type8, struct call *c,
                           DWORD status, BOOL by_default)
{
    struct line l;
    DWORD i;

    for (i = 0; i < OUT_GUARD_SIZE; i++) {
        if (c->out[(size_t)c->out_size + i] != OUT_GUARD_BYTE) {
            violation(res8, "%s 0x%08lX wrote past the end of its %lu-byte output buffer",
                      entry_name(c->entry), c->code, c->out_size);
            break;
        }
    }
    if (status == ERROR_SUCCESS && c->returned > c->out_size)
        violation(res8, "%s 0x%08lX returned %lu bytes in a %lu-byte buffer",
                  entry_name(c->entry), c->code, c->returned, c->out_size);
    line_begin(&l, "CONTROL");
    line_kv_str(&l, "res", res8, QUOTE_IF_NEEDED);
    if (type8)
        line_kv_str(&l, "type", type8, QUOTE_IF_NEEDED);
    line_kv(&l, "code", "0x%08lX", c->code);
    line_kv(&l, "status", "%lu", status);
    line_kv(&l, "bytes", "%lu", c->returned);
    if (status == ERROR_SUCCESS && c->returned && c->returned <= c->out_size)
        line_kv_hexbytes(&l, "out", c->out, c->returned);
    if (by_default)
        line_kv(&l, "default", "1");
    line_emit(&l);
}

static struct call *control_call(enum entry e, void *fn, DWORD code, const BYTE *in,
                                 DWORD in_size, DWORD out_size)
{
    struct call *c = call_new(e, fn);

    c->code = code;
    if (in_size) {
        c->in = xmalloc(in_size);
        memcpy(c->in, in, in_size);
        c->in_size = in_size;
    }
    call_alloc_out(c, out_size);
    return c;
}

/* Status after the monitor's default work for a code the DLL did not handle. */
static DWORD control_result(struct call *c, BOOL called, BOOL *by_default)
{
    DWORD status = called ? (DWORD)c->ret : ERROR_INVALID_FUNCTION;

    *by_default = FALSE;
    if (status == ERROR_INVALID_FUNCTION)
        *by_default = default_control(c->code, c->out, c->out_size, &c->returned, &status);
    return status;
}

DWORD mon_control(struct resource *r, DWORD code, const BYTE *in, DWORD in_size,
                  DWORD out_size, reason_t reason)
{
    struct call *c;
    enum outcome out = CALL_RETURNED;
    DWORD status, err = ERROR_SUCCESS;
    BOOL by_default;

    if (r->dead)
        return refuse_dead(r, reason);
    c = control_call(ENTRY_RESCONTROL, (void *)r->type->fn.ResourceControl, code, in,
                     in_size, out_size);
    if (c->fn)
        out = res_call(r, c);
    if (out != CALL_RETURNED) {
        err = ERROR_RESOURCE_FAILED;
        snprintf(reason, sizeof(reason_t), "ResourceControl of \"%s\" %s", r->name8,
                 outcome_reason(out));
        goto out;
    }
    status = control_result(c, c->fn != NULL, &by_default);
    report_control(r->name8, NULL, c, status, by_default);
    mon_lock();
    r->last_status = status;
    mon_unlock();
out:
    call_release(c);
    return err;
}

DWORD mon_type_control(const WCHAR *type_name, DWORD code, const BYTE *in, DWORD in_size,
                       DWORD out_size, reason_t reason)
{
    struct restype *t;
    struct call *c;
    enum outcome out = CALL_RETURNED;
    DWORD status, err, ms;
    BOOL by_default;

    err = get_type(type_name, "", &t, reason);
    if (err)
        return err;
    c = control_call(ENTRY_TYPECONTROL, (void *)t->fn.ResourceTypeControl, code, in,
                     in_size, out_size);
    c->name = t->name;
    if (c->fn) {
        out = call_run(c, g_deadlock_ms, &ms);
        report_call("", t->name8, c, out, ms);
    }
    if (out != CALL_RETURNED) {
        if (out == CALL_HUNG || out == CALL_CRASHED)
            t->dll->unsafe = TRUE;
        err = ERROR_RESOURCE_FAILED;
        snprintf(reason, sizeof(reason_t), "ResourceTypeControl of \"%s\" %s", t->name8,
                 outcome_reason(out));
        goto out;
    }
    status = control_result(c, c->fn != NULL, &by_default);
    report_control("", t->name8, c, status, by_default);
out:
    call_release(c);
    return err;
}

DWORD mon_validate_stored(struct resource *r, reason_t reason)
{
    BYTE *list;
    DWORD size, err;

    if (r->dead)
        return refuse_dead(r, reason);
    if ((err = stored_proplist(r->key, &list, &size, reason)))
        return err;
    err = mon_control(r, CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES, list, size, 0, reason);
    free(list);
    return err;
}

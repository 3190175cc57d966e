#include "svchygiene.h"

#include <stdlib.h>

#include "imsguard_msg.h"
#include "rlog.h"
#include "scm.h"
#include "wstr.h"

/* Windows 2000 and later; the DLL must still load on NT 4.0. */
typedef BOOL (WINAPI *query2_fn)(SC_HANDLE, DWORD, LPBYTE, DWORD, LPDWORD);
typedef BOOL (WINAPI *change2_fn)(SC_HANDLE, DWORD, LPVOID);

static FARPROC advapi(const char *name)
{
    HMODULE m = GetModuleHandleW(L"advapi32.dll");
    return m ? GetProcAddress(m, name) : NULL;
}

static void read_recovery(SC_HANDLE svc, ig_service_setup *s)
{
    query2_fn query2 = (query2_fn)(void (*)(void))advapi("QueryServiceConfig2W");
    SERVICE_FAILURE_ACTIONSW *fa = NULL;
    DWORD needed = 0, i;

    if (!query2)
        return;
    if (!query2(svc, SERVICE_CONFIG_FAILURE_ACTIONS, NULL, 0, &needed) &&
        GetLastError() != ERROR_INSUFFICIENT_BUFFER)
        return;
    fa = malloc(needed ? needed : sizeof(*fa));
    if (!fa)
        return;
    if (query2(svc, SERVICE_CONFIG_FAILURE_ACTIONS, (LPBYTE)fa, needed, &needed)) {
        s->recovery_known = true;
        s->action_count = fa->lpsaActions ? fa->cActions : 0;
        for (i = 0; i < s->action_count && i < IG_RECOVERY_LISTED; i++) {
            s->actions[i].type = (uint32_t)fa->lpsaActions[i].Type;
            s->actions[i].delay_ms = fa->lpsaActions[i].Delay;
        }
    }
    free(fa);
}

DWORD ig_svchygiene_read(const WCHAR *service, ig_service_setup *s)
{
    union {
        QUERY_SERVICE_CONFIGW cfg;
        BYTE bytes[8192];
    } buf;
    ig_service svc;
    DWORD needed, err = ig_scm_open_for(&svc, service, SERVICE_QUERY_CONFIG);

    ZeroMemory(s, sizeof(*s));
    if (err)
        return err;
    if (QueryServiceConfigW(svc.svc, &buf.cfg, sizeof(buf), &needed))
        s->start_type = buf.cfg.dwStartType;
    else
        err = GetLastError();
    if (!err)
        read_recovery(svc.svc, s);
    ig_scm_close(&svc);
    return err;
}

static DWORD apply(const WCHAR *service, const ig_hygiene_plan *p)
{
    change2_fn change2 = (change2_fn)(void (*)(void))advapi("ChangeServiceConfig2W");
    ig_service svc;
    DWORD err = ig_scm_open_for(&svc, service, SERVICE_CHANGE_CONFIG | SERVICE_START);

    if (err)
        return err;
    if (p->set_manual &&
        !ChangeServiceConfigW(svc.svc, SERVICE_NO_CHANGE, SERVICE_DEMAND_START, SERVICE_NO_CHANGE, NULL, NULL,
                              NULL, NULL, NULL, NULL, NULL))
        err = GetLastError();
    if (!err && p->clear_recovery) {
        /* No actions and no reset period: the service manager does nothing
           when the IMS ends (SERVICE_START access: the SDK asks for it when
           actions restart the service; it does no harm here). */
        SERVICE_FAILURE_ACTIONSW none;
        ZeroMemory(&none, sizeof(none));
        none.lpRebootMsg = (LPWSTR)L"";
        none.lpCommand = (LPWSTR)L"";
        if (!change2)
            err = ERROR_CALL_NOT_IMPLEMENTED;
        else if (!change2(svc.svc, SERVICE_CONFIG_FAILURE_ACTIONS, &none))
            err = GetLastError();
    }
    ig_scm_close(&svc);
    return err;
}

void ig_svchygiene_online(RESOURCE_HANDLE log, const WCHAR *caller, const WCHAR *resource,
                          const WCHAR *service, DWORD manage)
{
    ig_service_setup setup;
    ig_hygiene_plan plan;
    char text[IG_RECOVERY_TEXT_CAP];
    WCHAR before[IG_RECOVERY_TEXT_CAP], detail[300];
    const WCHAR *args[3] = { resource, service, before };
    DWORD err;

    if (!manage)
        return;
    err = ig_svchygiene_read(service, &setup);
    if (err)
        goto failed;   /* the preflight has just read it: unlikely */
    plan = ig_hygiene_plan_for(&setup, manage);
    if (!plan.set_manual && !plan.clear_recovery)
        return;
    err = apply(service, &plan);
    if (err)
        goto failed;
    if (plan.set_manual) {
        ig_wfrom_utf8(before, ARRAYSIZE(before), ig_start_type_text(setup.start_type, text, sizeof(text)));
        ig_log_msg(log, LOG_WARNING, caller, MSG_SERVICE_SET_MANUAL, 3, args);
    }
    if (plan.clear_recovery) {
        ig_recovery_text(&setup, text, sizeof(text));
        ig_wfrom_utf8(before, ARRAYSIZE(before), text);
        ig_log_msg(log, LOG_WARNING, caller, MSG_SERVICE_RECOVERY_CLEARED, 3, args);
    }
    return;
failed:
    ig_werror_text(err, detail, ARRAYSIZE(detail));
    args[2] = detail;
    ig_log_msg(log, LOG_WARNING, caller, MSG_SERVICE_CONFIG_NOT_CHANGED, 3, args);
}

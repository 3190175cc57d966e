/*
 * monitor.c - the monitor's commands on resources: open, close, online,
 * offline, terminate, looksalive/isalive, wait, the poll settings, and the
 * shutdown at the end. The parts and their locking: monitor.h.
 */
#include "monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ------------------------------------------------------------ commands */

struct resource *mon_find(const WCHAR *name)
{
    struct resource *found = NULL;
    size_t i;

    mon_lock();
    for (i = resource_count; i-- > 0;) {
        if (resources[i]->open && same_name(resources[i]->name, name)) {
            found = resources[i];
            break;
        }
    }
    mon_unlock();
    return found;
}

static DWORD interval_of(HKEY key, const WCHAR *value, DWORD type_value, DWORD fallback)
{
    DWORD v = reg_dword(key, value);

    return v ? v : type_value ? type_value : fallback;
}

DWORD mon_open(const WCHAR *name, reason_t reason)
{
    struct resource *r = NULL, **bigger;
    struct restype *t;
    WCHAR *type_name = NULL, *stored_name = NULL;
    char *name8 = utf8_dup(name), err8[256];
    HKEY key = NULL;
    struct call *c = NULL;
    enum outcome out;
    DWORD err;

    if (mon_find(name)) {
        err = ERROR_ALREADY_EXISTS;
        snprintf(reason, sizeof(reason_t), "resource \"%s\" is already open", name8);
        goto out;
    }
    err = find_resource_key(name, &key, &type_name, &stored_name, reason);
    if (err)
        goto out;
    /* From here on the resource goes by the name the database spells. */
    free(name8);
    name8 = utf8_dup(stored_name);
    err = get_type(type_name, name8, &t, reason);
    if (err)
        goto out;
    if (resource_count >= 0xFFFF) {
        err = ERROR_TOO_MANY_NAMES;
        snprintf(reason, sizeof(reason_t), "too many resources");
        goto out;
    }

    r = xmalloc(sizeof(*r));
    memset(r, 0, sizeof(*r));
    r->name = stored_name;
    stored_name = NULL;
    r->name8 = name8;
    name8 = NULL;
    r->type = t;
    r->key = key;
    r->state = ClusterResourceOffline;
    watch_init(&r->watch);
    r->idle_why = "no Online or Offline was started";
    r->looks_ms = interval_of(key, L"LooksAlivePollInterval", t->looks_ms,
                              DEFAULT_LOOKSALIVE_MS);
    r->is_ms = interval_of(key, L"IsAlivePollInterval", t->is_ms, DEFAULT_ISALIVE_MS);
    r->pending_ms = interval_of(key, L"PendingTimeout", t->pending_ms, DEFAULT_PENDING_MS);

    mon_lock();
    if (resource_count == resource_cap) {
        resource_cap = resource_cap ? resource_cap * 2 : 16;
        bigger = realloc(resources, resource_cap * sizeof(*resources));
        if (!bigger) {
            mon_unlock();
            diag("out of memory");
            ExitProcess(2);
        }
        resources = bigger;
    }
    r->handle = handle_for(resource_count);
    resources[resource_count++] = r;
    r->open = TRUE;             /* Open may already log with its handle */
    mon_unlock();

    c = call_new(ENTRY_OPEN, (void *)t->fn.Open);
    c->name = r->name;
    c->key = key;
    c->handle = r->handle;
    out = res_call(r, c);
    if (out != CALL_RETURNED) {
        err = ERROR_RESOURCE_FAILED;
        snprintf(reason, sizeof(reason_t), "Open of \"%s\" (type \"%s\") %s", r->name8,
                 t->name8, outcome_reason(out));
        goto out;
    }
    if (!c->ret) {
        err = c->last_error ? c->last_error : ERROR_GEN_FAILURE;
        snprintf(reason, sizeof(reason_t), "Open of \"%s\" (type \"%s\") returned NULL: %s%s",
                 r->name8, t->name8, errtext(err, err8, sizeof(err8)),
                 c->last_error ? "" : " (the DLL did not SetLastError)");
        mon_lock();
        r->open = FALSE;
        mon_unlock();
        RegCloseKey(key);
        r->key = NULL;
        goto out;
    }
    mon_lock();
    r->resid = (RESID)c->ret;
    r->was_open = TRUE;
    set_state(r, ClusterResourceOffline, "open");
    mon_unlock();
    r->poller = CreateThread(NULL, 0, poller_thread, r, 0, NULL);
    if (!r->poller)
        diag("cannot start the poller of %s: %s", r->name8,
             errtext(GetLastError(), err8, sizeof(err8)));
    key = NULL;
out:
    if (c)
        call_release(c);
    if (key && !r)
        RegCloseKey(key);
    free(type_name);
    free(stored_name);
    free(name8);
    return err;
}

DWORD refuse_dead(struct resource *r, reason_t reason)
{
    snprintf(reason, sizeof(reason_t), "resource \"%s\" was abandoned after a hang or fault",
             r->name8);
    return ERROR_RESOURCE_FAILED;
}

static DWORD call_failed(struct resource *r, enum entry e, enum outcome out, reason_t reason)
{
    if (out == CALL_REFUSED)
        return refuse_dead(r, reason);
    snprintf(reason, sizeof(reason_t), "%s of \"%s\" %s", entry_name(e), r->name8,
             outcome_reason(out));
    return ERROR_RESOURCE_FAILED;
}

static void stop_poller(struct resource *r)
{
    mon_lock();
    r->poller_quit = TRUE;
    mon_notify();
    mon_unlock();
    if (r->poller) {
        if (WaitForSingleObject(r->poller, g_deadlock_ms + 2000) == WAIT_TIMEOUT)
            diag("the poller of %s did not stop", r->name8);
        CloseHandle(r->poller);
        r->poller = NULL;
    }
}


DWORD mon_close(struct resource *r, reason_t reason)
{
    struct call *c;
    enum outcome out;

    if (r->dead)
        return refuse_dead(r, reason);
    /* An armed Terminate that has not fired never will; one that runs ends first. */
    mon_lock();
    if (r->arm == ARM_AFTER || r->arm == ARM_DURING)
        r->arm = ARM_NONE;
    mon_unlock();
    join_terminator(r);
    stop_poller(r);
    /* Like the monitor, a resource not offline is terminated first. */
    if (r->state != ClusterResourceOffline
        && (out = terminate_now(r)) != CALL_RETURNED)
        return call_failed(r, ENTRY_TERMINATE, out, reason);
    c = call_new(ENTRY_CLOSE, (void *)r->type->fn.Close);
    out = res_call(r, c);
    call_release(c);
    if (out != CALL_RETURNED)
        return call_failed(r, ENTRY_CLOSE, out, reason);
    mon_lock();
    r->open = FALSE;
    reporters_close(r->reporters, &r->n_reporters);
    mon_notify();
    mon_unlock();
    watch_forget(&r->watch);
    RegCloseKey(r->key);
    r->key = NULL;
    return ERROR_SUCCESS;
}

/*
 * Lock not held. Starts an Online or Offline: refused unless the cluster
 * would ask for it in this state; *gen is the Terminate count it starts at.
 */
static DWORD begin_operation(struct resource *r, BOOL online, LONG *gen, reason_t reason)
{
    mon_lock();
    if (r->dead) {
        mon_unlock();
        return refuse_dead(r, reason);
    }
    /* The cluster brings online only what is offline or failed, and takes
     * offline only what is online or failed. */
    if (r->op != OP_NONE || r->terminating
        || !(r->state == ClusterResourceFailed
             || r->state == (online ? ClusterResourceOffline : ClusterResourceOnline))) {
        snprintf(reason, sizeof(reason_t), "resource \"%s\" is %s%s", r->name8,
                 state_name(r->state), r->terminating ? " and being terminated" : "");
        mon_unlock();
        return ERROR_INVALID_STATE;
    }
    r->op = online ? OP_ONLINE : OP_OFFLINE;
    *gen = r->term_gen;
    reporters_close(r->reporters, &r->n_reporters);
    r->op_returned = FALSE;
    r->early_reports = 0;
    r->checkpoint = 0;
    r->stop_told = FALSE;
    r->late_reports = 0;
    r->want_terminate = FALSE;
    r->last_report = now_ms();
    if (online)
        r->fail_event = NULL;
    mon_unlock();
    if (online)
        watch_forget(&r->watch);  /* this Online starts a process of its own */
    return ERROR_SUCCESS;
}

/*
 * Lock held. What the call's return means for the operation begun at
 * Terminate count gen; *late: it must be terminated again, *failed: it
 * failed and must be terminated.
 */
static void settle_return(struct resource *r, BOOL online, const struct call *c, LONG gen,
                          BOOL *late, BOOL *failed)
{
    const char *what = online ? "Online" : "Offline";
    CLUSTER_RESOURCE_STATE done = online ? ClusterResourceOnline : ClusterResourceOffline;
    CLUSTER_RESOURCE_STATE pending = online ? ClusterResourceOnlinePending
                                            : ClusterResourceOfflinePending;
    DWORD status = (DWORD)c->ret;

    r->last_status = status;
    if (r->early_reports && status != ERROR_IO_PENDING)
        violation(r->name8, "SetResourceStatus called during %s, which then returned %lu"
                  " instead of ERROR_IO_PENDING", what, status);
    if (status != ERROR_IO_PENDING && r->term_gen == gen)
        set_idle_why(r, "%s returned %lu, not ERROR_IO_PENDING", what, status);
    if (r->term_gen != gen) {
        /* A Terminate on another thread returned while the call ran: the
         * operation is over whatever the call answers. But a call that
         * entered the DLL only after that Terminate was done (its thread
         * was scheduled late) rightly began an operation the DLL cannot
         * know was cancelled: ERROR_IO_PENDING then means one is running,
         * and the monitor ends it as the cluster would, with a Terminate. */
        if (status == ERROR_IO_PENDING) {
            *late = TRUE;
            r->terminating = TRUE;
        } else if (r->late_reports) {
            violation(r->name8, "%lu SetResourceStatus call(s) after the DLL was told to stop,"
                      " during a %s that then returned %lu", r->late_reports, what, status);
        }
        r->late_reports = 0;
    } else if (status == ERROR_IO_PENDING) {
        /* Early reports may have finished the job already. */
        if (r->op != OP_NONE && !r->terminating) {
            r->op_returned = TRUE;
            r->last_report = now_ms();
            set_state(r, pending, "return");
        }
    } else if (r->op != OP_NONE && !r->terminating) {
        r->op = OP_NONE;
        if (status == ERROR_SUCCESS && online) {
            enter_online(r, "return");
        } else if (status == ERROR_SUCCESS) {
            set_state(r, done, "return");
        } else {
            *failed = TRUE;
            r->terminating = TRUE;
        }
    }
    if (online && c->event_handle && r->term_gen == gen
        && (status == ERROR_SUCCESS || status == ERROR_IO_PENDING))
        r->fail_event = c->event_handle;
}

static DWORD online_offline(struct resource *r, BOOL online, reason_t reason)
{
    const char *what = online ? "Online" : "Offline";
    struct call *c;
    enum outcome out;
    DWORD err;
    BOOL failed = FALSE, late = FALSE;
    char err8[256], msg[512];
    LONG gen;

    if ((err = begin_operation(r, online, &gen, reason)))
        return err;
    c = call_new(online ? ENTRY_ONLINE : ENTRY_OFFLINE,
                 online ? (void *)r->type->fn.Online : (void *)r->type->fn.Offline);
    out = res_call(r, c);
    if (out != CALL_RETURNED) {
        err = ERROR_RESOURCE_FAILED;
        snprintf(reason, sizeof(reason_t), "%s of \"%s\" %s", what, r->name8,
                 outcome_reason(out));
        goto out;
    }
    mon_lock();
    settle_return(r, online, c, gen, &late, &failed);
    mon_notify();
    mon_unlock();

    if (late) {
        snprintf(msg, sizeof(msg), "%s of %s returned ERROR_IO_PENDING after a Terminate had"
                 " returned: the call began in the DLL after it; terminating again", what, r->name8);
        diag("%s", msg);
        clog_rm("INFO", msg);
        terminate_now(r);
    }
    if (failed) {
        errtext((DWORD)c->ret, err8, sizeof(err8));
        snprintf(msg, sizeof(msg), "%s of %s returned %s; terminating", what, r->name8, err8);
        diag("%s", msg);
        clog_rm("ERR ", msg);
        terminate_and_fail(r, "return", FALSE);
    }
out:
    call_release(c);
    return err;
}

DWORD mon_online(struct resource *r, reason_t reason)
{
    return online_offline(r, TRUE, reason);
}

DWORD mon_offline(struct resource *r, reason_t reason)
{
    return online_offline(r, FALSE, reason);
}

DWORD mon_terminate(struct resource *r, reason_t reason)
{
    enum outcome out = terminate_now(r);

    return out == CALL_RETURNED ? ERROR_SUCCESS
                                : call_failed(r, ENTRY_TERMINATE, out, reason);
}

DWORD mon_alive(struct resource *r, BOOL is_alive, reason_t reason)
{
    enum outcome out;
    BOOL alive;

    out = alive_call(r, is_alive, &alive);
    if (out == CALL_RETURNED) {
        mon_lock();
        r->last_status = alive ? 1 : 0;
        mon_unlock();
    }
    return out == CALL_RETURNED ? ERROR_SUCCESS
                                : call_failed(r, is_alive ? ENTRY_ISALIVE : ENTRY_LOOKSALIVE,
                                              out, reason);
}

DWORD mon_wait_state(struct resource *r, CLUSTER_RESOURCE_STATE want, DWORD ms,
                     reason_t reason)
{
    ULONGLONG deadline = now_ms() + ms, now;
    DWORD err = ERROR_SUCCESS;

    mon_lock();
    for (;;) {
        if (r->state == want)
            break;
        if (r->state == ClusterResourceFailed) {
            err = ERROR_RESOURCE_FAILED;
            snprintf(reason, sizeof(reason_t), "resource \"%s\" failed", r->name8);
            break;
        }
        now = now_ms();
        if (now >= deadline) {
            err = WAIT_TIMEOUT;
            snprintf(reason, sizeof(reason_t), "resource \"%s\" still %s after %lu ms",
                     r->name8, state_name(r->state), ms);
            break;
        }
        mon_wait((DWORD)(deadline - now));
    }
    mon_unlock();
    return err;
}

void mon_result(struct resource *r, CLUSTER_RESOURCE_STATE *state, DWORD *status)
{
    mon_lock();
    if (state)
        *state = r->state;
    if (status)
        *status = r->last_status;
    mon_unlock();
}

/*
 * Waits until no Online or Offline is pending and no Terminate runs or is
 * due: the PendingTimeout (the poller) bounds the wait as on a cluster; ms
 * bounds it too. FALSE when ms ran out first.
 */
BOOL mon_settle(struct resource *r, DWORD ms)
{
    ULONGLONG deadline = now_ms() + ms, now;
    BOOL settled = TRUE;

    mon_lock();
    while (!r->dead && (r->op != OP_NONE || r->terminating || r->want_terminate
                        || r->in_terminate)) {
        now = now_ms();
        if (now >= deadline) {
            settled = FALSE;
            break;
        }
        mon_wait((DWORD)(deadline - now));
    }
    mon_unlock();
    return settled;
}

void mon_report_state(struct resource *r)
{
    mon_lock();
    set_state(r, r->state, NULL);
    mon_unlock();
}

void mon_set_intervals(struct resource *r, DWORD looks_ms, DWORD is_ms)
{
    ULONGLONG now = now_ms();

    mon_lock();
    r->looks_ms = looks_ms;
    r->is_ms = is_ms;
    r->next_looks = now + looks_ms;
    r->next_is = now + is_ms;
    mon_notify();
    mon_unlock();
}

void mon_set_pending_timeout(struct resource *r, DWORD ms)
{
    mon_lock();
    r->pending_ms = ms;
    mon_notify();
    mon_unlock();
}

void mon_set_poll(BOOL on)
{
    ULONGLONG now = now_ms();
    size_t i;

    mon_lock();
    g_poll = on;
    for (i = 0; i < resource_count; i++) {
        resources[i]->next_looks = now + resources[i]->looks_ms;
        resources[i]->next_is = now + resources[i]->is_ms;
    }
    mon_notify();
    mon_unlock();
}

/* As the monitor does when it stops: terminate what is not offline, close all. */
void mon_shutdown(void)
{
    reason_t reason;
    struct dll *d;
    size_t i, count;
    BOOL unload = !g_foreign_crashes;

    mon_lock();
    count = resource_count;
    mon_unlock();
    for (i = 0; i < count; i++) {
        struct resource *r = resources[i];
        if (!r->open)
            continue;
        if (r->dead) {
            diag("%s left open: it was abandoned after a hang or fault", r->name8);
            continue;
        }
        if (mon_close(r, reason))
            diag("%s", reason);
    }
    for (i = 0; i < count; i++) {
        if (resources[i]->poller) {
            stop_poller(resources[i]);
        }
    }
    for (d = dlls; d; d = d->next) {
        if (d->unsafe || !unload) {
            char *path8 = utf8_dup(d->path);
            diag("%s not unloaded: a call into it hung or faulted", path8);
            free(path8);
            continue;
        }
        FreeLibrary(d->module);
    }
}

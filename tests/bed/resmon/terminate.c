/*
 * terminate.c - Terminate: on request (the resource ends Offline), after a
 * failure (it ends Failed), and armed on a thread of its own
 * (terminate-after / terminate-during), as the real monitor terminates from
 * any of its threads at any moment.
 */
#include "monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ------------------------------------------------------------ Terminate */

/* Lock held: Terminate returned, so nothing of the operation may report. */
static void terminate_returned(struct resource *r)
{
    r->op = OP_NONE;
    r->stop_told = TRUE;
    r->term_gen++;
    set_idle_why(r, "Terminate returned");
    reporters_to_stale(r);
}

/* What the monitor can see of "the service is stopped or its process gone". */
static void check_terminated(struct resource *r)
{
    char what[512];

    if (watch_stopped(&r->watch, what, sizeof(what)))
        violation(r->name8, "Terminate returned while %s", what);
    watch_forget(&r->watch);
}


struct terminator {
    struct resource *r;
    struct call *trigger;         /* terminate-during: the call it waits for */
    DWORD delay_ms;               /* terminate-after */
};

static DWORD WINAPI terminator_thread(void *arg)
{
    struct terminator *t = arg;
    struct resource *r = t->r;
    const char *inside = "none";
    char trigger[64];
    struct line l;

    mark_own_thread();
    if (t->trigger) {
        snprintf(trigger, sizeof(trigger), "during:%s", entry_name(t->trigger->entry));
        WaitForSingleObject(t->trigger->entered, g_deadlock_ms);
        if (!t->trigger->done)
            inside = entry_name(t->trigger->entry);
    } else {
        snprintf(trigger, sizeof(trigger), "after:%lu", t->delay_ms);
        Sleep(t->delay_ms);       /* the script asked for this moment */
        mon_lock();
        if (r->in_call)
            inside = entry_name(r->current);
        mon_unlock();
    }
    line_begin(&l, "TERMINATOR");
    line_kv_str(&l, "res", r->name8, QUOTE_IF_NEEDED);
    line_kv_str(&l, "trigger", trigger, QUOTE_IF_NEEDED);
    line_kv_str(&l, "inside", inside, QUOTE_IF_NEEDED);
    line_emit(&l);
    terminate_now(r);
    if (t->trigger)
        call_release(t->trigger);
    free(t);
    mon_lock();
    r->arm = ARM_DONE;
    mon_notify();
    mon_unlock();
    return 0;
}

/* r->arm is ARM_RUNNING already. */
void start_terminator(struct resource *r, struct call *trigger)
{
    struct terminator *t = xmalloc(sizeof(*t));
    char err8[256];

    t->r = r;
    t->trigger = trigger;
    t->delay_ms = r->arm_ms;
    if (trigger) {
        InterlockedIncrement(&trigger->refs);
        /* Set by the call thread just before it enters the DLL; the entry
         * point cannot have started before the event exists. */
        if (!trigger->entered)
            trigger->entered = CreateEventW(NULL, TRUE, FALSE, NULL);
    }
    r->terminator = CreateThread(NULL, 0, terminator_thread, t, 0, NULL);
    if (!r->terminator) {
        diag("cannot start the terminator thread of %s: %s", r->name8,
             errtext(GetLastError(), err8, sizeof(err8)));
        if (trigger)
            call_release(trigger);
        free(t);
        mon_lock();
        r->arm = ARM_DONE;
        mon_notify();
        mon_unlock();
    }
}

/* Lock not held. Collects a finished terminator's thread. */
void join_terminator(struct resource *r)
{
    mon_lock();
    while (r->arm == ARM_RUNNING)
        mon_wait(INFINITE);
    mon_unlock();
    if (r->terminator) {
        WaitForSingleObject(r->terminator, INFINITE);
        CloseHandle(r->terminator);
        r->terminator = NULL;
    }
}

static DWORD arm_check(struct resource *r, reason_t reason)
{
    if (r->dead) {
        snprintf(reason, sizeof(reason_t), "resource \"%s\" was abandoned after a hang or fault",
                 r->name8);
        return ERROR_RESOURCE_FAILED;
    }
    if (r->arm == ARM_RUNNING) {
        snprintf(reason, sizeof(reason_t), "an armed Terminate of \"%s\" is still running;"
                 " use wait-terminated first", r->name8);
        return ERROR_BUSY;
    }
    return ERROR_SUCCESS;
}

DWORD mon_arm_terminate_after(struct resource *r, DWORD ms, reason_t reason)
{
    DWORD err;

    join_terminator(r);
    mon_lock();
    if (!(err = arm_check(r, reason))) {
        r->arm = ARM_AFTER;
        r->arm_ms = ms;
    }
    mon_unlock();
    return err;
}

DWORD mon_arm_terminate_during(struct resource *r, enum entry e, reason_t reason)
{
    DWORD err;

    if (e != ENTRY_ONLINE && e != ENTRY_OFFLINE && e != ENTRY_LOOKSALIVE && e != ENTRY_ISALIVE
        && e != ENTRY_RESCONTROL) {
        snprintf(reason, sizeof(reason_t), "Terminate may run beside Online, Offline, LooksAlive,"
                 " IsAlive or ResourceControl, not beside %s", entry_name(e));
        return ERROR_INVALID_PARAMETER;
    }
    join_terminator(r);
    mon_lock();
    if (!(err = arm_check(r, reason))) {
        r->arm = ARM_DURING;
        r->arm_entry = e;
        r->arm_seq = command_seq;
    }
    mon_unlock();
    return err;
}

/* Every command's start: terminate-after timers begin now. */
void mon_command_starts(void)
{
    size_t i, count;

    mon_lock();
    command_seq++;
    count = resource_count;
    for (i = 0; i < count; i++) {
        struct resource *r = resources[i];
        if (r->arm != ARM_AFTER)
            continue;
        r->arm = ARM_RUNNING;
        mon_unlock();
        start_terminator(r, NULL);
        mon_lock();
    }
    mon_unlock();
}

/*
 * Every command's end: a terminate-during whose next command made no call
 * of its entry point is over, unfired, so that wait-terminated need not
 * wait for a call that will not come.
 */
void mon_command_ends(void)
{
    struct line l;
    size_t i;

    mon_lock();
    for (i = 0; i < resource_count; i++) {
        struct resource *r = resources[i];
        if (r->arm != ARM_DURING || r->arm_seq == command_seq)
            continue;
        r->arm = ARM_DONE;
        line_begin(&l, "TERMINATOR");
        line_kv_str(&l, "res", r->name8, QUOTE_IF_NEEDED);
        line_kv(&l, "trigger", "during:%s", entry_name(r->arm_entry));
        line_kv(&l, "inside", "none");
        line_kv(&l, "fired", "0");
        line_emit(&l);
        mon_notify();
    }
    mon_unlock();
}

DWORD mon_wait_terminated(struct resource *r, DWORD ms, reason_t reason)
{
    ULONGLONG deadline = now_ms() + ms, now;
    DWORD err = ERROR_SUCCESS;

    mon_lock();
    if (r->arm == ARM_NONE) {
        snprintf(reason, sizeof(reason_t), "no Terminate of \"%s\" was armed (terminate-after or"
                 " terminate-during)", r->name8);
        mon_unlock();
        return ERROR_INVALID_STATE;
    }
    while (r->arm != ARM_DONE) {
        now = now_ms();
        if (now >= deadline) {
            snprintf(reason, sizeof(reason_t), "the armed Terminate of \"%s\" has %s after %lu ms",
                     r->name8, r->arm == ARM_RUNNING ? "not returned" : "not been triggered", ms);
            err = WAIT_TIMEOUT;
            break;
        }
        mon_wait((DWORD)(deadline - now));
    }
    if (!err)
        r->arm = ARM_NONE;
    mon_unlock();
    if (!err && r->terminator) {
        WaitForSingleObject(r->terminator, INFINITE);
        CloseHandle(r->terminator);
        r->terminator = NULL;
    }
    return err;
}

BOOL parse_entry(const char *text, enum entry *e)
{
    enum entry i;

    for (i = ENTRY_STARTUP; i <= ENTRY_TYPECONTROL; i++) {
        if (!_stricmp(text, entry_name(i))) {
            *e = i;
            return TRUE;
        }
    }
    return FALSE;
}

DWORD mon_watch(struct resource *r, BOOL service, const WCHAR *name, reason_t reason)
{
    if (!*name) {
        snprintf(reason, sizeof(reason_t), "watch needs a service or image file name");
        return ERROR_INVALID_PARAMETER;
    }
    watch_set(&r->watch, service, name);
    mon_lock();
    mon_notify();               /* the poller resolves it when Online */
    mon_unlock();
    return ERROR_SUCCESS;
}

/*
 * Calls Terminate (r->terminating set by the caller). Returns with the lock
 * held, r->terminating cleared, and, when Terminate returned, nothing of
 * the operation allowed to report any more; the caller sets the state,
 * notifies, unlocks, then calls check_terminated.
 */
static enum outcome call_terminate(struct resource *r)
{
    struct call *c = call_new(ENTRY_TERMINATE, (void *)r->type->fn.Terminate);
    enum outcome out = res_call(r, c);

    call_release(c);
    mon_lock();
    r->terminating = FALSE;
    if (out == CALL_RETURNED)
        terminate_returned(r);
    return out;
}

/*
 * Terminate after a failure. r->terminating is already set by the caller
 * under the lock, so a report racing with the decision is told to stop
 * rather than counted as a violation.
 */
void terminate_and_fail(struct resource *r, const char *via, BOOL fail_first)
{
    enum outcome out;

    if (fail_first) {
        mon_lock();
        r->op = OP_NONE;
        set_state(r, ClusterResourceFailed, via);
        mon_unlock();
    }
    out = call_terminate(r);
    if (out == CALL_RETURNED && !fail_first && r->state != ClusterResourceFailed)
        set_state(r, ClusterResourceFailed, via);
    mon_notify();
    mon_unlock();
    if (out == CALL_RETURNED)
        check_terminated(r);
}

/* Terminate on request (not after a failure): the resource ends Offline. */
enum outcome terminate_now(struct resource *r)
{
    enum outcome out;

    mon_lock();
    r->terminating = TRUE;
    mon_unlock();
    out = call_terminate(r);
    if (out == CALL_RETURNED)
        set_state(r, ClusterResourceOffline, "terminate");
    mon_notify();
    mon_unlock();
    if (out == CALL_RETURNED)
        check_terminated(r);
    return out;
}

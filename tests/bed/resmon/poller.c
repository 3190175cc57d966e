/*
 * poller.c - each resource's poller thread: LooksAlive and IsAlive at their
 * intervals, the PendingTimeout, a reported Failed, Online's event handle.
 */
#include "monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ------------------------------------------------------------ the poller */


/* One LooksAlive or IsAlive; *alive is the result when it returned. */
enum outcome alive_call(struct resource *r, BOOL is_alive, BOOL *alive)
{
    struct call *c;
    enum outcome out;
    struct line l;
    void *fn = is_alive ? (void *)r->type->fn.IsAlive : (void *)r->type->fn.LooksAlive;

    BOOL gone_before;

    /* Whether the process had ended before the call is what makes TRUE wrong. */
    watch_resolve(&r->watch);
    gone_before = watch_gone(&r->watch);
    c = call_new(is_alive ? ENTRY_ISALIVE : ENTRY_LOOKSALIVE, fn);
    out = res_call(r, c);
    if (out == CALL_RETURNED) {
        *alive = c->ret != 0;
        if (*alive && gone_before) {
            char *name8 = utf8_dup(r->watch.name);
            violation(r->name8, "%s returned TRUE although the process of %s (pid %lu) had"
                      " ended before the call", entry_name(c->entry), name8, r->watch.pid);
            free(name8);
        }
        line_begin(&l, "ALIVE");
        line_kv_str(&l, "res", r->name8, QUOTE_IF_NEEDED);
        line_kv_str(&l, "entry", entry_name(c->entry), QUOTE_IF_NEEDED);
        line_kv(&l, "result", "%d", *alive ? 1 : 0);
        line_kv(&l, "ms", "%lu", (DWORD)(c->t_end - c->t_start));
        line_emit(&l);
    }
    call_release(c);
    return out;
}

/* Lock held. */
static BOOL polling_now(const struct resource *r)
{
    return g_poll && r->state == ClusterResourceOnline && r->op == OP_NONE
           && !r->terminating && !r->dead;
}

enum poll_action { POLL_NONE, POLL_TIMEOUT, POLL_REPORTED_FAILED, POLL_EVENT,
                   POLL_LOOKS, POLL_IS };

/* Lock held. Picks the next thing to do, or how long to sleep. */
static enum poll_action next_action(struct resource *r, DWORD *sleep_ms)
{
    ULONGLONG now = now_ms(), due = (ULONGLONG)-1;

    *sleep_ms = INFINITE;
    if (r->want_terminate && !r->terminating) {
        r->want_terminate = FALSE;
        r->terminating = TRUE;
        return POLL_REPORTED_FAILED;
    }
    if (r->op != OP_NONE && r->op_returned && !r->terminating) {
        due = r->last_report + r->pending_ms;
        if (now >= due) {
            r->terminating = TRUE;
            return POLL_TIMEOUT;
        }
        *sleep_ms = (DWORD)(due - now);
        return POLL_NONE;
    }
    if (!polling_now(r))
        return POLL_NONE;
    if (r->fail_event && WaitForSingleObject(r->fail_event, 0) == WAIT_OBJECT_0) {
        r->terminating = TRUE;
        return POLL_EVENT;
    }
    if (r->is_ms && now >= r->next_is)
        return POLL_IS;
    if (r->looks_ms && now >= r->next_looks)
        return POLL_LOOKS;
    if (r->is_ms)
        due = r->next_is;
    if (r->looks_ms && r->next_looks < due)
        due = r->next_looks;
    if (due != (ULONGLONG)-1)
        *sleep_ms = (DWORD)(due - now);
    if (r->fail_event && *sleep_ms > 100)
        *sleep_ms = 100;        /* the event is checked, not waited on */
    return POLL_NONE;
}

DWORD WINAPI poller_thread(void *arg)
{
    struct resource *r = arg;
    enum poll_action action;
    DWORD sleep_ms, gap, limit;
    char msg[512];
    BOOL alive;
    struct line l;

    mark_own_thread();
    mon_lock();
    while (!r->poller_quit && !r->dead) {
        if (r->state == ClusterResourceOnline && r->op == OP_NONE && r->watch.name
            && !r->watch.process) {
            /* Taken while the process runs: under Wine it is the only
             * reliable witness of its end. Tried again at every wake until
             * found; polling goes on meanwhile. */
            mon_unlock();
            watch_resolve(&r->watch);
            mon_lock();
        }
        action = next_action(r, &sleep_ms);
        if (action == POLL_NONE) {
            mon_wait(sleep_ms);
            continue;
        }
        gap = (DWORD)(now_ms() - r->last_report);
        limit = r->pending_ms;
        mon_unlock();

        switch (action) {
        case POLL_TIMEOUT:
            line_begin(&l, "TIMEOUT");
            line_kv_str(&l, "res", r->name8, QUOTE_IF_NEEDED);
            line_kv_str(&l, "what", "pending-timeout", QUOTE_IF_NEEDED);
            line_kv(&l, "gap", "%lu", gap);
            line_kv(&l, "limit", "%lu", limit);
            line_emit(&l);
            snprintf(msg, sizeof(msg), "%s: no status report for %lu ms while pending"
                     " (PendingTimeout %lu ms); terminating", r->name8, gap, limit);
            diag("%s", msg);
            clog_rm("ERR ", msg);
            terminate_and_fail(r, "timeout", FALSE);
            break;
        case POLL_REPORTED_FAILED:
            terminate_and_fail(r, "report", FALSE);
            break;
        case POLL_EVENT:
            diag("%s: the event handle returned by Online was signalled", r->name8);
            terminate_and_fail(r, "event", TRUE);
            break;
        case POLL_LOOKS:
        case POLL_IS:
            if (alive_call(r, action == POLL_IS, &alive) != CALL_RETURNED)
                break;
            mon_lock();
            if (action == POLL_IS)
                r->next_is = now_ms() + r->is_ms;
            r->next_looks = now_ms() + r->looks_ms;
            if (!alive && action == POLL_LOOKS && polling_now(r)) {
                /* LooksAlive's doubt is settled by IsAlive at once. */
                mon_unlock();
                if (alive_call(r, TRUE, &alive) != CALL_RETURNED)
                    break;
                mon_lock();
                r->next_is = now_ms() + r->is_ms;
            }
            if (!alive && polling_now(r)) {
                r->terminating = TRUE;
                mon_unlock();
                diag("%s: IsAlive returned FALSE; resource failed", r->name8);
                terminate_and_fail(r, "isalive", TRUE);
                break;
            }
            mon_unlock();
            break;
        case POLL_NONE:
            break;
        }
        mon_lock();
    }
    mon_unlock();
    return 0;
}

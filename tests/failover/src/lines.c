/*
 * lines.c - one report line of a node's Resource Monitor (resline.h) and
 * what it means: the command's answer, an entry point's return, a state, a
 * log line of the DLL, the monitor's own complaints.
 */
#define _XOPEN_SOURCE 700
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coord.h"

#define SET_PRIVATE_PROPERTIES 0x01400086u

static const char *code_name(unsigned code)
{
    static const char *const names[] = {
        NULL, "IMSGUARD_E_SERVICE_MISSING", "IMSGUARD_E_SERVICE_QUERY_FAILED",
        "IMSGUARD_E_SERVICE_DISABLED", "IMSGUARD_E_IMAGE_UNREADABLE",
        "IMSGUARD_E_IMAGE_NO_VERSION", "IMSGUARD_E_AFFECTED_BUILD", "IMSGUARD_E_NO_DNS_DOMAIN",
        "IMSGUARD_E_BAD_DNS_DOMAIN", "IMSGUARD_E_DNS_DOMAIN_MISMATCH",
        "IMSGUARD_E_SERVICE_START_FAILED"
    };
    if (code >= 0x20490001u && code <= 0x2049000Au)
        return names[code - 0x20490000u];
    return "error";
}

static int level_of(const char *level)
{
    if (!level)
        return 0;
    if (!strcmp(level, "Warning"))
        return 1;
    if (!strcmp(level, "Error") || !strcmp(level, "Severe"))
        return 2;
    return 0;
}

/* The answer (OK or FAIL) to the command in flight. */
static void on_answer(struct fo_run *r, struct fo_node_rt *n, long long t, const char *text,
                      int ok)
{
    char cmd[8192];

    snprintf(cmd, sizeof(cmd), "%s", n->in_flight_cmd);
    n->in_flight = 0;
    if (!strncmp(cmd, "open ", 5) && ok)
        n->opened = 1;
    if (!ok) {
        char reason[600];
        fo_resline_fail_reason(text, reason, sizeof(reason));
        if (!strncmp(cmd, "online ", 7) && strstr(reason, "being terminated")
            && n->retries < 100) {
            /* The monitor still terminates after a failure: again soon. */
            fo_queue_front(n, cmd);
            n->retry_at = now_ms() + 100;
            n->retries++;
        } else {
            fo_add_event(r, t, n->idx, EV_MONITOR, "%s: %s", cmd, reason);
            if (r->quitting)
                ;
            else if (!strncmp(cmd, "online ", 7))
                fo_policy_res_state(&r->pol, t, n->idx, FO_R_FAILED);
            else if (!strncmp(cmd, "offline ", 8))
                fo_policy_res_state(&r->pol, t, n->idx,
                                    strstr(reason, "Offline") ? FO_R_OFFLINE : FO_R_FAILED);
            else if (!strncmp(cmd, "control ", 8))
                n->control_seen = 1, n->control_status = -1;
        }
    } else {
        n->retries = 0;
    }
    if (!strncmp(cmd, "online ", 7) && n->online_error && !r->quitting) {
        /* Online returned an error from Failed: the monitor terminated
         * it but reports no STATE line, the state did not change. */
        struct fo_event *e = fo_add_event(r, t, n->idx, EV_STATE,
                                          "Failed (Online returned an error; it stays Failed)");
        e->rstate = FO_R_FAILED;
        n->online_error = 0;
        fo_policy_res_state(&r->pol, t, n->idx, FO_R_FAILED);
    }
}

/* An entry point returned (CALL): Online's status, Terminate's end. */
static void on_call(struct fo_run *r, struct fo_node_rt *n, long long t,
                    const struct fo_resline *l)
{
    const char *entry = fo_resline_get(l, "entry");
    long long status = fo_resline_num(l, "status", 0);

    if (entry && !strcmp(entry, "Online")) {
        if (!r->quitting)
            fo_policy_online_returned(&r->pol, t, n->idx, (uint32_t)status);
        if (status != 0 && status != 997) {
            struct fo_event *e;
            n->online_error = 1;
            if (fo_is_refusal((uint32_t)status))
                e = fo_add_event(r, t, n->idx, EV_REFUSED, "Online REFUSED with 0x%08llX (%s)",
                                 status, code_name((unsigned)status));
            else
                e = fo_add_event(r, t, n->idx, EV_MONITOR, "Online returned %lld (0x%08llX)",
                                 status, status);
            e->rstate = (int)status;
            fo_narrate(r, e);
        }
    } else if (entry && !strcmp(entry, "Terminate")) {
        n->terminating = 0;
    }
}

/* The resource's state as the monitor saw it (STATE ... via=...). */
static void on_state(struct fo_run *r, struct fo_node_rt *n, long long t,
                     const struct fo_resline *l)
{
    enum fo_rstate st;
    const char *via = fo_resline_get(l, "via"), *v = fo_resline_get(l, "state");
    struct fo_event *e;

    if (!v || !fo_rstate_parse(v, &st) || !via)
        return;
    if (st == FO_R_FAILED && (!strcmp(via, "isalive") || !strcmp(via, "event")
                              || !strcmp(via, "report")))
        n->terminating = 1;     /* the monitor calls Terminate next */
    if (!strcmp(via, "hung") || !strcmp(via, "crash"))
        n->abandoned = 1;
    if (st == FO_R_FAILED)
        n->online_error = 0;
    e = fo_add_event(r, t, n->idx, EV_STATE, "%s (via %s)", v, via);
    e->rstate = st;
    if (!r->quitting)
        fo_policy_res_state(&r->pol, t, n->idx, st);
}

/* A LogEvent line of the DLL. */
static void on_log(struct fo_run *r, struct fo_node_rt *n, long long t,
                   const struct fo_resline *l)
{
    const char *level = fo_resline_get(l, "level"), *v = fo_resline_get(l, "text");
    struct fo_event *e;

    if (!v)
        return;
    e = fo_add_event(r, t, n->idx, EV_LOG, "%s", v);
    e->level = level_of(level);
    if (!r->quitting)
        fo_policy_log(&r->pol, t, n->idx, e->level == 2, v);
    fo_narrate(r, e);
}

/* The other kinds: a poll's FALSE, a control's status, the monitor's own
 * complaints, its closing counts. */
static void on_other(struct fo_run *r, struct fo_node_rt *n, long long t,
                     const struct fo_resline *l, const char *text)
{
    const char *v;

    if (!strcmp(l->kind, "ALIVE")) {
        if (fo_resline_num(l, "result", 1) == 0)
            fo_add_event(r, t, n->idx, EV_ALIVE, "%s returned FALSE (%lld ms)",
                         (v = fo_resline_get(l, "entry")) ? v : "?", fo_resline_num(l, "ms", 0));
    } else if (!strcmp(l->kind, "CONTROL")) {
        long long code = fo_resline_num(l, "code", 0);
        if ((unsigned long long)code == SET_PRIVATE_PROPERTIES) {
            n->control_seen = 1;
            n->control_status = fo_resline_num(l, "status", -1);
        }
    } else if (!strcmp(l->kind, "TIMEOUT")) {
        n->terminating = 1;
        fo_add_event(r, t, n->idx, EV_MONITOR, "PendingTimeout: no status report for %lld ms",
                     fo_resline_num(l, "gap", 0));
    } else if (!strcmp(l->kind, "VIOLATION") || !strcmp(l->kind, "HUNG")
               || !strcmp(l->kind, "CRASH")) {
        fo_add_event(r, t, n->idx, EV_MONITOR, "%s", text);
    } else if (!strcmp(l->kind, "BYE")) {
        n->bye_seen = 1;
        n->violations = (long)fo_resline_num(l, "violations", 0);
        n->hung = (long)fo_resline_num(l, "hung", 0);
        n->crashes = (long)fo_resline_num(l, "crashes", 0);
    }
}

void fo_handle_line(struct fo_run *r, struct fo_node_rt *n, const char *text)
{
    struct fo_resline *l = malloc(sizeof(*l));
    long long t = now_ms(), tres;

    if (!l)
        return;
    if (n->raw) {
        fprintf(n->raw, "%8.3f < %s\n", r->started ? fo_secs_since0(r, t) : 0.0, text);
        fflush(n->raw);
    }
    if (!n->ready) {
        /* Kept for fo_monitor_ended: was it Wine's launch failure? */
        int w = snprintf(n->first_out + n->first_len, sizeof(n->first_out) - n->first_len, "%s\n", text);
        if (w > 0)
            n->first_len += (size_t)w;
        if (n->first_len >= sizeof(n->first_out))
            n->first_len = sizeof(n->first_out) - 1;   /* truncated: as much as fits */
    }
    if (fo_resline_parse(text, l) != 0) {
        free(l);
        return;
    }
    /* The monitor's own clock, moved onto the scenario's at READY. */
    tres = fo_resline_num(l, "t", -1);
    if (!strcmp(l->kind, "READY")) {
        n->t_offset = t - (tres >= 0 ? tres : 0);
        n->ready = 1;
    } else if (tres >= 0 && n->ready) {
        t = n->t_offset + tres;
    }

    if (!strcmp(l->kind, "OK") || !strcmp(l->kind, "FAIL"))
        on_answer(r, n, t, text, l->kind[0] == 'O');
    else if (!strcmp(l->kind, "CALL"))
        on_call(r, n, t, l);
    else if (!strcmp(l->kind, "STATE"))
        on_state(r, n, t, l);
    else if (!strcmp(l->kind, "LOG"))
        on_log(r, n, t, l);
    else
        on_other(r, n, t, l, text);
    free(l);
}

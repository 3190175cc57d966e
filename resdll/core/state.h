/*
 * state.h - the life of one IMS Guard resource, as the Resource Monitor
 * sees it. The entry points and the worker threads move a resource only
 * through ig_state_step, so an impossible move is refused, not made.
 */
#ifndef IG_STATE_H
#define IG_STATE_H

#include <stdbool.h>

typedef enum ig_state {
    IG_ST_OFFLINE = 0,
    IG_ST_ONLINE_PENDING,
    IG_ST_ONLINE,
    IG_ST_OFFLINE_PENDING,
    IG_ST_FAILED
} ig_state;

typedef enum ig_event {
    IG_EV_ONLINE = 0,      /* Online called                               */
    IG_EV_ONLINE_DONE,     /* the service runs                            */
    IG_EV_ONLINE_FAILED,   /* refused, or the service stopped starting    */
    IG_EV_OFFLINE,         /* Offline called                              */
    IG_EV_OFFLINE_DONE,    /* the service stopped (or its process ended)  */
    IG_EV_TERMINATE,       /* Terminate called                            */
    IG_EV_ALIVE_FAILED     /* IsAlive found the resource dead             */
} ig_event;

typedef enum ig_step {
    IG_STEP_REFUSED = 0,   /* not allowed in this state: nothing changes  */
    IG_STEP_MOVED,         /* state changed                               */
    IG_STEP_ALREADY        /* already where the event leads: nothing to do */
} ig_step;

ig_step ig_state_step(ig_state *st, ig_event ev);

const char *ig_state_name(ig_state st);
const char *ig_event_name(ig_event ev);

/*
 * The operation number: Online and Offline each begin a new operation, and
 * Terminate cancels the current one. The worker of an operation may finish
 * it (ONLINE_DONE, ONLINE_FAILED, OFFLINE_DONE) and report its progress only
 * while that operation is still the current one: once Terminate (or a newer
 * Online or Offline) has moved on, whatever the old worker would have done
 * is refused. This is what lets Terminate win every race: it only has to
 * change the operation number (under the resource's lock) for every later
 * step or report of the worker it overtook to become a no-op.
 */
typedef struct ig_life {
    ig_state state;
    unsigned op;          /* the current operation; changes, never repeats soon */
} ig_life;

/* Online or Offline called: moves the state as ig_state_step does and, when
   it MOVED, begins a new operation whose number is stored in *op. */
ig_step ig_life_begin(ig_life *l, ig_event ev, unsigned *op);

/* A worker's end of operation `op` (ONLINE_DONE, ONLINE_FAILED or
   OFFLINE_DONE): REFUSED when op is no longer the current operation. */
ig_step ig_life_finish(ig_life *l, unsigned op, ig_event ev);

/* Terminate: the resource is offline and the current operation, if any,
   is cancelled. Returns ALREADY when it was offline with nothing pending. */
ig_step ig_life_terminate(ig_life *l);

/* May operation op still report (SetResourceStatus)? */
bool ig_life_may_report(const ig_life *l, unsigned op);

/* Close must Terminate first unless the resource is offline. */
static inline bool ig_state_needs_terminate(ig_state st) { return st != IG_ST_OFFLINE; }

#endif

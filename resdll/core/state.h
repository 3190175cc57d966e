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

/* Close must Terminate first unless the resource is offline. */
static inline bool ig_state_needs_terminate(ig_state st) { return st != IG_ST_OFFLINE; }

#endif

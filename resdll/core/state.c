#include "state.h"

ig_step ig_state_step(ig_state *st, ig_event ev)
{
    ig_state from = *st, to;

    switch (ev) {
    case IG_EV_ONLINE:
        if (from == IG_ST_ONLINE)
            return IG_STEP_ALREADY;
        if (from != IG_ST_OFFLINE && from != IG_ST_FAILED)
            return IG_STEP_REFUSED;
        to = IG_ST_ONLINE_PENDING;
        break;
    case IG_EV_ONLINE_DONE:
        if (from != IG_ST_ONLINE_PENDING)
            return IG_STEP_REFUSED;
        to = IG_ST_ONLINE;
        break;
    case IG_EV_ONLINE_FAILED:
        if (from != IG_ST_ONLINE_PENDING)
            return IG_STEP_REFUSED;
        to = IG_ST_FAILED;
        break;
    case IG_EV_OFFLINE:
        if (from == IG_ST_OFFLINE)
            return IG_STEP_ALREADY;
        if (from == IG_ST_OFFLINE_PENDING)
            return IG_STEP_REFUSED;
        to = IG_ST_OFFLINE_PENDING;
        break;
    case IG_EV_OFFLINE_DONE:
        if (from != IG_ST_OFFLINE_PENDING)
            return IG_STEP_REFUSED;
        to = IG_ST_OFFLINE;
        break;
    case IG_EV_TERMINATE:
        if (from == IG_ST_OFFLINE)
            return IG_STEP_ALREADY;
        to = IG_ST_OFFLINE;
        break;
    case IG_EV_ALIVE_FAILED:
        if (from != IG_ST_ONLINE)
            return IG_STEP_REFUSED;
        to = IG_ST_FAILED;
        break;
    default:
        return IG_STEP_REFUSED;
    }
    *st = to;
    return IG_STEP_MOVED;
}

ig_step ig_life_begin(ig_life *l, ig_event ev, unsigned *op)
{
    ig_step step;

    if (ev != IG_EV_ONLINE && ev != IG_EV_OFFLINE)
        return IG_STEP_REFUSED;
    step = ig_state_step(&l->state, ev);
    if (step == IG_STEP_MOVED)
        *op = ++l->op;
    return step;
}

ig_step ig_life_finish(ig_life *l, unsigned op, ig_event ev)
{
    if (ev != IG_EV_ONLINE_DONE && ev != IG_EV_ONLINE_FAILED && ev != IG_EV_OFFLINE_DONE)
        return IG_STEP_REFUSED;
    if (op != l->op)
        return IG_STEP_REFUSED;
    return ig_state_step(&l->state, ev);
}

ig_step ig_life_terminate(ig_life *l)
{
    /* Even an offline resource's operation number moves: an Offline that
       already finished may still have a worker returning from its report. */
    l->op++;
    return ig_state_step(&l->state, IG_EV_TERMINATE);
}

bool ig_life_may_report(const ig_life *l, unsigned op)
{
    return op == l->op;
}

const char *ig_state_name(ig_state st)
{
    switch (st) {
    case IG_ST_OFFLINE:         return "Offline";
    case IG_ST_ONLINE_PENDING:  return "OnlinePending";
    case IG_ST_ONLINE:          return "Online";
    case IG_ST_OFFLINE_PENDING: return "OfflinePending";
    case IG_ST_FAILED:          return "Failed";
    }
    return "Unknown";
}

const char *ig_event_name(ig_event ev)
{
    switch (ev) {
    case IG_EV_ONLINE:        return "Online";
    case IG_EV_ONLINE_DONE:   return "OnlineDone";
    case IG_EV_ONLINE_FAILED: return "OnlineFailed";
    case IG_EV_OFFLINE:       return "Offline";
    case IG_EV_OFFLINE_DONE:  return "OfflineDone";
    case IG_EV_TERMINATE:     return "Terminate";
    case IG_EV_ALIVE_FAILED:  return "AliveFailed";
    }
    return "Unknown";
}

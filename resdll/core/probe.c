#include "probe.h"

bool ig_probe_tally_step(ig_probe_tally *t, ig_probe_outcome outcome, uint32_t limit)
{
    switch (outcome) {
    case IG_PROBE_GREETED:
        t->failures = 0;
        return true;
    case IG_PROBE_WAITING:
        return true;    /* not answered yet is not a failure: the next call decides */
    case IG_PROBE_SILENT:
    case IG_PROBE_FAILED:
    default:
        if (t->failures < UINT32_MAX)
            t->failures++;
        return t->failures < (limit ? limit : 1);
    }
}

bool ig_probe_keep_connection(ig_probe_outcome outcome)
{
    return outcome == IG_PROBE_WAITING || outcome == IG_PROBE_SILENT;
}

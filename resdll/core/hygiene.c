#include "hygiene.h"

#include <stdio.h>

static bool acts(uint32_t type)
{
    return type != IG_ACTION_NONE;
}

ig_hygiene_plan ig_hygiene_plan_for(const ig_service_setup *s, uint32_t manage)
{
    ig_hygiene_plan p = { false, false };
    uint32_t i, listed;

    if (!manage)
        return p;
    p.set_manual = s->start_type == IG_START_AUTO;
    if (s->recovery_known) {
        listed = s->action_count < IG_RECOVERY_LISTED ? s->action_count : IG_RECOVERY_LISTED;
        /* Unlisted actions are not looked at: any beyond the first few
           would still be there, so their presence is reason enough. */
        p.clear_recovery = s->action_count > IG_RECOVERY_LISTED;
        for (i = 0; i < listed; i++)
            p.clear_recovery = p.clear_recovery || acts(s->actions[i].type);
    }
    return p;
}

const char *ig_start_type_text(uint32_t start_type, char *out, size_t cap)
{
    static const char *const names[] = { "Boot", "System", "Automatic", "Manual", "Disabled" };
    if (start_type < sizeof(names) / sizeof(names[0]))
        snprintf(out, cap, "%s", names[start_type]);
    else
        snprintf(out, cap, "unknown (%lu)", (unsigned long)start_type);
    return out;
}

static const char *action_text(uint32_t type)
{
    switch (type) {
    case IG_ACTION_NONE:    return "take no action";
    case IG_ACTION_RESTART: return "restart the service";
    case IG_ACTION_REBOOT:  return "restart the computer";
    case IG_ACTION_RUN:     return "run a program";
    default:                return "an unknown action";
    }
}

size_t ig_recovery_text(const ig_service_setup *s, char *out, size_t cap)
{
    size_t used = 0;
    uint32_t i, listed = s->action_count < IG_RECOVERY_LISTED ? s->action_count : IG_RECOVERY_LISTED;
    int n;

    if (cap)
        out[0] = 0;
#define ADD(...)                                                                    \
    do {                                                                            \
        n = snprintf(used < cap ? out + used : NULL, used < cap ? cap - used : 0, __VA_ARGS__); \
        if (n > 0)                                                                  \
            used += (size_t)n;                                                      \
    } while (0)
    if (listed == 0)
        ADD("none");
    for (i = 0; i < listed; i++)
        ADD("%s%s after %lu ms", i ? ", " : "", action_text(s->actions[i].type),
            (unsigned long)s->actions[i].delay_ms);
    if (s->action_count > listed)
        ADD(" and %lu more", (unsigned long)(s->action_count - listed));
#undef ADD
    if (cap && used >= cap)
        out[cap - 1] = 0;
    return used;
}

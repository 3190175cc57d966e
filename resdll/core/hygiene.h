/*
 * hygiene.h - what Online changes in the service manager's configuration of
 * the IMS so that only the cluster starts it, as the cluster's Generic
 * Service resources do: an Automatic start becomes Manual (else every node
 * starts the IMS at boot), and the service manager's recovery actions are
 * removed (else it restarts an IMS the cluster has stopped, on a node the
 * group has left). Pure C: the decision and its texts; the service manager
 * calls are in resdll/win/svchygiene.c.
 */
#ifndef IG_HYGIENE_H
#define IG_HYGIENE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The SDK's start types (SERVICE_*_START) and recovery action types
   (SC_ACTION_*); resdll/win/check_consts.c checks they agree. */
#define IG_START_BOOT      0u
#define IG_START_SYSTEM    1u
#define IG_START_AUTO      2u
#define IG_START_DEMAND    3u
#define IG_START_DISABLED  4u

#define IG_ACTION_NONE     0u
#define IG_ACTION_RESTART  1u
#define IG_ACTION_REBOOT   2u
#define IG_ACTION_RUN      3u

/* Actions listed in a description; more are counted ("and 2 more"). */
#define IG_RECOVERY_LISTED 4

typedef struct ig_recovery_action {
    uint32_t type;
    uint32_t delay_ms;
} ig_recovery_action;

typedef struct ig_service_setup {
    uint32_t start_type;
    bool recovery_known;        /* the service manager reports recovery actions
                                   (Windows 2000 and later; not NT 4.0, not Wine) */
    uint32_t action_count;      /* every action, also those not listed below */
    ig_recovery_action actions[IG_RECOVERY_LISTED];
} ig_service_setup;

typedef struct ig_hygiene_plan {
    bool set_manual;            /* Automatic -> Manual                    */
    bool clear_recovery;        /* recovery actions -> none               */
} ig_hygiene_plan;

/* What Online would change; nothing when manage is 0 (ManageServiceConfig). */
ig_hygiene_plan ig_hygiene_plan_for(const ig_service_setup *s, uint32_t manage);

/* "Automatic", "Manual", "Disabled", "Boot", "System", "unknown (7)":
   the start type as the Services tool names it. Returns out. */
const char *ig_start_type_text(uint32_t start_type, char *out, size_t cap);

/* "restart the service after 60000 ms, reboot the computer after 0 ms and
   2 more"; "none" when there are none. Writes at most cap bytes (always
   terminated) and returns the length the whole text needs. */
size_t ig_recovery_text(const ig_service_setup *s, char *out, size_t cap);

/* The longest ig_recovery_text can be, terminator included. */
#define IG_RECOVERY_TEXT_CAP (IG_RECOVERY_LISTED * 48 + 32)

#endif

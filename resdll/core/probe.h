/*
 * probe.h - when IsAlive's SMTP check fails the resource (pure policy).
 *
 * A greeting that is only slow must never fail the resource; a hung IMS
 * must still be failed within two IsAlive intervals; each IsAlive must
 * return within the Resource API's 300 ms. So a connection that has not
 * been greeted by the end of one IsAlive call is kept and looked at again
 * by the next call, a whole IsAlive interval later: greeted by then, the
 * IMS is alive (slow); still silent, that interval counts as a failure.
 * A refused or closed connection, or a greeting that is not 220, counts
 * at once. The resource fails when `limit` checks in a row have failed
 * (SmtpProbeFailures, default 1: a hang is then seen at the second IsAlive
 * after it began, within two intervals).
 */
#ifndef IG_PROBE_H
#define IG_PROBE_H

#include <stdbool.h>
#include <stdint.h>

typedef enum ig_probe_outcome {
    IG_PROBE_GREETED,    /* a 220 greeting arrived in this call               */
    IG_PROBE_WAITING,    /* connected in this call, greeting not yet arrived  */
    IG_PROBE_SILENT,     /* the connection kept from the last call still has
                            no greeting: one whole interval without an answer */
    IG_PROBE_FAILED      /* refused, closed, not 220, or no connection        */
} ig_probe_outcome;

typedef struct ig_probe_tally {
    uint32_t failures;   /* checks in a row that failed */
} ig_probe_tally;

/* Counts one check's outcome; true while the resource is alive. */
bool ig_probe_tally_step(ig_probe_tally *t, ig_probe_outcome outcome, uint32_t limit);

/* Keep the connection open for the next call? (Only while it may still greet.) */
bool ig_probe_keep_connection(ig_probe_outcome outcome);

#endif

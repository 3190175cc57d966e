/*
 * policy_int.h - what policy.c, policy_admin.c and policy_time.c share: the helpers that
 * change the group's state and write its notes. Not for other callers.
 */
#ifndef FO_POLICY_INT_H
#define FO_POLICY_INT_H

#include "policy.h"

void pol_note(struct fo_policy *p, long long now, enum fo_note_kind kind, int node, int to,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void pol_command(struct fo_policy *p, enum fo_cmd_kind kind, int node);
void pol_set_group(struct fo_policy *p, long long now, enum fo_gstate state, int owner);
const char *pol_name_of(const struct fo_policy *p, int node);
/* Up and a Possible Owner. */
int pol_eligible(const struct fo_policy *p, int node);
int pol_preferred_pos(const struct fo_policy *p, int node);
void pol_reset_restarts(struct fo_policy *p, long long now, int node);
void pol_start_online(struct fo_policy *p, long long now, int node);
/* The next eligible node after `from` in the order, wrapping; never from. */
int pol_next_after(const struct fo_policy *p, int from);
/* The group is Failed where it was; why says what the administrator sees. */
void pol_group_failed(struct fo_policy *p, long long now, int where, const char *why);

#endif

/*
 * scn_decl.c - the scenario's declarations: cluster, node, group and
 * resource statements, and the initial properties judged by the DLL's own
 * validator.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_int.h"


/* Name=sz:text or Name=dword:123 */
int scn_parse_prop(struct parser *p, const char *word, struct fo_prop *prop)
{
    char name[64];
    const char *spec = scn_kv(word, name, sizeof(name)), *value;

    if (!spec)
        return scn_fail(p, "property: '%s' is not Name=sz:<text> or Name=dword:<number>", word);
    for (const char *c = name; *c; c++)
        if (!isalnum((unsigned char)*c))
            return scn_fail(p, "property: '%s' is not a property name (letters and digits)", name);
    memset(prop, 0, sizeof(*prop));
    scn_copy(prop->name, sizeof(prop->name), name);
    if (!strncmp(spec, "sz:", 3)) {
        value = spec + 3;
        prop->type = FO_PROP_SZ;
        if (!scn_copy(prop->sz, sizeof(prop->sz), value))
            return scn_fail(p, "property %s: the text is longer than %d characters", name,
                            FO_TEXT_LEN - 1);
    } else if (!strncmp(spec, "dword:", 6)) {
        prop->type = FO_PROP_DWORD;
        if (scn_want_u32(p, spec + 6, name, &prop->dword))
            return -1;
    } else {
        return scn_fail(p, "property %s: the type must be sz or dword (Name=sz:<text>, "
                        "Name=dword:<number>), not '%s'", name, spec);
    }
    return 0;
}

/* An initial property goes straight into the cluster database, past the
 * DLL's SET: so it is judged here by the DLL's own validator (resdll/core). */
int scn_check_initial_prop(struct parser *p, const struct fo_prop *prop)
{
    uint16_t name[64], value[FO_TEXT_LEN];
    ig_prop_problem why;
    uint32_t err;
    int id;

    ig_u16_from_ascii(name, 64, prop->name);
    id = ig_prop_find(name, ig_u16len(name));
    if (id < 0) {
        char list[256] = "";
        for (int k = 0; k < IG_P_COUNT; k++)
            snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", k ? ", " : "",
                     ig_props[k].name);
        return scn_fail(p, "property %s: IMS Guard has no such property (%s)", prop->name, list);
    }
    if (prop->type == FO_PROP_DWORD) {
        err = ig_prop_set_dword(&p->props, (ig_prop_id)id, prop->dword, &why);
    } else {
        for (const unsigned char *c = (const unsigned char *)prop->sz; *c; c++)
            if (*c >= 0x80)
                return scn_fail(p, "property %s: only ASCII text can be checked here (byte 0x%02x "
                                "is not)", prop->name, *c);
        ig_u16_from_ascii(value, FO_TEXT_LEN, prop->sz);
        err = ig_prop_set_sz(&p->props, (ig_prop_id)id, value, ig_u16len(value), &why);
    }
    if (err)
        return scn_fail(p, "property %s: %s (the DLL would refuse it; set-property in a step "
                        "tests a refusal)", prop->name, why.reason);
    p->prop_line[id] = p->line;
    p->last_prop_line = p->line;
    return 0;
}

/* The rules that join properties (FirstAffectedVersion < FirstFixedVersion),
 * once every initial property is known; named at the line that set it. */
int scn_check_initial_props(struct parser *p)
{
    ig_prop_problem why;

    if (!p->last_prop_line || !ig_settings_check(&p->props, &why))
        return 0;
    p->line = why.prop >= 0 && p->prop_line[why.prop] ? p->prop_line[why.prop]
                                                       : p->last_prop_line;
    return scn_fail(p, "property %s: %s", why.prop >= 0 ? ig_props[why.prop].name : "",
                    why.reason);
}

/* ------------------------------------------------------------ declarations */

/* "10-12": FailbackWindowStart and FailbackWindowEnd, hours of the day. */
static int parse_window(struct parser *p, const char *v, int *start, int *end)
{
    char a[8], b[8];
    const char *dash = strchr(v, '-');
    uint32_t x, y;

    if (!strcmp(v, "none")) {
        *start = *end = -1;
        return 0;
    }
    if (!dash || dash == v || (size_t)(dash - v) >= sizeof(a) || strlen(dash + 1) >= sizeof(b))
        return scn_fail(p, "group failback-window=: <start>-<end> hours 0 to 23, like 10-12, or "
                        "none");
    memcpy(a, v, (size_t)(dash - v));
    a[dash - v] = 0;
    strcpy(b, dash + 1);
    if (!scn_parse_u32(a, &x) || !scn_parse_u32(b, &y) || x > 23 || y > 23)
        return scn_fail(p, "group failback-window=: hours are 0 to 23, not '%s'", v);
    if (x == y)
        return scn_fail(p, "group failback-window=: start and end are both %u: the documentation "
                        "does not say whether that is an empty window or a whole day", (unsigned)x);
    *start = (int)x;
    *end = (int)y;
    return 0;
}

/* "NODE-A,NODE-B": the resource's Possible Owners. */
static int parse_owners(struct parser *p, const char *v)
{
    struct fo_scenario *s = p->s;
    char list[FO_LINE_LEN], *save = NULL, *tok;
    int any = 0;

    if (!scn_copy(list, sizeof(list), v))
        return scn_fail(p, "resource possible-owners=: the list is too long");
    for (int i = 0; i < FO_MAX_NODES; i++)
        s->possible[i] = 0;
    for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        int idx;
        if (scn_want_node(p, tok, "resource possible-owners=", &idx))
            return -1;
        if (s->possible[idx])
            return scn_fail(p, "resource possible-owners=: '%s' is listed twice", tok);
        s->possible[idx] = 1;
        any = 1;
    }
    if (!any)
        return scn_fail(p, "resource possible-owners=: name at least one node");
    return 0;
}

/* cluster era=nt4|w2000|w2003|w2008 clock=HH:MM[:SS] */
int scn_parse_cluster(struct parser *p, char **w, int n)
{
    struct fo_scenario *s = p->s;

    if (p->seen_step)
        return scn_fail(p, "cluster: the cluster is described before the first 'at' step");
    if (p->seen_cluster)
        return scn_fail(p, "cluster: only one cluster line per scenario");
    p->seen_cluster = 1;
    for (int i = 1; i < n; i++) {
        char key[32];
        const char *v = scn_kv(w[i], key, sizeof(key));
        if (!v)
            return scn_fail(p, "cluster: '%s' is not key=value", w[i]);
        if (!strcmp(key, "era")) {
            if (!fo_era_parse(v, &s->era))
                return scn_fail(p, "cluster era=: nt4, w2000, w2003 or w2008, not '%s'", v);
        } else if (!strcmp(key, "clock")) {
            unsigned h, m, sec = 0;
            char extra;
            int got = sscanf(v, "%2u:%2u:%2u%c", &h, &m, &sec, &extra);
            if ((got != 2 && got != 3) || h > 23 || m > 59 || sec > 59)
                return scn_fail(p, "cluster clock=: the local time at time 0 as HH:MM or HH:MM:SS, "
                                "not '%s'", v);
            s->clock_ms = ((long)h * 3600 + (long)m * 60 + (long)sec) * 1000;
        } else {
            return scn_fail(p, "cluster: unknown setting '%s' (era=, clock=)", key);
        }
    }
    return 0;
}

/* The era's defaults for what the file left out, and the settings the era
 * does not have. */
int scn_apply_era(struct parser *p)
{
    struct fo_scenario *s = p->s;
    const struct fo_era_defaults *d = fo_era_defaults(s->era);

    p->line = p->resource_line;
    if (!(s->given & FO_GIVEN_RESTART_THRESHOLD))
        s->restart_threshold = d->restart_threshold;
    if (!(s->given & FO_GIVEN_RESTART_PERIOD))
        s->restart_period_ms = d->restart_period_ms;
    if (!(s->given & FO_GIVEN_FAILOVER_THRESHOLD))
        s->failover_threshold = d->failover_threshold;
    if (!(s->given & FO_GIVEN_FAILOVER_PERIOD))
        s->failover_period_ms = d->failover_period_ms;
    if (s->given & FO_GIVEN_RETRY_PERIOD) {
        if (!d->has_retry_period)
            return scn_fail(p, "resource retry-period=: RetryPeriodOnFailure does not exist on %s "
                            "(it came with Windows 2000, KB 228923)", fo_era_title(s->era));
        if (s->retry_period_ms >= 0 && s->retry_period_ms < s->restart_period_ms)
            return scn_fail(p, "resource retry-period=: %ld ms is below RestartPeriod (%ld ms), "
                            "the property's documented minimum", s->retry_period_ms,
                            s->restart_period_ms);
    } else {
        s->retry_period_ms = d->retry_period_ms;
    }
    if (s->given & FO_GIVEN_RESTART_DELAY) {
        if (!d->has_restart_delay)
            return scn_fail(p, "resource restart-delay=: RestartDelay does not exist on %s (it is "
                            "a Failover Clustering property: cluster era=w2008)",
                            fo_era_title(s->era));
    } else {
        s->restart_delay_ms = d->restart_delay_ms;
    }
    return 0;
}

/* Words of the scenario language, so no node name. */
static const char *const reserved_names[] = { "none", "expect", "sticky" };

int scn_parse_node(struct parser *p, char **w, int n)
{
    struct fo_scenario *s = p->s;
    struct fo_node_spec *node;

    if (p->seen_step)
        return scn_fail(p, "node: nodes are declared before the first 'at' step");
    if (n < 2)
        return scn_fail(p, "node: a name is needed (node NODE-A ims=5.5.2448.0 "
                        "domain=contoso.com)");
    if (!scn_node_name_ok(w[1]))
        return scn_fail(p, "node: '%s' is not a computer name (1 to 15 letters, digits or hyphens)",
                        w[1]);
    for (size_t k = 0; k < sizeof(reserved_names) / sizeof(reserved_names[0]); k++)
        if (scn_same(w[1], reserved_names[k]))
            return scn_fail(p, "node: '%s' is a word of the scenario language (none, expect, "
                            "sticky); choose another name", w[1]);
    if (fo_node_index(s, w[1]) >= 0)
        return scn_fail(p, "node: '%s' is declared twice", w[1]);
    if (s->n_nodes == FO_MAX_NODES)
        return scn_fail(p, "node: at most %d nodes", FO_MAX_NODES);
    node = &s->nodes[s->n_nodes];
    memset(node, 0, sizeof(*node));
    scn_copy(node->name, sizeof(node->name), w[1]);
    scn_copy(node->ims, sizeof(node->ims), "5.5.2448.0");
    scn_copy(node->domain, sizeof(node->domain), "contoso.com");
    for (int i = 2; i < n; i++) {
        char key[32];
        const char *v = scn_kv(w[i], key, sizeof(key));
        if (!v)
            return scn_fail(p, "node %s: '%s' is not key=value (ims=, domain=)", w[1], w[i]);
        if (!strcmp(key, "ims")) {
            if (!strcmp(v, "none"))
                node->ims[0] = 0;
            else if (!fo_version_ok(v))
                return scn_fail(p, "node %s: ims=%s is not a version like 5.5.2448.0 (or none)",
                                w[1], v);
            else
                scn_copy(node->ims, sizeof(node->ims), v);
        } else if (!strcmp(key, "domain")) {
            if (!strcmp(v, "none"))
                node->domain[0] = 0;
            else if (scn_same(v, "clear"))
                return scn_fail(p, "node %s: domain=%s: '%s' does not mean no domain; write "
                                "domain=none for no domain, or domain=%s. for a domain named %s",
                                w[1], v, v, v, v);
            else if (scn_same(v, "none"))
                return scn_fail(p, "node %s: domain=%s: write domain=none for no domain, or "
                                "domain=%s. for a domain named %s", w[1], v, v, v);
            else if (!*v || !scn_copy(node->domain, sizeof(node->domain), v))
                return scn_fail(p, "node %s: domain= needs a name (or none)", w[1]);
        } else {
            return scn_fail(p, "node %s: unknown setting '%s' (ims=, domain=)", w[1], key);
        }
    }
    s->n_nodes++;
    return 0;
}

int scn_parse_group(struct parser *p, char **w, int n)
{
    struct fo_scenario *s = p->s;

    if (p->seen_step)
        return scn_fail(p, "group: the group is described before the first 'at' step");
    if (p->seen_group)
        return scn_fail(p, "group: only one group per scenario");
    p->seen_group = 1;
    for (int i = 1; i < n; i++) {
        char key[32];
        const char *v = scn_kv(w[i], key, sizeof(key));
        if (!v)
            return scn_fail(p, "group: '%s' is not key=value", w[i]);
        if (!strcmp(key, "name")) {
            if (!*v || !scn_copy(s->group_name, sizeof(s->group_name), v))
                return scn_fail(p, "group: name= must be 1 to 63 characters");
        } else if (!strcmp(key, "preferred")) {
            char list[FO_LINE_LEN], *save = NULL, *tok;
            scn_copy(list, sizeof(list), v);
            s->n_preferred = 0;
            for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
                int idx;
                if (scn_want_node(p, tok, "group preferred=", &idx))
                    return -1;
                for (int j = 0; j < s->n_preferred; j++)
                    if (s->preferred[j] == idx)
                        return scn_fail(p, "group preferred=: '%s' is listed twice", tok);
                s->preferred[s->n_preferred++] = idx;
            }
            if (!s->n_preferred)
                return scn_fail(p, "group preferred=: name at least one node");
        } else if (!strcmp(key, "failover-threshold")) {
            if (scn_want_u32(p, v, "group failover-threshold=", &s->failover_threshold))
                return -1;
            s->given |= FO_GIVEN_FAILOVER_THRESHOLD;
        } else if (!strcmp(key, "failover-period")) {
            if (scn_want_duration(p, v, "group failover-period=", &s->failover_period_ms))
                return -1;
            s->given |= FO_GIVEN_FAILOVER_PERIOD;
        } else if (!strcmp(key, "failback")) {
            if (!strcmp(v, "yes") || !strcmp(v, "immediate"))
                s->failback = 1;
            else if (!strcmp(v, "no"))
                s->failback = 0;
            else
                return scn_fail(p, "group failback=: yes or no, not '%s'", v);
        } else if (!strcmp(key, "failback-window")) {
            if (parse_window(p, v, &s->failback_start, &s->failback_end))
                return -1;
        } else {
            return scn_fail(p, "group: unknown setting '%s' (name=, preferred=, "
                            "failover-threshold=, "
                            "failover-period=, failback=, failback-window=)", key);
        }
    }
    return 0;
}

int scn_parse_resource(struct parser *p, char **w, int n)
{
    struct fo_scenario *s = p->s;
    uint32_t u;

    if (p->seen_step)
        return scn_fail(p, "resource: the resource is described before the first 'at' step");
    if (p->seen_resource)
        return scn_fail(p, "resource: only one resource line per scenario");
    p->seen_resource = 1;
    p->resource_line = p->line;
    for (int i = 1; i < n; i++) {
        char key[32];
        const char *v = scn_kv(w[i], key, sizeof(key));
        long *ms = NULL;
        if (!v)
            return scn_fail(p, "resource: '%s' is not key=value", w[i]);
        if (!strcmp(key, "name")) {
            if (!*v || !scn_copy(s->res_name, sizeof(s->res_name), v) || strchr(v, '"')
                || strchr(v, '\\'))
                return scn_fail(p, "resource: name= must be 1 to 63 characters, no quotes or "
                                "backslashes");
        } else if (!strcmp(key, "restart-action")) {
            if (!strcmp(v, "none"))
                s->restart_action = FO_RESTART_NONE;
            else if (!strcmp(v, "restart"))
                s->restart_action = FO_RESTART_NO_FAILOVER;
            else if (!strcmp(v, "failover"))
                s->restart_action = FO_RESTART_FAILOVER;
            else
                return scn_fail(p, "resource restart-action=: none, restart or failover, not "
                                "'%s'", v);
        } else if (!strcmp(key, "restart-threshold")) {
            if (scn_want_u32(p, v, "resource restart-threshold=", &u))
                return -1;
            s->restart_threshold = u;
            s->given |= FO_GIVEN_RESTART_THRESHOLD;
        } else if (!strcmp(key, "restart-period")) {
            ms = &s->restart_period_ms;
            s->given |= FO_GIVEN_RESTART_PERIOD;
        } else if (!strcmp(key, "retry-period")) {
            s->given |= FO_GIVEN_RETRY_PERIOD;
            if (!strcmp(v, "none")) {
                s->retry_period_ms = -1;
                continue;
            }
            ms = &s->retry_period_ms;
        } else if (!strcmp(key, "restart-delay")) {
            s->given |= FO_GIVEN_RESTART_DELAY;
            if (scn_want_duration(p, v, "resource restart-delay=", &s->restart_delay_ms))
                return -1;
            if (s->restart_delay_ms > 0xFFFFFFFEL)
                return scn_fail(p, "resource restart-delay=: must fit a DWORD of milliseconds");
            continue;
        } else if (!strcmp(key, "possible-owners")) {
            if (parse_owners(p, v))
                return -1;
            continue;
        } else if (!strcmp(key, "looksalive")) {
            ms = &s->looksalive_ms;
        } else if (!strcmp(key, "isalive")) {
            ms = &s->isalive_ms;
        } else if (!strcmp(key, "pending-timeout")) {
            ms = &s->pending_ms;
        } else {
            return scn_fail(p, "resource: unknown setting '%s' (name=, restart-action=, "
                            "restart-threshold=, restart-period=, retry-period=, restart-delay=, "
                            "possible-owners=, looksalive=, isalive=, pending-timeout=)", key);
        }
        if (ms) {
            char what[64];
            snprintf(what, sizeof(what), "resource %s=", key);
            if (scn_want_duration(p, v, what, ms))
                return -1;
            if (*ms >= 0xFFFFFFFFL || (*ms == 0 && strcmp(key, "restart-period")))
                return scn_fail(p, "resource %s=: must be above 0 and fit a DWORD of milliseconds",
                                key);
        }
    }
    return 0;
}

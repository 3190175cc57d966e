/*
 * scn.c - the .scn scenario parser. See scn.h and ../README.md.
 *
 * One statement a line; blanks separate words; "double quotes" keep blanks
 * inside a word (\" and \\ escape inside them); # starts a comment when it
 * begins a word (the words: tests/common/tok.h). Every error names file:line and what is wrong, and the
 * first error ends the parse.
 */
#define _POSIX_C_SOURCE 200809L   /* strtok_r */
#include "scn.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imsguard.h"
#include "preflight.h"
#include "props.h"
#include "tok.h"
#include "u16.h"

#define MAX_WORDS 48

struct parser {
    const char *file;
    int line;
    char *err;
    size_t err_size;
    struct fo_scenario *s;
    int seen_step;
    int seen_group, seen_resource, seen_cluster;
    int resource_line;
    long last_abs_ms;
    long earliest_end_ms;       /* the previous step's end, at the earliest */
    ig_settings props;          /* the initial properties, as the DLL would hold them */
    int prop_line[IG_P_COUNT];  /* where each was set; 0 = the default */
    int last_prop_line;
};

static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Messages quote what was written; a byte nobody can see (a byte-order mark,
 * a no-break space, DEL) is shown as \xNN so the quote shows it. */
static void visible(char *out, size_t size, const char *text)
{
    size_t o = 0;

    for (const unsigned char *c = (const unsigned char *)text; *c && o + 5 < size; c++) {
        if (*c < 0x20 || *c >= 0x7f)
            o += (size_t)snprintf(out + o, size - o, "\\x%02x", *c);
        else
            out[o++] = (char)*c;
    }
    out[o] = 0;
}

static int fail(struct parser *p, const char *fmt, ...)
{
    char msg[512], shown[sizeof(msg) * 4];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    visible(shown, sizeof(shown), msg);
    snprintf(p->err, p->err_size, "%s:%d: %s", p->file, p->line, shown);
    return -1;
}

/* ------------------------------------------------------------ names */

static const char *const rstate_names[FO_R_COUNT] = {
    "Unknown", "Offline", "OnlinePending", "Online", "OfflinePending", "Failed", "Down"
};
static const char *const gstate_names[FO_G_COUNT] = { "Offline", "Pending", "Online", "Failed" };
static const char *const action_names[FO_A_COUNT] = {
    "check", "online", "offline", "move", "crash", "hang", "clear-domain", "set-domain",
    "swap", "stop-node", "start-node", "set-property", "wait", "addowner", "removeowner"
};

const char *fo_rstate_name(enum fo_rstate s)
{
    return (unsigned)s < FO_R_COUNT ? rstate_names[s] : "?";
}

const char *fo_gstate_name(enum fo_gstate s)
{
    return (unsigned)s < FO_G_COUNT ? gstate_names[s] : "?";
}

const char *fo_action_name(enum fo_action a)
{
    return (unsigned)a < FO_A_COUNT ? action_names[a] : "?";
}

static int same(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

int fo_rstate_parse(const char *text, enum fo_rstate *out)
{
    for (int i = 1; i < FO_R_COUNT; i++) {
        if (same(text, rstate_names[i])) {
            *out = (enum fo_rstate)i;
            return 1;
        }
    }
    return 0;
}

int fo_gstate_parse(const char *text, enum fo_gstate *out)
{
    for (int i = 0; i < FO_G_COUNT; i++) {
        if (same(text, gstate_names[i])) {
            *out = (enum fo_gstate)i;
            return 1;
        }
    }
    return 0;
}

int fo_node_index(const struct fo_scenario *s, const char *name)
{
    for (int i = 0; i < s->n_nodes; i++)
        if (same(s->nodes[i].name, name))
            return i;
    return -1;
}

/* ------------------------------------------------------------ values */

long fo_parse_duration(const char *text)
{
    const char *p = text;
    double whole = 0, frac_scale = 1;
    int digits = 0, dot = 0;
    long unit;

    if (!*p)
        return -1;
    for (; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (dot) {
                frac_scale /= 10;
                whole += (*p - '0') * frac_scale;
            } else {
                whole = whole * 10 + (*p - '0');
            }
            digits++;
            if (whole > 1e9)
                return -1;
        } else if (*p == '.' && !dot) {
            dot = 1;
        } else {
            break;
        }
    }
    if (!digits)
        return -1;
    if (!strcmp(p, "ms"))
        unit = 1;
    else if (!strcmp(p, "s"))
        unit = 1000;
    else if (!strcmp(p, "m") || !strcmp(p, "min"))
        unit = 60000;
    else if (!strcmp(p, "h"))
        unit = 3600000;
    else if (!*p && whole == 0)
        unit = 1;               /* a bare 0 needs no unit */
    else
        return -1;
    if (whole * unit > 1e12)
        return -1;
    return (long)(whole * unit + 0.5);
}

/* Decimal, or hexadecimal after 0x; never octal: 010 is ten, as clusreg
 * and the cluster's own tools read it. */
static int parse_u32(const char *text, uint32_t *out)
{
    char *end;
    unsigned long long v;
    int base = 10;

    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text += 2;
    }
    if (!isxdigit((unsigned char)*text))
        return 0;
    errno = 0;
    v = strtoull(text, &end, base);
    if (errno || *end || v > 0xFFFFFFFFull)
        return 0;
    *out = (uint32_t)v;
    return 1;
}

int fo_version_ok(const char *text)
{
    int parts = 0;
    const char *p = text;

    for (;;) {
        unsigned long v = 0;
        int digits = 0;
        while (isdigit((unsigned char)*p)) {
            v = v * 10 + (unsigned long)(*p++ - '0');
            if (++digits > 5 || v > 65535)
                return 0;
        }
        if (!digits)
            return 0;
        parts++;
        if (!*p)
            break;
        if (*p++ != '.' || parts == 4)
            return 0;
    }
    return parts == 4;
}

/* Words the language gives a meaning where a node name may stand. */
static const char *const reserved_names[] = { "none", "expect", "sticky" };

static int node_name_ok(const char *name)
{
    size_t n = strlen(name);

    if (n == 0 || n >= FO_NAME_LEN || name[0] == '-')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)name[i]) && name[i] != '-')
            return 0;
    return 1;
}

static int copy(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);

    if (n >= size)
        return 0;
    memcpy(dst, src, n + 1);
    return 1;
}

/* ------------------------------------------------------------ words */

/* "key=value": returns value and puts the key in key, or NULL. */
static const char *kv(const char *word, char *key, size_t key_size)
{
    const char *eq = strchr(word, '=');
    size_t n;

    if (!eq)
        return NULL;
    n = (size_t)(eq - word);
    if (n == 0 || n >= key_size)
        return NULL;
    memcpy(key, word, n);
    key[n] = 0;
    return eq + 1;
}

static void node_list(const struct fo_scenario *s, char *list, size_t size)
{
    list[0] = 0;
    for (int i = 0; i < s->n_nodes; i++) {
        strncat(list, i ? ", " : "", size - strlen(list) - 1);
        strncat(list, s->nodes[i].name, size - strlen(list) - 1);
    }
    if (!s->n_nodes)
        snprintf(list, size, "none declared yet");
}

static int want_node(struct parser *p, const char *name, const char *what, int *out)
{
    *out = fo_node_index(p->s, name);
    if (*out < 0) {
        char list[200];
        node_list(p->s, list, sizeof(list));
        return fail(p, "%s: no node named '%s' (nodes: %s)", what, name, list);
    }
    return 0;
}

static int want_duration(struct parser *p, const char *text, const char *what, long *out)
{
    *out = fo_parse_duration(text);
    if (*out < 0)
        return fail(p, "%s: '%s' is not a duration (like 500ms, 5s, 1.5s, 2m, 6h)", what, text);
    return 0;
}

static int want_u32(struct parser *p, const char *text, const char *what, uint32_t *out)
{
    if (!parse_u32(text, out))
        return fail(p, "%s: '%s' is not a number from 0 to 4294967295", what, text);
    return 0;
}

/* Name=sz:text or Name=dword:123 */
static int parse_prop(struct parser *p, const char *word, struct fo_prop *prop)
{
    char name[64];
    const char *spec = kv(word, name, sizeof(name)), *value;

    if (!spec)
        return fail(p, "property: '%s' is not Name=sz:<text> or Name=dword:<number>", word);
    for (const char *c = name; *c; c++)
        if (!isalnum((unsigned char)*c))
            return fail(p, "property: '%s' is not a property name (letters and digits)", name);
    memset(prop, 0, sizeof(*prop));
    copy(prop->name, sizeof(prop->name), name);
    if (!strncmp(spec, "sz:", 3)) {
        value = spec + 3;
        prop->type = FO_PROP_SZ;
        if (!copy(prop->sz, sizeof(prop->sz), value))
            return fail(p, "property %s: the text is longer than %d characters", name,
                        FO_TEXT_LEN - 1);
    } else if (!strncmp(spec, "dword:", 6)) {
        prop->type = FO_PROP_DWORD;
        if (want_u32(p, spec + 6, name, &prop->dword))
            return -1;
    } else {
        return fail(p, "property %s: the type must be sz or dword (Name=sz:<text>, "
                    "Name=dword:<number>), not '%s'", name, spec);
    }
    return 0;
}

/* An initial property goes straight into the cluster database, past the
 * DLL's SET: so it is judged here by the DLL's own validator (resdll/core). */
static int check_initial_prop(struct parser *p, const struct fo_prop *prop)
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
        return fail(p, "property %s: IMS Guard has no such property (%s)", prop->name, list);
    }
    if (prop->type == FO_PROP_DWORD) {
        err = ig_prop_set_dword(&p->props, (ig_prop_id)id, prop->dword, &why);
    } else {
        for (const unsigned char *c = (const unsigned char *)prop->sz; *c; c++)
            if (*c >= 0x80)
                return fail(p, "property %s: only ASCII text can be checked here (byte 0x%02x "
                            "is not)", prop->name, *c);
        ig_u16_from_ascii(value, FO_TEXT_LEN, prop->sz);
        err = ig_prop_set_sz(&p->props, (ig_prop_id)id, value, ig_u16len(value), &why);
    }
    if (err)
        return fail(p, "property %s: %s (the DLL would refuse it; set-property in a step "
                    "tests a refusal)", prop->name, why.reason);
    p->prop_line[id] = p->line;
    p->last_prop_line = p->line;
    return 0;
}

/* The rules that join properties (FirstAffectedVersion < FirstFixedVersion),
 * once every initial property is known; named at the line that set it. */
static int check_initial_props(struct parser *p)
{
    ig_prop_problem why;

    if (!p->last_prop_line || !ig_settings_check(&p->props, &why))
        return 0;
    p->line = why.prop >= 0 && p->prop_line[why.prop] ? p->prop_line[why.prop]
                                                       : p->last_prop_line;
    return fail(p, "property %s: %s", why.prop >= 0 ? ig_props[why.prop].name : "",
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
        return fail(p, "group failback-window=: <start>-<end> hours 0 to 23, like 10-12, or none");
    memcpy(a, v, (size_t)(dash - v));
    a[dash - v] = 0;
    strcpy(b, dash + 1);
    if (!parse_u32(a, &x) || !parse_u32(b, &y) || x > 23 || y > 23)
        return fail(p, "group failback-window=: hours are 0 to 23, not '%s'", v);
    if (x == y)
        return fail(p, "group failback-window=: start and end are both %u: the documentation "
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

    if (!copy(list, sizeof(list), v))
        return fail(p, "resource possible-owners=: the list is too long");
    for (int i = 0; i < FO_MAX_NODES; i++)
        s->possible[i] = 0;
    for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        int idx;
        if (want_node(p, tok, "resource possible-owners=", &idx))
            return -1;
        if (s->possible[idx])
            return fail(p, "resource possible-owners=: '%s' is listed twice", tok);
        s->possible[idx] = 1;
        any = 1;
    }
    if (!any)
        return fail(p, "resource possible-owners=: name at least one node");
    return 0;
}

/* cluster era=nt4|w2000|w2003|w2008 clock=HH:MM[:SS] */
static int parse_cluster(struct parser *p, char **w, int n)
{
    struct fo_scenario *s = p->s;

    if (p->seen_step)
        return fail(p, "cluster: the cluster is described before the first 'at' step");
    if (p->seen_cluster)
        return fail(p, "cluster: only one cluster line per scenario");
    p->seen_cluster = 1;
    for (int i = 1; i < n; i++) {
        char key[32];
        const char *v = kv(w[i], key, sizeof(key));
        if (!v)
            return fail(p, "cluster: '%s' is not key=value", w[i]);
        if (!strcmp(key, "era")) {
            if (!fo_era_parse(v, &s->era))
                return fail(p, "cluster era=: nt4, w2000, w2003 or w2008, not '%s'", v);
        } else if (!strcmp(key, "clock")) {
            unsigned h, m, sec = 0;
            char extra;
            int got = sscanf(v, "%2u:%2u:%2u%c", &h, &m, &sec, &extra);
            if ((got != 2 && got != 3) || h > 23 || m > 59 || sec > 59)
                return fail(p, "cluster clock=: the local time at time 0 as HH:MM or HH:MM:SS, "
                            "not '%s'", v);
            s->clock_ms = ((long)h * 3600 + (long)m * 60 + (long)sec) * 1000;
        } else {
            return fail(p, "cluster: unknown setting '%s' (era=, clock=)", key);
        }
    }
    return 0;
}

/* The era's defaults for what the file left out, and the settings the era
 * does not have. */
static int apply_era(struct parser *p)
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
            return fail(p, "resource retry-period=: RetryPeriodOnFailure does not exist on %s "
                        "(it came with Windows 2000, KB 228923)", fo_era_title(s->era));
        if (s->retry_period_ms >= 0 && s->retry_period_ms < s->restart_period_ms)
            return fail(p, "resource retry-period=: %ld ms is below RestartPeriod (%ld ms), the "
                        "property's documented minimum", s->retry_period_ms,
                        s->restart_period_ms);
    } else {
        s->retry_period_ms = d->retry_period_ms;
    }
    if (s->given & FO_GIVEN_RESTART_DELAY) {
        if (!d->has_restart_delay)
            return fail(p, "resource restart-delay=: RestartDelay does not exist on %s (it is "
                        "a Failover Clustering property: cluster era=w2008)",
                        fo_era_title(s->era));
    } else {
        s->restart_delay_ms = d->restart_delay_ms;
    }
    return 0;
}

static int parse_node(struct parser *p, char **w, int n)
{
    struct fo_scenario *s = p->s;
    struct fo_node_spec *node;

    if (p->seen_step)
        return fail(p, "node: nodes are declared before the first 'at' step");
    if (n < 2)
        return fail(p, "node: a name is needed (node NODE-A ims=5.5.2448.0 domain=contoso.com)");
    if (!node_name_ok(w[1]))
        return fail(p, "node: '%s' is not a computer name (1 to 15 letters, digits or hyphens)",
                    w[1]);
    for (size_t k = 0; k < sizeof(reserved_names) / sizeof(reserved_names[0]); k++)
        if (same(w[1], reserved_names[k]))
            return fail(p, "node: '%s' is a word of the scenario language (none, expect, "
                        "sticky); choose another name", w[1]);
    if (fo_node_index(s, w[1]) >= 0)
        return fail(p, "node: '%s' is declared twice", w[1]);
    if (s->n_nodes == FO_MAX_NODES)
        return fail(p, "node: at most %d nodes", FO_MAX_NODES);
    node = &s->nodes[s->n_nodes];
    memset(node, 0, sizeof(*node));
    copy(node->name, sizeof(node->name), w[1]);
    copy(node->ims, sizeof(node->ims), "5.5.2448.0");
    copy(node->domain, sizeof(node->domain), "contoso.com");
    for (int i = 2; i < n; i++) {
        char key[32];
        const char *v = kv(w[i], key, sizeof(key));
        if (!v)
            return fail(p, "node %s: '%s' is not key=value (ims=, domain=)", w[1], w[i]);
        if (!strcmp(key, "ims")) {
            if (!strcmp(v, "none"))
                node->ims[0] = 0;
            else if (!fo_version_ok(v))
                return fail(p, "node %s: ims=%s is not a version like 5.5.2448.0 (or none)",
                            w[1], v);
            else
                copy(node->ims, sizeof(node->ims), v);
        } else if (!strcmp(key, "domain")) {
            if (!strcmp(v, "none"))
                node->domain[0] = 0;
            else if (same(v, "clear"))
                return fail(p, "node %s: domain=%s: '%s' does not mean no domain; write "
                            "domain=none for no domain, or domain=%s. for a domain named %s",
                            w[1], v, v, v, v);
            else if (same(v, "none"))
                return fail(p, "node %s: domain=%s: write domain=none for no domain, or "
                            "domain=%s. for a domain named %s", w[1], v, v, v);
            else if (!*v || !copy(node->domain, sizeof(node->domain), v))
                return fail(p, "node %s: domain= needs a name (or none)", w[1]);
        } else {
            return fail(p, "node %s: unknown setting '%s' (ims=, domain=)", w[1], key);
        }
    }
    s->n_nodes++;
    return 0;
}

static int parse_group(struct parser *p, char **w, int n)
{
    struct fo_scenario *s = p->s;

    if (p->seen_step)
        return fail(p, "group: the group is described before the first 'at' step");
    if (p->seen_group)
        return fail(p, "group: only one group per scenario");
    p->seen_group = 1;
    for (int i = 1; i < n; i++) {
        char key[32];
        const char *v = kv(w[i], key, sizeof(key));
        if (!v)
            return fail(p, "group: '%s' is not key=value", w[i]);
        if (!strcmp(key, "name")) {
            if (!*v || !copy(s->group_name, sizeof(s->group_name), v))
                return fail(p, "group: name= must be 1 to 63 characters");
        } else if (!strcmp(key, "preferred")) {
            char list[FO_LINE_LEN], *save = NULL, *tok;
            copy(list, sizeof(list), v);
            s->n_preferred = 0;
            for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
                int idx;
                if (want_node(p, tok, "group preferred=", &idx))
                    return -1;
                for (int j = 0; j < s->n_preferred; j++)
                    if (s->preferred[j] == idx)
                        return fail(p, "group preferred=: '%s' is listed twice", tok);
                s->preferred[s->n_preferred++] = idx;
            }
            if (!s->n_preferred)
                return fail(p, "group preferred=: name at least one node");
        } else if (!strcmp(key, "failover-threshold")) {
            if (want_u32(p, v, "group failover-threshold=", &s->failover_threshold))
                return -1;
            s->given |= FO_GIVEN_FAILOVER_THRESHOLD;
        } else if (!strcmp(key, "failover-period")) {
            if (want_duration(p, v, "group failover-period=", &s->failover_period_ms))
                return -1;
            s->given |= FO_GIVEN_FAILOVER_PERIOD;
        } else if (!strcmp(key, "failback")) {
            if (!strcmp(v, "yes") || !strcmp(v, "immediate"))
                s->failback = 1;
            else if (!strcmp(v, "no"))
                s->failback = 0;
            else
                return fail(p, "group failback=: yes or no, not '%s'", v);
        } else if (!strcmp(key, "failback-window")) {
            if (parse_window(p, v, &s->failback_start, &s->failback_end))
                return -1;
        } else {
            return fail(p, "group: unknown setting '%s' (name=, preferred=, failover-threshold=, "
                        "failover-period=, failback=, failback-window=)", key);
        }
    }
    return 0;
}

static int parse_resource(struct parser *p, char **w, int n)
{
    struct fo_scenario *s = p->s;
    uint32_t u;

    if (p->seen_step)
        return fail(p, "resource: the resource is described before the first 'at' step");
    if (p->seen_resource)
        return fail(p, "resource: only one resource line per scenario");
    p->seen_resource = 1;
    p->resource_line = p->line;
    for (int i = 1; i < n; i++) {
        char key[32];
        const char *v = kv(w[i], key, sizeof(key));
        long *ms = NULL;
        if (!v)
            return fail(p, "resource: '%s' is not key=value", w[i]);
        if (!strcmp(key, "name")) {
            if (!*v || !copy(s->res_name, sizeof(s->res_name), v) || strchr(v, '"')
                || strchr(v, '\\'))
                return fail(p, "resource: name= must be 1 to 63 characters, no quotes or "
                            "backslashes");
        } else if (!strcmp(key, "restart-action")) {
            if (!strcmp(v, "none"))
                s->restart_action = FO_RESTART_NONE;
            else if (!strcmp(v, "restart"))
                s->restart_action = FO_RESTART_NO_FAILOVER;
            else if (!strcmp(v, "failover"))
                s->restart_action = FO_RESTART_FAILOVER;
            else
                return fail(p, "resource restart-action=: none, restart or failover, not '%s'", v);
        } else if (!strcmp(key, "restart-threshold")) {
            if (want_u32(p, v, "resource restart-threshold=", &u))
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
            if (want_duration(p, v, "resource restart-delay=", &s->restart_delay_ms))
                return -1;
            if (s->restart_delay_ms > 0xFFFFFFFEL)
                return fail(p, "resource restart-delay=: must fit a DWORD of milliseconds");
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
            return fail(p, "resource: unknown setting '%s' (name=, restart-action=, "
                        "restart-threshold=, restart-period=, retry-period=, restart-delay=, "
                        "possible-owners=, looksalive=, isalive=, pending-timeout=)", key);
        }
        if (ms) {
            char what[64];
            snprintf(what, sizeof(what), "resource %s=", key);
            if (want_duration(p, v, what, ms))
                return -1;
            if (*ms >= 0xFFFFFFFFL || (*ms == 0 && strcmp(key, "restart-period")))
                return fail(p, "resource %s=: must be above 0 and fit a DWORD of milliseconds",
                            key);
        }
    }
    return 0;
}

/* ------------------------------------------------------------ steps */

/* The codes of the DLL's preflight findings: what a refusal can carry.
 * Answers whether code is one, and the lowest and highest for messages. */
static int refusal_code(uint32_t code, uint32_t *lo, uint32_t *hi)
{
    int found = 0;

    *lo = *hi = 0;
    for (int f = 0; f < IG_F_COUNT; f++) {
        uint32_t e = ig_finding_error((ig_finding)f);
        if (!e)
            continue;
        found |= e == code;
        if (!*lo || e < *lo)
            *lo = e;
        if (e > *hi)
            *hi = e;
    }
    return found;
}

static int parse_cond(struct parser *p, const char *word, struct fo_step *st)
{
    struct fo_cond *c;
    char key[32];
    const char *v;
    const char *le, *eq;

    if (!strcmp(word, "expect"))
        return fail(p, "'expect' appears twice in one step");
    if (st->n_conds == FO_MAX_CONDS)
        return fail(p, "at most %d expectations per step", FO_MAX_CONDS);
    c = &st->conds[st->n_conds];
    memset(c, 0, sizeof(*c));
    c->node = -1;
    copy(c->src, sizeof(c->src), word);

    /* failover<=10s / failover<10s */
    le = strchr(word, '<');
    eq = strchr(word, '=');
    if (le && (!eq || le < eq)) {
        if (strncmp(word, "failover<", 9))
            return fail(p, "expect: '%s': only failover takes a bound (failover<=10s)", word);
        v = word + 9;
        if (*v == '=')
            v++;
        c->kind = FO_C_FAILOVER_TIME;
        if (want_duration(p, v, "expect failover<=", &c->ms))
            return -1;
        st->n_conds++;
        return 0;
    }
    v = kv(word, key, sizeof(key));
    if (!v)
        return fail(p, "expect: '%s' is not key=value (owner=, state=, res=, refused=, "
                    "not-refused=, log=, reason=, restarts=, failovers=, failover<=, within=)",
                    word);
    if (!strcmp(key, "within")) {
        if (want_duration(p, v, "expect within=", &st->within_ms))
            return -1;
        if (st->within_ms == 0)
            return fail(p, "expect within=: must be above 0");
        return 0;
    }
    if (!strcmp(key, "owner")) {
        c->kind = FO_C_OWNER;
        if (strcmp(v, "none") && want_node(p, v, "expect owner=", &c->node))
            return -1;
    } else if (!strcmp(key, "state")) {
        c->kind = FO_C_STATE;
        if (!fo_gstate_parse(v, &c->gstate))
            return fail(p, "expect state=: Online, Offline, Pending or Failed, not '%s'", v);
    } else if (!strcmp(key, "res")) {
        char node[64];
        const char *colon = strchr(v, ':');
        c->kind = FO_C_RES;
        if (!colon || (size_t)(colon - v) >= sizeof(node))
            return fail(p, "expect res=: <node>:<state>, like res=NODE-B:Failed");
        memcpy(node, v, (size_t)(colon - v));
        node[colon - v] = 0;
        if (want_node(p, node, "expect res=", &c->node))
            return -1;
        if (!fo_rstate_parse(colon + 1, &c->rstate) || c->rstate == FO_R_UNKNOWN)
            return fail(p, "expect res=: Online, Offline, OnlinePending, OfflinePending, Failed "
                        "or Down, not '%s'", colon + 1);
    } else if (!strcmp(key, "refused") || !strcmp(key, "not-refused")) {
        uint32_t lo, hi;
        char node[64];
        const char *colon = strchr(v, ':');
        size_t n = colon ? (size_t)(colon - v) : strlen(v);
        c->kind = key[0] == 'r' ? FO_C_REFUSED : FO_C_NOT_REFUSED;
        if (n >= sizeof(node))
            return fail(p, "expect %s=: '%s' is not a node name", key, v);
        memcpy(node, v, n);
        node[n] = 0;
        if (want_node(p, node, key[0] == 'r' ? "expect refused=" : "expect not-refused=",
                      &c->node))
            return -1;
        if (colon) {
            if (c->kind == FO_C_NOT_REFUSED)
                return fail(p, "expect not-refused=: just the node, no code");
            if (!parse_u32(colon + 1, &c->code))
                return fail(p, "expect refused=: '%s' is not an error code (like 0x20490006)",
                            colon + 1);
            if (!refusal_code(c->code, &lo, &hi))
                return fail(p, "expect refused=: %s is not a code IMS Guard refuses Online with "
                            "(0x%08X to 0x%08X: the IMSGUARD_E_ codes of include/imsguard.h "
                            "for its preflight findings)", colon + 1, (unsigned)lo,
                            (unsigned)hi);
            c->has_code = 1;
        }
    } else if (!strcmp(key, "log") || !strcmp(key, "reason")) {
        const char *colon = strchr(v, ':');
        const char *text = v;
        c->kind = key[0] == 'l' ? FO_C_LOG : FO_C_REASON;
        /* Before a colon comes a node, or nothing (log=:text: every node);
         * never a guess, so a mistyped node is not searched for as text. */
        if (colon) {
            char node[64];
            size_t n = (size_t)(colon - v);
            if (n >= sizeof(node))
                return fail(p, "expect %s=: '%.*s' is not a node name", key, (int)n, v);
            memcpy(node, v, n);
            node[n] = 0;
            text = colon + 1;
            if (n && c->kind == FO_C_REASON && want_node(p, node, "expect reason=", &c->node))
                return -1;
            if (n && c->kind == FO_C_LOG && (c->node = fo_node_index(p->s, node)) < 0) {
                char list[200];
                node_list(p->s, list, sizeof(list));
                return fail(p, "expect log=: no node named '%s' (nodes: %s); to look for text "
                            "with a colon on every node, write log=:%s", node, list, v);
            }
        }
        if (c->kind == FO_C_REASON && c->node < 0)
            return fail(p, "expect reason=: <node>:<text>, like reason=NODE-A:Q194128");
        if (!*text)
            return fail(p, "expect %s=: the text to look for is empty", key);
        if (!copy(c->text, sizeof(c->text), text))
            return fail(p, "expect %s=: the text is too long", key);
    } else if (!strcmp(key, "restarts") || !strcmp(key, "failovers")) {
        uint32_t n;
        c->kind = key[0] == 'r' ? FO_C_RESTARTS : FO_C_FAILOVERS;
        if (want_u32(p, v, key, &n))
            return -1;
        c->n = (long)n;
    } else {
        return fail(p, "expect: unknown condition '%s' (owner=, state=, res=, refused=, "
                    "not-refused=, log=, reason=, restarts=, failovers=, failover<=, within=)",
                    key);
    }
    st->n_conds++;
    return 0;
}

static int node_arg(struct parser *p, struct fo_step *st, char **w, int n, int *i, int required)
{
    if (*i < n && strcmp(w[*i], "expect") && strcmp(w[*i], "sticky")) {
        if (want_node(p, w[*i], fo_action_name(st->action), &st->node))
            return -1;
        (*i)++;
    } else if (required) {
        return fail(p, "%s: name the node (%s <node>)", fo_action_name(st->action),
                    fo_action_name(st->action));
    }
    return 0;
}

static int parse_step(struct parser *p, char **w, int n, const char *raw)
{
    struct fo_scenario *s = p->s;
    struct fo_step *st;
    const char *t;
    long start_ms;
    int i = 2;

    if (!p->seen_step) {
        p->seen_step = 1;
        if (s->n_nodes < FO_MIN_NODES)
            return fail(p, "at least %d nodes are declared before the first step (found %d)",
                        FO_MIN_NODES, s->n_nodes);
    }
    if (s->n_steps == FO_MAX_STEPS)
        return fail(p, "at most %d steps per scenario", FO_MAX_STEPS);
    st = &s->steps[s->n_steps];
    memset(st, 0, sizeof(*st));
    st->line = p->line;
    st->node = -1;
    st->within_ms = 0;      /* not given: the default, below */
    copy(st->text, sizeof(st->text), raw);

    if (n < 2)
        return fail(p, "at: a time is needed (at 0s ..., at +5s ...)");
    t = w[1];
    if (*t == '+') {
        st->relative = 1;
        t++;
    }
    if (want_duration(p, t, "at", &st->at_ms))
        return -1;
    if (!st->relative) {
        if (st->at_ms < p->last_abs_ms)
            return fail(p, "at %s: earlier than a step before it (use +<duration> for "
                        "\"after the previous step\")", w[1]);
        p->last_abs_ms = st->at_ms;
    }
    if (st->at_ms >= s->limit_ms)
        return fail(p, "at %s: not before the scenario's time limit (%ld s)", w[1],
                    s->limit_ms / 1000);
    /* A step starts after the one before it ended; steps that add up past
     * the limit would end the scenario at its limit instead of testing. */
    start_ms = st->relative ? p->earliest_end_ms + st->at_ms
                            : (st->at_ms > p->earliest_end_ms ? st->at_ms : p->earliest_end_ms);
    if (start_ms >= s->limit_ms)
        return fail(p, "at %s: the steps before it take at least %ld s, past the scenario's "
                    "time limit (%ld s)", w[1], start_ms / 1000, s->limit_ms / 1000);
    p->earliest_end_ms = start_ms;

    if (n == 2)
        return fail(p, "at %s: nothing to do (an action, or expect ...)", w[1]);
    if (!strcmp(w[2], "expect")) {
        st->action = FO_A_CHECK;
    } else {
        const char *a = w[2];
        int found = 0;
        for (int k = 0; k < FO_A_COUNT; k++) {
            if (!strcmp(a, action_names[k])) {
                st->action = (enum fo_action)k;
                found = 1;
                break;
            }
        }
        if (!found)
            return fail(p, "unknown action '%s' (online, offline, move, crash, hang, clear-domain, "
                        "set-domain, swap, stop-node, start-node, set-property, addowner, "
                        "removeowner, wait, check)", a);
        i = 3;
        switch (st->action) {
        case FO_A_CHECK:
        case FO_A_ONLINE:
        case FO_A_OFFLINE:
            break;
        case FO_A_MOVE:
            if (node_arg(p, st, w, n, &i, 0))
                return -1;
            break;
        case FO_A_CRASH:
        case FO_A_HANG:
            if (node_arg(p, st, w, n, &i, 0))
                return -1;
            if (i < n && !strcmp(w[i], "sticky")) {
                st->sticky = 1;
                i++;
            }
            break;
        case FO_A_CLEAR_DOMAIN:
        case FO_A_STOP_NODE:
        case FO_A_START_NODE:
        case FO_A_ADD_OWNER:
        case FO_A_REMOVE_OWNER:
            if (node_arg(p, st, w, n, &i, 1))
                return -1;
            break;
        case FO_A_SET_DOMAIN:
            if (node_arg(p, st, w, n, &i, 1))
                return -1;
            if (i >= n || !strcmp(w[i], "expect"))
                return fail(p, "set-domain: set-domain <node> <domain>");
            if (same(w[i], "none") || same(w[i], "clear"))
                return fail(p, "set-domain: '%s' is ambiguous; write clear-domain %s for no "
                            "domain, or %s. for a domain named %s", w[i], w[3], w[i], w[i]);
            if (!copy(st->arg, sizeof(st->arg), w[i++]))
                return fail(p, "set-domain: the domain is too long");
            break;
        case FO_A_SWAP:
            if (node_arg(p, st, w, n, &i, 1))
                return -1;
            if (i >= n || !fo_version_ok(w[i]))
                return fail(p, "swap: swap <node> <IMS version like 5.5.2448.0>");
            copy(st->arg, sizeof(st->arg), w[i++]);
            break;
        case FO_A_SET_PROPERTY:
            if (i >= n || !strcmp(w[i], "expect"))
                return fail(p, "set-property: set-property <Name>=<sz|dword>:<value>");
            if (parse_prop(p, w[i++], &st->prop))
                return -1;
            break;
        case FO_A_WAIT:
            if (i >= n || !strcmp(w[i], "expect"))
                return fail(p, "wait: wait <duration>");
            if (want_duration(p, w[i], "wait", &st->wait_ms))
                return -1;
            if (st->wait_ms >= s->limit_ms)
                return fail(p, "wait: %s is longer than the scenario's time limit (%ld s)",
                            w[i], s->limit_ms / 1000);
            if (start_ms + st->wait_ms >= s->limit_ms)
                return fail(p, "wait: %s from %ld s at the earliest ends past the scenario's "
                            "time limit (%ld s)", w[i], start_ms / 1000, s->limit_ms / 1000);
            p->earliest_end_ms += st->wait_ms;
            i++;
            break;
        case FO_A_COUNT:
            break;
        }
        if (i < n && strcmp(w[i], "expect"))
            return fail(p, "%s: unexpected '%s' (expectations start with 'expect')",
                        fo_action_name(st->action), w[i]);
    }
    if (i < n) {
        /* w[i] is "expect" */
        if (++i == n)
            return fail(p, "expect: no conditions follow");
        for (; i < n; i++)
            if (parse_cond(p, w[i], st))
                return -1;
    }
    if (st->action == FO_A_CHECK && st->n_conds == 0)
        return fail(p, "at %s: nothing to do (an action, or expect ...)", w[1]);
    if (st->within_ms > s->limit_ms)
        return fail(p, "within=: longer than the scenario's time limit (%ld s)",
                    s->limit_ms / 1000);
    if (!st->within_ms)
        st->within_ms = FO_DEFAULT_WITHIN_MS < s->limit_ms ? FO_DEFAULT_WITHIN_MS : s->limit_ms;
    s->n_steps++;
    return 0;
}

/* ------------------------------------------------------------ the file */

static void defaults(struct fo_scenario *s, const char *file, const char *name)
{
    memset(s, 0, sizeof(*s));
    copy(s->file, sizeof(s->file), file);
    copy(s->name, sizeof(s->name), name);
    s->limit_ms = FO_DEFAULT_LIMIT_MS;
    s->era = FO_ERA_DEFAULT;
    s->clock_ms = 12L * 3600 * 1000;    /* noon: no failback window is near by chance */
    copy(s->group_name, sizeof(s->group_name), "Exchange");
    s->failback_start = s->failback_end = -1;
    copy(s->res_name, sizeof(s->res_name), "Internet Mail Service");
    s->restart_action = FO_RESTART_FAILOVER;
    for (int i = 0; i < FO_MAX_NODES; i++)
        s->possible[i] = 1;             /* a new resource: every node */
    s->looksalive_ms = 500;
    s->isalive_ms = 2000;
    s->pending_ms = 30000;
}

static int statement(struct parser *p, char *line)
{
    struct fo_scenario *s = p->s;
    char raw[FO_LINE_LEN], *w[MAX_WORDS];
    int n;
    enum tok_status words;
    char *trimmed = line;
    size_t len;

    while (*trimmed == ' ' || *trimmed == '\t')
        trimmed++;
    len = strlen(trimmed);
    while (len && (trimmed[len - 1] == ' ' || trimmed[len - 1] == '\t'))
        trimmed[--len] = 0;
    if (!copy(raw, sizeof(raw), trimmed))
        return fail(p, "line longer than %d characters", FO_LINE_LEN - 1);
    n = tok_split(trimmed, w, MAX_WORDS, TOK_HASH_COMMENTS, &words);
    if (words == TOK_UNCLOSED_QUOTE)
        return fail(p, "a double quote is not closed");
    if (words == TOK_TOO_MANY_WORDS)
        return fail(p, "more than %d words on one line", MAX_WORDS);
    if (n == 0)
        return 0;

    if (!strcmp(w[0], "title")) {
        const char *rest = raw + 5;
        /* The title is the rest of the line as written, so the keyword must
         * be written as is for "the rest" to start after it. */
        if (strncmp(raw, "title", 5) || (raw[5] && raw[5] != ' ' && raw[5] != '\t'))
            return fail(p, "title: write the word title without quotes, then the text "
                        "(title <text>)");
        while (*rest == ' ' || *rest == '\t')
            rest++;
        if (!*rest)
            return fail(p, "title: the text is missing");
        if (!copy(s->title, sizeof(s->title), rest))
            return fail(p, "title: longer than %d characters", FO_TEXT_LEN - 1);
        return 0;
    }
    if (!strcmp(w[0], "limit")) {
        if (p->seen_step)
            return fail(p, "limit: set the time limit before the first step");
        if (n != 2)
            return fail(p, "limit: limit <duration>, like limit 90s");
        if (want_duration(p, w[1], "limit", &s->limit_ms))
            return -1;
        if (s->limit_ms < 1000 || s->limit_ms > FO_MAX_LIMIT_MS)
            return fail(p, "limit: from 1 s to %ld s", FO_MAX_LIMIT_MS / 1000);
        return 0;
    }
    if (!strcmp(w[0], "node"))
        return parse_node(p, w, n);
    if (!strcmp(w[0], "cluster"))
        return parse_cluster(p, w, n);
    if (!strcmp(w[0], "group"))
        return parse_group(p, w, n);
    if (!strcmp(w[0], "resource"))
        return parse_resource(p, w, n);
    if (!strcmp(w[0], "property")) {
        struct fo_prop prop;
        if (p->seen_step)
            return fail(p, "property: initial properties come before the first step "
                        "(use the set-property action later)");
        if (n != 2)
            return fail(p, "property: property <Name>=<sz|dword>:<value>");
        if (parse_prop(p, w[1], &prop))
            return -1;
        if (same(prop.name, "SmtpProbePort"))
            return fail(p, "property: SmtpProbePort is chosen by the harness (a free port for "
                        "the scenario); set-property can still change it in a step");
        for (int i = 0; i < s->n_props; i++)
            if (same(s->props[i].name, prop.name))
                return fail(p, "property: %s is set twice", prop.name);
        if (s->n_props == FO_MAX_PROPS)
            return fail(p, "property: at most %d", FO_MAX_PROPS);
        if (check_initial_prop(p, &prop))
            return -1;
        s->props[s->n_props++] = prop;
        return 0;
    }
    if (!strcmp(w[0], "at"))
        return parse_step(p, w, n, raw);
    return fail(p, "unknown statement '%s' (title, limit, cluster, node, group, resource, "
                "property, at)", w[0]);
}

int fo_scn_parse(const char *file, const char *name, const char *text,
                 struct fo_scenario *s, char *err, size_t err_size)
{
    return fo_scn_parse_text(file, name, text, strlen(text), s, err, err_size);
}

int fo_scn_parse_text(const char *file, const char *name, const char *text, size_t len,
                      struct fo_scenario *s, char *err, size_t err_size)
{
    struct parser p = { .file = file, .err = err, .err_size = err_size, .s = s };
    const char *cur = text;
    const char *nul = memchr(text, 0, len);

    defaults(s, file, name);
    ig_settings_default(&p.props);
    if (err_size)
        err[0] = 0;
    /* A NUL would end the text unseen, and everything after it with it. */
    if (nul) {
        const char *line_start = text;
        for (const char *c = text; c < nul; c++) {
            if (*c == '\n') {
                p.line++;
                line_start = c + 1;
            }
        }
        p.line++;
        return fail(&p, "a NUL byte (0x00) at column %d: a scenario is text; is this the "
                    "right file?", (int)(nul - line_start) + 1);
    }
    /* Notepad starts a UTF-8 file with a byte-order mark; it is not text. */
    if (!strncmp(cur, "\xef\xbb\xbf", 3))
        cur += 3;
    while (*cur) {
        char line[FO_LINE_LEN + 2];
        const char *nl = strchr(cur, '\n');
        size_t n = nl ? (size_t)(nl - cur) : strlen(cur);
        p.line++;
        if (n > FO_LINE_LEN) {
            return fail(&p, "line longer than %d characters", FO_LINE_LEN - 1);
        }
        memcpy(line, cur, n);
        line[n] = 0;
        if (n && line[n - 1] == '\r')
            line[n - 1] = 0;
        for (size_t i = 0; line[i]; i++)
            if (((unsigned char)line[i] < 0x20 && line[i] != '\t') || line[i] == 0x7f)
                return fail(&p, "control character 0x%02x in the line", (unsigned char)line[i]);
        if (statement(&p, line))
            return -1;
        cur += n;
        if (*cur == '\n')
            cur++;
    }
    if (check_initial_props(&p))
        return -1;
    p.line++;
    if (s->n_nodes < FO_MIN_NODES)
        return fail(&p, "a scenario needs %d to %d nodes (found %d)", FO_MIN_NODES,
                    FO_MAX_NODES, s->n_nodes);
    if (s->n_steps == 0)
        return fail(&p, "no steps (at <time> <action> [expect ...])");
    return apply_era(&p);
}

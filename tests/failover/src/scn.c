/*
 * scn.c - the .scn scenario parser. See scn.h and ../README.md.
 *
 * One statement a line; blanks separate words; "double quotes" keep blanks
 * inside a word (\" and \\ escape inside them); # starts a comment when it
 * begins a word (the words: tests/common/tok.h). Every error names
 * file:line and what is wrong, and the first error ends the parse. This
 * file: names, values, words and the file's statements; scn_int.h lists
 * the others.
 */
#define _POSIX_C_SOURCE 200809L   /* strtok_r */
#include "scn.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_int.h"
#include "tok.h"

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

int scn_fail(struct parser *p, const char *fmt, ...)
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

int scn_same(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

int fo_rstate_parse(const char *text, enum fo_rstate *out)
{
    for (int i = 1; i < FO_R_COUNT; i++) {
        if (scn_same(text, rstate_names[i])) {
            *out = (enum fo_rstate)i;
            return 1;
        }
    }
    return 0;
}

int fo_gstate_parse(const char *text, enum fo_gstate *out)
{
    for (int i = 0; i < FO_G_COUNT; i++) {
        if (scn_same(text, gstate_names[i])) {
            *out = (enum fo_gstate)i;
            return 1;
        }
    }
    return 0;
}

int fo_node_index(const struct fo_scenario *s, const char *name)
{
    for (int i = 0; i < s->n_nodes; i++)
        if (scn_same(s->nodes[i].name, name))
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
int scn_parse_u32(const char *text, uint32_t *out)
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

int scn_node_name_ok(const char *name)
{
    size_t n = strlen(name);

    if (n == 0 || n >= FO_NAME_LEN || name[0] == '-')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)name[i]) && name[i] != '-')
            return 0;
    return 1;
}

int scn_copy(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);

    if (n >= size)
        return 0;
    memcpy(dst, src, n + 1);
    return 1;
}

/* ------------------------------------------------------------ words */

/* "key=value": returns value and puts the key in key, or NULL. */
const char *scn_kv(const char *word, char *key, size_t key_size)
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

void scn_node_list(const struct fo_scenario *s, char *list, size_t size)
{
    list[0] = 0;
    for (int i = 0; i < s->n_nodes; i++) {
        strncat(list, i ? ", " : "", size - strlen(list) - 1);
        strncat(list, s->nodes[i].name, size - strlen(list) - 1);
    }
    if (!s->n_nodes)
        snprintf(list, size, "none declared yet");
}

int scn_want_node(struct parser *p, const char *name, const char *what, int *out)
{
    *out = fo_node_index(p->s, name);
    if (*out < 0) {
        char list[200];
        scn_node_list(p->s, list, sizeof(list));
        return scn_fail(p, "%s: no node named '%s' (nodes: %s)", what, name, list);
    }
    return 0;
}

int scn_want_duration(struct parser *p, const char *text, const char *what, long *out)
{
    *out = fo_parse_duration(text);
    if (*out < 0)
        return scn_fail(p, "%s: '%s' is not a duration (like 500ms, 5s, 1.5s, 2m, 6h)", what, text);
    return 0;
}

int scn_want_u32(struct parser *p, const char *text, const char *what, uint32_t *out)
{
    if (!scn_parse_u32(text, out))
        return scn_fail(p, "%s: '%s' is not a number from 0 to 4294967295", what, text);
    return 0;
}
/* ------------------------------------------------------------ the file */

static void defaults(struct fo_scenario *s, const char *file, const char *name)
{
    memset(s, 0, sizeof(*s));
    scn_copy(s->file, sizeof(s->file), file);
    scn_copy(s->name, sizeof(s->name), name);
    s->limit_ms = FO_DEFAULT_LIMIT_MS;
    s->era = FO_ERA_DEFAULT;
    s->clock_ms = 12L * 3600 * 1000;    /* noon: no failback window is near by chance */
    scn_copy(s->group_name, sizeof(s->group_name), "Exchange");
    s->failback_start = s->failback_end = -1;
    scn_copy(s->res_name, sizeof(s->res_name), "Internet Mail Service");
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
    if (!scn_copy(raw, sizeof(raw), trimmed))
        return scn_fail(p, "line longer than %d characters", FO_LINE_LEN - 1);
    n = tok_split(trimmed, w, MAX_WORDS, TOK_HASH_COMMENTS, &words);
    if (words == TOK_UNCLOSED_QUOTE)
        return scn_fail(p, "a double quote is not closed");
    if (words == TOK_TOO_MANY_WORDS)
        return scn_fail(p, "more than %d words on one line", MAX_WORDS);
    if (n == 0)
        return 0;

    if (!strcmp(w[0], "title")) {
        const char *rest = raw + 5;
        /* The title is the rest of the line as written, so the keyword must
         * be written as is for "the rest" to start after it. */
        if (strncmp(raw, "title", 5) || (raw[5] && raw[5] != ' ' && raw[5] != '\t'))
            return scn_fail(p, "title: write the word title without quotes, then the text "
                            "(title <text>)");
        while (*rest == ' ' || *rest == '\t')
            rest++;
        if (!*rest)
            return scn_fail(p, "title: the text is missing");
        if (!scn_copy(s->title, sizeof(s->title), rest))
            return scn_fail(p, "title: longer than %d characters", FO_TEXT_LEN - 1);
        return 0;
    }
    if (!strcmp(w[0], "limit")) {
        if (p->seen_step)
            return scn_fail(p, "limit: set the time limit before the first step");
        if (n != 2)
            return scn_fail(p, "limit: limit <duration>, like limit 90s");
        if (scn_want_duration(p, w[1], "limit", &s->limit_ms))
            return -1;
        if (s->limit_ms < 1000 || s->limit_ms > FO_MAX_LIMIT_MS)
            return scn_fail(p, "limit: from 1 s to %ld s", FO_MAX_LIMIT_MS / 1000);
        return 0;
    }
    if (!strcmp(w[0], "node"))
        return scn_parse_node(p, w, n);
    if (!strcmp(w[0], "cluster"))
        return scn_parse_cluster(p, w, n);
    if (!strcmp(w[0], "group"))
        return scn_parse_group(p, w, n);
    if (!strcmp(w[0], "resource"))
        return scn_parse_resource(p, w, n);
    if (!strcmp(w[0], "property")) {
        struct fo_prop prop;
        if (p->seen_step)
            return scn_fail(p, "property: initial properties come before the first step "
                            "(use the set-property action later)");
        if (n != 2)
            return scn_fail(p, "property: property <Name>=<sz|dword>:<value>");
        if (scn_parse_prop(p, w[1], &prop))
            return -1;
        if (scn_same(prop.name, "SmtpProbePort"))
            return scn_fail(p, "property: SmtpProbePort is chosen by the harness (a free port for "
                            "the scenario); set-property can still change it in a step");
        for (int i = 0; i < s->n_props; i++)
            if (scn_same(s->props[i].name, prop.name))
                return scn_fail(p, "property: %s is set twice", prop.name);
        if (s->n_props == FO_MAX_PROPS)
            return scn_fail(p, "property: at most %d", FO_MAX_PROPS);
        if (scn_check_initial_prop(p, &prop))
            return -1;
        s->props[s->n_props++] = prop;
        return 0;
    }
    if (!strcmp(w[0], "at"))
        return scn_parse_step(p, w, n, raw);
    return scn_fail(p, "unknown statement '%s' (title, limit, cluster, node, group, resource, "
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
        return scn_fail(&p, "a NUL byte (0x00) at column %d: a scenario is text; is this the "
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
            return scn_fail(&p, "line longer than %d characters", FO_LINE_LEN - 1);
        }
        memcpy(line, cur, n);
        line[n] = 0;
        if (n && line[n - 1] == '\r')
            line[n - 1] = 0;
        for (size_t i = 0; line[i]; i++)
            if (((unsigned char)line[i] < 0x20 && line[i] != '\t') || line[i] == 0x7f)
                return scn_fail(&p, "control character 0x%02x in the line", (unsigned char)line[i]);
        if (statement(&p, line))
            return -1;
        cur += n;
        if (*cur == '\n')
            cur++;
    }
    if (scn_check_initial_props(&p))
        return -1;
    p.line++;
    if (s->n_nodes < FO_MIN_NODES)
        return scn_fail(&p, "a scenario needs %d to %d nodes (found %d)", FO_MIN_NODES,
                        FO_MAX_NODES, s->n_nodes);
    if (s->n_steps == 0)
        return scn_fail(&p, "no steps (at <time> <action> [expect ...])");
    return scn_apply_era(&p);
}

/*
 * fuzz_scn.c - libFuzzer target: the failover scenario parser
 * (tests/failover/src/scn.c) on arbitrary bytes, as a scenario file read
 * whole (NULs and all).
 *
 * Besides sanitizer reports, what scn.h promises is checked: a refusal is
 * one line "f.scn:<line>: <reason>" with every byte visible; an accepted
 * scenario holds only what the runner can use (2 to 8 nodes, none named
 * like a keyword, node indexes in range, times within the limit, refusal
 * codes the DLL returns), and its initial properties pass the DLL's own
 * validator (resdll/core/props.c).
 */
#include "fuzz.h"

#include "preflight.h"
#include "scn.h"

static struct fo_scenario scn;

/* The two helpers below are the oracle's own, not scn.c's (static there):
 * a check written apart from the code it checks. */

static int same_ci(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

static int refusal_code(uint32_t code)
{
    for (int f = 0; f < IG_F_COUNT; f++)
        if (code && ig_finding_error((ig_finding)f) == code)
            return 1;
    return 0;
}

static void check_refusal(const char *err, size_t size, const uint8_t *data, size_t n)
{
    const char *p = err;

    FUZZ_CHECK(memchr(err, 0, size) != NULL, "the message is terminated");
    FUZZ_CHECK(!strncmp(p, "f.scn:", 6), "the message starts with the file name");
    p += 6;
    FUZZ_CHECK(*p >= '1' && *p <= '9', "then a line number from 1");
    while (*p >= '0' && *p <= '9')
        p++;
    FUZZ_CHECK(!strncmp(p, ": ", 2) && p[2], "then a reason");
    for (p = err; *p; p++)
        FUZZ_CHECK((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f,
                   "every byte of a message is visible");
    if (memchr(data, 0, n))
        FUZZ_CHECK(strstr(err, "a NUL byte (0x00)") != NULL, "a NUL is what is refused");
}

static void check_node(const struct fo_scenario *s, int node, int none_ok)
{
    FUZZ_CHECK(node < s->n_nodes && (node >= 0 || (none_ok && node == -1)),
               "a node index is a declared node");
}

static void check_accepted(const struct fo_scenario *s)
{
    ig_settings props;
    ig_prop_problem why;
    long start = 0;

    FUZZ_CHECK(s->n_nodes >= FO_MIN_NODES && s->n_nodes <= FO_MAX_NODES, "2 to 8 nodes");
    FUZZ_CHECK(s->n_steps >= 1 && s->n_steps <= FO_MAX_STEPS, "1 to 64 steps");
    FUZZ_CHECK(s->limit_ms >= 1000 && s->limit_ms <= FO_MAX_LIMIT_MS, "the limit is 1 s to 600 s");
    for (int i = 0; i < s->n_nodes; i++) {
        const char *name = s->nodes[i].name;
        FUZZ_CHECK(name[0] && strlen(name) < FO_NAME_LEN, "a node has a computer name");
        FUZZ_CHECK(!same_ci(name, "none") && !same_ci(name, "expect") && !same_ci(name, "sticky"),
                   "no node is named like a keyword");
        FUZZ_CHECK(!same_ci(s->nodes[i].domain, "none") && !same_ci(s->nodes[i].domain, "clear"),
                   "a node's domain is never a word for no domain");
    }
    for (int i = 0; i < s->n_preferred; i++)
        check_node(s, s->preferred[i], 0);
    for (int i = 0; i < s->n_steps; i++) {
        const struct fo_step *st = &s->steps[i];
        check_node(s, st->node, 1);
        FUZZ_CHECK(st->at_ms >= 0 && st->at_ms < s->limit_ms, "a step's time is before the limit");
        start = st->relative ? start + st->at_ms : (st->at_ms > start ? st->at_ms : start);
        FUZZ_CHECK(start < s->limit_ms, "the steps add up to less than the limit");
        if (st->action == FO_A_WAIT) {
            start += st->wait_ms;
            FUZZ_CHECK(start < s->limit_ms, "a wait ends before the limit");
        }
        FUZZ_CHECK(st->within_ms > 0 && st->within_ms <= s->limit_ms, "within= is in the limit");
        if (st->action == FO_A_SET_DOMAIN)
            FUZZ_CHECK(!same_ci(st->arg, "none") && !same_ci(st->arg, "clear"),
                       "set-domain never takes a word for no domain");
        FUZZ_CHECK(st->action != FO_A_CHECK || st->n_conds > 0, "a check checks something");
        for (int k = 0; k < st->n_conds; k++) {
            const struct fo_cond *c = &st->conds[k];
            int none_ok = c->kind == FO_C_OWNER || c->kind == FO_C_LOG;
            if (c->kind == FO_C_OWNER || c->kind == FO_C_RES || c->kind == FO_C_REFUSED ||
                c->kind == FO_C_NOT_REFUSED || c->kind == FO_C_LOG || c->kind == FO_C_REASON)
                check_node(s, c->node, none_ok);
            if (c->has_code)
                FUZZ_CHECK(refusal_code(c->code), "a refusal code is one the DLL returns");
            if (c->kind == FO_C_LOG || c->kind == FO_C_REASON)
                FUZZ_CHECK(c->text[0], "a text to look for is not empty");
        }
    }
    /* The initial properties, as the cluster database will hold them. */
    ig_settings_default(&props);
    for (int i = 0; i < s->n_props; i++) {
        const struct fo_prop *p = &s->props[i];
        uint16_t name[64], value[FO_TEXT_LEN];
        int id;
        FUZZ_CHECK(ig_u16_from_ascii(name, 64, p->name), "a property name is ASCII");
        id = ig_prop_find(name, ig_u16len(name));
        FUZZ_CHECK(id >= 0, "an initial property is one of the DLL's");
        if (p->type == FO_PROP_DWORD) {
            FUZZ_CHECK(ig_prop_set_dword(&props, (ig_prop_id)id, p->dword, NULL) == 0,
                       "an initial DWORD passes the DLL's validator");
        } else {
            FUZZ_CHECK(ig_u16_from_ascii(value, FO_TEXT_LEN, p->sz), "an initial text is ASCII");
            FUZZ_CHECK(ig_prop_set_sz(&props, (ig_prop_id)id, value, ig_u16len(value), NULL) == 0,
                       "an initial text passes the DLL's validator");
        }
    }
    FUZZ_CHECK(ig_settings_check(&props, &why) == 0, "the initial properties agree");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    char err[1024];
    int rc;

    if (!text)
        abort();
    if (size)
        memcpy(text, data, size);
    text[size] = 0;     /* as fo_read_file leaves it: one NUL past the bytes read */
    memset(err, 0x5a, sizeof(err));
    rc = fo_scn_parse_text("f.scn", "f", text, size, &scn, err, sizeof(err));
    FUZZ_CHECK(rc == 0 || rc == -1, "0 or -1");
    if (rc)
        check_refusal(err, sizeof(err), data, size);
    else
        check_accepted(&scn);
    free(text);
    return 0;
}

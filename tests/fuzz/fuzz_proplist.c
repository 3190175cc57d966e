/*
 * fuzz_proplist.c - libFuzzer target: ig_proplist_apply on arbitrary bytes.
 *
 * The input is taken as a CLUSPROP property list, as VALIDATE and SET get it
 * from whoever calls ResourceControl (cluster.exe, Cluster Administrator, a
 * script: anything). Applied to the default settings it must either be
 * refused with one of the two documented errors and a usable reason, or
 * leave settings that pass every rule; and those settings, encoded as GET
 * would answer them, must apply again to the very same settings.
 */
#include "fuzz.h"

#include "igerr.h"
#include "proplist.h"
#include "props.h"
#include "u16.h"

#define ALL_PROPS ((1u << IG_P_COUNT) - 1u)

/* The GET answer for s, in a heap buffer of exactly its size. */
static uint8_t *encode(const ig_settings *s, size_t *n)
{
    ig_writer w;
    uint8_t *buf;

    ig_writer_init(&w, NULL, 0);
    ig_proplist_encode(&w, s);
    FUZZ_CHECK(ig_writer_status(&w) == IG_ERROR_MORE_DATA, "the sizing pass reports MORE_DATA");
    *n = w.needed;
    buf = malloc(*n);
    if (!buf)
        abort();
    ig_writer_init(&w, buf, *n);
    ig_proplist_encode(&w, s);
    FUZZ_CHECK(ig_writer_status(&w) == IG_ERROR_SUCCESS, "a buffer of the size asked for suffices");
    FUZZ_CHECK(w.needed == *n, "both passes need the same size");
    return buf;
}

static void check_refusal(uint32_t err, const ig_prop_problem *why)
{
    FUZZ_CHECK(err == IG_ERROR_INVALID_DATA || err == IG_ERROR_INVALID_PARAMETER,
               "a refusal is INVALID_DATA or INVALID_PARAMETER");
    FUZZ_CHECK(why->error == err, "the problem carries the error returned");
    FUZZ_CHECK(why->prop >= -1 && why->prop < IG_P_COUNT, "the problem names a real property or none");
    FUZZ_CHECK(memchr(why->reason, '\0', sizeof(why->reason)) != NULL, "the reason is terminated");
    FUZZ_CHECK(why->reason[0] != '\0', "the reason says something");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ig_settings s, again, back;
    ig_prop_problem why;
    uint32_t present = 0xdeadbeefu, present2, err;
    uint8_t *in = fuzz_dup(data, size), *enc, *enc2;
    size_t n, n2;

    ig_settings_default(&s);
    /* Filled with garbage so an unterminated reason is seen. */
    memset(&why, 0xa5, sizeof(why));
    err = ig_proplist_apply(in, size, &s, &present, &why);
    if (err != IG_ERROR_SUCCESS) {
        check_refusal(err, &why);
        free(in);
        return 0;
    }
    FUZZ_CHECK((present & ~ALL_PROPS) == 0, "present names only real properties");
    FUZZ_CHECK(ig_settings_check(&s, &why) == IG_ERROR_SUCCESS, "accepted settings pass every rule");

    /* Applying the same list again changes nothing and is accepted again. */
    again = s;
    err = ig_proplist_apply(in, size, &again, &present2, &why);
    FUZZ_CHECK(err == IG_ERROR_SUCCESS, "an accepted list is accepted again on its own result");
    FUZZ_CHECK(present2 == present && fuzz_same_settings(&again, &s), "re-applying is idempotent");
    free(in);

    /* GET's answer for these settings round-trips through SET. */
    enc = encode(&s, &n);
    ig_settings_default(&back);
    memset(&why, 0xa5, sizeof(why));
    err = ig_proplist_apply(enc, n, &back, &present2, &why);
    if (err != IG_ERROR_SUCCESS) {
        fprintf(stderr, "re-applying the encoding failed: %u, %s\n", (unsigned)err,
                memchr(why.reason, '\0', sizeof(why.reason)) ? why.reason : "(unterminated)");
    }
    FUZZ_CHECK(err == IG_ERROR_SUCCESS, "the encoding of accepted settings is accepted");
    FUZZ_CHECK(present2 == ALL_PROPS, "the encoding names every property");
    FUZZ_CHECK(fuzz_same_settings(&back, &s), "the encoding round-trips every value");
    enc2 = encode(&back, &n2);
    FUZZ_CHECK(n2 == n && memcmp(enc, enc2, n) == 0, "encoding the round-tripped settings gives the same bytes");
    free(enc);
    free(enc2);
    return 0;
}

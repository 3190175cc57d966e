/*
 * fuzz_text.c - libFuzzer target: the core's text parsers on arbitrary text.
 *
 * Byte 0 picks the parser (mod 3), the rest is its text:
 *   0  ig_version_parse   (FirstAffectedVersion / FirstFixedVersion values)
 *   1  ig_dns_check, ig_dns_equal   (the node's domain, ExpectedDnsDomain)
 *   2  ig_service_image_path        (a service's command line from the SCM),
 *      and ig_startup_args on the same text (StartupParameters);
 *      byte 1 is the output capacity in code units (255 = 1024, the DLL's),
 *      the rest little-endian UTF-16
 * Besides sanitizer reports, each parser's answer is checked against what
 * its header promises.
 */
#include "fuzz.h"

#include "dnsname.h"
#include "svcpath.h"
#include "version.h"

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static void fuzz_version(const uint8_t *p, size_t n)
{
    char *text = malloc(n + 1), formatted[32];
    ig_version v, again;
    ig_version_status st;
    size_t i, len;

    if (!text)
        abort();
    memcpy(text, p, n);
    text[n] = '\0';
    len = strlen(text);
    memset(&v, 0xa5, sizeof(v));
    st = ig_version_parse(text, &v);
    FUZZ_CHECK(ig_version_status_text(st) != NULL, "every status has a text");
    if (st == IG_VERSION_OK) {
        unsigned dots = 0;
        FUZZ_CHECK(len > 0, "an accepted version is not empty");
        for (i = 0; i < len; i++) {
            FUZZ_CHECK(is_digit((unsigned char)text[i]) || text[i] == '.', "an accepted version is digits and dots");
            dots += text[i] == '.';
        }
        FUZZ_CHECK(dots <= 3, "an accepted version has at most four parts");
        ig_version_format(&v, formatted, sizeof(formatted));
        FUZZ_CHECK(ig_version_parse(formatted, &again) == IG_VERSION_OK, "a formatted version parses");
        FUZZ_CHECK(ig_version_compare(&v, &again) == 0, "format and parse round-trip");
        FUZZ_CHECK(ig_version_classify(&v, &v, &again) == IG_BUILD_FIXED, "a version is in its own fixed range");
    }
    free(text);
}

static void fuzz_dns(const uint8_t *p, size_t n)
{
    /* Exactly n bytes, no terminator: ig_dns_check takes a length. */
    char *name = (char *)fuzz_dup(p, n), *a, *b;
    ig_dns_status st = ig_dns_check(name, n);
    size_t i, len = n, split;

    FUZZ_CHECK(ig_dns_status_text(st) != NULL, "every status has a text");
    if (st == IG_DNS_OK) {
        if (len && name[len - 1] == '.')
            len--;
        FUZZ_CHECK(len >= 1 && len <= IG_DNS_MAX_NAME, "an accepted name is 1 to 253 characters");
        for (i = 0; i < len; i++)
            FUZZ_CHECK(is_alpha((unsigned char)name[i]) || is_digit((unsigned char)name[i]) ||
                           name[i] == '-' || name[i] == '.',
                       "an accepted name is letters, digits, hyphens and dots");
        FUZZ_CHECK(name[0] != '.' && name[0] != '-', "an accepted name starts with a letter or digit");
    }
    free(name);

    /* Equality: two strings split at the first NUL (or the middle). */
    for (split = 0; split < n && p[split]; split++)
        ;
    if (split == n)
        split = n / 2;
    a = malloc(split + 1);
    b = malloc(n - split + 2);
    if (!a || !b)
        abort();
    memcpy(a, p, split);
    a[split] = '\0';
    memcpy(b, p + split, n - split);
    b[n - split] = '\0';
    FUZZ_CHECK(ig_dns_equal(a, b) == ig_dns_equal(b, a), "equality is symmetric");
    FUZZ_CHECK(ig_dns_equal(a, a), "a name equals itself");
    len = strlen(a);
    if (len == 0 || a[len - 1] != '.') {
        char *dotted = malloc(len + 2);
        if (!dotted)
            abort();
        memcpy(dotted, a, len);
        dotted[len] = '.';
        dotted[len + 1] = '\0';
        FUZZ_CHECK(ig_dns_equal(a, dotted), "one trailing dot is ignored");
        free(dotted);
    }
    free(a);
    free(b);
}

static int u16_contains(const uint16_t *hay, size_t hn, const uint16_t *needle, size_t nn)
{
    size_t i;
    for (i = 0; i + nn <= hn; i++) {
        if (memcmp(hay + i, needle, nn * sizeof(*needle)) == 0)
            return 1;
    }
    return 0;
}

static void fuzz_startup_args(const uint16_t *text, size_t units, uint16_t *small, size_t small_cap)
{
    size_t big = 2 * units + 2, quotes = 0, i;
    uint16_t *args = malloc(big * sizeof(*args));
    int counted = ig_startup_args(text, NULL, 0), split;

    if (!args)
        abort();
    for (i = 0; i < units; i++)
        quotes += text[i] == '"';
    split = ig_startup_args(text, args, big);
    FUZZ_CHECK(split == counted, "counting and splitting agree when there is room (2 * length + 2)");
    FUZZ_CHECK((counted < 0) == (quotes % 2 == 1), "only an unclosed quote is refused");
    split = ig_startup_args(text, small, small_cap);
    FUZZ_CHECK(split < 0 || split == counted, "a short buffer is refused, never cut");
    free(args);
}

static void fuzz_svcpath(const uint8_t *p, size_t n)
{
    size_t cap, units, i, out_len;
    uint16_t *cmd, *out;

    if (n < 1)
        return;
    cap = p[0] == 255 ? 1024 : p[0];
    p++;
    n--;
    units = n / 2;
    cmd = malloc((units + 1) * sizeof(*cmd));
    out = malloc((cap ? cap : 1) * sizeof(*out));
    if (!cmd || !out)
        abort();
    for (i = 0; i < units; i++)
        cmd[i] = (uint16_t)(p[2 * i] | (p[2 * i + 1] << 8));
    cmd[units] = 0;
    units = ig_u16len(cmd);   /* an embedded NUL ends the command line */

    if (ig_service_image_path(cmd, out, cap)) {
        FUZZ_CHECK(cap > 0, "nothing is returned in no room");
        out_len = ig_u16nlen(out, cap);
        FUZZ_CHECK(out_len < cap, "the path is terminated within the capacity");
        FUZZ_CHECK(out_len > 0, "a path found is not empty");
        FUZZ_CHECK(out_len <= units && u16_contains(cmd, units, out, out_len),
                   "the path is a piece of the command line");
    }
    fuzz_startup_args(cmd, units, out, cap);
    free(cmd);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    switch (data[0] % 3) {
    case 0:
        fuzz_version(data + 1, size - 1);
        break;
    case 1:
        fuzz_dns(data + 1, size - 1);
        break;
    default:
        fuzz_svcpath(data + 1, size - 1);
        break;
    }
    return 0;
}

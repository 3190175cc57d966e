/*
 * fuzz_regtext.c - libFuzzer target: clusreg's import parser
 * (tests/bed/clusreg/regtext.c) on arbitrary text.
 *
 * The input is UTF-16LE, as the parser sees a file once clusreg has decoded
 * its UTF-8; it ends at the first NUL unit (clusreg refuses a file with one).
 * Checked besides memory safety and leaks: what the parser accepts keeps
 * every registry limit it promises, so that import's writes cannot trip on
 * one halfway.
 */
#include "fuzz.h"

#include "regtext.h"

static int is_limited_path(const rt_char *path)
{
    size_t len = rt_len(path), depth = 0, component = 0, i;

    if (len < 7 || len > RT_MAX_KEY_PATH || memcmp(path, (const rt_char[]){ 'C', 'l', 'u', 's', 't', 'e', 'r' },
                                                   7 * sizeof(rt_char)))
        return 0;
    for (i = 0; i <= len; i++) {
        if (i == len || path[i] == '\\') {
            if (!component || component > RT_MAX_KEY_NAME)
                return 0;
            component = 0;
            depth++;
        } else if (path[i] < 0x20) {
            return 0;
        } else {
            component++;
        }
    }
    return depth <= RT_MAX_KEY_DEPTH;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t units = size / 2, n, i;
    struct rt_parsed p = { 0 };
    const char *problem;
    unsigned line = 0;
    rt_char *text = malloc((units + 1) * sizeof(rt_char));

    if (!text)
        abort();
    for (n = 0; n < units; n++) {
        text[n] = (rt_char)(data[2 * n] | (data[2 * n + 1] << 8));
        if (!text[n])
            break;
    }
    text[n] = 0;

    problem = rt_parse_text(text, &p, &line);
    if (problem) {
        FUZZ_CHECK(problem[0] != '\0', "a problem is a phrase");
    } else {
        FUZZ_CHECK(p.key_count > 0, "an accepted file has a key");
        for (i = 0; i < p.key_count; i++)
            FUZZ_CHECK(is_limited_path(p.keys[i]), "every key is under Cluster and within the limits");
        for (i = 0; i < p.value_count; i++) {
            const struct rt_value *v = &p.values[i];
            FUZZ_CHECK(v->key < p.key_count, "a value belongs to a key before it");
            FUZZ_CHECK(rt_len(v->name) <= RT_MAX_VALUE_NAME, "a value name within 16383 characters");
            FUZZ_CHECK(v->size <= RT_MAX_VALUE_SIZE, "a value within 1 MB");
            FUZZ_CHECK(v->size == 0 || v->data, "a value's bytes are there");
        }
    }
    rt_parsed_free(&p);
    free(text);
    return 0;
}

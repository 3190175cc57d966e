#include "regtext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char root_name[] = "Cluster";

/* ------------------------------------------------------------------ text */

size_t rt_len(const rt_char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

void rt_text_add_n(struct rt_text *t, const rt_char *s, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        rt_char *data;

        while (t->len + n + 1 > cap)
            cap *= 2;
        data = realloc(t->data, cap * sizeof(rt_char));
        if (!data) {
            t->failed = true;
            return;
        }
        t->data = data;
        t->cap = cap;
    }
    if (n)
        memcpy(t->data + t->len, s, n * sizeof(rt_char));
    t->len += n;
    t->data[t->len] = 0;
}

void rt_text_add(struct rt_text *t, const rt_char *s)
{
    rt_text_add_n(t, s, rt_len(s));
}

void rt_text_add_char(struct rt_text *t, rt_char c)
{
    rt_text_add_n(t, &c, 1);
}

void rt_text_add_ascii(struct rt_text *t, const char *s)
{
    if (!*s)
        rt_text_add_n(t, NULL, 0);
    for (; *s; s++)
        rt_text_add_char(t, (rt_char)(unsigned char)*s);
}

void rt_text_add_u64(struct rt_text *t, uint64_t value)
{
    char digits[24];
    snprintf(digits, sizeof(digits), "%llu", (unsigned long long)value);
    rt_text_add_ascii(t, digits);
}

void rt_text_add_hex_byte(struct rt_text *t, uint8_t b)
{
    static const char hex[] = "0123456789abcdef";
    rt_char pair[2] = { (rt_char)hex[b >> 4], (rt_char)hex[b & 15] };
    rt_text_add_n(t, pair, 2);
}

void rt_text_free(struct rt_text *t)
{
    free(t->data);
    memset(t, 0, sizeof(*t));
}

bool rt_parse_u64(const rt_char *s, uint64_t max, uint64_t *out)
{
    uint64_t value = 0;
    unsigned base = 10;

    if (!s[0])
        return false;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
        if (!s[0])
            return false;
    }
    for (; *s; s++) {
        unsigned digit;

        if (*s >= '0' && *s <= '9')
            digit = *s - '0';
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            digit = *s - 'a' + 10;
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            digit = *s - 'A' + 10;
        else
            return false;
        if (value > (max - digit) / base)
            return false;
        value = value * base + digit;
    }
    *out = value;
    return true;
}

/* ---------------------------------------------------------------- parser */

static bool grow(void **array, size_t *cap, size_t need, size_t element)
{
    size_t new_cap;
    void *p;

    if (need <= *cap)
        return true;
    new_cap = *cap ? *cap * 2 : 16;
    while (new_cap < need)
        new_cap *= 2;
    p = realloc(*array, new_cap * element);
    if (!p)
        return false;
    *array = p;
    *cap = new_cap;
    return true;
}

void rt_parsed_free(struct rt_parsed *p)
{
    size_t i;

    for (i = 0; i < p->key_count; i++)
        free(p->keys[i]);
    for (i = 0; i < p->value_count; i++) {
        free(p->values[i].name);
        free(p->values[i].data);
    }
    free(p->keys);
    free(p->values);
    memset(p, 0, sizeof(*p));
}

static bool is_blank(rt_char c)
{
    return c == ' ' || c == '\t';
}

static const rt_char *skip_blanks(const rt_char *s)
{
    while (is_blank(*s))
        s++;
    return s;
}

static int hex_digit(rt_char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* s (n units) equals the ASCII word, ignoring ASCII case when asked. */
static bool same_ascii(const rt_char *s, size_t n, const char *word, bool ignore_case)
{
    size_t i;
    if (strlen(word) != n)
        return false;
    for (i = 0; i < n; i++) {
        rt_char a = s[i], b = (rt_char)(unsigned char)word[i];
        if (ignore_case) {
            if (a >= 'a' && a <= 'z')
                a = (rt_char)(a - 32);
            if (b >= 'a' && b <= 'z')
                b = (rt_char)(b - 32);
        }
        if (a != b)
            return false;
    }
    return true;
}

/* Reads a quoted string at *s into t (unescaped); advances *s past it. */
static const char *parse_quoted(const rt_char **s, struct rt_text *t)
{
    const rt_char *p = *s;

    if (*p != '"')
        return "expected a quoted string";
    t->len = 0;
    rt_text_add_n(t, NULL, 0);
    for (p++; *p != '"'; p++) {
        if (!*p)
            return "unterminated string";
        if (*p != '\\') {
            rt_text_add_char(t, *p);
            continue;
        }
        switch (*++p) {
        case '\\': rt_text_add_char(t, '\\'); break;
        case '"':  rt_text_add_char(t, '"'); break;
        case 'n':  rt_text_add_char(t, '\n'); break;
        case 'r':  rt_text_add_char(t, '\r'); break;
        case 't':  rt_text_add_char(t, '\t'); break;
        case 'u': {
            int i, value = 0;

            for (i = 1; i <= 4; i++) {
                int d = hex_digit(p[i]);

                if (d < 0)
                    return "\\u needs four hex digits";
                value = value * 16 + d;
            }
            if (!value)
                return "\\u0000 is not allowed in a string";
            rt_text_add_char(t, (rt_char)value);
            p += 4;
            break;
        }
        default:
            return "unknown escape in string";
        }
    }
    *s = p + 1;
    return t->failed ? "out of memory" : NULL;
}

/* Hex bytes ("01 ff ...") up to the end of s. */
static const char *parse_bytes(const rt_char *s, uint8_t **data, uint32_t *size)
{
    size_t cap = 0, len = 0;

    *data = NULL;
    for (s = skip_blanks(s); *s; s = skip_blanks(s)) {
        int high = hex_digit(s[0]), low = high < 0 ? -1 : hex_digit(s[1]);

        if (high < 0 || low < 0 || (s[2] && !is_blank(s[2])))
            return "expected hex bytes like 0a ff";
        if (len == RT_MAX_VALUE_SIZE)
            return "the value is larger than the registry's 1 MB (1048576 bytes) for one value";
        if (!grow((void **)data, &cap, len + 1, 1))
            return "out of memory";
        (*data)[len++] = (uint8_t)(high * 16 + low);
        s += 2;
    }
    *size = (uint32_t)len;
    return NULL;
}

static const char *copy_out(struct rt_text *from, size_t units, uint8_t **data, uint32_t *size)
{
    if (units * sizeof(rt_char) > RT_MAX_VALUE_SIZE)
        return "the value is larger than the registry's 1 MB (1048576 bytes) for one value";
    *size = (uint32_t)(units * sizeof(rt_char));
    *data = malloc(*size ? *size : 1);
    if (!*data)
        return "out of memory";
    memcpy(*data, from->data, *size);
    return NULL;
}

/* Parses "<type> <data>" into type/data/size. */
static const char *parse_data(const rt_char *s, uint32_t *type, uint8_t **data, uint32_t *size)
{
    struct rt_text string = { 0 }, all = { 0 };
    const char *problem = NULL;
    const rt_char *start = s;
    size_t word;

    *data = NULL;
    *size = 0;
    while (*s && !is_blank(*s) && *s != '(')
        s++;
    word = (size_t)(s - start);
    s = skip_blanks(s);

    if (same_ascii(start, word, "sz", false) || same_ascii(start, word, "expand_sz", false)) {
        *type = same_ascii(start, word, "sz", false) ? RT_REG_SZ : RT_REG_EXPAND_SZ;
        problem = parse_quoted(&s, &string);
        if (!problem && *skip_blanks(s))
            problem = "text after the string";
        if (!problem)
            problem = copy_out(&string, string.len + 1, data, size);
    } else if (same_ascii(start, word, "multi_sz", false)) {
        *type = RT_REG_MULTI_SZ;
        for (; *s && !problem; s = skip_blanks(s)) {
            problem = parse_quoted(&s, &string);
            if (problem)
                break;
            if (!string.len)
                problem = "a multi_sz cannot hold an empty string";
            else if (*s && !is_blank(*s))
                problem = "expected a blank between strings";
            else
                rt_text_add_n(&all, string.data, string.len + 1);
        }
        if (!problem) {
            static const rt_char nul = 0;
            rt_text_add_n(&all, &nul, 1);
            problem = all.failed ? "out of memory" : copy_out(&all, all.len, data, size);
        }
    } else if (same_ascii(start, word, "dword", false) || same_ascii(start, word, "qword", false)) {
        bool is_dword = same_ascii(start, word, "dword", false);
        uint64_t value;

        *type = is_dword ? RT_REG_DWORD : RT_REG_QWORD;
        if (!rt_parse_u64(s, is_dword ? 0xffffffffu : ~0ULL, &value)) {
            problem = is_dword ? "expected a number from 0 to 4294967295"
                               : "expected a number from 0 to 18446744073709551615";
        } else {
            *size = is_dword ? 4 : 8;
            *data = malloc(*size);
            if (!*data) {
                problem = "out of memory";
            } else {
                unsigned i;
                for (i = 0; i < *size; i++)
                    (*data)[i] = (uint8_t)(value >> (8 * i));
            }
        }
    } else if (same_ascii(start, word, "binary", false)) {
        *type = RT_REG_BINARY;
        problem = parse_bytes(s, data, size);
    } else if (same_ascii(start, word, "hex", false) && *s == '(') {
        const rt_char *close = s;
        struct rt_text number = { 0 };
        uint64_t value = 0;

        while (*close && *close != ')')
            close++;
        if (!*close)
            return "expected hex(<type number>)";
        rt_text_add_n(&number, s + 1, (size_t)(close - s - 1));
        if (number.failed || !rt_parse_u64(number.data, 0xffffffffu, &value))
            problem = "expected hex(<type number>)";
        rt_text_free(&number);
        *type = (uint32_t)value;
        if (!problem)
            problem = parse_bytes(close + 1, data, size);
    } else {
        problem = "unknown type (sz, expand_sz, multi_sz, dword, qword, binary, hex(N))";
    }
    if (problem) {
        free(*data);
        *data = NULL;
    }
    rt_text_free(&string);
    rt_text_free(&all);
    return problem;
}

/* "[HKLM\Cluster...]" -> "Cluster..." (relative to HKLM), within limits. */
static const char *parse_key_line(const rt_char *line, size_t len, rt_char **out)
{
    static const char *const prefixes[] = { "HKLM\\", "HKEY_LOCAL_MACHINE\\" };
    const size_t root_len = sizeof(root_name) - 1;
    const rt_char *inner = line + 1, *p;
    size_t inner_len, i, component = 0, depth = 0;
    rt_char *path;

    if (len < 2 || line[len - 1] != ']')
        return "a key line ends with ]";
    inner_len = len - 2;
    for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
        size_t n = strlen(prefixes[i]);

        if (inner_len >= n && same_ascii(inner, n, prefixes[i], true)) {
            inner += n;
            inner_len -= n;
            break;
        }
    }
    if (i == sizeof(prefixes) / sizeof(prefixes[0]))
        return "keys must be under HKLM\\Cluster";
    if (inner_len < root_len || !same_ascii(inner, root_len, root_name, true) ||
        (inner_len > root_len && inner[root_len] != '\\'))
        return "keys must be under HKLM\\Cluster";
    for (p = inner; p <= inner + inner_len; p++) {
        if (p == inner + inner_len || *p == '\\') {
            if (!component)
                return "empty key name in the path";
            if (component > RT_MAX_KEY_NAME)
                return "a key name is longer than the registry's 255 characters";
            component = 0;
            depth++;
        } else if (*p < 0x20) {
            return "control character in a key name";
        } else {
            component++;
        }
    }
    if (depth > RT_MAX_KEY_DEPTH)
        return "the key is more than the registry's 512 levels deep";
    if (inner_len > RT_MAX_KEY_PATH)
        return "the key's path is longer than 32000 characters (Wine would cut it short)";
    path = malloc((inner_len + 1) * sizeof(rt_char));
    if (!path)
        return "out of memory";
    memcpy(path, inner, inner_len * sizeof(rt_char));
    path[inner_len] = 0;
    /* The root keeps its canonical spelling. */
    for (i = 0; i < root_len; i++)
        path[i] = (rt_char)root_name[i];
    *out = path;
    return NULL;
}

static const char *parse_line(struct rt_parsed *p, const rt_char *line, size_t len)
{
    struct rt_text name = { 0 };
    struct rt_value v = { 0 };
    const char *problem = NULL;
    const rt_char *s;

    if (line[0] == '[') {
        rt_char *path = NULL;

        problem = parse_key_line(line, len, &path);
        if (problem)
            return problem;
        if (!grow((void **)&p->keys, &p->key_cap, p->key_count + 1, sizeof(rt_char *))) {
            free(path);
            return "out of memory";
        }
        p->keys[p->key_count++] = path;
        return NULL;
    }
    if (line[0] != '"')
        return "expected [key], \"value\" = type data, or a ; comment";
    if (!p->key_count)
        return "a value before any [key] line";

    s = line;
    problem = parse_quoted(&s, &name);
    if (problem)
        goto out;
    if (name.len > RT_MAX_VALUE_NAME) {
        problem = "a value name is longer than the registry's 16383 characters";
        goto out;
    }
    s = skip_blanks(s);
    if (*s != '=') {
        problem = "expected = after the value name";
        goto out;
    }
    problem = parse_data(skip_blanks(s + 1), &v.type, &v.data, &v.size);
    if (problem)
        goto out;
    if (!grow((void **)&p->values, &p->value_cap, p->value_count + 1, sizeof(v))) {
        problem = "out of memory";
        goto out;
    }
    v.key = p->key_count - 1;
    v.name = name.data;
    name.data = NULL;
    p->values[p->value_count++] = v;
    v.data = NULL;
out:
    free(v.data);
    rt_text_free(&name);
    return problem;
}

const char *rt_parse_text(rt_char *text, struct rt_parsed *p, unsigned *line_no)
{
    rt_char *line = text;

    *line_no = 0;
    while (line) {
        rt_char *end = line, *next;
        const char *problem;
        size_t len;

        while (*end && *end != '\n')
            end++;
        next = *end ? end + 1 : NULL;
        (*line_no)++;
        *end = 0;
        len = (size_t)(end - line);
        while (len && (line[len - 1] == '\r' || is_blank(line[len - 1])))
            line[--len] = 0;
        while (is_blank(*line)) {
            line++;
            len--;
        }
        if (len && line[0] != ';' && line[0] != '#') {
            problem = parse_line(p, line, len);
            if (problem)
                return problem;
        }
        line = next;
    }
    *line_no = 0;
    if (!p->key_count)
        return "no [HKLM\\Cluster] key in it";
    return NULL;
}

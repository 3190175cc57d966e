#include "svcpath.h"

#include "u16.h"

static uint16_t lower(uint16_t c)
{
    return (c >= 'A' && c <= 'Z') ? (uint16_t)(c - 'A' + 'a') : c;
}

static bool ends_exe_at(const uint16_t *s, size_t i)
{
    return lower(s[i]) == '.' && lower(s[i + 1]) == 'e' && lower(s[i + 2]) == 'x' &&
           lower(s[i + 3]) == 'e';
}

bool ig_service_image_path(const uint16_t *command, uint16_t *out, size_t cap)
{
    const uint16_t *s = command;
    size_t n, i;

    if (!s || !cap)
        return false;
    while (*s == ' ' || *s == '\t')
        s++;
    if (s[0] == '\\' && s[1] == '?' && s[2] == '?' && s[3] == '\\')
        s += 4;

    if (*s == '"') {
        s++;
        for (n = 0; s[n] && s[n] != '"'; n++)
            ;
        if (!s[n])            /* unterminated quote */
            return false;
    } else {
        n = ig_u16len(s);
        for (i = 0; i + 4 <= n; i++) {
            if (ends_exe_at(s, i) && (i + 4 == n || s[i + 4] == ' ' || s[i + 4] == '\t')) {
                n = i + 4;
                break;
            }
        }
        if (i + 4 > n) {      /* no ".exe": the first word */
            for (n = 0; s[n] && s[n] != ' ' && s[n] != '\t'; n++)
                ;
        }
    }
    if (n == 0)
        return false;
    return ig_u16_copy(out, cap, s, n);
}

int ig_startup_args(const uint16_t *params, uint16_t *out, size_t cap)
{
    size_t used = 0;
    int count = 0;
    bool quoted = false, in_arg = false;

    for (; params && *params; params++) {
        uint16_t c = *params;
        if (c == '"') {
            quoted = !quoted;
            if (!in_arg)
                count++;
            in_arg = true;     /* "" is an empty argument */
            continue;
        }
        if ((c == ' ' || c == '\t') && !quoted) {
            if (in_arg) {
                if (out && used >= cap)
                    return -1;
                if (out)
                    out[used] = 0;
                used++;
            }
            in_arg = false;
            continue;
        }
        if (!in_arg)
            count++;
        in_arg = true;
        if (out && used >= cap)
            return -1;
        if (out)
            out[used] = c;
        used++;
    }
    if (quoted)
        return -1;
    if (in_arg) {
        if (out && used >= cap)
            return -1;
        if (out)
            out[used] = 0;
    }
    return count;
}

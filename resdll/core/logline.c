#include "logline.h"

static int is_high_surrogate(uint16_t u) { return u >= 0xD800 && u <= 0xDBFF; }

size_t ig_logline_piece(const uint16_t *text, size_t len, size_t at, size_t max, size_t *next)
{
    size_t n;

    if (at >= len) {
        *next = len;
        return 0;
    }
    n = len - at;
    if (n > max) {
        n = max;
        while (n > max / 2 && text[at + n] != ' ')
            n--;
        if (text[at + n] != ' ') {
            n = max;
            if (is_high_surrogate(text[at + n - 1]))
                n--;
        }
    }
    *next = at + n;
    while (*next < len && text[*next] == ' ')
        (*next)++;
    while (n > 1 && text[at + n - 1] == ' ')
        n--;
    return n;
}

#include "unit.h"

#include "logline.h"

/* Cuts text into pieces of at most max and checks that putting them back
   (a space where spaces were dropped) gives the text again. */
static size_t cut_and_rejoin(const uint16_t *text, size_t max, uint16_t *joined, size_t *longest)
{
    size_t len = ig_u16len(text), at = 0, next, n, out = 0, lines = 0;
    *longest = 0;
    while (at < len) {
        n = ig_logline_piece(text, len, at, max, &next);
        assert_true(n > 0);
        assert_true(n <= max);
        assert_true(next > at);
        if (n > *longest)
            *longest = n;
        memcpy(joined + out, text + at, n * sizeof(uint16_t));
        out += n;
        for (size_t k = at + n; k < next; k++)
            joined[out++] = text[k];   /* the dropped spaces, to compare */
        at = next;
        lines++;
    }
    joined[out] = 0;
    return lines;
}

static void a_short_text_is_one_line(void **state)
{
    const uint16_t *t = U("IMS Guard resource 'x': fine.");
    size_t next;
    assert_int_equal(ig_logline_piece(t, ig_u16len(t), 0, 440, &next), ig_u16len(t));
    assert_int_equal(next, ig_u16len(t));
}

static void a_long_text_is_cut_at_spaces_and_loses_nothing(void **state)
{
    static uint16_t text[3000], joined[3100];
    size_t i, longest, lines;
    for (i = 0; i + 1 < 3000; i++)
        text[i] = (i % 9 == 8) ? ' ' : (uint16_t)('a' + i % 26);
    text[2999] = 0;
    lines = cut_and_rejoin(text, 440, joined, &longest);
    /* Cut at spaces, every line is at most 440 and close to it. */
    assert_true(lines >= 7 && lines <= 8);
    assert_true(longest <= 440 && longest > 430);
    assert_memory_equal(joined, text, 2999 * sizeof(uint16_t));
}

static void a_1023_character_path_without_spaces_is_cut_hard(void **state)
{
    char text[1100];
    uint16_t joined[1200];
    size_t longest, lines;
    memset(text, 'p', 1023);
    text[1023] = 0;
    lines = cut_and_rejoin(U(text), 440, joined, &longest);
    assert_int_equal(lines, 3);             /* 440 + 440 + 143 */
    assert_int_equal(longest, 440);
    assert_memory_equal(joined, U(text), 1023 * sizeof(uint16_t));
}

static void a_surrogate_pair_is_never_split(void **state)
{
    uint16_t text[20];
    size_t i, next, n;
    for (i = 0; i < 9; i++)
        text[i] = 'x';
    text[9] = 0xD83D;   /* U+1F4E7, split over units 9 and 10 */
    text[10] = 0xDCE7;
    for (i = 11; i < 19; i++)
        text[i] = 'y';
    text[19] = 0;
    n = ig_logline_piece(text, 19, 0, 10, &next);
    assert_int_equal(n, 9);
    assert_int_equal(next, 9);
}

static void spaces_at_a_cut_are_dropped_not_the_text(void **state)
{
    const uint16_t *t = U("aaaa     bbbb");
    size_t next, n;
    n = ig_logline_piece(t, ig_u16len(t), 0, 6, &next);
    assert_int_equal(n, 4);
    assert_int_equal(next, 9);
    n = ig_logline_piece(t, ig_u16len(t), next, 6, &next);
    assert_int_equal(n, 4);
    assert_int_equal(next, 13);
    assert_int_equal(ig_logline_piece(t, ig_u16len(t), next, 6, &next), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_short_text_is_one_line),
        cmocka_unit_test(a_long_text_is_cut_at_spaces_and_loses_nothing),
        cmocka_unit_test(a_1023_character_path_without_spaces_is_cut_hard),
        cmocka_unit_test(a_surrogate_pair_is_never_split),
        cmocka_unit_test(spaces_at_a_cut_are_dropped_not_the_text),
    };
    return cmocka_run_group_tests_name("logline", tests, NULL, NULL);
}

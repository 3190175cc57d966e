/* test_tok.c - the quoted-word tokenizer (tests/common/tok.h), as the
 * scenario parser and the monitor emulator's script reader use it. */
#include "unit.h"

#include "tok.h"

#define MAXW 8

/* Splits a copy of text (kept in buf for the words to point into). */
static int split(const char *text, char *buf, size_t size, char **w, int max, unsigned flags,
                 enum tok_status *st)
{
    assert_true(strlen(text) < size);
    strcpy(buf, text);
    return tok_split(buf, w, max, flags, st);
}

static void test_blanks_separate(void **state)
{
    char buf[128], *w[MAXW];
    enum tok_status st = TOK_TOO_MANY_WORDS;

    (void)state;
    assert_int_equal(split("  online \t\"Internet Mail Service\"  ", buf, sizeof(buf), w, MAXW,
                           0, &st), 2);
    assert_int_equal(st, TOK_OK);
    assert_string_equal(w[0], "online");
    assert_string_equal(w[1], "Internet Mail Service");
}

static void test_empty_and_blank_lines(void **state)
{
    char buf[16], *w[MAXW];
    enum tok_status st = TOK_UNCLOSED_QUOTE;

    (void)state;
    assert_int_equal(split("", buf, sizeof(buf), w, MAXW, 0, &st), 0);
    assert_int_equal(st, TOK_OK);
    assert_int_equal(split(" \t ", buf, sizeof(buf), w, MAXW, 0, &st), 0);
    assert_int_equal(st, TOK_OK);
}

static void test_quotes_inside_a_word(void **state)
{
    char buf[128], *w[MAXW];

    (void)state;
    assert_int_equal(split("name=\"IMS Guard\" a\"b c\"d \"\"", buf, sizeof(buf), w, MAXW, 0,
                           NULL), 3);
    assert_string_equal(w[0], "name=IMS Guard");
    assert_string_equal(w[1], "ab cd");
    assert_string_equal(w[2], "");
}

static void test_escapes_only_in_quotes(void **state)
{
    char buf[128], *w[MAXW];

    (void)state;
    assert_int_equal(split("\"say \\\"hi\\\" C:\\\\x \\n\" C:\\dir\\\"", buf, sizeof(buf), w, MAXW,
                           0, NULL), 2);
    assert_string_equal(w[0], "say \"hi\" C:\\x \\n");
    /* Outside quotes a backslash is itself, and the quote after it opens. */
    assert_string_equal(w[1], "C:\\dir\\");
}

static void test_unclosed_quote(void **state)
{
    char buf[64], *w[MAXW];
    enum tok_status st = TOK_OK;

    (void)state;
    assert_int_equal(split("set \"half open", buf, sizeof(buf), w, MAXW, 0, &st), 2);
    assert_int_equal(st, TOK_UNCLOSED_QUOTE);
    assert_string_equal(w[0], "set");
    assert_string_equal(w[1], "half open");
}

static void test_too_many_words(void **state)
{
    char buf[64], *w[3];
    enum tok_status st = TOK_OK;

    (void)state;
    assert_int_equal(split("a b c", buf, sizeof(buf), w, 3, 0, &st), 3);
    assert_int_equal(st, TOK_OK);
    assert_int_equal(split("a b c d e", buf, sizeof(buf), w, 3, 0, &st), 3);
    assert_int_equal(st, TOK_TOO_MANY_WORDS);
    assert_string_equal(w[2], "c");
    /* Blanks after the last word are not another word. */
    assert_int_equal(split("a b c  \t", buf, sizeof(buf), w, 3, 0, &st), 3);
    assert_int_equal(st, TOK_OK);
}

static void test_hash_comments(void **state)
{
    char buf[64], *w[MAXW];
    enum tok_status st = TOK_UNCLOSED_QUOTE;

    (void)state;
    assert_int_equal(split("wait 1s # \"not closed", buf, sizeof(buf), w, MAXW,
                           TOK_HASH_COMMENTS, &st), 2);
    assert_int_equal(st, TOK_OK);
    assert_int_equal(split("# only a comment", buf, sizeof(buf), w, MAXW, TOK_HASH_COMMENTS,
                           &st), 0);
    /* Only at a word's start, and only when asked. */
    assert_int_equal(split("a#b \"#c\"", buf, sizeof(buf), w, MAXW, TOK_HASH_COMMENTS, &st), 2);
    assert_string_equal(w[0], "a#b");
    assert_string_equal(w[1], "#c");
    assert_int_equal(split("x # y", buf, sizeof(buf), w, MAXW, 0, &st), 3);
    assert_string_equal(w[1], "#");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blanks_separate),
        cmocka_unit_test(test_empty_and_blank_lines),
        cmocka_unit_test(test_quotes_inside_a_word),
        cmocka_unit_test(test_escapes_only_in_quotes),
        cmocka_unit_test(test_unclosed_quote),
        cmocka_unit_test(test_too_many_words),
        cmocka_unit_test(test_hash_comments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * input.c - the script or stdin, read line by line and run command by
 * command (commands.c).
 */
#include "resmon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The script or stdin, read with ReadFile: the C runtime's streams end a
 * script file at a NUL byte under Wine, and fgets would glue the text after
 * a NUL to the next line.
 */
struct input {
    HANDLE handle;
    char buf[4096];
    DWORD len, pos;
    BOOL eof;
};

static int input_byte(struct input *in)
{
    if (in->pos == in->len) {
        if (in->eof || !ReadFile(in->handle, in->buf, sizeof(in->buf), &in->len, NULL)
            || !in->len) {
            in->eof = TRUE;
            in->len = in->pos = 0;
            return EOF;
        }
        in->pos = 0;
    }
    return (unsigned char)in->buf[in->pos++];
}

/*
 * One line without its CR/LF, or NULL at the end of input. *nul_at is the
 * 1-based column of the first NUL byte in it, 0 for none.
 */
static char *read_line(struct input *in, size_t *nul_at)
{
    size_t cap = 256, len = 0;
    char *buf = xmalloc(cap), *bigger;
    int ch;

    *nul_at = 0;
    while ((ch = input_byte(in)) != EOF && ch != '\n') {
        if (len + 1 == cap) {
            if (!(bigger = realloc(buf, cap * 2))) {
                free(buf);
                diag("out of memory reading a line of %zu bytes", len);
                return NULL;
            }
            buf = bigger;
            cap *= 2;
        }
        if (!ch && !*nul_at)
            *nul_at = len + 1;
        buf[len++] = (char)ch;
    }
    if (ch == EOF && !len) {
        free(buf);
        return NULL;
    }
    buf[len] = 0;
    while (len && buf[len - 1] == '\r')
        buf[--len] = 0;
    return buf;
}

static char *trim(char *s)
{
    char *end;

    while (*s == ' ' || *s == '\t')
        s++;
    end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        *--end = 0;
    return s;
}

/*
 * Runs every command read from handle until quit or the end of input. A
 * line with a NUL byte is reported and not run; a UTF-8 byte order mark
 * before the first line is skipped.
 */
void run_script(HANDLE handle, BOOL (*run)(char *line))
{
    static struct input in;
    unsigned long line_no = 0;
    BOOL first = TRUE;
    size_t nul_at;
    char *line;

    in.handle = handle;
    while ((line = read_line(&in, &nul_at))) {
        char *cmd = line;
        BOOL more = TRUE;
        line_no++;
        if (nul_at) {
            char reason[160];
            snprintf(reason, sizeof(reason), "line %lu has a NUL byte at column %zu: commands"
                     " are text, the line was not run", line_no, nul_at);
            char where[32];
            snprintf(where, sizeof(where), "(line %lu)", line_no);
            g_usage_error = TRUE;
            report_result(where, ERROR_INVALID_DATA, reason);
            free(line);
            first = FALSE;
            continue;
        }
        if (first && (BYTE)cmd[0] == 0xEF && (BYTE)cmd[1] == 0xBB && (BYTE)cmd[2] == 0xBF)
            cmd += 3;
        first = FALSE;
        cmd = trim(cmd);
        if (*cmd && *cmd != '#')
            more = run(cmd);
        free(line);
        if (!more)
            break;
    }
}

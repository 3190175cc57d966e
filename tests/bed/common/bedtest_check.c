/*
 * bedtest_check.c - bedcheck.exe: the self-test of the test bed's test
 * header (bedtest.h), so that a verdict printed through it can be trusted.
 *
 *   bedcheck.exe --wine yes|no     runs every case below in a child
 *                                  process of its own and checks what the
 *                                  child printed and its exit status
 *   bedcheck.exe --case <name>     one case, as the child
 *
 * --wine says whether the caller runs it under Wine (tests/bed/clusapi/
 * selftest.sh does): todo_wine and broken() depend on it, and the answer
 * must not come from the code under test.
 */
#include "bedtest.h"

#include <stdio.h>
#include <string.h>

/* One case: what it does, what its output must contain, its exit status. */
struct bt_case {
    const char *name;
    void (*run)(void);
    const char *want[3];
    int want_status;
};

static void case_pass(void) { ok(1, "a check that holds\n"); }
static void case_fail(void) { ok(1 + 1 == 3, "a check that does not hold\n"); }
static void case_todo_fail(void) { todo_if(TRUE) ok(0, "a known failure\n"); }
static void case_todo_pass(void) { todo_if(TRUE) ok(1, "a known failure that was fixed\n"); }
static void case_todo_off(void) { todo_if(FALSE) ok(0, "not a todo\n"); }
static void case_todo_wine(void) { todo_wine ok(0, "fails under Wine\n"); }
static void case_broken(void) { ok(broken(1), "an answer only Windows may give\n"); }
static void case_skip(void) { skip("nothing to test here\n"); }
static void case_no_newline(void) { trace("no newline"); trace("next line"); }
static void case_last_error(void)
{
    SetLastError(1234);
    ok(1, "a check\n");
    ok(GetLastError() == 1234, "the last error after a check: %lu\n", GetLastError());
    SetLastError(4321);
    ok(0, "a failing check shows the last error\n");
}

static const struct bt_case cases[] = {
    { "pass", case_pass, { "1 passed, 0 failed" }, 0 },
    { "fail", case_fail, { "Test failed: a check that does not hold", "wanted: 1 + 1 == 3", "0 passed, 1 failed" }, 1 },
    { "todo-fail", case_todo_fail, { "Test marked todo: a known failure", "(1 marked as todo, 0 failures)",
                                     "0 passed, 0 failed" }, 0 },
    { "todo-pass", case_todo_pass, { "Test succeeded inside todo block", "0 passed, 1 failed" }, 1 },
    { "todo-off", case_todo_off, { "Test failed: not a todo", "0 passed, 1 failed" }, 1 },
    { "skip", case_skip, { "Tests skipped: nothing to test here", ", 1 skipped.", "0 passed, 0 failed" }, 0 },
    { "no-newline", case_no_newline, { "no newline\n", "next line\n" }, 0 },
    { "last-error", case_last_error, { "last error after it: 4321", "2 passed, 1 failed" }, 1 },
    /* These two depend on the platform: see main. */
    { "todo-wine", case_todo_wine, { 0 }, 0 },
    { "broken", case_broken, { 0 }, 0 },
};

/* Runs "<this program> --case name"; its output (CR dropped) and status. */
static BOOL run_child(const char *name, char *output, size_t cap, DWORD *status)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    HANDLE rd, wr;
    char exe[MAX_PATH], cmd[MAX_PATH + 64];
    size_t used = 0;
    DWORD got;
    BOOL made;
    char c;

    if (!GetModuleFileNameA(NULL, exe, sizeof(exe)) || !CreatePipe(&rd, &wr, &sa, 0))
        return FALSE;
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    snprintf(cmd, sizeof(cmd), "\"%s\" --case %s", exe, name);
    ZeroMemory(&si, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdOutput = wr;
    si.hStdError = wr;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    made = CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    if (!made && GetLastError() == ERROR_INTERNAL_ERROR) {
        /* Wine's launch failure: the child never ran (tests/lib/launch.sh). */
        printf("bedcheck: Wine did not start the child for case %s (CreateProcess error %lu);"
               " starting it once more %s\n", name, (unsigned long)ERROR_INTERNAL_ERROR,
               BED_LAUNCH_RETRY_MARK);
        fflush(stdout);
        made = CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    }
    if (!made) {
        CloseHandle(rd);
        CloseHandle(wr);
        return FALSE;
    }
    CloseHandle(wr);
    while (ReadFile(rd, &c, 1, &got, NULL) && got) {
        if (c != '\r' && used + 1 < cap)
            output[used++] = c;
    }
    output[used] = 0;
    CloseHandle(rd);
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, status);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return TRUE;
}

static void check_case(const struct bt_case *c, const char *const *want, int want_status)
{
    static char output[8192];
    DWORD status = 0;
    int i;

    if (!run_child(c->name, output, sizeof(output), &status)) {
        ok(0, "case %s: the child did not run (error %lu)\n", c->name, GetLastError());
        return;
    }
    for (i = 0; i < 3 && want[i]; i++)
        ok(strstr(output, want[i]) != NULL, "case %s prints \"%s\"; it printed:\n%s", c->name, want[i], output);
    ok(status == (DWORD)want_status, "case %s exits with %d: %lu\n", c->name, want_status, status);
}

int main(int argc, char **argv)
{
    static const char *const todo_as_todo[3] = { "Test marked todo", "0 passed, 0 failed" };
    static const char *const todo_as_fail[3] = { "Test failed: fails under Wine", "0 passed, 1 failed" };
    static const char *const broken_refused[3] = { "Test failed: an answer only Windows may give" };
    static const char *const broken_accepted[3] = { "1 passed, 0 failed" };
    size_t i;
    int wine;

    if (argc == 3 && !strcmp(argv[1], "--case")) {
        for (i = 0; i < ARRAYSIZE(cases); i++) {
            if (!strcmp(argv[2], cases[i].name)) {
                cases[i].run();
                return bt_summary("case", NULL);
            }
        }
        return 2;
    }
    if (argc != 3 || strcmp(argv[1], "--wine") || (strcmp(argv[2], "yes") && strcmp(argv[2], "no"))) {
        fprintf(stderr, "usage: bedcheck --wine yes|no   (or --case <name>)\n");
        return 2;
    }
    wine = !strcmp(argv[2], "yes");
    ok(bt_on_wine() == wine, "Wine detected: %d, the caller says %d\n", bt_on_wine(), wine);
    for (i = 0; i + 2 < ARRAYSIZE(cases); i++)
        check_case(&cases[i], cases[i].want, cases[i].want_status);
    /* Under Wine, todo_wine makes a failure todo and broken() refuses; on
       Windows, todo_wine is no todo and broken() accepts. */
    check_case(&cases[ARRAYSIZE(cases) - 2], wine ? todo_as_todo : todo_as_fail, wine ? 0 : 1);
    check_case(&cases[ARRAYSIZE(cases) - 1], wine ? broken_refused : broken_accepted, wine ? 1 : 0);
    return bt_summary("bedcheck", NULL);
}

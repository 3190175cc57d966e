/*
 * dlltest.c - conformance tests of imsguard.dll, in the style of Wine's
 * dlls/<x>/tests (tests/bed/common/bedtest.h): every check prints a line,
 * the last line is "dlltest: N passed, M failed", and the exit code is
 * non-zero on any failure. The DLL is hosted by the test bed's mini
 * monitor (tests/bed/common/minimon.h).
 * Run under Wine with clusapi.dll (the project's) and imsguard.dll beside it.
 */
#include "cluswin.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "bedreg.h"
#include "bedtest.h"
#include "imsguard.h"
#include "minimon.h"

/* ---- what the mini monitor saw: log lines and status reports ---- */

static WCHAR last_log[2048];
static WCHAR all_logs[16384];   /* every line since reset_logs() */
static int log_count, error_count, status_count;

static void test_log(RESOURCE_HANDLE h, LOG_LEVEL level, const WCHAR *line)
{
    lstrcpynW(last_log, line, ARRAYSIZE(last_log));
    if (wcslen(all_logs) + wcslen(last_log) + 1 < ARRAYSIZE(all_logs))
        wcscat(all_logs, last_log);
    log_count++;
    if (level == LOG_ERROR)
        error_count++;
    printf("    log(%d): %ls", (int)level, last_log);
}

static void reset_logs(void)
{
    all_logs[0] = 0;
}

static DWORD test_status(RESOURCE_HANDLE h, PRESOURCE_STATUS status)
{
    status_count++;
    return ResourceExitStateContinue;
}

static PSTARTUP_ROUTINE startup;
static PCLRES_FUNCTION_TABLE table;
#define FN BM_FN(table)

static const WCHAR *TYPE = L"IMS Guard";
/* The test resource's key (Name "dlltest"), from the test bed's GUID scheme. */
static const WCHAR RES_NAME[] = L"dlltest";
static WCHAR RES_KEY[80];

static void test_startup(void)
{
    PCLRES_FUNCTION_TABLE t = (PCLRES_FUNCTION_TABLE)0xdeadbeef;
    DWORD err;

    err = startup(TYPE, 0x200, 0x300, bm_set_resource_status, bm_log_event, &t);
    ok(err == ERROR_REVISION_MISMATCH, "Startup with versions 0x200-0x300: got %lu\n", err);
    err = startup(TYPE, 0x100, 0x0ff, bm_set_resource_status, bm_log_event, &t);
    ok(err == ERROR_REVISION_MISMATCH, "Startup with max 0xff: got %lu\n", err);
    err = startup(L"Generic Service", 0x100, 0x100, bm_set_resource_status, bm_log_event, &t);
    ok(err == ERROR_CLUSTER_RESNAME_NOT_FOUND, "Startup of another type: got %lu\n", err);
    err = startup(NULL, 0x100, 0x100, bm_set_resource_status, bm_log_event, &t);
    ok(err == ERROR_INVALID_PARAMETER, "Startup with a NULL type: got %lu\n", err);
    err = startup(TYPE, 0x100, 0x100, bm_set_resource_status, bm_log_event, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "Startup with a NULL table pointer: got %lu\n", err);
    ok(t == (PCLRES_FUNCTION_TABLE)0xdeadbeef, "failed Startups left the table pointer alone\n");

    err = startup(L"ims guard", 0x100, 0x100, bm_set_resource_status, bm_log_event, &t);
    ok(err == ERROR_SUCCESS, "Startup with the type in another case: got %lu\n", err);
    err = startup(TYPE, 0x0, 0x200, bm_set_resource_status, bm_log_event, &table);
    ok(err == ERROR_SUCCESS, "Startup 0x0-0x200: got %lu\n", err);
    ok(table && table->TableSize == CLRES_V1_FUNCTION_SIZE, "TableSize %lu, want %u\n",
       table ? table->TableSize : 0, (unsigned)CLRES_V1_FUNCTION_SIZE);
    ok(table && table->Version == CLRES_VERSION_V1_00, "Version 0x%lx\n", table ? table->Version : 0);
    ok(FN.Open && FN.Close && FN.Online && FN.Offline && FN.Terminate && FN.LooksAlive && FN.IsAlive &&
       FN.ResourceControl && FN.ResourceTypeControl, "all required entry points present\n");
    ok(!FN.Arbitrate && !FN.Release, "no Arbitrate/Release (not a quorum resource)\n");
}

static HKEY make_resource_key(void)
{
    static const WCHAR svc[] = L"NoSuchImsService";
    HKEY key = NULL, params = NULL;

    if (bed_db_make_resource(RES_NAME, TYPE, &key, &params))
        return NULL;
    bed_write_sz(params, L"ServiceName", svc);
    RegCloseKey(params);
    return key;
}

static DWORD stored_dword(const WCHAR *name, DWORD *value)
{
    WCHAR path[200];
    DWORD size = sizeof(*value), type = 0, err;
    HKEY params;
    _snwprintf(path, ARRAYSIZE(path), L"%ls\\Parameters", RES_KEY);
    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, &params);
    if (err)
        return err;
    err = RegQueryValueExW(params, name, NULL, &type, (BYTE *)value, &size);
    RegCloseKey(params);
    if (!err && type != REG_DWORD)
        err = ERROR_INVALID_DATATYPE;
    return err;
}

static void test_open_close(HKEY key)
{
    RESID r;
    SetLastError(0xdeadbeef);
    r = FN.Open(NULL, key, (RESOURCE_HANDLE)1);
    ok(r == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "Open(NULL name): %p, error %lu\n", r,
       GetLastError());
    SetLastError(0xdeadbeef);
    r = FN.Open(L"x", NULL, (RESOURCE_HANDLE)1);
    ok(r == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "Open(NULL key): %p, error %lu\n", r,
       GetLastError());
}

static void test_foreign_resid(RESID good)
{
    static char not_ours[256];
    RESID ids[] = { NULL, (RESID)not_ours, (RESID)((char *)good + 8), (RESID)(ULONG_PTR)0x1234 };
    BYTE out[64];
    DWORD bytes, err;
    HANDLE ev;
    size_t i;

    memset(not_ours, 0x49, sizeof(not_ours));   /* looks like a signature */
    for (i = 0; i < ARRAYSIZE(ids); i++) {
        err = FN.Online(ids[i], &ev);
        ok(err == ERROR_RESOURCE_NOT_FOUND, "Online(foreign %p): %lu\n", ids[i], err);
        err = FN.Offline(ids[i]);
        ok(err == ERROR_RESOURCE_NOT_FOUND, "Offline(foreign %p): %lu\n", ids[i], err);
        ok(!FN.LooksAlive(ids[i]), "LooksAlive(foreign %p) is FALSE\n", ids[i]);
        ok(!FN.IsAlive(ids[i]), "IsAlive(foreign %p) is FALSE\n", ids[i]);
        bytes = 77;
        err = FN.ResourceControl(ids[i], CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES, NULL, 0, out, sizeof(out),
                                 &bytes);
        ok(err == ERROR_RESOURCE_NOT_FOUND && bytes == 0, "ResourceControl(foreign %p): %lu, bytes %lu\n",
           ids[i], err, bytes);
        FN.Terminate(ids[i]);
        FN.Close(ids[i]);
    }
    for (i = 0; i < sizeof(not_ours) && not_ours[i] == 0x49; i++)
        ;
    ok(i == sizeof(not_ours), "Terminate/Close of a foreign RESID wrote nothing into it\n");
}

static const DWORD output_codes[] = {
    CLUSCTL_RESOURCE_GET_CHARACTERISTICS, CLUSCTL_RESOURCE_GET_CLASS_INFO,
    CLUSCTL_RESOURCE_GET_REQUIRED_DEPENDENCIES, CLUSCTL_RESOURCE_ENUM_PRIVATE_PROPERTIES,
    CLUSCTL_RESOURCE_GET_RO_PRIVATE_PROPERTIES, CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES,
};

static void test_control_sizes(RESID r)
{
    BYTE full[4096], part[4096];
    DWORD bytes, need, err;
    size_t i;

    for (i = 0; i < ARRAYSIZE(output_codes); i++) {
        DWORD code = output_codes[i];
        err = FN.ResourceControl(r, code, NULL, 0, full, sizeof(full), &need);
        ok(err == ERROR_SUCCESS && need > 0, "control 0x%08lx: %lu, %lu bytes\n", code, err, need);
        bytes = 0;
        err = FN.ResourceControl(r, code, NULL, 0, NULL, 0, &bytes);
        ok(err == ERROR_MORE_DATA && bytes == need, "control 0x%08lx, no buffer: %lu, needs %lu\n", code,
           err, bytes);
        memset(part, 0xcc, sizeof(part));
        bytes = 0;
        err = FN.ResourceControl(r, code, NULL, 0, part, need - 1, &bytes);
        ok(err == ERROR_MORE_DATA && bytes == need && part[need - 1] == 0xcc,
           "control 0x%08lx, short by one byte: %lu, needs %lu, last byte untouched\n", code, err, bytes);
        err = FN.ResourceControl(r, code, NULL, 0, part, need, &bytes);
        ok(err == ERROR_SUCCESS && bytes == need && !memcmp(part, full, need),
           "control 0x%08lx, exact size: %lu\n", code, err);
        /* The type answers the same codes. */
        err = FN.ResourceTypeControl(TYPE, (code & 0x00ffffff) | 0x02000000, NULL, 0, part, sizeof(part), &bytes);
        /* (GET answers the defaults for the type: another size.) */
        ok(err == ERROR_SUCCESS && (bytes == need || code == CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES),
           "type control 0x%08lx: %lu, %lu bytes\n",
           (code & 0x00ffffff) | 0x02000000, err, bytes);
    }
    err = FN.ResourceControl(r, CLUSCTL_RESOURCE_UNKNOWN, NULL, 0, full, sizeof(full), &bytes);
    ok(err == ERROR_SUCCESS && bytes == 0, "UNKNOWN: %lu, %lu bytes\n", err, bytes);
    err = FN.ResourceControl(r, CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES, NULL, 0, full, sizeof(full), &bytes);
    ok(err == ERROR_INVALID_FUNCTION, "GET_COMMON_PROPERTIES is the monitor's: %lu\n", err);
    err = FN.ResourceControl(r, CLUSCTL_RESOURCE_TYPE_GET_CHARACTERISTICS, NULL, 0, full, sizeof(full), &bytes);
    ok(err == ERROR_INVALID_FUNCTION, "a type code sent to a resource: %lu\n", err);
    err = FN.ResourceTypeControl(L"Physical Disk", CLUSCTL_RESOURCE_TYPE_GET_CHARACTERISTICS, NULL, 0, full,
                                 sizeof(full), &bytes);
    ok(err == ERROR_CLUSTER_RESNAME_NOT_FOUND, "type control for another type: %lu\n", err);
    err = FN.ResourceTypeControl(NULL, CLUSCTL_RESOURCE_TYPE_GET_CHARACTERISTICS, NULL, 0, full,
                                 sizeof(full), &bytes);
    ok(err == ERROR_CLUSTER_RESNAME_NOT_FOUND, "type control with a NULL type: %lu\n", err);
}

/* A property list of one DWORD, encoded here by hand on purpose: a check
   of the DLL's parser that does not share its encoder (resdll/core/
   proplist.c), as tests/wine/proplist.py is the independent one of the
   scenarios. */
static DWORD dword_list(BYTE *buf, const WCHAR *name, DWORD value)
{
    DWORD n = 0, cb = (DWORD)((wcslen(name) + 1) * 2);
    DWORD count = 1, syntax = CLUSPROP_SYNTAX_NAME, vsyntax = CLUSPROP_SYNTAX_LIST_VALUE_DWORD, four = 4,
          end = CLUSPROP_SYNTAX_ENDMARK;
    memcpy(buf + n, &count, 4); n += 4;
    memcpy(buf + n, &syntax, 4); n += 4;
    memcpy(buf + n, &cb, 4); n += 4;
    memset(buf + n, 0, (cb + 3) & ~3u);
    memcpy(buf + n, name, cb); n += (cb + 3) & ~3u;
    memcpy(buf + n, &vsyntax, 4); n += 4;
    memcpy(buf + n, &four, 4); n += 4;
    memcpy(buf + n, &value, 4); n += 4;
    memcpy(buf + n, &end, 4); n += 4;
    return n;
}

static void test_properties(RESID r)
{
    BYTE list[256];
    DWORD n, err, bytes, stored = 0;
    int errors_before;

    n = dword_list(list, L"StopTimeout", 4321);
    err = FN.ResourceControl(r, CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES, list, n, NULL, 0, &bytes);
    ok(err == ERROR_SUCCESS, "VALIDATE StopTimeout=4321: %lu\n", err);
    ok(stored_dword(L"StopTimeout", &stored) != ERROR_SUCCESS, "VALIDATE wrote nothing\n");

    err = FN.ResourceControl(r, CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, list, n, NULL, 0, &bytes);
    ok(err == ERROR_SUCCESS, "SET StopTimeout=4321 while offline: %lu\n", err);
    err = stored_dword(L"StopTimeout", &stored);
    ok(err == ERROR_SUCCESS && stored == 4321, "stored StopTimeout %lu\n", stored);

    errors_before = error_count;
    n = dword_list(list, L"StopTimeout", 7);
    err = FN.ResourceControl(r, CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, list, n, NULL, 0, &bytes);
    ok(err == ERROR_INVALID_PARAMETER, "SET StopTimeout=7: %lu\n", err);
    ok(stored_dword(L"StopTimeout", &stored) == ERROR_SUCCESS && stored == 4321,
       "refused SET left StopTimeout %lu\n", stored);
    ok(error_count == errors_before + 1 && wcsstr(last_log, L"StopTimeout"),
       "one error line naming the property\n");

    n = dword_list(list, L"StopTimeout", 5000);
    err = FN.ResourceControl(r, CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, list, n - 1, NULL, 0, &bytes);
    ok(err == ERROR_INVALID_DATA, "SET with the list short by one byte: %lu\n", err);
    err = FN.ResourceControl(r, CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, NULL, 64, NULL, 0, &bytes);
    ok(err == ERROR_INVALID_DATA, "SET with no input buffer: %lu\n", err);
    n = dword_list(list, L"NoSuchThing", 1);
    err = FN.ResourceControl(r, CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, list, n, NULL, 0, &bytes);
    ok(err == ERROR_INVALID_PARAMETER && wcsstr(last_log, L"NoSuchThing"), "SET of an unknown name: %lu\n", err);
    ok(stored_dword(L"StopTimeout", &stored) == ERROR_SUCCESS && stored == 4321,
       "StopTimeout still %lu after the refused lists\n", stored);
    n = dword_list(list, L"StopTimeout", 5000);
    err = FN.ResourceTypeControl(TYPE, CLUSCTL_RESOURCE_TYPE_VALIDATE_PRIVATE_PROPERTIES, list, n, NULL, 0, &bytes);
    ok(err == ERROR_SUCCESS, "type VALIDATE: %lu\n", err);
}

static void test_online_refusals(RESID r)
{
    HANDLE ev = (HANDLE)0xdeadbeef;
    DWORD err;
    int errors_before = error_count;

    reset_logs();
    err = FN.Online(r, &ev);
    ok(err == IMSGUARD_E_SERVICE_MISSING, "Online with a missing service: 0x%08lx\n", err);
    ok(error_count > errors_before && wcsstr(all_logs, L"the service 'NoSuchImsService' is not installed on this node"),
       "the error line names the service\n");
    ok(status_count == 0, "no status reports for a synchronous refusal\n");
    ok(!FN.LooksAlive(r) && !FN.IsAlive(r), "a refused resource is not alive\n");
    FN.Terminate(r);
    err = FN.Offline(r);
    ok(err == ERROR_SUCCESS, "Offline after Terminate: %lu\n", err);
}

static void test_percent_in_data(HKEY key)
{
    /* The resource name goes into log lines as an insert, never as a format. */
    RESID r = FN.Open(L"Mail %1!s! %2 %n %%", key, (RESOURCE_HANDLE)2);
    HANDLE ev;
    ok(r != NULL, "Open of a resource named with format characters\n");
    if (!r)
        return;
    FN.Online(r, &ev);
    ok(wcsstr(last_log, L"'Mail %1!s! %2 %n %%'") != NULL, "the name survived formatting\n");
    FN.Close(r);
}

static void test_no_parameters_key(void)
{
    /* A resource whose Parameters key was never created: the defaults. */
    static const WCHAR bare[] = BED_DB_ROOT L"\\" BED_DB_RESOURCES L"\\{6e0f1f52-0d2c-4b1e-9f0a-00000000beef}";
    BYTE out[2048];
    DWORD bytes = 0, err, port = 0, i, v;
    HKEY key = NULL;
    RESID r;

    bed_delete_tree(HKEY_LOCAL_MACHINE, bare);
    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, bare, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL)) {
        ok(0, "could not create the bare resource key\n");
        return;
    }
    r = FN.Open(L"no-parameters", key, (RESOURCE_HANDLE)5);
    ok(r != NULL, "Open of a resource without a Parameters key\n");
    if (r) {
        err = FN.ResourceControl(r, CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES, NULL, 0, out, sizeof(out), &bytes);
        ok(err == ERROR_SUCCESS && bytes > 4, "GET answers the defaults: %lu, %lu bytes\n", err, bytes);
        /* A DWORD value entry holding 25: SmtpProbePort's default. */
        for (i = 0; i + 12 <= bytes; i += 4) {
            memcpy(&v, out + i, 4);
            if (v != CLUSPROP_SYNTAX_LIST_VALUE_DWORD)
                continue;
            memcpy(&v, out + i + 8, 4);
            if (v == 25)
                port = v;
        }
        ok(port == 25, "the default SmtpProbePort 25 is among them\n");
        FN.Close(r);
    }
    RegCloseKey(key);
    bed_delete_tree(HKEY_LOCAL_MACHINE, bare);
}

static void test_long_lines(HKEY key)
{
    /* A long resource name makes the refusal longer than a cluster log line
       (500 characters): it must come out whole, in lines that fit. */
    WCHAR name[230];
    size_t longest = 0;
    const WCHAR *p, *q;
    HANDLE ev;
    RESID r;
    int lines;

    wmemset(name, L'x', ARRAYSIZE(name) - 1);
    name[ARRAYSIZE(name) - 1] = 0;
    r = FN.Open(name, key, (RESOURCE_HANDLE)4);
    ok(r != NULL, "Open of a resource with a 229-character name\n");
    if (!r)
        return;
    reset_logs();
    lines = log_count;
    FN.Online(r, &ev);
    lines = log_count - lines;
    for (p = all_logs; *p; p = q + 1) {
        q = wcschr(p, L'\n');
        if (!q)
            break;
        if ((size_t)(q - p) > longest)
            longest = (size_t)(q - p);
    }
    ok(lines >= 3, "the two refusals took %d lines\n", lines);
    ok(longest <= 460, "the longest line has %u characters (a cluster log line holds 500)\n", (unsigned)longest);
    ok(wcsstr(all_logs, L"(continued): ") != NULL, "later lines are marked as continued\n");
    ok(wcsstr(all_logs, L"or correct the resource's ServiceName property.") != NULL &&
       wcsstr(all_logs, L"then bring the resource online again.") != NULL, "nothing of the texts was lost\n");
    FN.Close(r);
}

int main(void)
{
    HMODULE dll = NULL;
    DWORD err;
    HKEY key;
    RESID r, r2;

    bt_set_verbose(1);
    bm_set_hooks(test_log, test_status);
    err = bm_load(L"imsguard.dll", &dll, &startup);
    ok(dll != NULL, "imsguard.dll loaded (error %lu)\n", dll ? 0 : err);
    if (!dll)
        goto done;
    ok(startup != NULL, "Startup exported\n");
    if (!startup)
        goto done;
    test_startup();
    if (!table)
        goto done;

    err = bed_db_resource_path(RES_NAME, RES_KEY, ARRAYSIZE(RES_KEY));
    key = err ? NULL : make_resource_key();
    ok(key != NULL, "test resource key created (error %lu)\n", err);
    if (!key)
        goto done;
    test_open_close(key);
    r = FN.Open(L"dlltest", key, (RESOURCE_HANDLE)1);
    ok(r != NULL, "Open: %p (error %lu)\n", r, r ? 0 : GetLastError());
    r2 = FN.Open(L"dlltest-2", key, (RESOURCE_HANDLE)3);
    ok(r2 != NULL && r2 != r, "a second resource of the type: %p\n", r2);
    if (r) {
        test_foreign_resid(r);
        test_control_sizes(r);
        test_properties(r);
        test_online_refusals(r);
        FN.Close(r);
        ok(FN.Online(r, NULL) == ERROR_RESOURCE_NOT_FOUND, "a closed RESID is foreign\n");
    }
    if (r2)
        FN.Close(r2);
    test_percent_in_data(key);
    test_long_lines(key);
    test_no_parameters_key();
    RegCloseKey(key);
    bed_db_remove_resource(RES_NAME);
done:
    return bt_summary("dlltest", "dlltest");
}

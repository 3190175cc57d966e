/*
 * imscheck.c - would IMS Guard bring the Internet Mail Service online on
 * this node? Runs the same preflight as the resource's Online entry point
 * (resdll/checks.c) and prints the verdict, every finding and its fix.
 *
 *   imscheck [--resource <name>] [--service <name>] [--image <path>]
 *            [--expected-domain <name>] [--allow-affected-build]
 *            [--no-require-domain] [--quiet]
 *
 * Exit status: 0 would go online, 1 refused (a private property Online
 * would refuse included), 2 could not check (bad options, resource not
 * found, service manager unreachable).
 */
#include "cluswin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "checks.h"
#include "creg.h"
#include "imsguard.h"
#include "resource.h"
#include "rlog.h"
#include "stored.h"
#include "svchygiene.h"
#include "u16.h"
#include "wstr.h"

#define EXIT_ONLINE  0
#define EXIT_REFUSED 1
#define EXIT_UNKNOWN 2

static BOOL quiet;
static int errors, warnings;

static const char *level_word(LOG_LEVEL level)
{
    switch (level) {
    case LOG_ERROR:   return "REFUSED";
    case LOG_WARNING: return "WARNING";
    default:          return "note";
    }
}

/* The checks log through the monitor's LogEvent, always with one of rlog's
   two constant formats (caller, text); here the text is printed. A line
   continued from the one before is part of the same finding. */
static VOID WINAPI print_event(RESOURCE_HANDLE h, LOG_LEVEL level, LPCWSTR format, ...)
{
    BOOL continued = format && !wcscmp(format, IG_LOG_FORMAT_CONTINUED);
    const char *word = level_word(level);
    const WCHAR *text;
    va_list ap;

    va_start(ap, format);
    (void)va_arg(ap, const WCHAR *);   /* the caller: always imscheck */
    text = va_arg(ap, const WCHAR *);
    va_end(ap);
    if (!text)
        return;
    if (!continued) {
        if (level == LOG_ERROR)
            errors++;
        else if (level == LOG_WARNING)
            warnings++;
    }
    if (quiet && level != LOG_ERROR)
        return;
    if (continued)
        wprintf(L"  %*ls  %ls\n", (int)strlen(word), L"", text);
    else
        wprintf(L"  %hs: %ls\n", word, text);
}

static void usage(FILE *to)
{
    fputs("usage: imscheck [--resource <name>] [--service <name>] [--image <path>]\n"
          "                [--expected-domain <name>] [--allow-affected-build]\n"
          "                [--no-require-domain] [--quiet]\n"
          "Runs IMS Guard's preflight (KB Q194128) on this node. With --resource, uses the\n"
          "private properties of that IMS Guard resource from the cluster database; the\n"
          "other options override them. Exit status: 0 would go online, 1 refused,\n"
          "2 could not check.\n", to);
}

/* The named resource's private properties as stored, through the cluster
   API. Only a database that cannot be read is an error here: an invalid
   stored value is Online's refusal, judged with the overrides applied. */
static DWORD read_resource(const WCHAR *name, ig_stored *st)
{
    DWORD err = ERROR_SUCCESS;
    HCLUSTER cluster = NULL;
    HRESOURCE res = NULL;
    HKEY key = NULL, params = NULL;
    ig_prop_problem why;

    cluster = OpenCluster(NULL);
    if (!cluster) {
        err = GetLastError();
        fwprintf(stderr, L"imscheck: this node's cluster could not be opened (error %lu); "
                         L"is the Cluster Service installed here?\n", (unsigned long)err);
        goto out;
    }
    res = OpenClusterResource(cluster, name);
    if (!res) {
        err = GetLastError();
        fwprintf(stderr, L"imscheck: no cluster resource named '%ls' (error %lu)\n", name, (unsigned long)err);
        goto out;
    }
    key = GetClusterResourceKey(res, KEY_READ);
    if (!key) {
        err = GetLastError();
        fwprintf(stderr, L"imscheck: the cluster database key of '%ls' could not be opened (error %lu)\n", name,
                 (unsigned long)err);
        goto out;
    }
    if (ClusterRegOpenKey(key, L"Parameters", KEY_READ, &params) != ERROR_SUCCESS)
        params = NULL;
    err = ig_creg_read_stored(params, st, &why);
    if (err) {
        WCHAR reason[200];
        ig_wfrom_utf8(reason, ARRAYSIZE(reason), why.reason);
        fwprintf(stderr, L"imscheck: the private property %hs of '%ls' could not be read: %ls\n",
                 why.prop >= 0 ? ig_props[why.prop].name : "(list)", name, reason);
    }
out:
    if (params)
        ClusterRegCloseKey(params);
    if (key)
        ClusterRegCloseKey(key);
    if (res)
        CloseClusterResource(res);
    if (cluster)
        CloseCluster(cluster);
    return err;
}

/* An option given on the command line takes the place of what is stored. */
static void override_sz(ig_stored *st, ig_prop_id id, const ig_settings *from)
{
    const uint16_t *v = ig_prop_sz_c(from, id);
    ig_stored_put(st, id, IG_REG_SZ, v, (ig_u16len(v) + 1) * sizeof(uint16_t));
}

static void override_dword(ig_stored *st, ig_prop_id id, DWORD value)
{
    ig_stored_put(st, id, IG_REG_DWORD, &value, sizeof(value));
}

static BOOL set_sz(ig_settings *s, ig_prop_id id, const WCHAR *value)
{
    ig_prop_problem why;
    if (ig_prop_set_sz(s, id, ig_u(value), wcslen(value), &why) != 0) {
        fwprintf(stderr, L"imscheck: %hs '%ls' is not valid: %hs\n", ig_props[id].name, value, why.reason);
        return FALSE;
    }
    return TRUE;
}

/* What Online's service hygiene would change here (ManageServiceConfig). */
static void print_service_setup(const ig_settings *s)
{
    ig_service_setup setup;
    ig_hygiene_plan plan;
    char text[IG_RECOVERY_TEXT_CAP];

    if (ig_svchygiene_read(ig_w(s->service_name), &setup) != ERROR_SUCCESS)
        return;
    plan = ig_hygiene_plan_for(&setup, s->manage_service_config);
    wprintf(L"  start type:  %hs", ig_start_type_text(setup.start_type, text, sizeof(text)));
    if (plan.set_manual)
        wprintf(L" - Online will set it to Manual, so that only the cluster starts the IMS\n");
    else if (setup.start_type == IG_START_AUTO)
        wprintf(L" - left so (ManageServiceConfig is 0): every node starts the IMS at boot\n");
    else
        wprintf(L"\n");
    if (!setup.recovery_known) {
        wprintf(L"  recovery:    (this service manager does not report recovery actions)\n");
        return;
    }
    ig_recovery_text(&setup, text, sizeof(text));
    wprintf(L"  recovery:    %hs%ls\n", text,
            plan.clear_recovery ? L" - Online will remove them, so that only the cluster restarts the IMS"
            : (setup.action_count && !s->manage_service_config) ? L" - left so (ManageServiceConfig is 0)" : L"");
}

int wmain(int argc, WCHAR **argv)
{
    static ig_resource r;   /* large: not on the stack */
    ig_service service = { NULL, NULL };
    static ig_stored stored;
    ig_prop_problem why;
    BOOL bad_property;
    const WCHAR *resource = NULL;
    WCHAR computer[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD size = ARRAYSIZE(computer), err;
    char domain[256], version[32];
    ig_domain_source from;
    ig_settings overrides;
    BOOL set_service = FALSE, set_image = FALSE, set_expected = FALSE, allow = FALSE, no_require = FALSE;
    int i;

    ig_settings_default(&overrides);
    for (i = 1; i < argc; i++) {
        const WCHAR *a = argv[i];
        BOOL has_value = i + 1 < argc;
        if (!wcscmp(a, L"--resource") && has_value) {
            resource = argv[++i];
        } else if (!wcscmp(a, L"--service") && has_value) {
            if (!set_sz(&overrides, IG_P_SERVICE_NAME, argv[++i]))
                return EXIT_UNKNOWN;
            set_service = TRUE;
        } else if (!wcscmp(a, L"--image") && has_value) {
            if (!set_sz(&overrides, IG_P_IMAGE_PATH, argv[++i]))
                return EXIT_UNKNOWN;
            set_image = TRUE;
        } else if (!wcscmp(a, L"--expected-domain") && has_value) {
            if (!set_sz(&overrides, IG_P_EXPECTED_DNS_DOMAIN, argv[++i]))
                return EXIT_UNKNOWN;
            set_expected = TRUE;
        } else if (!wcscmp(a, L"--allow-affected-build")) {
            allow = TRUE;
        } else if (!wcscmp(a, L"--no-require-domain")) {
            no_require = TRUE;
        } else if (!wcscmp(a, L"--quiet")) {
            quiet = TRUE;
        } else if (!wcscmp(a, L"--help") || !wcscmp(a, L"/?")) {
            usage(stdout);
            return EXIT_ONLINE;
        } else {
            fwprintf(stderr, L"imscheck: unknown option or missing value: '%ls'\n", a);
            usage(stderr);
            return EXIT_UNKNOWN;
        }
    }

    ig_scm_init();
    ig_netid_init();
    ig_log_init(GetModuleHandleW(NULL), (PLOG_EVENT_ROUTINE)print_event, FALSE);

    r.signature = IG_RESOURCE_SIGNATURE;
    ig_wcopy(r.name, ARRAYSIZE(r.name), resource ? resource : L"(defaults)");
    ig_stored_init(&stored);
    if (resource && read_resource(resource, &stored) != ERROR_SUCCESS)
        return EXIT_UNKNOWN;
    if (set_service)
        override_sz(&stored, IG_P_SERVICE_NAME, &overrides);
    if (set_image)
        override_sz(&stored, IG_P_IMAGE_PATH, &overrides);
    if (set_expected)
        override_sz(&stored, IG_P_EXPECTED_DNS_DOMAIN, &overrides);
    if (allow)
        override_dword(&stored, IG_P_ALLOW_AFFECTED_BUILD, 1);
    if (no_require)
        override_dword(&stored, IG_P_REQUIRE_DNS_DOMAIN, 0);
    bad_property = ig_stored_settings(&stored, &r.settings, &why) != ERROR_SUCCESS;
    ig_stored_free(&stored);

    if (!GetComputerNameW(computer, &size))
        wcscpy(computer, L"(unknown)");
    wprintf(L"IMS Guard preflight on node %ls (KB Q194128)\n", computer);
    if (!quiet)
        wprintf(L"  findings:\n");
    if (bad_property) {
        /* Online stops here too, before looking at the node. */
        WCHAR *line = ig_prop_problem_text(r.name, &why);
        ig_log_text(NULL, LOG_ERROR, L"imscheck", line ? line : L"A private property is not valid.");
        free(line);
        wprintf(L"verdict: REFUSED - IMS Guard would not bring the IMS online here: the private property "
                L"%hs is not valid\n", why.prop >= 0 ? ig_props[why.prop].name : "(list)");
        return EXIT_REFUSED;
    }
    err = ig_checks_run(&r, L"imscheck", IG_CHECK_SERVICE | IG_CHECK_IMAGE | IG_CHECK_DOMAIN, &service);

    from = ig_netid_domain(&r.netid, domain, sizeof(domain));
    ig_version_format(&r.image_version, version, sizeof(version));
    if (!quiet) {
        wprintf(L"  service:     %ls\n", ig_w(r.settings.service_name));
        if (r.image_version.part[0])
            wprintf(L"  IMS program: %ls, version %hs\n", r.image, version);
        else
            wprintf(L"  IMS program: %ls\n", r.image[0] ? r.image : L"(unknown)");
        wprintf(L"  DNS domain:  %hs (%hs)\n", domain[0] ? domain : "(not set)", ig_domain_source_text(from));
        print_service_setup(&r.settings);
    }
    ig_scm_close(&service);
    ig_netid_close(&r.netid);

    if (err == IMSGUARD_E_SERVICE_QUERY_FAILED) {
        wprintf(L"verdict: COULD NOT CHECK (0x%08lX)\n", (unsigned long)err);
        return EXIT_UNKNOWN;
    }
    if (err) {
        wprintf(L"verdict: REFUSED - IMS Guard would not bring the IMS online here (0x%08lX)\n",
                (unsigned long)err);
        return EXIT_REFUSED;
    }
    wprintf(L"verdict: OK - IMS Guard would bring the IMS online here%ls\n",
            warnings ? L" (with the warnings above)" : L"");
    return EXIT_ONLINE;
}

/*
 * imscheck.c - would IMS Guard bring the Internet Mail Service online on
 * this node? Runs the same preflight as the resource's Online entry point
 * (resdll/win/nodecheck.c) and prints the verdict and every finding with
 * the text Online logs for it (the same message table).
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

#include "creg.h"
#include "imsguard.h"
#include "logline.h"
#include "nodecheck.h"
#include "stored.h"
#include "svchygiene.h"
#include "u16.h"
#include "wstr.h"

#define EXIT_ONLINE  0
#define EXIT_REFUSED 1
#define EXIT_UNKNOWN 2

static BOOL quiet;
static int errors, warnings;

/* One finding, whole: cut where Online's cluster log line would be cut
   (core/logline.h), its continued lines indented under it. */
static void print_finding(LOG_LEVEL level, const WCHAR *text)
{
    const char *word = level == LOG_ERROR ? "REFUSED" : level == LOG_WARNING ? "WARNING" : "note";
    WCHAR line[IG_LOGLINE_TEXT_MAX + 1];
    size_t len = wcslen(text), at = 0, next, n;

    if (level == LOG_ERROR)
        errors++;
    else if (level == LOG_WARNING)
        warnings++;
    if (quiet && level != LOG_ERROR)
        return;
    do {
        n = ig_logline_piece(ig_u(text), len, at, IG_LOGLINE_TEXT_MAX, &next);
        memcpy(line, text + at, n * sizeof(WCHAR));
        line[n] = 0;
        if (at == 0)
            wprintf(L"  %hs: %ls\n", word, line);
        else
            wprintf(L"  %*ls  %ls\n", (int)strlen(word), L"", line);
        at = next;
    } while (at < len);
}

/* The node check's sink: the message Online would log, from this program's
   copy of the DLL's message table. */
static void print_message(void *ctx, LOG_LEVEL level, DWORD msgid, int nargs, const WCHAR *const *args)
{
    WCHAR *text = ig_wformat_message(GetModuleHandleW(NULL), msgid, nargs, args);
    print_finding(level, text ? text : L"(not enough memory to format a message)");
    if (text)
        LocalFree(text);
}

static void usage(FILE *to)
{
    fputs("usage: imscheck [--resource <name>] [--service <name>] [--image <path>]\n"
          "                [--expected-domain <name>] [--allow-affected-build]\n"
          "                [--no-require-domain] [--quiet]\n"
          "Runs " IMSGUARD_PRODUCT_NAME "'s preflight (KB Q194128) on this node. With --resource, uses the\n"
          "private properties of that " IMSGUARD_PRODUCT_NAME " resource from the cluster database; the\n"
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

/* The command line: which resource, and the options that replace its values. */
typedef struct options {
    const WCHAR *resource;        /* NULL: the defaults */
    ig_settings overrides;
    BOOL service, image, expected, allow, no_require;
} options;

/* -1 to go on, else the exit status (help, or a bad option). */
static int parse_options(int argc, WCHAR **argv, options *o)
{
    int i;

    ig_settings_default(&o->overrides);
    for (i = 1; i < argc; i++) {
        const WCHAR *a = argv[i];
        BOOL has_value = i + 1 < argc;
        if (!wcscmp(a, L"--resource") && has_value) {
            o->resource = argv[++i];
        } else if (!wcscmp(a, L"--service") && has_value) {
            if (!set_sz(&o->overrides, IG_P_SERVICE_NAME, argv[++i]))
                return EXIT_UNKNOWN;
            o->service = TRUE;
        } else if (!wcscmp(a, L"--image") && has_value) {
            if (!set_sz(&o->overrides, IG_P_IMAGE_PATH, argv[++i]))
                return EXIT_UNKNOWN;
            o->image = TRUE;
        } else if (!wcscmp(a, L"--expected-domain") && has_value) {
            if (!set_sz(&o->overrides, IG_P_EXPECTED_DNS_DOMAIN, argv[++i]))
                return EXIT_UNKNOWN;
            o->expected = TRUE;
        } else if (!wcscmp(a, L"--allow-affected-build")) {
            o->allow = TRUE;
        } else if (!wcscmp(a, L"--no-require-domain")) {
            o->no_require = TRUE;
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
    return -1;
}

/* The settings Online would use: the resource's as stored, the options in
   their place. FALSE with *why when they hold a value Online refuses; an
   unreadable database is reported and exits. */
static BOOL settings_of(const options *o, ig_settings *s, ig_prop_problem *why, BOOL *unreadable)
{
    static ig_stored stored;
    BOOL valid;

    *unreadable = FALSE;
    ig_stored_init(&stored);
    if (o->resource && read_resource(o->resource, &stored) != ERROR_SUCCESS) {
        *unreadable = TRUE;
        return FALSE;
    }
    if (o->service)
        override_sz(&stored, IG_P_SERVICE_NAME, &o->overrides);
    if (o->image)
        override_sz(&stored, IG_P_IMAGE_PATH, &o->overrides);
    if (o->expected)
        override_sz(&stored, IG_P_EXPECTED_DNS_DOMAIN, &o->overrides);
    if (o->allow)
        override_dword(&stored, IG_P_ALLOW_AFFECTED_BUILD, 1);
    if (o->no_require)
        override_dword(&stored, IG_P_REQUIRE_DNS_DOMAIN, 0);
    valid = ig_stored_settings(&stored, s, why) == ERROR_SUCCESS;
    ig_stored_free(&stored);
    return valid;
}

/* What the check looked at: the service, the program and its build, the
   domain and where it came from, and what Online's service hygiene would do. */
static void print_facts(const ig_settings *s, const ig_node_facts *f)
{
    char version[32];

    ig_version_format(&f->version, version, sizeof(version));
    wprintf(L"  service:     %ls\n", ig_w(s->service_name));
    if (f->image_fact == IG_IMG_OK)
        wprintf(L"  IMS program: %ls, version %hs\n", f->image, version);
    else
        wprintf(L"  IMS program: %ls\n", f->image[0] ? f->image : L"(unknown)");
    wprintf(L"  DNS domain:  %hs (%hs)\n", f->domain[0] ? f->domain : "(not set)",
            ig_domain_source_text(f->domain_from));
    print_service_setup(s);
}

int wmain(int argc, WCHAR **argv)
{
    static ig_node_facts facts;   /* large: not on the stack */
    static ig_settings settings;
    static options opts;
    ig_service service = { NULL, NULL };
    ig_prop_problem why;
    BOOL valid, unreadable;
    const WCHAR *name;
    WCHAR computer[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD size = ARRAYSIZE(computer), err;
    int status;

    status = parse_options(argc, argv, &opts);
    if (status >= 0)
        return status;
    ig_scm_init();
    ig_netid_init();
    name = opts.resource ? opts.resource : L"(defaults)";
    valid = settings_of(&opts, &settings, &why, &unreadable);
    if (unreadable)
        return EXIT_UNKNOWN;

    if (!GetComputerNameW(computer, &size))
        wcscpy(computer, L"(unknown)");
    wprintf(L"" IMSGUARD_PRODUCT_NAME L" preflight on node %ls (KB Q194128)\n", computer);
    if (!quiet)
        wprintf(L"  findings:\n");
    if (!valid) {
        /* Online stops here too, before looking at the node. */
        WCHAR *line = ig_prop_problem_text(name, &why);
        print_finding(LOG_ERROR, line ? line : L"A private property is not valid.");
        free(line);
        wprintf(L"verdict: REFUSED - " IMSGUARD_PRODUCT_NAME L" would not bring the IMS online here: the "
                L"private property %hs is not valid\n", why.prop >= 0 ? ig_props[why.prop].name : "(list)");
        return EXIT_REFUSED;
    }
    err = ig_node_check(name, &settings, IG_CHECK_ALL, &service, &facts, print_message, NULL, NULL);
    if (!quiet)
        print_facts(&settings, &facts);
    ig_scm_close(&service);
    ig_facts_close(&facts);

    if (err == IMSGUARD_E_SERVICE_QUERY_FAILED) {
        wprintf(L"verdict: COULD NOT CHECK (0x%08lX)\n", (unsigned long)err);
        return EXIT_UNKNOWN;
    }
    if (err) {
        wprintf(L"verdict: REFUSED - " IMSGUARD_PRODUCT_NAME L" would not bring the IMS online here (0x%08lX)\n",
                (unsigned long)err);
        return EXIT_REFUSED;
    }
    wprintf(L"verdict: OK - " IMSGUARD_PRODUCT_NAME L" would bring the IMS online here%ls\n",
            warnings ? L" (with the warnings above)" : L"");
    return EXIT_ONLINE;
}

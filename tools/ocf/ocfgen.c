/*
 * ocfgen.c - writes the parts of the OCF agent (tools/ocf/IMSGuard.in) that
 * are facts of the DLL, from their one home: the private properties (names,
 * kinds, ranges, defaults: resdll/core/props.c) and the refusal codes
 * (include/imsguard.h). Built natively and run at build time.
 *
 *   ocfgen shell   shell assignments: IG_PROPS, each property's kind and
 *                  OCF_RESKEY_<name>_default, the refusal codes
 *   ocfgen xml     the <parameter> elements of the meta-data
 *   ocfgen agent <template>
 *                  the template with its @OCFGEN_SHELL@ and @OCFGEN_XML@
 *                  lines replaced by the two above
 *
 * Exit status 0, or 2 on a usage error or a template it cannot read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imsguard.h"
#include "props.h"

/* What each property is for, for the meta-data's longdesc. Names, kinds,
   ranges and defaults come from ig_props. */
static const char *const purpose[IG_P_COUNT] = {
    [IG_P_SERVICE_NAME] = "The Windows service the resource manages (the IMS).",
    [IG_P_IMAGE_PATH] = "The IMS binary whose version is checked; empty: the service's configured binary.",
    [IG_P_REQUIRE_DNS_DOMAIN] = "1: refuse to start when the node's TCP/IP DNS domain is not set "
                                "(the IMS would stop with events 4058/4067).",
    [IG_P_EXPECTED_DNS_DOMAIN] = "When set, the node's DNS domain must equal it (case-insensitive, "
                                 "trailing dot ignored).",
    [IG_P_FIRST_AFFECTED_VERSION] = "Lowest IMS build affected by KB Q194128.",
    [IG_P_FIRST_FIXED_VERSION] = "Lowest IMS build with the Q194128 fix.",
    [IG_P_ALLOW_AFFECTED_BUILD] = "1: start an affected build anyway (logged as a warning).",
    [IG_P_SMTP_PROBE_PORT] = "IsAlive's SMTP greeting check on loopback; 0: off.",
    [IG_P_STOP_TIMEOUT] = "Milliseconds a stop may take before the IMS process is ended.",
    [IG_P_SMTP_PROBE_TIMEOUT] = "Milliseconds one IsAlive waits for the SMTP greeting.",
    [IG_P_SMTP_PROBE_FAILURES] = "IsAlive checks in a row without an SMTP answer before the resource fails.",
    [IG_P_MANAGE_SERVICE_CONFIG] = "1: at start, set the service to Manual and remove its recovery actions.",
    [IG_P_USE_NETWORK_NAME] = "1: give the service the cluster network name (_CLUSTER_NETWORK_NAME_).",
    [IG_P_STARTUP_PARAMETERS] = "Arguments the service is started with (double quotes group words).",
};

static const struct { const char *name; unsigned long code; } refusals[] = {
    { "SERVICE_MISSING", IMSGUARD_E_SERVICE_MISSING },
    { "SERVICE_QUERY_FAILED", IMSGUARD_E_SERVICE_QUERY_FAILED },
    { "SERVICE_DISABLED", IMSGUARD_E_SERVICE_DISABLED },
    { "IMAGE_UNREADABLE", IMSGUARD_E_IMAGE_UNREADABLE },
    { "IMAGE_NO_VERSION", IMSGUARD_E_IMAGE_NO_VERSION },
    { "AFFECTED_BUILD", IMSGUARD_E_AFFECTED_BUILD },
    { "NO_DNS_DOMAIN", IMSGUARD_E_NO_DNS_DOMAIN },
    { "BAD_DNS_DOMAIN", IMSGUARD_E_BAD_DNS_DOMAIN },
    { "DNS_DOMAIN_MISMATCH", IMSGUARD_E_DNS_DOMAIN_MISMATCH },
    { "SERVICE_START_FAILED", IMSGUARD_E_SERVICE_START_FAILED },
};

static const char *kind_name(const ig_prop_def *d)
{
    return d->kind == IG_KIND_SZ ? "sz" : "dword";
}

static void print_default(const ig_prop_def *d)
{
    if (d->kind == IG_KIND_SZ)
        printf("%s", d->dflt_sz);
    else
        printf("%lu", (unsigned long)d->dflt);
}

static void write_shell(void)
{
    size_t i;
    int id;

    printf("# From ocfgen (resdll/core/props.c, include/imsguard.h): do not edit here.\n");
    printf("IG_PROPS=\"");
    for (id = 0; id < IG_P_COUNT; id++)
        printf("%s%s", id ? " " : "", ig_props[id].name);
    printf("\"\n");
    for (id = 0; id < IG_P_COUNT; id++) {
        const ig_prop_def *d = &ig_props[id];
        printf("IG_KIND_%s=%s\n", d->name, kind_name(d));
        printf("OCF_RESKEY_%s_default=\"", d->name);
        print_default(d);
        printf("\"\n");
    }
    printf("IMSGUARD_RESOURCE_TYPE=\"%s\"\n", IMSGUARD_RESOURCE_TYPE);
    printf("IMSGUARD_DLL_NAME=\"%s\"\n", IMSGUARD_DLL_NAME);
    for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++)
        printf("IMSGUARD_E_%s=%lu\n", refusals[i].name, refusals[i].code);
}

static void write_xml(void)
{
    int id;

    for (id = 0; id < IG_P_COUNT; id++) {
        const ig_prop_def *d = &ig_props[id];
        printf("<parameter name=\"%s\" unique=\"0\" required=\"0\">\n", d->name);
        printf("<longdesc lang=\"en\">\n%s\nIMS Guard private property %s (%s", purpose[id],
               d->name, d->kind == IG_KIND_SZ ? "SZ" : "DWORD");
        if (d->kind == IG_KIND_DWORD)
            printf(", %lu to %lu", (unsigned long)d->min, (unsigned long)d->max);
        printf("), stored in the node's cluster database and validated by the DLL.\n</longdesc>\n");
        printf("<shortdesc lang=\"en\">%s</shortdesc>\n", d->name);
        printf("<content type=\"%s\" default=\"", d->kind == IG_KIND_SZ ? "string" : "integer");
        print_default(d);
        printf("\" />\n</parameter>\n\n");
    }
}

static int write_agent(const char *template_path)
{
    FILE *in = fopen(template_path, "r");
    char line[4096];

    if (!in) {
        fprintf(stderr, "ocfgen: cannot read the template %s\n", template_path);
        return 2;
    }
    while (fgets(line, sizeof(line), in)) {
        if (!strcmp(line, "@OCFGEN_SHELL@\n"))
            write_shell();
        else if (!strcmp(line, "@OCFGEN_XML@\n"))
            write_xml();
        else
            fputs(line, stdout);
    }
    fclose(in);
    return 0;
}

int main(int argc, char **argv)
{
    int id;

    for (id = 0; id < IG_P_COUNT; id++) {
        if (!purpose[id]) {
            fprintf(stderr, "ocfgen: property %s has no purpose text in tools/ocf/ocfgen.c\n",
                    ig_props[id].name);
            return 2;
        }
    }
    if (argc == 2 && !strcmp(argv[1], "shell"))
        write_shell();
    else if (argc == 2 && !strcmp(argv[1], "xml"))
        write_xml();
    else if (argc == 3 && !strcmp(argv[1], "agent"))
        return write_agent(argv[2]);
    else {
        fprintf(stderr, "usage: ocfgen shell | xml | agent <template>\n");
        return 2;
    }
    return 0;
}

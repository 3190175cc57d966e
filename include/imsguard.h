/*
 * imsguard.h - public definitions of the IMS Guard cluster resource DLL.
 *
 * Plain C, no <windows.h>: tools, tests and administrators' scripts may
 * include it anywhere. The error codes below are what Online (and the
 * imscheck tool) return for each refusal. They are Win32 error codes with
 * the customer bit (bit 29) set, as Win32 reserves for applications, so they
 * never collide with a system code; `imsguard.dll`'s message table holds an
 * explanation for each (FormatMessage with FORMAT_MESSAGE_FROM_HMODULE).
 */
#ifndef IMSGUARD_H
#define IMSGUARD_H

/* The product's name, spelled here only: it is the resource type's name
   and the event source's (and the texts and version resources say it). */
#define IMSGUARD_PRODUCT_NAME       "IMS Guard"
#define IMSGUARD_RESOURCE_TYPE      IMSGUARD_PRODUCT_NAME
#define IMSGUARD_DLL_NAME           "imsguard.dll"
#define IMSGUARD_EVENT_SOURCE       IMSGUARD_PRODUCT_NAME
#define IMSGUARD_REQUIRED_DEPENDENCY "Network Name"

/* Private property names (resource key's Parameters subkey). */
#define IMSGUARD_PROP_SERVICE_NAME            "ServiceName"
#define IMSGUARD_PROP_IMAGE_PATH              "ImagePath"
#define IMSGUARD_PROP_REQUIRE_DNS_DOMAIN      "RequireDnsDomain"
#define IMSGUARD_PROP_EXPECTED_DNS_DOMAIN     "ExpectedDnsDomain"
#define IMSGUARD_PROP_FIRST_AFFECTED_VERSION  "FirstAffectedVersion"
#define IMSGUARD_PROP_FIRST_FIXED_VERSION     "FirstFixedVersion"
#define IMSGUARD_PROP_ALLOW_AFFECTED_BUILD    "AllowAffectedBuild"
#define IMSGUARD_PROP_SMTP_PROBE_PORT         "SmtpProbePort"
#define IMSGUARD_PROP_STOP_TIMEOUT            "StopTimeout"
#define IMSGUARD_PROP_SMTP_PROBE_TIMEOUT      "SmtpProbeTimeout"
#define IMSGUARD_PROP_SMTP_PROBE_FAILURES     "SmtpProbeFailures"
#define IMSGUARD_PROP_MANAGE_SERVICE_CONFIG   "ManageServiceConfig"
#define IMSGUARD_PROP_USE_NETWORK_NAME        "UseNetworkName"
#define IMSGUARD_PROP_STARTUP_PARAMETERS      "StartupParameters"

/* Defaults. */
#define IMSGUARD_DEFAULT_SERVICE_NAME         "MSExchangeIMC"
#define IMSGUARD_DEFAULT_FIRST_AFFECTED       "5.5.2232.0"   /* Exchange 5.5 SP1 */
#define IMSGUARD_DEFAULT_FIRST_FIXED          "5.5.2423.0"   /* KB Q194128 fix   */
#define IMSGUARD_DEFAULT_SMTP_PROBE_PORT      25
#define IMSGUARD_DEFAULT_STOP_TIMEOUT_MS      30000
/* How long one IsAlive waits for the SMTP greeting (IsAlive must return
   within 300 ms); a greeting not in yet is looked for again at the next
   IsAlive, so a slow IMS is not failed. */
#define IMSGUARD_DEFAULT_SMTP_PROBE_TIMEOUT_MS 200
#define IMSGUARD_SMTP_PROBE_TIMEOUT_MIN_MS     10
#define IMSGUARD_SMTP_PROBE_TIMEOUT_MAX_MS     250
/* IsAlive checks in a row without an SMTP answer before the resource is
   failed; with N, a hung IMS is failed within N + 1 IsAlive intervals. */
#define IMSGUARD_DEFAULT_SMTP_PROBE_FAILURES   1
#define IMSGUARD_SMTP_PROBE_FAILURES_MAX       10

/*
 * Refusal codes, in priority order: when several conditions hold, each is
 * logged and the first in this order is returned.
 */
#define IMSGUARD_ERROR_BASE                0x20490000UL   /* customer bit | 'I' */
#define IMSGUARD_E_SERVICE_MISSING         0x20490001UL   /* ServiceName is not installed on the node   */
#define IMSGUARD_E_SERVICE_QUERY_FAILED    0x20490002UL   /* the SCM would not tell us the configuration  */
#define IMSGUARD_E_SERVICE_DISABLED        0x20490003UL   /* start type is Disabled                        */
#define IMSGUARD_E_IMAGE_UNREADABLE        0x20490004UL   /* IMS binary missing or unreadable              */
#define IMSGUARD_E_IMAGE_NO_VERSION        0x20490005UL   /* IMS binary has no version resource            */
#define IMSGUARD_E_AFFECTED_BUILD          0x20490006UL   /* build in [FirstAffected, FirstFixed): Q194128 */
#define IMSGUARD_E_NO_DNS_DOMAIN           0x20490007UL   /* node's TCP/IP DNS domain not set (4058/4067)  */
#define IMSGUARD_E_BAD_DNS_DOMAIN          0x20490008UL   /* node's DNS domain is not a valid DNS name     */
#define IMSGUARD_E_DNS_DOMAIN_MISMATCH     0x20490009UL   /* node's DNS domain differs from the expected   */
#define IMSGUARD_E_SERVICE_START_FAILED    0x2049000AUL   /* service stopped while starting                */

#endif /* IMSGUARD_H */

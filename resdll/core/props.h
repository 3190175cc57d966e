/*
 * props.h - the resource's private properties: their table, defaults,
 * limits and validation. The one definition used by the DLL (GET, VALIDATE,
 * SET, reading the cluster database), the admin tools and the tests.
 */
#ifndef IG_PROPS_H
#define IG_PROPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum ig_prop_id {
    IG_P_SERVICE_NAME = 0,
    IG_P_IMAGE_PATH,
    IG_P_REQUIRE_DNS_DOMAIN,
    IG_P_EXPECTED_DNS_DOMAIN,
    IG_P_FIRST_AFFECTED_VERSION,
    IG_P_FIRST_FIXED_VERSION,
    IG_P_ALLOW_AFFECTED_BUILD,
    IG_P_SMTP_PROBE_PORT,
    IG_P_STOP_TIMEOUT,
    IG_P_SMTP_PROBE_TIMEOUT,
    IG_P_SMTP_PROBE_FAILURES,
    IG_P_MANAGE_SERVICE_CONFIG,
    IG_P_USE_NETWORK_NAME,
    IG_P_STARTUP_PARAMETERS,
    IG_P_COUNT
} ig_prop_id;

typedef enum ig_prop_kind { IG_KIND_SZ, IG_KIND_DWORD } ig_prop_kind;

/* Capacities in UTF-16 code units, terminator included. */
#define IG_SERVICE_NAME_CAP   257   /* the SCM's limit is 256 characters */
#define IG_IMAGE_PATH_CAP    1024
#define IG_DOMAIN_CAP         256
#define IG_VERSION_TEXT_CAP    32
#define IG_STARTUP_PARAMETERS_CAP 1024

#define IG_STOP_TIMEOUT_MIN     100u
#define IG_STOP_TIMEOUT_MAX  600000u

typedef struct ig_settings {
    uint16_t service_name[IG_SERVICE_NAME_CAP];
    uint16_t image_path[IG_IMAGE_PATH_CAP];
    uint32_t require_dns_domain;
    uint16_t expected_dns_domain[IG_DOMAIN_CAP];
    uint16_t first_affected_version[IG_VERSION_TEXT_CAP];
    uint16_t first_fixed_version[IG_VERSION_TEXT_CAP];
    uint32_t allow_affected_build;
    uint32_t smtp_probe_port;
    uint32_t stop_timeout;
    uint32_t smtp_probe_timeout;
    uint32_t smtp_probe_failures;
    uint32_t manage_service_config;   /* Online: Automatic -> Manual, no recovery actions */
    uint32_t use_network_name;        /* the service's _CLUSTER_NETWORK_NAME_             */
    uint16_t startup_parameters[IG_STARTUP_PARAMETERS_CAP];
} ig_settings;

typedef struct ig_prop_def {
    const char *name;
    ig_prop_kind kind;
    size_t offset;        /* into ig_settings                       */
    size_t cap;           /* SZ: capacity in code units             */
    uint32_t min, max;    /* DWORD: inclusive range                 */
    uint32_t dflt;        /* DWORD default                          */
    const char *dflt_sz;  /* SZ default (ASCII)                     */
} ig_prop_def;

extern const ig_prop_def ig_props[IG_P_COUNT];

/* Why a value was refused: the property and a phrase for the log line. */
typedef struct ig_prop_problem {
    int prop;             /* ig_prop_id, or -1 when the list itself is malformed */
    uint32_t error;       /* Win32 error code                                  */
    char reason[160];
} ig_prop_problem;

void ig_settings_default(ig_settings *s);

/* Finds a property by its UTF-16 name of n units (case-insensitive, as the
   cluster database is); -1 when unknown. */
int ig_prop_find(const uint16_t *name, size_t n);

/* Validate one value and store it in s; on failure s is unchanged and
   why says what is wrong. Returns a Win32 error code. */
uint32_t ig_prop_set_sz(ig_settings *s, ig_prop_id id, const uint16_t *value, size_t n,
                        ig_prop_problem *why);
uint32_t ig_prop_set_dword(ig_settings *s, ig_prop_id id, uint32_t value, ig_prop_problem *why);

/* Rules that join two properties (FirstAffectedVersion < FirstFixedVersion)
   plus every single-value rule; for settings assembled from several sources. */
uint32_t ig_settings_check(const ig_settings *s, ig_prop_problem *why);

/* The joint rule alone (FirstAffectedVersion < FirstFixedVersion) for two
   valid versions; a refusal names `blame`, the text names both. */
uint32_t ig_settings_check_pair(const ig_settings *s, ig_prop_id blame, ig_prop_problem *why);

static inline uint16_t *ig_prop_sz(ig_settings *s, ig_prop_id id)
{
    return (uint16_t *)((unsigned char *)s + ig_props[id].offset);
}
static inline const uint16_t *ig_prop_sz_c(const ig_settings *s, ig_prop_id id)
{
    return (const uint16_t *)((const unsigned char *)s + ig_props[id].offset);
}
static inline uint32_t *ig_prop_dword(ig_settings *s, ig_prop_id id)
{
    return (uint32_t *)((unsigned char *)s + ig_props[id].offset);
}
static inline uint32_t ig_prop_dword_c(const ig_settings *s, ig_prop_id id)
{
    return *(const uint32_t *)((const unsigned char *)s + ig_props[id].offset);
}

#endif

/*
 * preflight.h - the verdict: may the IMS be brought online on this node?
 * Pure decision over facts the Win32 layer gathered; every finding is kept
 * so each can be logged, and the first error in priority order is returned.
 */
#ifndef IG_PREFLIGHT_H
#define IG_PREFLIGHT_H

#include <stdbool.h>
#include <stdint.h>

#include "version.h"

typedef enum ig_service_fact {
    IG_SVC_OK = 0,        /* installed, start type Manual or Automatic */
    IG_SVC_MISSING,
    IG_SVC_DISABLED,
    IG_SVC_QUERY_FAILED
} ig_service_fact;

typedef enum ig_image_fact {
    IG_IMG_OK = 0,        /* version read                                         */
    IG_IMG_UNREADABLE,    /* missing file, access denied, not a PE file           */
    IG_IMG_NO_VERSION,    /* readable, but no VS_VERSION_INFO / VS_FIXEDFILEINFO  */
    IG_IMG_NOT_CHECKED    /* no path known (service missing and no ImagePath)     */
} ig_image_fact;

typedef struct ig_preflight_input {
    ig_service_fact service;
    ig_image_fact image;
    ig_version image_version;          /* valid when image == IG_IMG_OK        */
    const char *domain;                /* NULL or "" when not set              */
    /* policy, from the private properties */
    bool require_dns_domain;
    const char *expected_dns_domain;   /* NULL or "" when not set              */
    ig_version first_affected;
    ig_version first_fixed;
    bool allow_affected_build;
} ig_preflight_input;

/* Findings, in priority order (the enum order is the order of report). */
typedef enum ig_finding {
    IG_F_SERVICE_MISSING = 0,
    IG_F_SERVICE_QUERY_FAILED,
    IG_F_SERVICE_DISABLED,
    IG_F_IMAGE_UNREADABLE,
    IG_F_IMAGE_NO_VERSION,
    IG_F_AFFECTED_BUILD,
    IG_F_AFFECTED_BUILD_ALLOWED,   /* a warning: the override is on */
    IG_F_NO_DNS_DOMAIN,
    IG_F_BAD_DNS_DOMAIN,
    IG_F_DNS_DOMAIN_MISMATCH,
    IG_F_COUNT
} ig_finding;

typedef struct ig_verdict {
    unsigned count;
    ig_finding findings[IG_F_COUNT];   /* in priority order                    */
    uint32_t error;                    /* IMSGUARD_E_* of the first error, or 0 */
    int dns_status;                    /* ig_dns_status, for IG_F_BAD_DNS_DOMAIN */
} ig_verdict;

void ig_preflight(const ig_preflight_input *in, ig_verdict *out);

/* The IMSGUARD_E_* code of a finding; 0 for a warning. */
uint32_t ig_finding_error(ig_finding f);

/* A stable identifier for logs and tests ("affected-build"). */
const char *ig_finding_name(ig_finding f);

#endif

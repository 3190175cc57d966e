#include "props.h"

#include <stdio.h>
#include <string.h>

#include "dnsname.h"
#include "igerr.h"
#include "imsguard.h"
#include "svcpath.h"
#include "u16.h"
#include "version.h"

#define SZ(field, cap) IG_KIND_SZ, offsetof(ig_settings, field), (cap), 0, 0, 0
#define DW(field, lo, hi, d) IG_KIND_DWORD, offsetof(ig_settings, field), 0, (lo), (hi), (d), NULL

const ig_prop_def ig_props[IG_P_COUNT] = {
    [IG_P_SERVICE_NAME] = { IMSGUARD_PROP_SERVICE_NAME, SZ(service_name, IG_SERVICE_NAME_CAP),
                            IMSGUARD_DEFAULT_SERVICE_NAME },
    [IG_P_IMAGE_PATH] = { IMSGUARD_PROP_IMAGE_PATH, SZ(image_path, IG_IMAGE_PATH_CAP), "" },
    [IG_P_REQUIRE_DNS_DOMAIN] = { IMSGUARD_PROP_REQUIRE_DNS_DOMAIN, DW(require_dns_domain, 0, 1, 1) },
    [IG_P_EXPECTED_DNS_DOMAIN] = { IMSGUARD_PROP_EXPECTED_DNS_DOMAIN,
                                   SZ(expected_dns_domain, IG_DOMAIN_CAP), "" },
    [IG_P_FIRST_AFFECTED_VERSION] = { IMSGUARD_PROP_FIRST_AFFECTED_VERSION,
                                      SZ(first_affected_version, IG_VERSION_TEXT_CAP),
                                      IMSGUARD_DEFAULT_FIRST_AFFECTED },
    [IG_P_FIRST_FIXED_VERSION] = { IMSGUARD_PROP_FIRST_FIXED_VERSION,
                                   SZ(first_fixed_version, IG_VERSION_TEXT_CAP),
                                   IMSGUARD_DEFAULT_FIRST_FIXED },
    [IG_P_ALLOW_AFFECTED_BUILD] = { IMSGUARD_PROP_ALLOW_AFFECTED_BUILD, DW(allow_affected_build, 0, 1, 0) },
    [IG_P_SMTP_PROBE_PORT] = { IMSGUARD_PROP_SMTP_PROBE_PORT,
                               DW(smtp_probe_port, 0, 65535, IMSGUARD_DEFAULT_SMTP_PROBE_PORT) },
    [IG_P_STOP_TIMEOUT] = { IMSGUARD_PROP_STOP_TIMEOUT,
                            DW(stop_timeout, IG_STOP_TIMEOUT_MIN, IG_STOP_TIMEOUT_MAX,
                               IMSGUARD_DEFAULT_STOP_TIMEOUT_MS) },
    [IG_P_SMTP_PROBE_TIMEOUT] = { IMSGUARD_PROP_SMTP_PROBE_TIMEOUT,
                                  DW(smtp_probe_timeout, IMSGUARD_SMTP_PROBE_TIMEOUT_MIN_MS,
                                     IMSGUARD_SMTP_PROBE_TIMEOUT_MAX_MS, IMSGUARD_DEFAULT_SMTP_PROBE_TIMEOUT_MS) },
    [IG_P_SMTP_PROBE_FAILURES] = { IMSGUARD_PROP_SMTP_PROBE_FAILURES,
                                   DW(smtp_probe_failures, 1, IMSGUARD_SMTP_PROBE_FAILURES_MAX,
                                      IMSGUARD_DEFAULT_SMTP_PROBE_FAILURES) },
    [IG_P_MANAGE_SERVICE_CONFIG] = { IMSGUARD_PROP_MANAGE_SERVICE_CONFIG, DW(manage_service_config, 0, 1, 1) },
    [IG_P_USE_NETWORK_NAME] = { IMSGUARD_PROP_USE_NETWORK_NAME, DW(use_network_name, 0, 1, 0) },
    [IG_P_STARTUP_PARAMETERS] = { IMSGUARD_PROP_STARTUP_PARAMETERS,
                                  SZ(startup_parameters, IG_STARTUP_PARAMETERS_CAP), "" },
};

void ig_settings_default(ig_settings *s)
{
    int id;
    memset(s, 0, sizeof(*s));
    for (id = 0; id < IG_P_COUNT; id++) {
        const ig_prop_def *d = &ig_props[id];
        if (d->kind == IG_KIND_SZ)
            ig_u16_from_ascii(ig_prop_sz(s, (ig_prop_id)id), d->cap, d->dflt_sz);
        else
            *ig_prop_dword(s, (ig_prop_id)id) = d->dflt;
    }
}

int ig_prop_find(const uint16_t *name, size_t n)
{
    int id;
    for (id = 0; id < IG_P_COUNT; id++) {
        if (ig_u16_equals_ascii_ci(name, n, ig_props[id].name))
            return id;
    }
    return -1;
}

static uint32_t refuse(ig_prop_problem *why, int prop, uint32_t error, const char *reason)
{
    if (why) {
        why->prop = prop;
        why->error = error;
        snprintf(why->reason, sizeof(why->reason), "%s", reason);
    }
    return error;
}

/* Checks a value without storing it. n excludes any terminator. */
static uint32_t check_sz(ig_prop_id id, const uint16_t *v, size_t n, ig_prop_problem *why)
{
    const ig_prop_def *d = &ig_props[id];
    char ascii[IG_DOMAIN_CAP];
    size_t i;

    if (d->kind != IG_KIND_SZ)
        return refuse(why, id, IG_ERROR_INVALID_PARAMETER, "it is a number (DWORD) property, not text");
    if (n >= d->cap) {
        char msg[80];
        snprintf(msg, sizeof(msg), "it is longer than %u characters", (unsigned)(d->cap - 1));
        return refuse(why, id, IG_ERROR_INVALID_PARAMETER, msg);
    }
    for (i = 0; i < n; i++) {
        if (v[i] == 0 || v[i] < 0x20)
            return refuse(why, id, IG_ERROR_INVALID_PARAMETER, "it contains a control character");
    }

    switch (id) {
    case IG_P_SERVICE_NAME:
        if (n == 0)
            return refuse(why, id, IG_ERROR_INVALID_PARAMETER, "a service name is required");
        /* " MSExchangeIMC" or a lone blank is a typing slip, never a service. */
        if (v[0] == ' ' || v[n - 1] == ' ')
            return refuse(why, id, IG_ERROR_INVALID_PARAMETER, "it starts or ends with a blank");
        for (i = 0; i < n; i++) {
            if (v[i] == '/' || v[i] == '\\')
                return refuse(why, id, IG_ERROR_INVALID_PARAMETER,
                              "service names cannot contain '/' or '\\'");
        }
        return IG_ERROR_SUCCESS;
    case IG_P_IMAGE_PATH:
        return IG_ERROR_SUCCESS;
    case IG_P_STARTUP_PARAMETERS: {
        uint16_t copy[IG_STARTUP_PARAMETERS_CAP];
        ig_u16_copy(copy, IG_STARTUP_PARAMETERS_CAP, v, n);
        if (ig_startup_args(copy, NULL, 0) < 0)
            return refuse(why, id, IG_ERROR_INVALID_PARAMETER,
                          "a double quote is not closed (quotes group words into one argument)");
        return IG_ERROR_SUCCESS;
    }
    case IG_P_EXPECTED_DNS_DOMAIN: {
        ig_dns_status st;
        if (n == 0)
            return IG_ERROR_SUCCESS;
        if (!ig_u16_to_ascii(ascii, sizeof(ascii), v, n))
            return refuse(why, id, IG_ERROR_INVALID_PARAMETER,
                          "only letters, digits, hyphens and dots are allowed");
        st = ig_dns_check(ascii, n);
        if (st != IG_DNS_OK)
            return refuse(why, id, IG_ERROR_INVALID_PARAMETER, ig_dns_status_text(st));
        return IG_ERROR_SUCCESS;
    }
    case IG_P_FIRST_AFFECTED_VERSION:
    case IG_P_FIRST_FIXED_VERSION: {
        ig_version ver;
        ig_version_status st;
        if (!ig_u16_to_ascii(ascii, sizeof(ascii), v, n))
            return refuse(why, id, IG_ERROR_INVALID_PARAMETER, "only digits and dots are allowed");
        st = ig_version_parse(ascii, &ver);
        if (st != IG_VERSION_OK)
            return refuse(why, id, IG_ERROR_INVALID_PARAMETER, ig_version_status_text(st));
        return IG_ERROR_SUCCESS;
    }
    default:
        return refuse(why, id, IG_ERROR_INVALID_PARAMETER, "not a text property");
    }
}

static uint32_t check_dword(ig_prop_id id, uint32_t value, ig_prop_problem *why)
{
    const ig_prop_def *d = &ig_props[id];
    char msg[96];

    if (d->kind != IG_KIND_DWORD)
        return refuse(why, id, IG_ERROR_INVALID_PARAMETER, "it is a text (SZ) property, not a number");
    if (value < d->min || value > d->max) {
        snprintf(msg, sizeof(msg), "%lu is outside the allowed range %lu to %lu",
                 (unsigned long)value, (unsigned long)d->min, (unsigned long)d->max);
        return refuse(why, id, IG_ERROR_INVALID_PARAMETER, msg);
    }
    return IG_ERROR_SUCCESS;
}

uint32_t ig_prop_set_sz(ig_settings *s, ig_prop_id id, const uint16_t *value, size_t n,
                        ig_prop_problem *why)
{
    uint32_t err;
    if ((unsigned)id >= IG_P_COUNT)
        return refuse(why, -1, IG_ERROR_INVALID_PARAMETER, "unknown property");
    err = check_sz(id, value, n, why);
    if (err == IG_ERROR_SUCCESS)
        ig_u16_copy(ig_prop_sz(s, id), ig_props[id].cap, value, n);
    return err;
}

uint32_t ig_prop_set_dword(ig_settings *s, ig_prop_id id, uint32_t value, ig_prop_problem *why)
{
    uint32_t err;
    if ((unsigned)id >= IG_P_COUNT)
        return refuse(why, -1, IG_ERROR_INVALID_PARAMETER, "unknown property");
    err = check_dword(id, value, why);
    if (err == IG_ERROR_SUCCESS)
        *ig_prop_dword(s, id) = value;
    return err;
}

uint32_t ig_settings_check_pair(const ig_settings *s, ig_prop_id blame, ig_prop_problem *why)
{
    char a_text[IG_VERSION_TEXT_CAP], f_text[IG_VERSION_TEXT_CAP];
    ig_version a, f;

    ig_u16_to_ascii(a_text, sizeof(a_text), s->first_affected_version, ig_u16len(s->first_affected_version));
    ig_u16_to_ascii(f_text, sizeof(f_text), s->first_fixed_version, ig_u16len(s->first_fixed_version));
    ig_version_parse(a_text, &a);
    ig_version_parse(f_text, &f);
    if (ig_version_compare(&a, &f) >= 0) {
        char msg[160];
        snprintf(msg, sizeof(msg), "FirstAffectedVersion %s must be lower than FirstFixedVersion %s",
                 a_text, f_text);
        return refuse(why, blame, IG_ERROR_INVALID_PARAMETER, msg);
    }
    return IG_ERROR_SUCCESS;
}

uint32_t ig_settings_check(const ig_settings *s, ig_prop_problem *why)
{
    uint32_t err;
    int id;

    for (id = 0; id < IG_P_COUNT; id++) {
        if (ig_props[id].kind == IG_KIND_SZ) {
            const uint16_t *v = ig_prop_sz_c(s, (ig_prop_id)id);
            err = check_sz((ig_prop_id)id, v, ig_u16nlen(v, ig_props[id].cap), why);
        } else {
            err = check_dword((ig_prop_id)id, ig_prop_dword_c(s, (ig_prop_id)id), why);
        }
        if (err)
            return err;
    }
    return ig_settings_check_pair(s, IG_P_FIRST_FIXED_VERSION, why);
}

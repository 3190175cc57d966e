/*
 * findings.h - the preflight's policy from the private properties, and each
 * finding in the administrator's words: its level and the inserts of its
 * message, in the order the message table's text (imsguard_msg.mc) names
 * them. The one home of what Online and IsAlive log, the admin page's
 * preflight panel shows and imscheck prints; the message id of each finding
 * is resdll/win/nodecheck.c's (the generated message header is Win32's).
 */
#ifndef IG_FINDINGS_H
#define IG_FINDINGS_H

#include <stddef.h>
#include <stdint.h>

#include "preflight.h"
#include "props.h"

/* The policy half of the preflight's input, from settings s (validated):
   the build window, RequireDnsDomain, AllowAffectedBuild and
   ExpectedDnsDomain (as ASCII into expected, cap bytes: a valid domain is
   ASCII). The facts half (service, image, domain) is the caller's. */
void ig_preflight_policy(const ig_settings *s, ig_preflight_input *in, char *expected, size_t cap);

typedef enum ig_finding_level {
    IG_FINDING_ERROR = 0,     /* Online refuses                                */
    IG_FINDING_WARNING        /* Online goes on (AllowAffectedBuild)            */
} ig_finding_level;

/* What the messages name besides the verdict's input, as UTF-16. */
typedef struct ig_finding_facts {
    const uint16_t *resource;      /* %1 of every message                      */
    const uint16_t *service;       /* ServiceName                               */
    const uint16_t *image;         /* the IMS binary looked at                  */
    const uint16_t *image_error;   /* the system's text of why it is unreadable */
    uint32_t service_error;        /* the service manager's error code          */
    const uint16_t *domain;        /* the node's DNS domain ("" when not set)   */
    const uint16_t *expected;      /* ExpectedDnsDomain                         */
} ig_finding_facts;

#define IG_FINDING_MAX_INSERTS 5
#define IG_FINDING_TEXT_CAP   128

/* One finding's message. args point into facts or into text: use it while
   both live, and do not copy it. */
typedef struct ig_finding_msg {
    ig_finding finding;
    ig_finding_level level;
    int nargs;
    const uint16_t *args[IG_FINDING_MAX_INSERTS];
    uint16_t text[4][IG_FINDING_TEXT_CAP];   /* numbers, versions, reasons */
} ig_finding_msg;

/* Finding number i of verdict v (i < v->count), judged on input in. */
void ig_finding_message(const ig_verdict *v, unsigned i, const ig_preflight_input *in,
                        const ig_finding_facts *facts, ig_finding_msg *out);

#endif

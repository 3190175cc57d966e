#include "nodecheck.h"

#include "findings.h"
#include "imsguard_msg.h"
#include "wstr.h"

/* Each finding's text in the message table. */
static const DWORD finding_msgid[IG_F_COUNT] = {
    [IG_F_SERVICE_MISSING]        = MSG_SERVICE_MISSING,
    [IG_F_SERVICE_QUERY_FAILED]   = MSG_SERVICE_QUERY_FAILED,
    [IG_F_SERVICE_DISABLED]       = MSG_SERVICE_DISABLED,
    [IG_F_IMAGE_UNREADABLE]       = MSG_IMAGE_UNREADABLE,
    [IG_F_IMAGE_NO_VERSION]       = MSG_IMAGE_NO_VERSION,
    [IG_F_AFFECTED_BUILD]         = MSG_AFFECTED_BUILD,
    [IG_F_AFFECTED_BUILD_ALLOWED] = MSG_AFFECTED_BUILD_ALLOWED,
    [IG_F_NO_DNS_DOMAIN]          = MSG_NO_DNS_DOMAIN,
    [IG_F_BAD_DNS_DOMAIN]         = MSG_BAD_DNS_DOMAIN,
    [IG_F_DNS_DOMAIN_MISMATCH]    = MSG_DNS_DOMAIN_MISMATCH,
};

/* The verdict's input: the policy from s, the facts that were looked at
   (what was not looked at is neither present nor required). */
static void input_of(const ig_settings *s, unsigned what, const ig_node_facts *f, ig_node_verdict *nv)
{
    ig_preflight_input *in = &nv->in;

    ZeroMemory(in, sizeof(*in));
    ig_preflight_policy(s, in, nv->expected, sizeof(nv->expected));
    in->service = (what & IG_CHECK_SERVICE) ? f->service : IG_SVC_OK;
    in->image = (what & IG_CHECK_IMAGE) ? f->image_fact : IG_IMG_NOT_CHECKED;
    if (in->image == IG_IMG_OK)
        in->image_version = f->version;
    if (what & IG_CHECK_DOMAIN) {
        in->domain = f->domain;
    } else {
        in->require_dns_domain = false;
        in->expected_dns_domain = NULL;
    }
}

static void tell_findings(const WCHAR *resource, const ig_settings *s, const ig_node_facts *f,
                          const ig_node_verdict *nv, ig_finding_sink sink, void *ctx)
{
    WCHAR domain[IG_NODE_DOMAIN_CAP], detail[300];
    const WCHAR *args[IG_FINDING_MAX_INSERTS];
    ig_finding_facts facts;
    ig_finding_msg m;
    unsigned i;
    int a;

    ig_wfrom_utf8(domain, ARRAYSIZE(domain), f->domain);
    detail[0] = 0;
    if (f->image_fact == IG_IMG_UNREADABLE)
        ig_werror_text(f->image_error, detail, ARRAYSIZE(detail));
    facts.resource = ig_u(resource);
    facts.service = s->service_name;
    facts.image = ig_u(f->image);
    facts.image_error = ig_u(detail);
    facts.service_error = f->service_error;
    facts.domain = ig_u(domain);
    facts.expected = s->expected_dns_domain;

    for (i = 0; i < nv->verdict.count; i++) {
        ig_finding_message(&nv->verdict, i, &nv->in, &facts, &m);
        for (a = 0; a < m.nargs; a++)
            args[a] = ig_w(m.args[a]);
        sink(ctx, m.level == IG_FINDING_ERROR ? LOG_ERROR : LOG_WARNING, finding_msgid[m.finding], m.nargs,
             args);
    }
}

DWORD ig_node_check(const WCHAR *resource, const ig_settings *s, unsigned what, ig_service *svc,
                    ig_node_facts *f, ig_finding_sink sink, void *ctx, ig_node_verdict *out)
{
    ig_node_verdict local, *nv = out ? out : &local;

    ig_facts_gather(s, what, svc, f);
    input_of(s, what, f, nv);
    ig_preflight(&nv->in, &nv->verdict);
    if (sink)
        tell_findings(resource, s, f, nv, sink, ctx);
    /* A refused binary is read again at the next check, changed or not. */
    if (nv->verdict.error && (what & IG_CHECK_IMAGE))
        ig_facts_forget_image(f);
    return nv->verdict.error;
}

#include "domainsrc.h"

#include <stddef.h>

static int set(const char *s) { return s && s[0]; }

ig_domain_source ig_domain_pick(const char *policy, const char *tcpip, const char *physical)
{
    if (set(policy))
        return IG_DOMAIN_FROM_POLICY;
    if (set(tcpip))
        return IG_DOMAIN_FROM_TCPIP;
    if (set(physical))
        return IG_DOMAIN_FROM_PHYSICAL;
    return IG_DOMAIN_FROM_NONE;
}

const char *ig_domain_source_text(ig_domain_source source)
{
    switch (source) {
    case IG_DOMAIN_FROM_POLICY:   return "Group Policy primary DNS suffix";
    case IG_DOMAIN_FROM_TCPIP:    return "TCP/IP settings, Tcpip\\Parameters Domain";
    case IG_DOMAIN_FROM_PHYSICAL: return "GetComputerNameEx, the node's physical DNS domain";
    case IG_DOMAIN_FROM_NONE:
    default:                      return "not set anywhere";
    }
}

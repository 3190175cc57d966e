/*
 * domainsrc.h - which of the node's DNS domain sources is in effect, in the
 * order Windows itself uses for the primary DNS suffix (README.md, "The
 * node's DNS domain"):
 *   1. the Group Policy suffix, HKLM\SOFTWARE\Policies\Microsoft\System\
 *      DNSClient PrimaryDnsSuffix (Windows 2000 and later), when set;
 *   2. Tcpip\Parameters Domain, the DNS tab's domain (NT 4.0) and the
 *      primary DNS suffix in effect (Windows 2000 and later);
 *   3. GetComputerNameEx(ComputerNamePhysicalDnsDomain), the node's own.
 * Never ComputerNameDnsDomain: on a cluster node it can answer the virtual
 * server's domain. "NV Domain" is the suffix set for the next restart, not
 * the one the running IMS sees, so it is not a source.
 */
#ifndef IG_DOMAINSRC_H
#define IG_DOMAINSRC_H

typedef enum ig_domain_source {
    IG_DOMAIN_FROM_NONE = 0,
    IG_DOMAIN_FROM_POLICY,
    IG_DOMAIN_FROM_TCPIP,
    IG_DOMAIN_FROM_PHYSICAL
} ig_domain_source;

/* The first source with a value; NULL and "" are both "not set". */
ig_domain_source ig_domain_pick(const char *policy, const char *tcpip, const char *physical);

/* "Group Policy primary DNS suffix", ...: for imscheck and log lines. */
const char *ig_domain_source_text(ig_domain_source source);

#endif

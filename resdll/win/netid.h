/*
 * netid.h - the node's own TCP/IP DNS domain, read from its sources in the
 * order core/domainsrc.h gives. Missing and empty are the same.
 */
#ifndef IG_NETID_H
#define IG_NETID_H

#include "cluswin.h"

#include "domainsrc.h"

typedef struct ig_netid {
    HKEY tcpip;      /* kept open: IsAlive reads the domain each time */
    HKEY policy;     /* NULL until a Group Policy DNS client key exists */
} ig_netid;

void ig_netid_init(void);   /* once per process */
void ig_netid_open(ig_netid *n);
void ig_netid_close(ig_netid *n);

/* The domain as UTF-8, "" when not set; returns where it came from. */
ig_domain_source ig_netid_domain(ig_netid *n, char *out, size_t cap);

#endif

/*
 * netid.h - the node's TCP/IP DNS domain: the Tcpip\Parameters "Domain"
 * value (NT 4.0's DNS tab), else what GetComputerNameEx reports as the
 * DNS domain (Windows 2000 and later). Missing and empty are the same.
 */
#ifndef IG_NETID_H
#define IG_NETID_H

#include "cluswin.h"

typedef struct ig_netid {
    HKEY tcpip;      /* kept open: IsAlive reads one value */
} ig_netid;

void ig_netid_init(void);   /* once per process */
void ig_netid_open(ig_netid *n);
void ig_netid_close(ig_netid *n);

/* The domain as UTF-8, "" when not set. */
void ig_netid_domain(ig_netid *n, char *out, size_t cap);

#endif

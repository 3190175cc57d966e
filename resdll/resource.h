/*
 * resource.h - one IMS Guard resource: what Open creates and every entry
 * point receives as its RESID.
 */
#ifndef IG_RESOURCE_H
#define IG_RESOURCE_H

#include "cluswin.h"

#include "nodefacts.h"
#include "props.h"
#include "scm.h"
#include "smtp.h"
#include "state.h"
#include "svcref.h"
#include "version.h"
#include "worker.h"

#define IG_RESOURCE_SIGNATURE 0x47534D49u   /* "IMSG" */
#define IG_NAME_CAP 256

typedef struct ig_resource {
    DWORD signature;
    struct ig_resource *next;        /* the DLL's list of live resources      */

    /* The locks and what each guards are described at the top of
       lifecycle.c, with the state machine. */
    CRITICAL_SECTION lock;           /* life, worker, svc, checkpoint, settings */
    CRITICAL_SECTION report_lock;    /* one SetResourceStatus at a time        */
    RESOURCE_HANDLE handle;          /* the monitor's, for status and logs    */
    WCHAR name[IG_NAME_CAP];
    HKEY res_key;                    /* our own handle to the resource key    */
    HKEY params_key;                 /* its Parameters subkey, or NULL         */
    SC_HANDLE scm_kept;              /* Open to Close, never called: keeps the
                                        service manager's transport (scm.h)    */

    ig_settings settings;            /* in effect since the last Open/Online  */
    ig_life life;                    /* state and current operation           */
    ig_worker *worker;               /* the current operation's worker        */
    DWORD checkpoint;                /* of the current operation's reports    */
    ig_svcref *svc;                  /* the service while bound (Online until
                                        Offline done or Terminate), else NULL */

    /* Online's preflight and IsAlive's checks (never concurrent with each
       other: the monitor does not re-enter a resource, Terminate aside, and
       Terminate does not touch these): */
    ig_node_facts facts;             /* the IMS binary, its version, the domain */
    ig_probe probe;                  /* IsAlive's SMTP check, kept between calls */
} ig_resource;

#endif

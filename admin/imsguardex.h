/*
 * imsguardex.h - internals of imsguardex.dll, the Cluster Administrator
 * extension of the "IMS Guard" resource type: a "Parameters" page with every
 * private property (validated as typed, by the same code as the resource
 * DLL) and a preflight panel (the verdict Online would give on this node).
 *
 *   server.c      DllMain, class factory, IWEExtendPropertySheet
 *   regext.c      DllRegisterServer, DllRegisterCluAdminExtension (and un-)
 *   page.c        the property page
 *   rescontrol.c  GET / SET of the private properties (ClusterResourceControl)
 *   facts.c       what this node has: DNS domain, IMS service and build
 *   verdict.c     the preflight verdict and its text, from the facts
 */
#ifndef IMSGUARDEX_H
#define IMSGUARDEX_H

#include "cluadmin.h"
#include "preflight.h"
#include "props.h"

/* {6EC7F3F3-5DA1-444A-BECB-C20381BD7283} */
#define IMSGUARDEX_CLSID_TEXT  L"{6EC7F3F3-5DA1-444A-BECB-C20381BD7283}"
#define IMSGUARDEX_PROGID      L"CLUADMEX.ImsGuardEx"
#define IMSGUARDEX_NAME        L"IMS Guard Cluster Administrator Extension (ImsGuardEx) 1.0"
extern const CLSID CLSID_ImsGuardEx;

extern HINSTANCE ig_ex_module;

/* Live COM objects and pages (DllCanUnloadNow). */
void ig_ex_lock(void);
void ig_ex_unlock(void);

/* ---- page.c ---- */

/* What the page needs from Cluster Administrator; the page keeps a
   reference on data until it is destroyed. */
typedef struct ig_page_target {
    IUnknown *data;            /* the object Cluster Administrator passed  */
    HRESOURCE resource;
    WCHAR name[256];           /* the resource's name                      */
    WCHAR cluster[256];        /* the cluster's name                       */
} ig_page_target;

/* Creates the page (takes over target->data's reference). */
HRESULT ig_page_create(ig_page_target *target, HPROPSHEETPAGE *page);

/* ---- rescontrol.c ---- */

/* The resource's private properties as stored (GET_PRIVATE_PROPERTIES). */
DWORD ig_rc_get(HRESOURCE resource, ig_settings *s);

/* Stores the properties whose bit (1 << id) is set in changed
   (SET_PRIVATE_PROPERTIES). ERROR_RESOURCE_PROPERTIES_STORED means stored,
   in effect at the next Online. */
DWORD ig_rc_set(HRESOURCE resource, const ig_settings *s, uint32_t changed);

/* ---- facts.c ---- */

typedef struct ig_node_facts {
    WCHAR node[64];                    /* this computer's name                     */
    char domain[256];                  /* its TCP/IP DNS domain; "" when not set   */
    ig_service_fact service;
    DWORD service_error;               /* when service is IG_SVC_QUERY_FAILED      */
    WCHAR image[IG_IMAGE_PATH_CAP];    /* the IMS binary looked at; "" when none   */
    ig_image_fact image_fact;
    DWORD image_error;                 /* when image_fact is IG_IMG_UNREADABLE     */
    ig_version version;                /* when image_fact is IG_IMG_OK             */
} ig_node_facts;

/* Looks at this node as Online would with settings s. */
void ig_facts_gather(const ig_settings *s, ig_node_facts *f);

/* ---- verdict.c ---- */

typedef struct ig_verdict_text {
    BOOL online;            /* would go online                                  */
    BOOL warning;           /* ... with a warning (AllowAffectedBuild)          */
    WCHAR verdict[128];     /* one line: "Would go online" / "Refused: ..."     */
    WCHAR build[64];        /* "5.5.2448.0 (SP2)" / "(not found)"               */
    WCHAR domain[260];      /* the domain, or "(not set)"                        */
    WCHAR *message;         /* the message Online would log, or why it is fine,
                               whole (heap: ig_verdict_release); NULL when
                               out of memory                                     */
} ig_verdict_text;

/* Fills out (overwritten: release the last one first). */
void ig_verdict_describe(const WCHAR *resource, const ig_settings *s, const ig_node_facts *f,
                         ig_verdict_text *out);
void ig_verdict_release(ig_verdict_text *v);

#endif

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
 *   verdict.c     the preflight panel's texts, from the resource DLL's
 *                 node check (resdll/win/nodecheck.c)
 */
#ifndef IMSGUARDEX_H
#define IMSGUARDEX_H

#include "cluadmin.h"
#include "nodefacts.h"
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

/* Looks at this node as Online would with settings s (the facts f kept
   between looks: zeroed before the first, ig_facts_close after the last)
   and fills out (overwritten: release the last one first); node is this
   computer's name, for the text. */
void ig_verdict_look(const WCHAR *resource, const WCHAR *node, const ig_settings *s, ig_node_facts *f,
                     ig_verdict_text *out);
void ig_verdict_release(ig_verdict_text *v);

#endif

/*
 * imsguardex.h - imsguardex.dll, the Cluster Administrator extension of the
 * IMS Guard resource type: a "Parameters" page with every private property
 * (validated as typed, by the same code as the resource DLL) and a
 * preflight panel (the verdict Online would give on this node). Its
 * identity as a COM class; each file's interface is its own header:
 *
 *   module.c      DllMain, DllCanUnloadNow: the DLL's lifetime
 *   factory.c     DllGetClassObject, the class factory, IWEExtendPropertySheet
 *   regext.c      DllRegisterServer, DllRegisterCluAdminExtension (and un-)
 *   page.c        the property page
 *   rescontrol.c  GET / SET of the private properties (ClusterResourceControl)
 *   verdict.c     the preflight panel's texts, from the resource DLL's
 *                 node check (resdll/win/nodecheck.c)
 */
#ifndef IMSGUARDEX_H
#define IMSGUARDEX_H

#include "cluadmin.h"
#include "imsguard.h"

/* {6EC7F3F3-5DA1-444A-BECB-C20381BD7283} */
#define IMSGUARDEX_CLSID_TEXT  L"{6EC7F3F3-5DA1-444A-BECB-C20381BD7283}"
#define IMSGUARDEX_PROGID      L"CLUADMEX.ImsGuardEx"
#define IMSGUARDEX_NAME        L"" IMSGUARD_PRODUCT_NAME L" Cluster Administrator Extension (ImsGuardEx) 1.0"
extern const CLSID CLSID_ImsGuardEx;

#endif

/* page.h - the "Parameters" page of an IMS Guard resource (page.c). */
#ifndef IMSGUARDEX_PAGE_H
#define IMSGUARDEX_PAGE_H

#include "cluadmin.h"

/* What the page needs from Cluster Administrator; the page keeps a
   reference on data until it is destroyed. */
typedef struct ig_page_target {
    IUnknown *data;            /* the object Cluster Administrator passed  */
    HRESOURCE resource;
    WCHAR name[256];           /* the resource's name                      */
    WCHAR cluster[256];        /* the cluster's name                       */
} ig_page_target;

/* Creates the page (takes over target and its data's reference). */
HRESULT ig_page_create(ig_page_target *target, HPROPSHEETPAGE *page);

#endif

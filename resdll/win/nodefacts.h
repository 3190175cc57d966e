/*
 * nodefacts.h - what this node has, as the preflight looks at it: the IMS
 * service's configuration (installed, not disabled, the program it runs),
 * the version of the IMS binary, and the node's TCP/IP DNS domain from its
 * sources (netid.h). The one gatherer of these facts for Online, IsAlive,
 * the admin extension's preflight panel and imscheck.
 */
#ifndef IG_NODEFACTS_H
#define IG_NODEFACTS_H

#include "cluswin.h"

#include "domainsrc.h"
#include "filever.h"
#include "netid.h"
#include "preflight.h"
#include "props.h"
#include "scm.h"
#include "version.h"

/* What a check looks at. */
enum {
    IG_CHECK_SERVICE = 1,   /* installed and not disabled (one configuration query; when *svc
                               is not open, it is opened, and a service marked for deletion is
                               not installed); the image is the service's program when
                               ImagePath is empty */
    IG_CHECK_IMAGE   = 2,   /* the version of the image, read again only when the file changed */
    IG_CHECK_DOMAIN  = 4,
    IG_CHECK_ALL     = 7
};

#define IG_NODE_DOMAIN_CAP 300   /* longer than any DNS name: a long one is seen */

/*
 * The facts found by the last gather, and what lets the next one look
 * again only at what may have changed (IsAlive). Zero it before the first
 * gather; ig_facts_close releases it.
 */
typedef struct ig_node_facts {
    ig_service_fact service;           /* when IG_CHECK_SERVICE was asked       */
    DWORD service_error;               /* when service is IG_SVC_QUERY_FAILED  */
    WCHAR image[IG_IMAGE_PATH_CAP];    /* the IMS binary; "" when none known    */
    ig_image_fact image_fact;          /* when IG_CHECK_IMAGE was asked          */
    DWORD image_error;                 /* when image_fact is IG_IMG_UNREADABLE  */
    ig_version version;                /* of image, when image_fact is IG_IMG_OK */
    char domain[IG_NODE_DOMAIN_CAP];   /* UTF-8, "" when not set                */
    ig_domain_source domain_from;

    /* kept between gathers */
    DWORD service_access;              /* to open the service with; 0: the DLL's
                                          own (query, start, stop)              */
    ig_netid netid;
    HKEY service_key;                  /* Services\<service_key_name>, for the mark
                                          of deletion; NULL until looked at     */
    WCHAR service_key_name[IG_SERVICE_NAME_CAP];
    ig_file_stamp stamp;               /* of checked, when its version was read */
    WCHAR checked[IG_IMAGE_PATH_CAP];
} ig_node_facts;

/*
 * Looks at this node as Online would with settings s: the facts named in
 * `what`. Nothing here waits on anything Terminate needs: registry values,
 * one file stamp (the version only when the file changed), and one service
 * configuration query when IG_CHECK_SERVICE is asked for.
 */
void ig_facts_gather(const ig_settings *s, unsigned what, ig_service *svc, ig_node_facts *f);

/* The binary is read again at the next gather, changed or not. */
void ig_facts_forget_image(ig_node_facts *f);

/* The next gather looks at everything anew, as a first one does (the
   registry keys it keeps open stay open, and so does service_access). */
void ig_facts_forget_all(ig_node_facts *f);

void ig_facts_close(ig_node_facts *f);

#endif

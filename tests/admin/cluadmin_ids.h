/* cluadmin_ids.h - the controls of the host's own "General" page, for
   cluadminhost.rc and the page's code (cluadmin_data.c). */
#ifndef CLUADMIN_IDS_H
#define CLUADMIN_IDS_H

#define IDD_GENERAL   200
#define IDC_G_ICON    2001
#define IDC_G_NAME    2002
#define IDC_G_DESC    2003
#define IDC_G_TYPE    2004
#define IDC_G_STATE   2005
#define IDC_G_NODE    2006

#endif /* CLUADMIN_IDS_H */

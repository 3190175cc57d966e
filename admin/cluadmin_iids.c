/*
 * cluadmin_iids.c - the Cluster Administrator extension interface IDs, which
 * mingw-w64 declares in <cluadmex.h> but defines nowhere (see cluadmin.h).
 * Values from Microsoft's CluAdmEx.idl.
 */
#include "cluadmin.h"

#define CLUADMEX_IID(name, last)                                                         \
    const IID name = { 0x97DEDE00 | (last), 0xFC6B, 0x11CF,                              \
                       { 0xB5, 0xF5, 0x00, 0xA0, 0xC9, 0x0A, 0xB5, 0x05 } }

CLUADMEX_IID(IID_IGetClusterUIInfo,           0x50);
CLUADMEX_IID(IID_IGetClusterDataInfo,         0x51);
CLUADMEX_IID(IID_IGetClusterObjectInfo,       0x52);
CLUADMEX_IID(IID_IGetClusterNodeInfo,         0x53);
CLUADMEX_IID(IID_IGetClusterGroupInfo,        0x54);
CLUADMEX_IID(IID_IGetClusterResourceInfo,     0x55);
CLUADMEX_IID(IID_IGetClusterNetworkInfo,      0x56);
CLUADMEX_IID(IID_IGetClusterNetInterfaceInfo, 0x57);
CLUADMEX_IID(IID_IWCPropertySheetCallback,    0x60);
CLUADMEX_IID(IID_IWEExtendPropertySheet,      0x61);

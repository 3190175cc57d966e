/*
 * bedclus.h - bedreg.h's helpers over the cluster registry API (bedclus.c).
 */
#ifndef BED_BEDCLUS_H
#define BED_BEDCLUS_H

#include "bedreg.h"

extern const bed_reg_ops bed_reg_cluster;

#endif /* BED_BEDCLUS_H */

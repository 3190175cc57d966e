/*
 * rescontrol.h - the resource's private properties through
 * ClusterResourceControl (rescontrol.c).
 */
#ifndef IMSGUARDEX_RESCONTROL_H
#define IMSGUARDEX_RESCONTROL_H

#include "cluadmin.h"
#include "props.h"
#include "stored.h"

/* The resource's private properties as stored (GET_PRIVATE_PROPERTIES),
   each judged by the DLL's own rules: an invalid one is kept as stored,
   with the DLL's reason (st: initialised here; ig_stored_free it). */
DWORD ig_rc_get(HRESOURCE resource, ig_stored *st);

/* Stores the properties whose bit (1 << id) is set in changed
   (SET_PRIVATE_PROPERTIES). ERROR_RESOURCE_PROPERTIES_STORED means stored,
   in effect at the next Online. */
DWORD ig_rc_set(HRESOURCE resource, const ig_settings *s, uint32_t changed);

#endif

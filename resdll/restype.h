/*
 * restype.h - the "IMS Guard" resource type (imsguard.c: its Resource API
 * entry points), as the DLL's shell (shell.c: DllMain, Startup) hands it
 * to the Resource Monitor.
 */
#ifndef IG_RESTYPE_H
#define IG_RESTYPE_H

#include "cluswin.h"

/* DLL_PROCESS_ATTACH / a DLL_PROCESS_DETACH that is not the process's end. */
void ig_type_attach(void);
void ig_type_detach(void);

/* Is name this type's (case-insensitive, as the cluster database is)? */
BOOL ig_type_is_ours(LPCWSTR name);

/* The type's function table (Resource API v1). */
PCLRES_FUNCTION_TABLE ig_type_functions(void);

#endif

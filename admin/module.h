/*
 * module.h - imsguardex.dll's lifetime (module.c): DllMain, and what keeps
 * the DLL loaded (DllCanUnloadNow): live COM objects, factories handed
 * out, pages, and IClassFactory::LockServer.
 */
#ifndef IMSGUARDEX_MODULE_H
#define IMSGUARDEX_MODULE_H

#include "cluadmin.h"

/* The DLL's own module: its dialog, message table and file name. */
HINSTANCE ig_ex_instance(void);

/* One more (less) thing that keeps the DLL loaded. */
void ig_ex_lock(void);
void ig_ex_unlock(void);

#endif

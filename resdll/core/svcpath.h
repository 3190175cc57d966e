/*
 * svcpath.h - the program file named by a service's command line
 * (QUERY_SERVICE_CONFIG's lpBinaryPathName), as the SCM reads it.
 */
#ifndef IG_SVCPATH_H
#define IG_SVCPATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * "C:\exchsrvr\connect\msexcimc\bin\msexcimc.exe"      -> that path
 * "\"C:\Program Files\x\a.exe\" -svc"                  -> C:\Program Files\x\a.exe
 * "C:\Program Files\x\a.exe -svc" (unquoted, spaces)   -> up to and with ".exe"
 * "\??\C:\x\a.exe"                                     -> C:\x\a.exe
 * Returns false when nothing usable is found or it does not fit.
 */
bool ig_service_image_path(const uint16_t *command, uint16_t *out, size_t cap);

#endif

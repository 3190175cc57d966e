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

/*
 * StartupParameters as the arguments StartService passes to the service
 * (its ServiceMain's argv[1...]), split as Generic Service splits them:
 * blanks separate, double quotes group (and are dropped):
 *   -a "two words" b   ->  -a | two words | b
 * Writes the arguments one after another, each terminated, into out (cap
 * code units; 2 * length + 2 always suffices); out may be NULL to count.
 * Returns the number of arguments, or -1 when a quote is not closed or out
 * is too small.
 */
int ig_startup_args(const uint16_t *params, uint16_t *out, size_t cap);

#endif

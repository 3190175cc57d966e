/*
 * creg.h - the resource's private properties in the cluster database
 * (ClusterReg* on the resource key's Parameters subkey). What is stored is
 * judged by the pure core (stored.h); this file only reads and writes.
 */
#ifndef IG_CREG_H
#define IG_CREG_H

#include "cluswin.h"
#include "props.h"
#include "stored.h"

/*
 * Reads every property as stored (any type, any size) into st, which the
 * caller releases with ig_stored_free. params may be NULL (no Parameters
 * key yet: all missing). A value that cannot be read at all returns the
 * error, with *why naming it.
 */
DWORD ig_creg_read_stored(HKEY params, ig_stored *st, ig_prop_problem *why);

/*
 * The settings to run with: every property, defaults for the missing ones,
 * checked. On a stored value of the wrong type or refused by the rules,
 * returns the error with *why naming the property; *s then holds the defaults.
 */
DWORD ig_creg_read(HKEY params, ig_settings *s, ig_prop_problem *why);

/*
 * Writes the properties whose bit is set in present, creating the
 * Parameters key under res_key when needed (*params receives it).
 * If a write fails, those written so far are put back as old has them
 * (deleted again when they were not stored).
 */
DWORD ig_creg_write(HKEY res_key, HKEY *params, const ig_settings *next, const ig_stored *old,
                    uint32_t present);

/*
 * The administrator's line for a refused or invalid property: what is
 * wrong, naming the property, and where to correct it (resource: the
 * resource's name, for the `cluster resource ... /priv` hint). Allocated
 * at the size it needs (free it); NULL when out of memory.
 */
WCHAR *ig_prop_problem_text(const WCHAR *resource, const ig_prop_problem *why);

#endif

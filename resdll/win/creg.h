/*
 * creg.h - the resource's private properties in the cluster database
 * (ClusterReg* on the resource key's Parameters subkey).
 */
#ifndef IG_CREG_H
#define IG_CREG_H

#include "cluswin.h"
#include "props.h"

/*
 * Reads every property, defaults for the missing ones, and checks the
 * result. params may be NULL (no Parameters key yet: all defaults).
 * On a stored value of the wrong type or refused by the rules, returns the
 * error with *why naming the property; *s then holds the defaults.
 */
DWORD ig_creg_read(HKEY params, ig_settings *s, ig_prop_problem *why);

/*
 * Writes the properties whose bit is set in present, creating the
 * Parameters key under res_key when needed (*params receives it).
 * If a write fails the values written so far are put back from old.
 */
DWORD ig_creg_write(HKEY res_key, HKEY *params, const ig_settings *next, const ig_settings *old,
                    uint32_t present);

#endif

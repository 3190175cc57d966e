/*
 * envblock.h - the service's Environment value (REG_MULTI_SZ of NAME=value
 * strings, HKLM\SYSTEM\CurrentControlSet\Services\<service>), as
 * UseNetworkName edits it: the service manager adds these to the service's
 * environment, and Windows' GetComputerName answers _CLUSTER_NETWORK_NAME_
 * to a process that has it - so the IMS sees the virtual server's name, as
 * under a Generic Service resource. Pure C over UTF-16.
 */
#ifndef IG_ENVBLOCK_H
#define IG_ENVBLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IG_NETWORK_NAME_VAR "_CLUSTER_NETWORK_NAME_"

/*
 * Copies the list in (in_units code units as read: it may lack its final
 * terminators, or be empty) to out without any _CLUSTER_NETWORK_NAME_=
 * entry (the variable's name compared ignoring ASCII case), then appends
 * _CLUSTER_NETWORK_NAME_=<name> when name is not NULL. The other entries
 * keep their order. The result ends with two NULs (an empty list: one).
 * Returns the code units written, or 0 when out_cap is too small
 * (in_units + the new entry + 3 always suffices). *changed: whether the
 * entries, taken as a set, differ from the input's.
 */
size_t ig_env_set_network_name(const uint16_t *in, size_t in_units, const uint16_t *name, uint16_t *out,
                               size_t out_cap, bool *changed);

#endif

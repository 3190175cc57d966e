/*
 * control.h - the pure part of ResourceControl / ResourceTypeControl:
 * which codes are handled and what bytes they answer. The Win32 side only
 * supplies the current settings and, for SET, writes what this returns.
 */
#ifndef IG_CONTROL_H
#define IG_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "props.h"
#include "stored.h"

/* Control codes, from <clusapi.h> (checked in resdll/win/check_consts.c). */
#define IG_CTL_RESOURCE_UNKNOWN                       0x01000000u
#define IG_CTL_RESOURCE_GET_CHARACTERISTICS           0x01000005u
#define IG_CTL_RESOURCE_GET_CLASS_INFO                0x0100000du
#define IG_CTL_RESOURCE_GET_REQUIRED_DEPENDENCIES     0x01000011u
#define IG_CTL_RESOURCE_ENUM_PRIVATE_PROPERTIES       0x01000079u
#define IG_CTL_RESOURCE_GET_RO_PRIVATE_PROPERTIES     0x0100007du
#define IG_CTL_RESOURCE_GET_PRIVATE_PROPERTIES        0x01000081u
#define IG_CTL_RESOURCE_SET_PRIVATE_PROPERTIES        0x01400086u
#define IG_CTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES   0x01000089u
#define IG_CTL_TYPE_UNKNOWN                           0x02000000u
#define IG_CTL_TYPE_GET_CHARACTERISTICS               0x02000005u
#define IG_CTL_TYPE_GET_CLASS_INFO                    0x0200000du
#define IG_CTL_TYPE_GET_REQUIRED_DEPENDENCIES         0x02000011u
#define IG_CTL_TYPE_ENUM_PRIVATE_PROPERTIES           0x02000079u
#define IG_CTL_TYPE_GET_RO_PRIVATE_PROPERTIES         0x0200007du
#define IG_CTL_TYPE_GET_PRIVATE_PROPERTIES            0x02000081u
#define IG_CTL_TYPE_SET_PRIVATE_PROPERTIES            0x02400086u
#define IG_CTL_TYPE_VALIDATE_PRIVATE_PROPERTIES       0x02000089u

#define IG_CLUS_CHAR_UNKNOWN     0u
#define IG_CLUS_RESCLASS_UNKNOWN 0u

typedef struct ig_control_result {
    uint32_t status;         /* Win32 error code to return                        */
    size_t bytes;            /* bytes written, or needed when status is MORE_DATA */
    bool store;              /* SET passed validation: write `next` for `present` */
    uint32_t present;        /* bit (1 << ig_prop_id) per property in the list    */
    ig_settings next;        /* current settings with the list applied            */
    ig_prop_problem why;     /* when a list was refused                           */
} ig_control_result;

/*
 * Handles one control code. `current` is what the database stores for the
 * resource (GET shows it, an invalid value as stored; VALIDATE and SET judge
 * the list merged with it), or NULL for the resource type (whose GET answers
 * the defaults). Bad input never changes anything: a refused SET has
 * store == false.
 */
void ig_control(uint32_t code, const ig_stored *current, const void *in, size_t in_len,
                void *out, size_t out_len, ig_control_result *r);

/* A name for a control code in log lines ("SET_PRIVATE_PROPERTIES"). */
const char *ig_control_name(uint32_t code);

#endif

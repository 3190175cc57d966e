/*
 * controls.c - control code names and the monitor's default answers.
 */
#include "resmon.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct code_name {
    const char *name;
    DWORD code;
};

#define RES(n)  { "CLUSCTL_RESOURCE_" #n, CLUSCTL_RESOURCE_##n }
#define TYPE(n) { "CLUSCTL_RESOURCE_TYPE_" #n, CLUSCTL_RESOURCE_TYPE_##n }

/* The codes a v1 resource DLL can meet; the rest can be given in hex. */
static const struct code_name resource_codes[] = {
    RES(UNKNOWN), RES(GET_CHARACTERISTICS), RES(GET_FLAGS), RES(GET_CLASS_INFO),
    RES(GET_REQUIRED_DEPENDENCIES), RES(GET_NAME), RES(GET_ID), RES(GET_RESOURCE_TYPE),
    RES(ENUM_COMMON_PROPERTIES), RES(GET_RO_COMMON_PROPERTIES), RES(GET_COMMON_PROPERTIES),
    RES(SET_COMMON_PROPERTIES), RES(VALIDATE_COMMON_PROPERTIES),
    RES(GET_COMMON_PROPERTY_FMTS), RES(ENUM_PRIVATE_PROPERTIES),
    RES(GET_RO_PRIVATE_PROPERTIES), RES(GET_PRIVATE_PROPERTIES),
    RES(SET_PRIVATE_PROPERTIES), RES(VALIDATE_PRIVATE_PROPERTIES),
    RES(GET_PRIVATE_PROPERTY_FMTS), RES(ADD_REGISTRY_CHECKPOINT),
    RES(DELETE_REGISTRY_CHECKPOINT), RES(GET_REGISTRY_CHECKPOINTS),
    RES(ADD_CRYPTO_CHECKPOINT), RES(DELETE_CRYPTO_CHECKPOINT), RES(GET_CRYPTO_CHECKPOINTS),
    RES(GET_LOADBAL_PROCESS_LIST), RES(GET_NETWORK_NAME), RES(DELETE), RES(INSTALL_NODE),
    RES(EVICT_NODE), RES(ADD_DEPENDENCY), RES(REMOVE_DEPENDENCY), RES(ADD_OWNER),
    RES(REMOVE_OWNER), RES(SET_NAME), RES(CLUSTER_NAME_CHANGED),
    RES(CLUSTER_VERSION_CHANGED), RES(FORCE_QUORUM), RES(INITIALIZE), RES(QUERY_DELETE),
};

static const struct code_name type_codes[] = {
    TYPE(UNKNOWN), TYPE(GET_CHARACTERISTICS), TYPE(GET_FLAGS), TYPE(GET_CLASS_INFO),
    TYPE(GET_REQUIRED_DEPENDENCIES), TYPE(GET_ARB_TIMEOUT), TYPE(ENUM_COMMON_PROPERTIES),
    TYPE(GET_RO_COMMON_PROPERTIES), TYPE(GET_COMMON_PROPERTIES),
    TYPE(VALIDATE_COMMON_PROPERTIES), TYPE(SET_COMMON_PROPERTIES),
    TYPE(GET_COMMON_PROPERTY_FMTS), TYPE(GET_COMMON_RESOURCE_PROPERTY_FMTS),
    TYPE(ENUM_PRIVATE_PROPERTIES), TYPE(GET_RO_PRIVATE_PROPERTIES),
    TYPE(GET_PRIVATE_PROPERTIES), TYPE(SET_PRIVATE_PROPERTIES),
    TYPE(VALIDATE_PRIVATE_PROPERTIES), TYPE(GET_PRIVATE_PROPERTY_FMTS),
    TYPE(GET_PRIVATE_RESOURCE_PROPERTY_FMTS), TYPE(GET_REGISTRY_CHECKPOINTS),
    TYPE(GET_CRYPTO_CHECKPOINTS), TYPE(STORAGE_GET_AVAILABLE_DISKS), TYPE(QUERY_DELETE),
    TYPE(INSTALL_NODE), TYPE(EVICT_NODE), TYPE(CLUSTER_VERSION_CHANGED),
    TYPE(FIXUP_ON_UPGRADE),
};

static const struct code_name *lookup(const char *text, const struct code_name *table,
                                      size_t count, const char *prefix)
{
    size_t i, plen = strlen(prefix);

    for (i = 0; i < count; i++) {
        if (!_stricmp(text, table[i].name) || !_stricmp(text, table[i].name + plen))
            return &table[i];
    }
    return NULL;
}

/*
 * Decimal, 0x hex, or a CLUSCTL_RESOURCE[_TYPE]_ name with or without the
 * prefix. On failure *why says what is wrong with the text.
 */
BOOL parse_control_code(const char *text, BOOL type_level, DWORD *code, const char **why)
{
    const struct code_name *found;
    char *end;
    unsigned long long value;

    if (*text >= '0' && *text <= '9') {
        /* strtoul is 32-bit on Windows and saturates: read 64 bits, then judge. */
        errno = 0;
        value = strtoull(text, &end, 0);
        if (*end) {
            *why = "is not a number";
            return FALSE;
        }
        if (errno == ERANGE || value > 0xFFFFFFFFULL) {
            *why = "is larger than 0xFFFFFFFF (control codes are 32-bit)";
            return FALSE;
        }
        *code = (DWORD)value;
        return TRUE;
    }
    found = type_level ? lookup(text, type_codes, ARRAYSIZE(type_codes), "CLUSCTL_RESOURCE_TYPE_")
                       : lookup(text, resource_codes, ARRAYSIZE(resource_codes),
                                "CLUSCTL_RESOURCE_");
    if (!found) {
        *why = type_level ? "is not a number or a CLUSCTL_RESOURCE_TYPE_* name"
                          : "is not a number or a CLUSCTL_RESOURCE_* name";
        return FALSE;
    }
    *code = found->code;
    return TRUE;
}

const char *control_name(DWORD code)
{
    size_t i;

    for (i = 0; i < ARRAYSIZE(resource_codes); i++)
        if (resource_codes[i].code == code)
            return resource_codes[i].name;
    for (i = 0; i < ARRAYSIZE(type_codes); i++)
        if (type_codes[i].code == code)
            return type_codes[i].name;
    return NULL;
}

/*
 * What the cluster answers itself when the DLL returns ERROR_INVALID_FUNCTION,
 * for the cheap cases: no characteristics, no flags, class unknown, no
 * required dependencies (an empty value list is its end mark).
 */
BOOL default_control(DWORD code, BYTE *out, DWORD out_size, DWORD *returned, DWORD *status)
{
    static const BYTE zeros[sizeof(CLUS_RESOURCE_CLASS_INFO)];
    DWORD need;

    switch (code) {
    case CLUSCTL_RESOURCE_UNKNOWN:
    case CLUSCTL_RESOURCE_TYPE_UNKNOWN:
        need = 0;
        break;
    case CLUSCTL_RESOURCE_GET_CHARACTERISTICS:
    case CLUSCTL_RESOURCE_TYPE_GET_CHARACTERISTICS:
    case CLUSCTL_RESOURCE_GET_FLAGS:
    case CLUSCTL_RESOURCE_TYPE_GET_FLAGS:
    case CLUSCTL_RESOURCE_GET_REQUIRED_DEPENDENCIES:
    case CLUSCTL_RESOURCE_TYPE_GET_REQUIRED_DEPENDENCIES:
        need = sizeof(DWORD);
        break;
    case CLUSCTL_RESOURCE_GET_CLASS_INFO:
    case CLUSCTL_RESOURCE_TYPE_GET_CLASS_INFO:
        need = sizeof(CLUS_RESOURCE_CLASS_INFO);
        break;
    default:
        return FALSE;
    }
    *returned = need;
    if (out_size < need) {
        *status = ERROR_MORE_DATA;
        return TRUE;
    }
    if (need)
        memcpy(out, zeros, need);
    *status = ERROR_SUCCESS;
    return TRUE;
}

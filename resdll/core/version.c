#include "version.h"

#include <stdio.h>

ig_version_status ig_version_parse(const char *text, ig_version *out)
{
    ig_version v = {{0, 0, 0, 0}};
    unsigned part = 0;
    uint32_t value = 0;
    int digits = 0;
    const char *p;

    if (!text || !*text)
        return IG_VERSION_EMPTY;
    for (p = text;; p++) {
        if (*p >= '0' && *p <= '9') {
            if (digits && value == 0)
                return IG_VERSION_LEADING_ZERO;
            value = value * 10 + (uint32_t)(*p - '0');
            if (value > 0xffff)
                return IG_VERSION_PART_TOO_BIG;
            digits++;
        } else if (*p == '.' || *p == '\0') {
            if (!digits)
                return IG_VERSION_EMPTY_PART;
            if (part >= 4)
                return IG_VERSION_TOO_MANY_PARTS;
            v.part[part++] = (uint16_t)value;
            value = 0;
            digits = 0;
            if (*p == '\0')
                break;
        } else {
            return IG_VERSION_BAD_CHAR;
        }
    }
    *out = v;
    return IG_VERSION_OK;
}

const char *ig_version_status_text(ig_version_status st)
{
    switch (st) {
    case IG_VERSION_OK:             return "valid";
    case IG_VERSION_EMPTY:          return "it is empty";
    case IG_VERSION_BAD_CHAR:       return "only digits and dots are allowed";
    case IG_VERSION_EMPTY_PART:     return "a number is missing between dots";
    case IG_VERSION_TOO_MANY_PARTS: return "a version has at most four numbers";
    case IG_VERSION_PART_TOO_BIG:   return "each number must be 65535 or less";
    case IG_VERSION_LEADING_ZERO:   return "a number starts with 0 (write 5.5.2232.0, not 05.5.2232.0)";
    }
    return "unknown problem";
}

ig_version ig_version_from_fixed(uint32_t ms, uint32_t ls)
{
    ig_version v;
    v.part[0] = (uint16_t)(ms >> 16);
    v.part[1] = (uint16_t)(ms & 0xffff);
    v.part[2] = (uint16_t)(ls >> 16);
    v.part[3] = (uint16_t)(ls & 0xffff);
    return v;
}

int ig_version_compare(const ig_version *a, const ig_version *b)
{
    int i;
    for (i = 0; i < 4; i++) {
        if (a->part[i] != b->part[i])
            return a->part[i] < b->part[i] ? -1 : 1;
    }
    return 0;
}

void ig_version_format(const ig_version *v, char *buf, size_t cap)
{
    if (cap)
        snprintf(buf, cap, "%u.%u.%u.%u", (unsigned)v->part[0], (unsigned)v->part[1],
                 (unsigned)v->part[2], (unsigned)v->part[3]);
}

ig_build_class ig_version_classify(const ig_version *v, const ig_version *first_affected,
                                   const ig_version *first_fixed)
{
    if (ig_version_compare(v, first_fixed) >= 0)
        return IG_BUILD_FIXED;
    if (ig_version_compare(v, first_affected) >= 0)
        return IG_BUILD_AFFECTED;
    return IG_BUILD_BEFORE_WINDOW;
}

#include "control.h"

#include <string.h>

#include "igerr.h"
#include "imsguard.h"
#include "proplist.h"

/* The codes are the same for a resource and its type but for the object
   byte (1 = resource, 2 = resource type). */
#define OBJECT_MASK 0xff000000u
#define OP(code)    ((code) & ~OBJECT_MASK)

const char *ig_control_name(uint32_t code)
{
    switch (OP(code)) {
    case OP(IG_CTL_RESOURCE_UNKNOWN):                     return "UNKNOWN";
    case OP(IG_CTL_RESOURCE_GET_CHARACTERISTICS):         return "GET_CHARACTERISTICS";
    case OP(IG_CTL_RESOURCE_GET_CLASS_INFO):              return "GET_CLASS_INFO";
    case OP(IG_CTL_RESOURCE_GET_REQUIRED_DEPENDENCIES):   return "GET_REQUIRED_DEPENDENCIES";
    case OP(IG_CTL_RESOURCE_ENUM_PRIVATE_PROPERTIES):     return "ENUM_PRIVATE_PROPERTIES";
    case OP(IG_CTL_RESOURCE_GET_RO_PRIVATE_PROPERTIES):   return "GET_RO_PRIVATE_PROPERTIES";
    case OP(IG_CTL_RESOURCE_GET_PRIVATE_PROPERTIES):      return "GET_PRIVATE_PROPERTIES";
    case OP(IG_CTL_RESOURCE_SET_PRIVATE_PROPERTIES):      return "SET_PRIVATE_PROPERTIES";
    case OP(IG_CTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES): return "VALIDATE_PRIVATE_PROPERTIES";
    }
    return "unhandled";
}

static void finish(ig_control_result *r, const ig_writer *w)
{
    r->status = ig_writer_status(w);
    r->bytes = w->needed;
}

void ig_control(uint32_t code, const ig_stored *current, const void *in, size_t in_len,
                void *out, size_t out_len, ig_control_result *r)
{
    uint32_t object = code & OBJECT_MASK;
    bool is_type = current == NULL;
    ig_writer w;

    memset(r, 0, sizeof(*r));
    r->why.prop = -1;
    ig_writer_init(&w, out, out_len);

    /* A resource code sent to the type, or the reverse, is not ours. */
    if (object != (is_type ? 0x02000000u : 0x01000000u)) {
        r->status = IG_ERROR_INVALID_FUNCTION;
        return;
    }
    if (is_type)
        ig_settings_default(&r->next);
    else
        r->next = current->settings;

    switch (OP(code)) {
    case OP(IG_CTL_RESOURCE_UNKNOWN):
        r->status = IG_ERROR_SUCCESS;
        return;
    case OP(IG_CTL_RESOURCE_GET_CHARACTERISTICS):
        ig_writer_dword(&w, IG_CLUS_CHAR_UNKNOWN);
        finish(r, &w);
        return;
    case OP(IG_CTL_RESOURCE_GET_CLASS_INFO):
        ig_writer_dword(&w, IG_CLUS_RESCLASS_UNKNOWN);   /* rc       */
        ig_writer_dword(&w, 0);                          /* SubClass */
        finish(r, &w);
        return;
    case OP(IG_CTL_RESOURCE_GET_REQUIRED_DEPENDENCIES):
        /* The IMS answers on the virtual server's name: it needs a Network Name. */
        ig_writer_sz_entry_ascii(&w, IG_SYNTAX_NAME, IMSGUARD_REQUIRED_DEPENDENCY);
        ig_writer_dword(&w, IG_SYNTAX_ENDMARK);
        finish(r, &w);
        return;
    case OP(IG_CTL_RESOURCE_ENUM_PRIVATE_PROPERTIES):
        ig_proplist_enum_names(&w);
        finish(r, &w);
        return;
    case OP(IG_CTL_RESOURCE_GET_RO_PRIVATE_PROPERTIES):
        ig_proplist_empty(&w);
        finish(r, &w);
        return;
    case OP(IG_CTL_RESOURCE_GET_PRIVATE_PROPERTIES):
        if (is_type)
            ig_proplist_encode(&w, &r->next);
        else
            ig_stored_encode(&w, current);
        finish(r, &w);
        return;
    case OP(IG_CTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES):
    case OP(IG_CTL_RESOURCE_SET_PRIVATE_PROPERTIES):
        r->status = ig_proplist_apply_values(in, in ? in_len : 0, &r->next, &r->present, &r->why);
        if (r->status == IG_ERROR_SUCCESS)
            r->status = is_type ? ig_settings_check(&r->next, &r->why)
                                : ig_stored_judge(current, &r->next, r->present, &r->why);
        if (r->status != IG_ERROR_SUCCESS) {
            r->present = 0;
            if (is_type)
                ig_settings_default(&r->next);
            else
                r->next = current->settings;
            return;
        }
        if (OP(code) == OP(IG_CTL_RESOURCE_SET_PRIVATE_PROPERTIES)) {
            if (is_type) {
                /* The type keeps no private properties of its own: the list is
                   valid, and the cluster's default processing stores it. */
                r->status = IG_ERROR_INVALID_FUNCTION;
            } else {
                r->store = true;
            }
        }
        return;
    }
    r->status = IG_ERROR_INVALID_FUNCTION;
}

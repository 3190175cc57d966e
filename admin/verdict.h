/*
 * verdict.h - the preflight panel's texts (verdict.c): the resource DLL's
 * node check with the settings on the page, and Online's own messages.
 */
#ifndef IMSGUARDEX_VERDICT_H
#define IMSGUARDEX_VERDICT_H

#include "cluadmin.h"
#include "nodefacts.h"

typedef struct ig_verdict_text {
    BOOL online;            /* would go online                                  */
    BOOL warning;           /* ... with a warning (AllowAffectedBuild)          */
    WCHAR verdict[128];     /* one line: "Would go online" / "Refused: ..."     */
    WCHAR build[64];        /* "5.5.2448.0 (SP2)" / "(not found)"               */
    WCHAR domain[260];      /* the domain, or "(not set)"                        */
    WCHAR *message;         /* the messages Online would log, or why it is fine,
                               whole (heap: ig_verdict_release); NULL when
                               out of memory                                     */
} ig_verdict_text;

/* Looks at this node afresh as Online would with settings s (f: zeroed
   before the first look, ig_facts_close after the last)
   and fills out (overwritten: release the last one first); node is this
   computer's name, for the text. */
void ig_verdict_look(const WCHAR *resource, const WCHAR *node, const ig_settings *s, ig_node_facts *f,
                     ig_verdict_text *out);
void ig_verdict_release(ig_verdict_text *v);

#endif

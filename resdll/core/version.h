/*
 * version.h - file versions (major.minor.build.revision), as in
 * VS_FIXEDFILEINFO, and the Q194128 build window.
 */
#ifndef IG_VERSION_H
#define IG_VERSION_H

#include <stddef.h>
#include <stdint.h>

typedef struct ig_version {
    uint16_t part[4];   /* major, minor, build, revision */
} ig_version;

typedef enum ig_version_status {
    IG_VERSION_OK = 0,
    IG_VERSION_EMPTY,          /* nothing to parse                           */
    IG_VERSION_BAD_CHAR,       /* not a digit or a dot                       */
    IG_VERSION_EMPTY_PART,     /* "5..2232", ".5", "5."                      */
    IG_VERSION_TOO_MANY_PARTS, /* more than four numbers                     */
    IG_VERSION_PART_TOO_BIG,   /* a number above 65535                       */
    IG_VERSION_LEADING_ZERO    /* "05.5.2232.0": one spelling per build      */
} ig_version_status;

/* Parses "5.5.2232.0"; one to four decimal parts, missing parts are 0
   ("5.5.2232" is 5.5.2232.0, as Knowledge Base articles write builds); a
   number with a leading zero is refused. */
ig_version_status ig_version_parse(const char *text, ig_version *out);

/* A short English phrase for a parse status ("a part is above 65535"). */
const char *ig_version_status_text(ig_version_status st);

/* From VS_FIXEDFILEINFO's dwFileVersionMS / dwFileVersionLS. */
ig_version ig_version_from_fixed(uint32_t ms, uint32_t ls);

/* <0, 0, >0 numerically, part by part. */
int ig_version_compare(const ig_version *a, const ig_version *b);

/* Writes "a.b.c.d"; needs 24 bytes at most. */
void ig_version_format(const ig_version *v, char *buf, size_t cap);

typedef enum ig_build_class {
    IG_BUILD_BEFORE_WINDOW = 0,  /* older than the first affected build (e.g. RTM) */
    IG_BUILD_AFFECTED,           /* first_affected <= v < first_fixed              */
    IG_BUILD_FIXED               /* first_fixed <= v                               */
} ig_build_class;

ig_build_class ig_version_classify(const ig_version *v, const ig_version *first_affected,
                                   const ig_version *first_fixed);

#endif

/*
 * filever.h - the IMS binary: its version resource, and a cheap stamp
 * (size and last write time) so IsAlive re-reads the version only when the
 * file changed.
 */
#ifndef IG_FILEVER_H
#define IG_FILEVER_H

#include "cluswin.h"
#include "preflight.h"
#include "version.h"

typedef struct ig_file_stamp {
    BOOL exists;
    ULONGLONG size;
    FILETIME written;
} ig_file_stamp;

/* IG_IMG_OK with *v, IG_IMG_UNREADABLE with *err, or IG_IMG_NO_VERSION. */
ig_image_fact ig_file_version(const WCHAR *path, ig_version *v, DWORD *err);

/* Fails (returns the error) when the file cannot be found. */
DWORD ig_file_stamp_read(const WCHAR *path, ig_file_stamp *st);

BOOL ig_file_stamp_equal(const ig_file_stamp *a, const ig_file_stamp *b);

#endif

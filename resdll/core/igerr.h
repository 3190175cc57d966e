/*
 * igerr.h - the Win32 error numbers the pure core returns.
 * The core never includes <windows.h>; resdll/win/check_consts.c asserts at
 * compile time that each value equals the SDK's.
 */
#ifndef IG_ERR_H
#define IG_ERR_H

#define IG_ERROR_SUCCESS                    0u
#define IG_ERROR_INVALID_FUNCTION           1u
#define IG_ERROR_NOT_ENOUGH_MEMORY          8u
#define IG_ERROR_INVALID_DATA              13u
#define IG_ERROR_INVALID_PARAMETER         87u
#define IG_ERROR_INSUFFICIENT_BUFFER      122u
#define IG_ERROR_MORE_DATA                234u
#define IG_ERROR_RESOURCE_PROPERTIES_STORED 5024u

#endif

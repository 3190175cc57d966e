#include "filever.h"

#include <stdlib.h>

ig_image_fact ig_file_version(const WCHAR *path, ig_version *v, DWORD *err)
{
    ig_image_fact fact = IG_IMG_OK;
    VS_FIXEDFILEINFO *fixed = NULL;
    DWORD handle = 0, size;
    UINT fixed_len = 0;
    HANDLE file;
    void *block = NULL;

    *err = ERROR_SUCCESS;
    /* GetFileVersionInfoSize says "no resource" for a missing file too:
       open it first so a missing or locked file reads as unreadable. */
    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        *err = GetLastError();
        return IG_IMG_UNREADABLE;
    }
    CloseHandle(file);

    size = GetFileVersionInfoSizeW(path, &handle);
    if (!size) {
        *err = GetLastError();
        fact = IG_IMG_NO_VERSION;
        goto out;
    }
    block = malloc(size);
    if (!block) {
        *err = ERROR_NOT_ENOUGH_MEMORY;
        fact = IG_IMG_UNREADABLE;
        goto out;
    }
    if (!GetFileVersionInfoW(path, 0, size, block)) {
        *err = GetLastError();
        fact = IG_IMG_NO_VERSION;
        goto out;
    }
    if (!VerQueryValueW(block, L"\\", (void **)&fixed, &fixed_len) || !fixed ||
        fixed_len < sizeof(*fixed) || fixed->dwSignature != VS_FFI_SIGNATURE) {
        *err = ERROR_RESOURCE_TYPE_NOT_FOUND;
        fact = IG_IMG_NO_VERSION;
        goto out;
    }
    *v = ig_version_from_fixed(fixed->dwFileVersionMS, fixed->dwFileVersionLS);
out:
    free(block);
    return fact;
}

DWORD ig_file_stamp_read(const WCHAR *path, ig_file_stamp *st)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    ZeroMemory(st, sizeof(*st));
    if (!GetFileAttributesExW(path, GetFileExInfoStandard, &data))
        return GetLastError();
    st->exists = TRUE;
    st->size = ((ULONGLONG)data.nFileSizeHigh << 32) | data.nFileSizeLow;
    st->written = data.ftLastWriteTime;
    return ERROR_SUCCESS;
}

BOOL ig_file_stamp_equal(const ig_file_stamp *a, const ig_file_stamp *b)
{
    return a->exists == b->exists && a->size == b->size &&
           CompareFileTime(&a->written, &b->written) == 0;
}

/*
 * facts.c - what this node has, gathered the way the resource's Online
 * looks (resdll/checks.c): the TCP/IP DNS domain, the IMS service's
 * configuration and the version of its program. The only file of the
 * extension that asks the system; the verdict is ig_preflight's.
 */
#include "imsguardex.h"

#include <stdlib.h>

#include "netid.h"
#include "svcpath.h"

/* The DLL's own reading of the node's domain (resdll/win/netid.c), so the
   page and Online cannot disagree about it. */
static void gather_domain(ig_node_facts *f)
{
    ig_netid netid = { NULL, NULL };

    ig_netid_init();
    ig_netid_domain(&netid, f->domain, sizeof(f->domain));
    ig_netid_close(&netid);
}

/* The service: installed, not disabled, and the program its command line
   names (when ImagePath does not name one). */
static void gather_service(const ig_settings *s, ig_node_facts *f, BOOL want_image)
{
    QUERY_SERVICE_CONFIGW *cfg = NULL;
    SC_HANDLE scm = NULL, svc = NULL;
    DWORD needed = 0, err;
    WCHAR *raw = NULL;

    f->service = IG_SVC_QUERY_FAILED;
    scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (!scm) {
        f->service_error = GetLastError();
        goto out;
    }
    svc = OpenServiceW(scm, (const WCHAR *)s->service_name, SERVICE_QUERY_CONFIG);
    if (!svc) {
        err = GetLastError();
        if (err == ERROR_SERVICE_DOES_NOT_EXIST)
            f->service = IG_SVC_MISSING;
        f->service_error = err;
        goto out;
    }
    if (!QueryServiceConfigW(svc, NULL, 0, &needed)) {
        err = GetLastError();
        if (err != ERROR_INSUFFICIENT_BUFFER) {
            f->service = err == ERROR_SERVICE_MARKED_FOR_DELETE ? IG_SVC_MISSING : IG_SVC_QUERY_FAILED;
            f->service_error = err;
            goto out;
        }
    }
    cfg = malloc(needed ? needed : sizeof(*cfg));
    raw = malloc(IG_IMAGE_PATH_CAP * sizeof(WCHAR));
    if (!cfg || !raw) {
        f->service_error = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    if (!QueryServiceConfigW(svc, cfg, needed, &needed)) {
        err = GetLastError();
        f->service = err == ERROR_SERVICE_MARKED_FOR_DELETE ? IG_SVC_MISSING : IG_SVC_QUERY_FAILED;
        f->service_error = err;
        goto out;
    }
    f->service = cfg->dwStartType == SERVICE_DISABLED ? IG_SVC_DISABLED : IG_SVC_OK;
    if (want_image && cfg->lpBinaryPathName &&
        ig_service_image_path((const uint16_t *)cfg->lpBinaryPathName, (uint16_t *)raw,
                              IG_IMAGE_PATH_CAP)) {
        DWORD n = ExpandEnvironmentStringsW(raw, f->image, ARRAYSIZE(f->image));
        if (n == 0 || n > ARRAYSIZE(f->image))
            lstrcpynW(f->image, raw, ARRAYSIZE(f->image));
    }
out:
    free(cfg);
    free(raw);
    if (svc)
        CloseServiceHandle(svc);
    if (scm)
        CloseServiceHandle(scm);
}

/* The program's file version, as VS_FIXEDFILEINFO gives it. */
static void gather_version(ig_node_facts *f)
{
    VS_FIXEDFILEINFO *fixed = NULL;
    DWORD handle = 0, size;
    UINT fixed_len = 0;
    HANDLE file;
    void *block = NULL;

    if (!f->image[0]) {
        f->image_fact = IG_IMG_NOT_CHECKED;
        return;
    }
    /* GetFileVersionInfoSize says "no resource" for a missing file too. */
    file = CreateFileW(f->image, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        f->image_error = GetLastError();
        f->image_fact = IG_IMG_UNREADABLE;
        return;
    }
    CloseHandle(file);

    f->image_fact = IG_IMG_NO_VERSION;
    size = GetFileVersionInfoSizeW(f->image, &handle);
    if (!size)
        return;
    block = malloc(size);
    if (!block) {
        f->image_error = ERROR_NOT_ENOUGH_MEMORY;
        f->image_fact = IG_IMG_UNREADABLE;
        return;
    }
    if (GetFileVersionInfoW(f->image, 0, size, block) &&
        VerQueryValueW(block, L"\\", (void **)&fixed, &fixed_len) && fixed &&
        fixed_len >= sizeof(*fixed) && fixed->dwSignature == VS_FFI_SIGNATURE) {
        f->version = ig_version_from_fixed(fixed->dwFileVersionMS, fixed->dwFileVersionLS);
        f->image_fact = IG_IMG_OK;
    }
    free(block);
}

void ig_facts_gather(const ig_settings *s, ig_node_facts *f)
{
    DWORD len;

    ZeroMemory(f, sizeof(*f));
    len = ARRAYSIZE(f->node);
    if (!GetComputerNameW(f->node, &len))
        f->node[0] = 0;
    gather_domain(f);
    if (s->image_path[0]) {
        DWORD n = ExpandEnvironmentStringsW((const WCHAR *)s->image_path, f->image, ARRAYSIZE(f->image));
        if (n == 0 || n > ARRAYSIZE(f->image))
            lstrcpynW(f->image, (const WCHAR *)s->image_path, ARRAYSIZE(f->image));
    }
    gather_service(s, f, !s->image_path[0]);
    gather_version(f);
}

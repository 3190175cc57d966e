#include "nodefacts.h"

#include "wstr.h"

static void close_service_key(ig_node_facts *f)
{
    if (f->service_key)
        RegCloseKey(f->service_key);
    f->service_key = NULL;
    f->service_key_name[0] = 0;
}

/* The service's key is kept open between checks, as the Tcpip keys are,
   so that the mark costs one read; it is opened again for another name,
   and when it was deleted (the service removed, perhaps installed again). */
static BOOL marked_for_delete(ig_node_facts *f, const WCHAR *name)
{
    BOOL marked = FALSE;
    int attempt;

    for (attempt = 0; attempt < 2; attempt++) {
        if (f->service_key && lstrcmpiW(f->service_key_name, name) != 0)
            close_service_key(f);
        if (!f->service_key) {
            if (ig_scm_open_key(name, KEY_QUERY_VALUE, &f->service_key) != ERROR_SUCCESS) {
                f->service_key = NULL;
                return FALSE;   /* no key: the service manager's answer stands */
            }
            ig_wcopy(f->service_key_name, ARRAYSIZE(f->service_key_name), name);
        }
        if (ig_scm_read_delete_flag(f->service_key, &marked) == ERROR_SUCCESS)
            return marked;
        close_service_key(f);
    }
    return FALSE;
}

/* Opens the service unless it is already open (IsAlive asks the open
   handle: one round trip). A service opened here is also looked at for a
   mark of deletion (its key's DeleteFlag: a registry read, in Online and
   the one-off checks only): one deleted while a program still has it open
   cannot be started, and is as good as not installed. IsAlive does not
   look: the IMS that runs still answers until it is stopped. Without an
   ImagePath property, the program checked is the one the service is
   configured to run. */
static ig_service_fact gather_service(const ig_settings *s, ig_service *svc, ig_node_facts *f)
{
    DWORD start_type = 0;
    WCHAR image[IG_IMAGE_PATH_CAP];
    BOOL opened = !svc->svc;

    if (opened) {
        f->service_error = f->service_access ? ig_scm_open_for(svc, ig_w(s->service_name), f->service_access)
                                             : ig_scm_open(svc, ig_w(s->service_name));
        if (f->service_error == ERROR_SERVICE_DOES_NOT_EXIST ||
            f->service_error == ERROR_SERVICE_MARKED_FOR_DELETE)
            return IG_SVC_MISSING;
        if (f->service_error)
            return IG_SVC_QUERY_FAILED;
    }
    f->service_error = ig_scm_config(svc, &start_type, image, ARRAYSIZE(image));
    if (f->service_error == ERROR_SERVICE_MARKED_FOR_DELETE)
        return IG_SVC_MISSING;
    if (!f->service_error && opened && marked_for_delete(f, ig_w(s->service_name)))
        return IG_SVC_MISSING;
    if (f->service_error)
        return IG_SVC_QUERY_FAILED;
    if (!s->image_path[0])
        ig_wcopy(f->image, ARRAYSIZE(f->image), image);
    return start_type == SERVICE_DISABLED ? IG_SVC_DISABLED : IG_SVC_OK;
}

/* The version is read again only when the file's size or write time, or
   the path itself, changed since the last check that passed: IsAlive costs
   one GetFileAttributesEx, and so does an Online on an unchanged node. */
static ig_image_fact gather_image(ig_node_facts *f)
{
    ig_file_stamp stamp;
    ig_image_fact fact;

    if (!f->image[0])
        return IG_IMG_NOT_CHECKED;
    ig_file_stamp_read(f->image, &stamp);
    if (stamp.exists && f->stamp.exists && ig_file_stamp_equal(&stamp, &f->stamp) &&
        lstrcmpiW(f->image, f->checked) == 0)
        return IG_IMG_OK;
    fact = ig_file_version(f->image, &f->version, &f->image_error);
    f->stamp = stamp;
    ig_wcopy(f->checked, ARRAYSIZE(f->checked), f->image);
    if (fact != IG_IMG_OK)
        ig_facts_forget_image(f);   /* no version to keep: read it again */
    return fact;
}

void ig_facts_gather(const ig_settings *s, unsigned what, ig_service *svc, ig_node_facts *f)
{
    f->service = IG_SVC_OK;
    f->image_fact = IG_IMG_NOT_CHECKED;
    if (s->image_path[0]) {
        DWORD n = ExpandEnvironmentStringsW(ig_w(s->image_path), f->image, ARRAYSIZE(f->image));
        if (n == 0 || n > ARRAYSIZE(f->image))
            ig_wcopy(f->image, ARRAYSIZE(f->image), ig_w(s->image_path));
    }
    if (what & IG_CHECK_SERVICE)
        f->service = gather_service(s, svc, f);
    if (what & IG_CHECK_IMAGE)
        f->image_fact = gather_image(f);
    if (what & IG_CHECK_DOMAIN)
        f->domain_from = ig_netid_domain(&f->netid, f->domain, sizeof(f->domain));
}

void ig_facts_forget_image(ig_node_facts *f)
{
    ZeroMemory(&f->stamp, sizeof(f->stamp));
}

void ig_facts_forget_all(ig_node_facts *f)
{
    ig_netid keys = f->netid;
    DWORD access = f->service_access;
    HKEY service_key = f->service_key;
    WCHAR service_key_name[ARRAYSIZE(f->service_key_name)];

    ig_wcopy(service_key_name, ARRAYSIZE(service_key_name), f->service_key_name);
    ZeroMemory(f, sizeof(*f));
    f->netid = keys;
    f->service_access = access;
    f->service_key = service_key;
    ig_wcopy(f->service_key_name, ARRAYSIZE(f->service_key_name), service_key_name);
}

void ig_facts_close(ig_node_facts *f)
{
    ig_netid_close(&f->netid);
    close_service_key(f);
}

# tests/admin: cluadminhost.exe plays Cluster Administrator for the
# extension under Wine (see cluadmin_host.c); the native test of the
# AdminExtensions list editing is built by the top-level Makefile's admin
# block.
ADMIN_MODULES += cluadminhost
cluadminhost_KIND := exe
cluadminhost_SRC  := tests/admin/cluadmin_host.c admin/cluadmin_iids.c
cluadminhost_RC   := tests/admin/cluadminhost.rc
cluadminhost_DEF  := tests/admin/cluadminhost.def
cluadminhost_LIBS := -municode -lclusapi -lcomctl32 -lole32 -luuid -ladvapi32 -luser32 -lgdi32 \
                     -lkernel32

# tests/admin: cluadminhost.exe plays Cluster Administrator for the
# extension under Wine (see cluadmin_host.c; its parts: cluadmin_host.h);
# the native test of the AdminExtensions list editing is built by the
# top-level Makefile's admin block. The host links the test bed's library
# (tests/bed/common: the mini monitor, the registry helpers over clusapi).
ADMIN_MODULES += cluadminhost
cluadminhost_KIND := exe
cluadminhost_SRC  := $(addprefix tests/admin/,cluadmin_host.c cluadmin_dll.c cluadmin_data.c cluadmin_sheet.c) \
                     admin/cluadmin_iids.c $(addprefix tests/bed/common/,bedreg.c bedclus.c minimon.c)
cluadminhost_RC   := tests/admin/cluadminhost.rc
cluadminhost_DEF  := tests/admin/cluadminhost.def
cluadminhost_LIBS := -municode -lclusapi -lcomctl32 -lole32 -luuid -ladvapi32 -luser32 -lgdi32 \
                     -lkernel32
# The host's parts include admin/cluadmin.h.
$(foreach a,$(ARCHES),$(BUILD)/$(a)/obj/tests/admin/%.o): WIN_CFLAGS += -Iadmin

# admin/: the Cluster Administrator extension of "IMS Guard". See
# admin/NOTES.md.
#
# imsguardex.dll: COM in-process server (IWEExtendPropertySheet); links the
# resource DLL's pure core (the same property rules) and its node check
# (resdll/win/nodecheck.c: the same preflight), and carries its message
# table (the same texts).
ADMIN_MODULES += imsguardex
imsguardex_KIND := dll
imsguardex_SRC  := admin/module.c admin/factory.c admin/regext.c admin/page.c admin/rescontrol.c \
                   admin/verdict.c admin/multisz.c admin/cluadmin_iids.c $(CORE_SRC) \
                   $(addprefix resdll/win/,nodecheck.c nodefacts.c netid.c scm.c filever.c wstr.c)
imsguardex_RC   := admin/imsguardex.rc
imsguardex_DEF  := admin/imsguardex.def
imsguardex_LIBS := -lclusapi -lcomctl32 -lole32 -luuid -lversion -ladvapi32 -luser32 -lgdi32 \
                   -lkernel32

# admin/: the Cluster Administrator extension of "IMS Guard" and its
# registration tool for the Wine test bed. See admin/NOTES.md.
#
# imsguardex.dll: COM in-process server (IWEExtendPropertySheet); links the
# resource DLL's pure core (the same property rules and preflight verdict)
# and carries its message table (the same texts).
ADMIN_MODULES += imsguardex imsreg
imsguardex_KIND := dll
imsguardex_SRC  := admin/server.c admin/regext.c admin/page.c admin/rescontrol.c admin/facts.c \
                   admin/verdict.c admin/multisz.c admin/cluadmin_iids.c resdll/win/wstr.c resdll/win/netid.c \
                   $(CORE_SRC)
imsguardex_RC   := admin/imsguardex.rc
imsguardex_DEF  := admin/imsguardex.def
imsguardex_LIBS := -lclusapi -lcomctl32 -lole32 -luuid -lversion -ladvapi32 -luser32 -lgdi32 \
                   -lkernel32

# imsreg.exe: registers the type and the extension in a node's HKLM\Cluster
# through clusapi.dll (what admin/register.cmd does with cluster.exe).
imsreg_KIND := exe
imsreg_SRC  := admin/imsreg.c resdll/win/wstr.c
imsreg_LIBS := -municode -lclusapi -ladvapi32 -lkernel32

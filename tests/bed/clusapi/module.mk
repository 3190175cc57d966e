# tests/bed/clusapi: a clusapi.dll for Wine (whose own is an aborting stub)
# that keeps the cluster database in the node's HKLM\Cluster, and its
# conformance test. See tests/bed/clusapi/NOTES.md. Both link parts of the
# test bed's library (tests/bed/common).

BED_MODULES += clusapi clustest

clusapi_KIND := dll
clusapi_SRC  := tests/bed/clusapi/clusapi_main.c tests/bed/clusapi/cluster.c \
                tests/bed/clusapi/handles.c tests/bed/common/bedreg.c
clusapi_DEF  := tests/bed/clusapi/clusapi.def
# The .def names the exports undecorated; on i686 the linker matches them to
# the stdcall symbols (ClusterRegOpenKey@16), and says nothing about it.
clusapi_LIBS := -Wl,--enable-stdcall-fixup -ladvapi32 -lkernel32

# Imports the DLL above through mingw's own libclusapi.a, as any tool would.
clustest_KIND := exe
clustest_SRC  := $(addprefix tests/bed/clusapi/,clustest.c clustest_reg.c clustest_res.c) \
                 tests/bed/common/bedtest.c tests/bed/common/bedreg.c
clustest_LIBS := -lclusapi -ladvapi32 -lkernel32

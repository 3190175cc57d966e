# tests/bed/cluster: cluster.exe for a Wine node - the part of Microsoft's
# cluster.exe that admin/register.cmd, admin/unregister.cmd and the README
# use, over the node's cluster database through the test bed's clusapi.dll
# (the layout, its GUID scheme and find-by-Name: tests/bed/common/bedreg.h).
# See the comment at the top of cluster.c.

BED_MODULES += cluster

cluster_KIND := exe
cluster_SRC  := tests/bed/cluster/cluster.c tests/bed/cluster/cludb.c tests/bed/cluster/cluprops.c \
                tests/bed/common/bedreg.c tests/bed/common/bedclus.c
cluster_LIBS := -municode -lclusapi -lole32 -ladvapi32 -lkernel32
# The extension's registration entry point type comes from admin/cluadmin.h.
$(BUILD)/%/obj/tests/bed/cluster/cluster.o: WIN_CFLAGS += -Iadmin

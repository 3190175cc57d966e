# tests/bed/clusreg: sets up a node's cluster database (HKLM\Cluster) for
# scripts and the harness; plain registry API, no clusapi.dll needed. The
# layout, its GUID scheme and find-by-Name are the test bed's library's
# (tests/bed/common/bedreg.c).
# See tests/bed/clusreg/NOTES.md for the commands and the text form.

BED_MODULES += clusreg

clusreg_KIND := exe
clusreg_SRC  := $(wildcard tests/bed/clusreg/*.c) tests/bed/common/bedreg.c
# -municode: wmain, so that arguments arrive as UTF-16 without a code page.
clusreg_LIBS := -municode -ladvapi32 -lkernel32

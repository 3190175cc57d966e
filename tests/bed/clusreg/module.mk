# tests/bed/clusreg: sets up a node's cluster database (HKLM\Cluster) for
# scripts and the harness; plain registry API, no clusapi.dll needed.
# See tests/bed/clusreg/NOTES.md for the commands and the text form.

BED_MODULES += clusreg

clusreg_KIND := exe
clusreg_SRC  := $(wildcard tests/bed/clusreg/*.c)
# -municode: wmain, so that arguments arrive as UTF-16 without a code page.
clusreg_LIBS := -municode -lole32 -ladvapi32 -lkernel32

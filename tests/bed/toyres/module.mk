# toyres.dll: scripted resource types, the fixture resmon.exe is tested with.
BED_MODULES += toyres
toyres_KIND := dll
toyres_SRC  := $(wildcard tests/bed/toyres/*.c)
toyres_DEF  := tests/bed/toyres/toyres.def
toyres_LIBS := -lkernel32

# toynostartup.dll: a DLL without a Startup export (resmon.exe must refuse it).
BED_MODULES += toynostartup
toynostartup_KIND := dll
toynostartup_SRC  := $(wildcard tests/bed/toynostartup/*.c)
toynostartup_LIBS := -lkernel32

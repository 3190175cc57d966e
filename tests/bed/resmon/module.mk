# resmon.exe: the Resource Monitor emulator (see resmon.c for the protocol).
BED_MODULES += resmon
resmon_KIND := exe
resmon_SRC  := $(wildcard tests/bed/resmon/*.c)
resmon_LIBS := -lshell32 -ladvapi32

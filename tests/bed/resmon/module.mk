# resmon.exe: the Resource Monitor emulator (see resmon.c for the protocol).
BED_MODULES += resmon
resmon_KIND := exe
# The core (pure C) for its property-list writer (storedlist.c).
resmon_SRC  := $(wildcard tests/bed/resmon/*.c) $(CORE_SRC)
resmon_LIBS := -lshell32 -ladvapi32

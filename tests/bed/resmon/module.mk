# resmon.exe: the Resource Monitor emulator (see resmon.c for the protocol).
BED_MODULES += resmon
resmon_KIND := exe
# The core (pure C) for its property-list writer (storedlist.c); the test
# bed's one tokenizer (tests/common/tok.c, shared with the failover
# coordinator's scenario parser); the database layout and find-by-Name of
# the test bed's library (tests/bed/common/bedreg.c).
resmon_SRC  := $(wildcard tests/bed/resmon/*.c) $(CORE_SRC) tests/common/tok.c tests/bed/common/bedreg.c
resmon_LIBS := -lshell32 -ladvapi32
$(foreach a,$(ARCHES),$(BUILD)/$(a)/obj/tests/bed/resmon/%.o): WIN_CFLAGS += -Itests/common

# tests/bed/common: the test bed's own library, linked into the bed tools
# (not a program of its own; each tool's module.mk names the parts it
# uses, so the order in which module.mk files are included does not matter):
#   bedtest.c   the Wine-style test header (ok, trace, skip, todo_wine,
#               broken, the closing "N passed, M failed")
#   bedreg.c    registry helpers, the test cluster database layout, its
#               GUID scheme and find-by-Name (advapi32)
#   bedclus.c   the same helpers through the ClusterReg* API (-lclusapi)
#   minimon.c   the in-process mini monitor for the tools that host the DLL
#   bedsvc.c    a STOP whose answer Wine loses (ControlService error 109)
BED_COMMON := tests/bed/common
# Every test-bed and test object may include its headers.
$(foreach a,$(ARCHES),$(BUILD)/$(a)/obj/tests/%.o): WIN_CFLAGS += -I$(BED_COMMON)

# bedcheck.exe: the header's self-test (run by tests/bed/clusapi/selftest.sh,
# before clustest.exe, whose verdicts go through the header).
BED_MODULES += bedcheck
bedcheck_KIND := exe
bedcheck_SRC  := tests/bed/common/bedtest_check.c tests/bed/common/bedtest.c
bedcheck_LIBS := -lkernel32

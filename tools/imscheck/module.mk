# imscheck.exe: the administrators' preflight tool - the same checks as
# Online, on the node it runs on (resdll/win/nodecheck.c). Links the DLL's
# core and Win32 layer (not its entry points); carries the same message table, so it says the same.
BED_MODULES += imscheck
imscheck_KIND := exe
imscheck_SRC  := tools/imscheck/imscheck.c $(CORE_SRC) \
                 $(filter-out resdll/win/check_consts.c,$(sort $(wildcard resdll/win/*.c)))
imscheck_RC   := tools/imscheck/imscheck.rc
imscheck_LIBS := -municode -lclusapi -ladvapi32 -lversion -lws2_32

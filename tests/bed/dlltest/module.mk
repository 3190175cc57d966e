# dlltest.exe: conformance tests of imsguard.dll's entry points, Wine-test
# style, calling the DLL directly (no monitor): argument checks, foreign
# RESIDs, the size protocol of every control code, refused property lists.
BED_MODULES += dlltest
dlltest_KIND := exe
dlltest_SRC  := tests/bed/dlltest/dlltest.c
dlltest_LIBS := -lshlwapi -ladvapi32

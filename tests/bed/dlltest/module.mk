# dlltest.exe: conformance tests of imsguard.dll's entry points, Wine-test
# style, calling the DLL directly through the test bed's mini monitor
# (tests/bed/common): argument checks, foreign RESIDs, the size protocol of
# every control code, refused property lists.
BED_MODULES += dlltest
dlltest_KIND := exe
dlltest_SRC  := tests/bed/dlltest/dlltest.c tests/bed/common/bedtest.c tests/bed/common/bedreg.c \
                tests/bed/common/minimon.c
dlltest_LIBS := -ladvapi32

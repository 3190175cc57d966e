# bench.exe: imsguard.dll timed beside the bare Win32 calls it is made of
# (make bench), and soaked for leaks (make soak); one process, a minimal
# in-process monitor (the test bed's, tests/bed/common/minimon.c). See
# tests/bench/run.sh and tests/soak/run.sh.
#   bench.c   arguments          monitor.c the monitor's hooks and the DLL it hosts
#   bare.c    bare Win32 calls   measure.c make bench    soak.c make soak
#   stats.c, figures.c: pure C (no <windows.h>), also built natively for
#   benchsum and unit/test_bench.c (Makefile, hardening section).
BED_MODULES    += bench
BENCH_PURE_SRC := tests/bed/bench/stats.c tests/bed/bench/figures.c
bench_KIND     := exe
bench_SRC      := $(addprefix tests/bed/bench/,bench.c monitor.c bare.c measure.c soak.c) $(BENCH_PURE_SRC) \
                  $(addprefix tests/bed/common/,bedtest.c bedreg.c minimon.c bedsvc.c)
bench_LIBS     := -lpsapi -lshlwapi -lws2_32 -ladvapi32

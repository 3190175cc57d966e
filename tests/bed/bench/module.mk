# bench.exe: imsguard.dll timed beside the bare Win32 calls it is made of
# (make bench), and soaked for leaks (make soak); one process, a minimal
# in-process monitor. See tests/bench/run.sh and tests/soak/run.sh.
BED_MODULES += bench
bench_KIND := exe
bench_SRC  := tests/bed/bench/bench.c
bench_LIBS := -lpsapi -lshlwapi -lws2_32 -ladvapi32

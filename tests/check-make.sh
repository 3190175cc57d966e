#!/bin/sh
# Checks the Makefile as a fresh machine meets it: before build/deps.sh has
# installed mingw-w64, make must still read the Makefile and reach deps
# (make check and make demo install what is missing first). The compilers
# are made missing by pointing CROSS_<arch> at a directory that does not
# exist. Argument: the make program.
set -u
MAKE=${1:-make}
pass=0 fail=0
ok()  { echo "make: ok   $1"; pass=$((pass + 1)); }
bad() { echo "make: FAIL $1"; fail=$((fail + 1)); }
show() { printf '%s\n' "$1" | tail -n 8 | sed 's/^/     /'; }

missing=/nonexistent-imsguard-toolchain/
what="without the cross compilers, make reads the Makefile and reaches deps (make check, make demo)"
# -n prints what would run; deps is what make check and make demo do first.
# Only deps is asked for: -n still runs the recipe lines that call $(MAKE).
out=$($MAKE --no-print-directory -n deps CROSS_x86_64=$missing CROSS_i686=$missing 2>&1)
rc=$?
if [ $rc -eq 0 ] && printf '%s\n' "$out" | grep -qx 'sh build/deps.sh'; then
    ok "$what"
else
    bad "$what"
    echo "     wanted: exit 0 and the line 'sh build/deps.sh'"
    echo "     saw: exit $rc, output:"
    show "$out"
fi
echo "make: $pass passed, $fail failed"
[ $fail -eq 0 ]

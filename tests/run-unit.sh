#!/bin/sh
# Runs the native cmocka unit tests; prints one summary line for all.
set -u
pass=0 fail=0
for t in "$@"; do
    out=$("$t" 2>&1)
    rc=$?
    # cmocka's own closing lines: "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)..."
    n_ok=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    n_bad=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    if [ "$rc" -ne 0 ] || [ -n "$n_bad" ] || [ -z "$n_ok" ]; then
        printf '%s\n' "$out"
        echo "unit: FAIL $(basename "$t") (exit $rc)"
        fail=$((fail + ${n_bad:-1}))
    else
        echo "unit: ok   $(basename "$t") ($n_ok tests)"
    fi
    pass=$((pass + ${n_ok:-0}))
done
echo "unit tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

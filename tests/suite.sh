#!/bin/sh
# suite.sh - runs one test suite of `make check` and records its verdict.
#
#   tests/suite.sh <name> <command...>     run it; its output passes through,
#                                          its "N passed, M failed" line and
#                                          exit status go to build/results/
#                                          (IG_SUITE_QUIET=1: the output only
#                                          to build/results/<name>.log, and
#                                          its failures when it fails)
#   tests/suite.sh --summary <name>...     each suite's verdict and wall time,
#                                          then one closing line
#
# A suite that exits non-zero, or prints no "N passed, M failed" line (Wine
# can abort with status 0), counts as failed.
set -u
results=${IG_RESULTS:-build/results}
# A failing check's line, in every suite's output (C, shell, cmocka, TAP).
fail_line='(^|[^a-z])(FAIL|not ok)([^a-z]|$)'

if [ "${1:-}" = --summary ]; then
    # --summary <suite>...: every suite named must have run and passed.
    shift
    pass=0 fail=0 bad="" total_s=0
    for name in "$@"; do
        if [ ! -f "$results/$name.result" ]; then
            bad="$bad $name(did-not-run)"
            fail=$((fail + 1))
            printf '  %-12s did not run\n' "$name"
            continue
        fi
        secs=0
        read -r _ p f_ rc secs < "$results/$name.result"
        secs=${secs:-0}
        pass=$((pass + p))
        fail=$((fail + f_))
        total_s=$((total_s + secs))
        verdict=ok
        [ "$rc" -ne 0 ] && { bad="$bad $name"; verdict=FAIL; }
        printf '  %-12s %-4s %5d passed %3d failed %4d s\n' "$name" "$verdict" "$p" "$f_" "$secs"
    done
    [ -n "$bad" ] && echo "suites that failed:$bad"
    # Again, last and short, what each failed suite's failing checks said:
    # the end of a long output is the part a CI page shows.
    for name in $bad; do
        case $name in *"(did-not-run)") continue ;; esac
        [ -f "$results/$name.log" ] || continue
        if grep -Eq "$fail_line" "$results/$name.log"; then
            echo "$name: its first failing checks (whole output in $results/$name.log):"
            grep -E -A3 "$fail_line" "$results/$name.log" | head -n 16 | cut -c1-300 | sed "s/^/  $name| /"
        else
            echo "$name: no failing check in its output; its last lines ($results/$name.log):"
            tail -n 6 "$results/$name.log" | cut -c1-300 | sed "s/^/  $name| /"
        fi
    done
    # The one retry the tests allow (tests/lib/launch.sh): Wine failing to
    # start a program at all. Counted, never hidden.
    retries=$results/launch-retries.log
    if [ -s "$retries" ]; then
        echo "check: $(wc -l <"$retries") program launch(es) retried after Wine did not start the program (start.exe's 'ShellExecuteEx failed: Internal error.', CreateProcess error 1359): $retries"
    else
        echo "check: no program launch retried (Wine started every program it was given)"
    fi
    echo "check: $pass passed, $fail failed ($total_s s in suites)"
    [ -z "$bad" ] && [ "$fail" -eq 0 ]
    exit
fi

name=$1
shift
mkdir -p "$results"
log=$results/$name.log
rm -f "$results/$name.result"
started=$(date +%s)
"$@" > "$log" 2>&1 &
pid=$!
if [ "${IG_SUITE_QUIET:-0}" = 1 ]; then
    echo "$name: started (its output: $log)"
else
    tail -n +1 -f --pid=$pid "$log" 2>/dev/null
fi
wait $pid
rc=$?
line=$(grep -E '(^|: )[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
p=$(printf '%s\n' "$line" | sed -n 's/.*\b\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
f=$(printf '%s\n' "$line" | sed -n 's/.*\b\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
if [ -z "$p" ]; then
    echo "$name: no 'N passed, M failed' line: counted as failed"
    p=0 f=1
    [ "$rc" -eq 0 ] && rc=1
fi
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
secs=$(( $(date +%s) - started ))
if [ "${IG_SUITE_QUIET:-0}" = 1 ] && { [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; }; then
    # Its output was not shown as it ran: what failed, with what it saw
    # (the lines that follow a FAIL), then the log's last lines.
    echo "$name: FAILED; its failing checks (whole output in $log):"
    grep -E -A6 "$fail_line" "$log" | head -n 120 | sed "s/^/  $name| /"
    echo "$name: the last lines of its output:"
    tail -n 15 "$log" | sed "s/^/  $name| /"
fi
echo "$name: $p passed, $f failed, exit status $rc, $secs s"
echo "$name $p $f $rc $secs" > "$results/$name.result"
exit "$rc"

#!/bin/sh
# run.sh <seconds> <fuzzer binary>... - runs each libFuzzer target of the
# pure core for <seconds>, one after the other (2 cores: one fuzzer at a
# time leaves one for the rest of the machine).
#
# Seeds come from tests/fuzz/corpus/<target>/ (written by make_corpus.py);
# what a run discovers goes to build/fuzz/work/<target>/ and is reused by
# the next run, so the committed seed corpus stays small. A crash, a leak,
# a UBSan report or a broken invariant fails the run; the input is saved as
# build/fuzz/artifacts/<target>-crash-<sha1> (or leak-, timeout-, oom-).
# Replay one with: build/fuzz/fuzz_<target> <artifact file>
#
# Prints a line per target and a final "fuzz: N passed, M failed".
set -u
secs=${1:?usage: run.sh <seconds> <fuzzer>...}
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
seeds=$root/tests/fuzz/corpus
work=$root/build/fuzz/work
art=$root/build/fuzz/artifacts
logs=$root/build/fuzz/logs
mkdir -p "$work" "$art" "$logs"
[ -d "$seeds" ] || python3 "$root/tests/fuzz/make_corpus.py" "$seeds" >/dev/null

pass=0 fail=0
for bin in "$@"; do
    name=$(basename "$bin")
    target=${name#fuzz_}
    mkdir -p "$work/$target" "$seeds/$target"
    log=$logs/$target.log
    before=$(ls "$art" | grep -c "^$target-" || true)
    # -timeout: one input taking over 10 s is a hang, and a finding.
    # -max_len: the longest real list (every property, a 1023-character
    # ImagePath) is about 2.5 KB; 8 KB leaves room for malformed shapes.
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="$art/$target-" \
        "$work/$target" "$seeds/$target" >"$log" 2>&1
    rc=$?
    after=$(ls "$art" | grep -c "^$target-" || true)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    stats=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 | sed -n 's/.*\(cov: [0-9]*\).*\(corp: [0-9]*\).*/\1, \2/p')
    if [ "$rc" -ne 0 ] || [ "$after" -gt "$before" ] ||
       grep -qE 'runtime error:|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|invariant broken' "$log"; then
        echo "fuzz: FAIL $name (exit $rc) - see ${log#$root/}"
        grep -E 'runtime error:|ERROR: |invariant broken|SUMMARY|Test unit written' "$log" | head -8 | sed 's/^/    /'
        fail=$((fail + 1))
    else
        echo "fuzz: ok   $name (${secs} s, ${runs:-?} runs, ${stats:-no stats})"
        pass=$((pass + 1))
    fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

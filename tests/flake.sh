#!/usr/bin/env bash
# flake.sh - finds intermittent checks by measurement: runs chosen suites of
# `make check` N times (optionally beside CPU hogs) and reports every check's
# pass rate. Run it through make, which knows each suite's command:
#
#   make flake SUITES="bed-ims admin" RUNS=5 [LOAD=2]
#
#   tests/flake.sh --runs N [--load N] [--out DIR] <suite> <command> [<suite> <command>]...
#   tests/flake.sh --rescore --runs N [--out DIR] <suite> <command>...
#                  (the table again from the logs of the last measurement)
#
# Each run of each suite goes through tests/suite.sh (the same verdict as
# make check), its log kept in build/flake/run-<k>/<suite>.log (FLAKE_OUT=dir
# for another place, e.g. to measure two sets of suites at once). A check is
# known by its text: the words after "ok"/"FAIL" on its line, with the
# parenthesised evidence, durations and counts taken out (see norm_checks).
# LOAD=n runs `stress-ng --cpu n` for the whole measurement (ended by its
# PID at the end). The table of every check goes to build/flake/rates.txt;
# the output lists the checks below 100% and closes with
# "flake: N passed, M failed" (a check below 100% counts as failed).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2

runs=3 load=0 out=$root/build/flake rescore=0
while [ $# -gt 0 ]; do
    case $1 in
    --rescore) rescore=1; shift ;;   # the table again from the logs of the last measurement
    --runs) runs=$2; shift 2 ;;
    --load) load=$2; shift 2 ;;
    --out)  out=$(readlink -m "$2"); shift 2 ;;
    --) shift; break ;;
    -*) echo "flake: unknown option $1 (--runs N, --load N, --out DIR)" >&2; exit 2 ;;
    *) break ;;
    esac
done
case $runs in ''|*[!0-9]*|0) echo "flake: --runs takes a number from 1 (got '$runs')" >&2; exit 2 ;; esac
case $load in ''|*[!0-9]*) echo "flake: --load takes a number of CPU hogs (got '$load')" >&2; exit 2 ;; esac
if [ $# -eq 0 ] || [ $(($# % 2)) -ne 0 ]; then
    echo "flake: usage: make flake SUITES=\"bed-ims admin\" RUNS=5 [LOAD=2]" >&2
    echo "       (or tests/flake.sh --runs N [--load N] <suite> <command>...; got $# arguments)" >&2
    exit 2
fi
names=() cmds=()
while [ $# -gt 0 ]; do
    if [ -z "$2" ]; then
        echo "flake: suite '$1' has no command (not one of make check's suites?)" >&2
        exit 2
    fi
    names+=("$1") cmds+=("$2")
    shift 2
done

if [ "$rescore" -eq 0 ]; then
    rm -rf "$out"
    mkdir -p "$out"
fi

hog=""
stop_hog() {
    if [ -n "$hog" ]; then
        kill "$hog" 2>/dev/null
        wait "$hog" 2>/dev/null
        hog=""
    fi
}
trap stop_hog EXIT
trap 'exit 130' INT TERM
if [ "$load" -gt 0 ] && [ "$rescore" -eq 0 ]; then
    command -v stress-ng >/dev/null ||
        { echo "flake: LOAD=$load needs stress-ng (Debian package stress-ng; make deps installs it)" >&2; exit 2; }
    stress-ng --cpu "$load" --quiet >"$out/stress-ng.log" 2>&1 &
    hog=$!
    echo "flake: $load CPU hog(s) running beside the suites (stress-ng, PID $hog)"
fi

# norm_checks <suite>: every check line of a suite's log on stdin as
# "<suite>\t<ok|FAIL>\t<check text>".
norm_checks() {
    tr -d '\r' | awk -v suite="$1" '
    {
        line = $0
        sub(/^[ \t]+/, "", line)
        # an optional "<suite>[arch]: " or "file.c:123: " prefix
        prefix = ""
        if (match(line, /^[A-Za-z0-9_.\[\]-]+(:[0-9]+)?: /)) {
            prefix = substr(line, 1, RLENGTH); line = substr(line, RLENGTH + 1)
            if (prefix ~ /\.c:[0-9]+: $/) prefix = ""
        }
        if (match(line, /^(ok|FAIL|FAILED|not ok|Test failed)(:| |$)/)) {
            status = substr(line, 1, RLENGTH)
            text = substr(line, RLENGTH + 1)
        } else next
        status = (status ~ /^ok/) ? "ok" : "FAIL"
        sub(/^[ \t:-]+/, "", text)
        while (gsub(/ *\([^()]*\)/, "", text)) ;
        sub(/;.*/, "", text)
        gsub(/[0-9]+ of [0-9]+ checks failed|[0-9]+ checks/, "", text)
        # durations and ids (pid=, port=) are evidence too
        while (match(text, /[0-9]+(\.[0-9]+)? ?(ms|s)([^A-Za-z0-9]|$)/)) {
            tail = substr(text, RSTART + RLENGTH - 1, 1)
            if (tail ~ /[A-Za-z0-9]/ || RSTART + RLENGTH - 1 > length(text)) tail = ""
            text = substr(text, 1, RSTART - 1) "#" tail substr(text, RSTART + RLENGTH)
        }
        gsub(/=[0-9]+/, "=#", text)
        gsub(/[ \t]+/, " ", text); sub(/ $/, "", text)
        if (text == "") next
        printf "%s\t%s\t%s%s\n", suite, status, prefix, text
    }'
}

t_all=$(date +%s)
if [ "$rescore" -eq 1 ]; then
    for k in $(seq 1 "$runs"); do
        : >"$out/run-$k/checks.tsv"
        for n in "${names[@]}"; do
            norm_checks "$n" <"$out/run-$k/$n.log" | sort -u >>"$out/run-$k/checks.tsv"
        done
    done
    runs_to_make=0
else
    runs_to_make=$runs
fi
for k in $(seq 1 "$runs_to_make"); do
    dir=$out/run-$k
    mkdir -p "$dir"
    for i in "${!names[@]}"; do
        n=${names[$i]}
        t0=$(date +%s)
        IG_RESULTS=$dir sh tests/suite.sh "$n" sh -c "${cmds[$i]}" >/dev/null 2>&1
        rc=$?
        read -r _ p f _ secs <"$dir/$n.result" 2>/dev/null || { p=0 f=1; }
        norm_checks "$n" <"$dir/$n.log" | sort -u >>"$dir/checks.tsv"
        printf 'flake: run %d/%d  %-12s %s  %d passed, %d failed  %d s\n' "$k" "$runs" "$n" \
            "$([ "$rc" -eq 0 ] && echo "ok  " || echo FAIL)" "$p" "$f" "$(( $(date +%s) - t0 ))"
        echo "$n $k $rc" >>"$out/suite-runs.txt"
    done
done
stop_hog

# Per check: in how many runs it passed, failed, or was not printed at all
# (a check printed only when it fails, or a suite that stopped early).
cat "$out"/run-*/checks.tsv | awk -F '\t' -v runs="$runs" '
    { key = $1 "\t" $3; if ($2 == "ok") okc[key]++; else bad[key]++; seen[key] = 1 }
    END {
        for (key in seen) {
            o = okc[key] + 0; b = bad[key] + 0; missing = runs - o - b
            if (missing < 0) missing = 0
            rate = 100 * o / runs
            printf "%6.1f%%\t%d\t%d\t%d\t%s\n", rate, o, b, missing, key
        }
    }' | sort -t "$(printf '\t')" -k1,1n -k5 >"$out/rates.txt"

total=$(wc -l <"$out/rates.txt")
below=$(awk -F '\t' '$1 + 0 < 100' "$out/rates.txt" | wc -l)
echo "flake: $runs run(s) of: ${names[*]}; load: $load CPU hog(s); $(( $(date +%s) - t_all )) s"
for n in "${names[@]}"; do
    good=$(awk -v n="$n" '$1 == n && $3 == 0' "$out/suite-runs.txt" | wc -l)
    echo "flake: suite $n passed $good of $runs runs"
done
if [ "$below" -gt 0 ]; then
    echo "flake: checks below 100% (rate, runs passed/failed/not printed, suite, check):"
    awk -F '\t' '$1 + 0 < 100 { printf "  %s  %d/%d/%d  %s: %s\n", $1, $2, $3, $4, $5, $6 }' "$out/rates.txt"
fi
echo "flake: every check's rate in ${out#$root/}/rates.txt; logs in ${out#$root/}/run-*/"
echo "flake: $((total - below)) passed, $below failed"
[ "$below" -eq 0 ]

#!/usr/bin/env bash
# cli.sh - bad input to the failover coordinator's command line, tried as a
# careless or hostile user would: endless or odd files, too many files, an
# output directory that holds someone else's files. Each must be refused
# with a message naming the bad part and its limit, and change nothing.
# Then a scenario whose prefixes a process of an earlier run still uses:
# refused before any node starts, naming the process and make stop-wine,
# which must then end it (tests/wine/stop.sh). No Wine, but for one
# scenario at the end (the coordinator's own launch of a node's monitor,
# failed once by a stand-in "wine" as Wine fails it).
#
#   bash tests/failover/cli.sh [build/native/failover]
#
# Run from the repository's top directory after `make all` (the scenario it
# uses needs the IMS stand-in builds). Prints one line per check and ends
# with "N passed, M failed".
set -u
fo=${1:-build/native/failover}
work=build/failover-cli
scn=tests/failover/scenarios/seed_story.scn
passed=0 failed=0

ok()  { passed=$((passed + 1)); echo "ok   - $*"; }
bad() { failed=$((failed + 1)); echo "FAIL - $*"; }

# run <deadline s> <args...>: the tool's output in OUT, its status in RC.
# The deadline is a hang guard only (a refusal is immediate); a run that
# reaches it counts as a hang.
run() {
    local secs=$1
    shift
    OUT=$(timeout "$secs" "$fo" "$@" 2>&1)
    RC=$?
}

# expect <what> <status> <text>: the last run ended with that status and
# printed the text.
expect() {
    if [ "$RC" -eq 124 ]; then
        bad "$1: still running after the deadline (expected: refused at once)"
    elif [ "$RC" -ne "$2" ] || [[ $OUT != *"$3"* ]]; then
        bad "$1: expected exit $2 and \"$3\"; got exit $RC: $OUT"
    else
        ok "$1"
    fi
}

if [ ! -x "$fo" ]; then
    bad "no $fo (run make all)"
    echo "$passed passed, $failed failed"
    exit 1
fi
rm -rf "$work"
mkdir -p "$work"
run 60 --check "$scn"
expect "the library scenario used below parses" 0 "1 scenario file(s) checked, 0 rejected"

# ---- files that are not scenario files
run 20 --check /dev/zero
expect "--check /dev/zero: refused, not read forever" 1 \
    "/dev/zero: not read as a scenario: it is not a regular file but a device, pipe or socket"
mkfifo "$work/fifo"
run 20 --check "$work/fifo"
expect "--check on a FIFO: refused without waiting for a writer" 1 \
    "fifo: not read as a scenario: it is not a regular file"
run 20 --check tests/failover/scenarios
expect "a directory as a scenario: says so" 1 \
    "tests/failover/scenarios: not read as a scenario: it is a directory, not a file"
head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' '#' >"$work/big.scn"
run 20 --check "$work/big.scn"
expect "a scenario over 1 MiB: refused with the limit" 1 \
    "it is 1048577 bytes, more than the limit of 1048576 bytes"
{ head -n 12 "$scn"; printf 'at +1s online\0at +1s offline\n'; } >"$work/nul.scn"
run 20 --check "$work/nul.scn"
expect "a NUL byte: refused with its line, not the end of the file" 1 \
    "nul.scn:13: a NUL byte (0x00) at column 14"
cp "$scn" "$work/..scn"     # its output directory would be <out>/. itself
run 20 --check "$work/..scn"
expect "a file name without a scenario name: refused" 1 \
    "..scn: the file name gives no scenario name"

# ---- too many files
mkdir -p "$work/many"
for i in $(seq 1 257); do cp "$scn" "$work/many/s$i.scn"; done
run 60 --check "$work"/many/*.scn
expect "257 files: refused, not 256 checked silently" 2 \
    "at most 256 scenario files at once (more were given); nothing was checked or run"
run 60 --check "$work"/many/s{1..9}.scn "$work"/many/s{10..99}.scn "$work"/many/s{100..256}.scn
expect "256 files: every one checked" 0 "256 scenario file(s) checked, 0 rejected"
run 20 --check --out
expect "--out without a directory: says so" 2 "failover: --out needs a value"

# ---- an output directory holding files failover did not write
out=$work/out
mkdir -p "$out/seed_story"
echo "my notes" >"$out/seed_story/precious.txt"
run 60 --out "$out" "$scn"
expect "--out over a scenario directory failover did not make: refused" 2 \
    "seed_story holds files and was not made by failover (it has no .failover-output)"
if [ "$(cat "$out/seed_story/precious.txt" 2>/dev/null)" = "my notes" ] &&
   [ "$(find "$out" | sort | tr '\n' ' ')" = "$out $out/seed_story $out/seed_story/precious.txt " ]; then
    ok "--out refused: precious.txt kept, nothing written"
else
    bad "--out refused: expected only $out/seed_story/precious.txt; found: $(find "$out" -maxdepth 2 | head -6 | tr '\n' ' ')..."
fi
rm -rf "$out"
mkdir -p "$out"
echo "<p>mine</p>" >"$out/index.html"
run 60 --out "$out" "$scn"
expect "--out over someone's index.html: refused" 2 \
    "holds a index.html that failover did not write (it has no .failover-output) and would overwrite"
if [ "$(cat "$out/index.html")" = "<p>mine</p>" ] && [ ! -e "$out/.failover-output" ]; then
    ok "--out refused: index.html unchanged, no marker written"
else
    bad "--out refused: index.html changed or a marker was written"
fi
mkdir -p "$work/elsewhere"
echo "my notes" >"$work/elsewhere/precious.txt"
rm -rf "$out"
mkdir -p "$out"
ln -s ../elsewhere "$out/seed_story"
run 60 --out "$out" "$scn"
expect "--out where the scenario's directory is a link: refused" 2 \
    "seed_story exists and is not a directory (a file or a link)"
if [ -L "$out/seed_story" ] && [ "$(cat "$work/elsewhere/precious.txt")" = "my notes" ]; then
    ok "--out refused: the link and what it points to are kept"
else
    bad "--out refused: the link or $work/elsewhere/precious.txt is gone"
fi
echo "a file" >"$work/plain"
run 60 --out "$work/plain" "$scn"
expect "--out naming a file: refused" 2 "plain exists and is not a directory"

# ---- node.sh: "clear" once meant no domain; now only "none" does
mkdir -p "$work/node"
OUT=$(bash tests/failover/node.sh domain "$work/node" clear 2>&1)
RC=$?
expect "node.sh domain <dir> clear: refused as ambiguous" 1 \
    "'clear' is ambiguous: none for no domain, clear. for a domain named clear"
if [ -z "$(ls -A "$work/node")" ]; then
    ok "node.sh refused: the node directory is untouched"
else
    bad "node.sh refused: the node directory now holds $(ls -A "$work/node" | tr '\n' ' ')"
fi

# ---- node.sh guid: the coordinator's database keys are lib.sh's, for any name
for name in "Internet Mail Service" 'IMS "Group" \\ 2'; do
    OUT=$(bash tests/failover/node.sh guid "$name" 2>&1)
    RC=$?
    want=$(source tests/wine/lib.sh && ig_guid "$name")
    expect "node.sh guid '$name': lib.sh's ig_guid" 0 "$want"
done

# ---- launch.sh's one retry (through lib.sh: node.sh's steps go through it): only start.exe's
# "Internal error" launch failure, with nothing else printed, is run again,
# once, and counted; a program's own failure is its result. No Wine: the
# commands are shell functions that print what start.exe prints.
retry_check() {   # retry_check <what> <want: runs, status, retries> <function body>
    local want=$2
    OUT=$(IG_LAUNCH_RETRIES=$work/retries.log bash -c '
        source tests/wine/lib.sh 2>/dev/null
        n=0
        failed_launch() { printf "%s\r\n%s\r\n\n" "$IG_START_FAILED" "$IG_START_INTERNAL"; }
        cmd() { n=$((n + 1)); '"$3"'; }
        ig_attempt cmd
        echo "$n runs, status $IG_RC, $(cat "$IG_LAUNCH_RETRIES" 2>/dev/null | wc -l) retries"' 2>/dev/null)
    rm -f "$work/retries.log"
    if [ "$OUT" = "$want" ]; then ok "launch.sh retry: $1 ($want)"; else bad "launch.sh retry: $1: expected \"$want\", got \"$OUT\""; fi
}
mkdir -p "$work"
retry_check "start.exe did not start it, then it ran" "2 runs, status 0, 1 retries" \
    '[ $n -eq 1 ] && { failed_launch; return 1; }; echo ran'
retry_check "start.exe failed twice: the second is the result" "2 runs, status 1, 1 retries" \
    'failed_launch; return 1'
retry_check "the program's own exit 1 is not retried" "1 runs, status 1, 0 retries" \
    'echo "clusreg: no resource named X"; return 1'
retry_check "a file that cannot be started (File not found) is not retried" "1 runs, status 1, 0 retries" \
    'printf "%s\nShellExecuteEx failed: File not found.\n" "$IG_START_FAILED"; return 1'
retry_check "start.exe's message after other output is not retried" "1 runs, status 1, 0 retries" \
    'echo "step 1 done"; failed_launch; return 1'

# ig_attempt_files (resmon scripts, clusreg runs): the message on stderr
# alone is retried, and the retry reads its input from the start again.
OUT=$(IG_LAUNCH_RETRIES=$work/retries.log bash -c '
    source tests/lib/launch.sh
    n=0
    cmd() { n=$((n + 1)); if [ $n -eq 1 ]; then read -r first; printf "%s\r\n%s\r\n" "$IG_START_FAILED" "$IG_START_INTERNAL" >&2; return 1; fi; cat; }
    printf "line 1\nline 2\n" >"$1/files.in"
    ig_attempt_files "$1/files.out" "$1/files.err" "$1/files.in" cmd
    echo "$n runs, status $IG_RC, out: $(tr "\n" " " <"$1/files.out"), $(wc -l <"$IG_LAUNCH_RETRIES") retries"' _ "$work" 2>/dev/null)
rm -f "$work/retries.log"
want="2 runs, status 0, out: line 1 line 2 , 1 retries"
if [ "$OUT" = "$want" ]; then ok "launch.sh retry: files: stderr's launch failure is retried, stdin read again"; else bad "launch.sh retry: files: expected \"$want\", got \"$OUT\""; fi

# ig_launch_retries_in: a C tool's own counted retries (bedcheck.exe's
# children) are counted from the lines with BED_LAUNCH_RETRY_MARK; others not.
printf 'ok 1\nbedcheck: Wine did not start the child for case x (CreateProcess error 1359); starting it once more %s\nok 2\n' \
    "$(. build/gen/consts.sh && printf '%s' "$BED_LAUNCH_RETRY_MARK")" >"$work/tool.log"
OUT=$(IG_LAUNCH_RETRIES=$work/retries.log bash -c 'source tests/lib/launch.sh; ig_launch_retries_in "$1" tool; wc -l <"$IG_LAUNCH_RETRIES"' _ "$work/tool.log" 2>&1)
rm -f "$work/retries.log"
if [ "$OUT" = 1 ]; then ok "launch.sh retry: a C tool's marked retry line is counted (1)"; else bad "launch.sh retry: a C tool's marked retry line: expected 1 counted, got \"$OUT\""; fi

# ---- node.sh launch-retry: the coordinator asks launch.sh's rule about a
# resmon.exe that ended before it said anything
launch_retry_check() {   # <what> <want: status, retries> <status> <printf args...>
    local what=$1 want=$2 code=$3
    shift 3
    # shellcheck disable=SC2059
    printf "$@" >"$work/launch.out"
    OUT=$(IG_LAUNCH_RETRIES=$work/retries.log bash tests/failover/node.sh launch-retry "$work/launch.out" "$code" \
        "wine resmon.exe --node N1" 2>/dev/null; echo "status $?, $(cat "$work/retries.log" 2>/dev/null | wc -l) retries")
    rm -f "$work/retries.log"
    if [ "$OUT" = "$want" ]; then ok "node.sh launch-retry: $what ($want)"; else bad "node.sh launch-retry: $what: expected \"$want\", got \"$OUT\""; fi
}
start_failed=$(source tests/lib/launch.sh && printf '%s' "$IG_START_FAILED")
start_internal=$(source tests/lib/launch.sh && printf '%s' "$IG_START_INTERNAL")
launch_retry_check "start.exe's two lines and status 1: retried, counted" "status 0, 1 retries" 1 \
    '%s\r\n%s\r\n\r\n' "$start_failed" "$start_internal"
launch_retry_check "the same lines with status 2: not retried" "status 1, 0 retries" 2 \
    '%s\r\n%s\r\n' "$start_failed" "$start_internal"
launch_retry_check "the monitor's own failure: not retried" "status 1, 0 retries" 1 \
    'resmon: cannot open the cluster log\n'

# ---- a process of an earlier run still using a scenario's prefixes: the
# scenario is refused before any node starts, and the output says which
# process (a refusal that said nothing read "0 checks; wall 0.0 s").
WINEPREFIX=$PWD/$work/left/seed_story/NODE-A/prefix sleep 300 &
left=$!
# Beside it, a directory whose name begins with the same letters.
WINEPREFIX=$PWD/$work/left2/prefix sleep 300 &
other=$!
run 300 --out "$work/left" "$scn"
expect "a process of an earlier run in a node's prefix: the scenario is refused, naming it and what to do" 1 \
    "refusing to start: 1 process(es) of an earlier run still use $PWD/$work/left/seed_story; end them (bash tests/wine/stop.sh $PWD/$work/left/seed_story, or make stop-wine for all under build/) and run again: $left sleep 300"
if [ ! -e "$work/left/seed_story/NODE-A" ]; then
    ok "... and no node was set up"
else
    bad "... and no node was set up: expected no $work/left/seed_story/NODE-A; found: $(ls "$work/left/seed_story" | tr '\n' ' ')"
fi
# The advice holds: make stop-wine's script ends that process, names it,
# and leaves the one under left2 alone.
OUT=$(bash tests/wine/stop.sh "$work/left" 2>&1)
RC=$?
sleep 0.2
if [ "$RC" -eq 0 ] && ! kill -0 "$left" 2>/dev/null && kill -0 "$other" 2>/dev/null &&
    [[ $OUT == *"  $left sleep 300"* ]] && [[ $OUT == *"none left"* ]]; then
    ok "stop-wine ends the process under the directory, names it, and spares one under another"
else
    bad "stop-wine: expected exit 0, $left ended and named, $other still running; got exit $RC, $left $(kill -0 "$left" 2>/dev/null && echo running || echo ended), $other $(kill -0 "$other" 2>/dev/null && echo running || echo ended): $OUT"
fi
OUT=$(bash tests/wine/stop.sh "$work/left" 2>&1)
RC=$?
expect "stop-wine again: nothing is left to end" 0 "no Wine process uses a prefix under"
kill "$other" 2>/dev/null
wait "$left" "$other" 2>/dev/null

# ---- the one run with Wine: the coordinator's own launch of a node's
# resmon.exe goes through that rule. A "wine" first on PATH fails NODE-B's
# first monitor as start.exe does (launch.sh's two lines, status 1) and
# runs the real wine for everything else; the scenario must run as if
# nothing happened, with the retry counted and told.
fake=$PWD/$work/fakewine    # absolute: the coordinator starts each monitor in its node's directory
if ! (source tests/lib/launch.sh && ig_fake_wine "$fake" '*resmon.exe*--node\ NODE-B*'); then
    bad "the coordinator's monitor launch: no stand-in wine could be made (is wine installed? make deps installs it)"
else
    rm -rf "$work/launch" "$work/retries.log"
    OUT=$(PATH="$fake:$PATH" IG_LAUNCH_RETRIES=$PWD/$work/retries.log timeout 300 \
        sh tests/netns.sh "$fo" --out "$work/launch" tests/failover/scenarios/sp1_on_active_node.scn 2>&1)
    RC=$?
    expect "the coordinator: NODE-B's monitor not started by Wine once, the scenario still passes" 0 "1 passed, 0 failed"
    n=$(grep -c 'resmon.exe --node NODE-B' "$work/retries.log" 2>/dev/null)
    if [ -e "$fake/failed-once" ] && [ "${n:-0}" -eq 1 ]; then
        ok "the coordinator: that launch was retried once, and counted (1 line in the retries log)"
    else
        bad "the coordinator: expected the failed launch and 1 counted retry naming NODE-B's resmon.exe; failed launch made: $([ -e "$fake/failed-once" ] && echo yes || echo no), retries log: $(cat "$work/retries.log" 2>/dev/null || echo '(none)')"
    fi
    if grep -q 'Wine did not start resmon.exe on NODE-B .*a counted retry' "$work/launch/sp1_on_active_node/events.txt" 2>/dev/null; then
        ok "the coordinator: its events name the retry"
    else
        bad "the coordinator: expected 'Wine did not start resmon.exe on NODE-B ... a counted retry' in events.txt; it has: $(grep -i 'resmon' "$work/launch/sp1_on_active_node/events.txt" 2>/dev/null | head -3)"
    fi
    # Any other retry in that run was Wine's own: it counts as any other.
    others=$(grep -v 'resmon.exe --node NODE-B' "$work/retries.log" 2>/dev/null)
    if [ -n "$others" ]; then
        log=$(source tests/lib/launch.sh && printf '%s' "$IG_LAUNCH_RETRIES")
        mkdir -p "$(dirname "$log")" && printf '%s\n' "$others" >>"$log"
    fi
fi

rm -rf "$work"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

# expect.sh - checks for the Wine scenarios, on the kit of tests/lib/check.sh
# (ig_ok, ig_fail, ig_evidence): each prints "ok <what>" or "FAIL <what>"
# with the evidence, on stdout; run.sh counts them. The text of <what> names
# the check (the flake tool counts checks by it): put volatile figures in
# parentheses, which it ignores.

# check <what> <command...>: the command's exit status decides; on failure
# the command, its status and the last lines it printed are shown.
check() {
    local what=$1
    shift
    if ig_attempt "$@"; then
        ig_ok "$what"
    else
        ig_fail "$what"
        ig_evidence "ran" "$*"
        ig_evidence "exit status $IG_RC, it printed" "$IG_OUT"
    fi
}

# expect_line <file> <what> <extended regex>
expect_line() {
    if grep -Eq -- "$3" "$1" 2>/dev/null; then
        ig_ok "$2"
    else
        ig_fail "$2"
        echo "     wanted /$3/ in ${1##*/}; it has:"
        grep -E '^(CALL|STATE|LOG|ALIVE|CONTROL|FAIL|VIOLATION|TIMEOUT|HUNG|CRASH)|\[RES\]' "$1" 2>/dev/null |
            tail -n 12 | cut -c1-400 | sed 's/^/       /'
    fi
}

# expect_no_line <file> <what> <extended regex>
expect_no_line() {
    if grep -Eq -- "$3" "$1" 2>/dev/null; then
        ig_fail "$2"
        grep -E -- "$3" "$1" | head -n 5 | cut -c1-400 | sed 's/^/       found: /'
    else
        ig_ok "$2"
    fi
}

# expect_count <file> <what> <regex> <n>
expect_count() {
    local n
    n=$(grep -Ec -- "$3" "$1" 2>/dev/null)
    if [ "${n:-0}" -eq "$4" ]; then
        ig_ok "$2"
    else
        ig_fail "$2 (found $n, want $4)"
        echo "     wanted $4 line(s) matching /$3/ in ${1##*/}; the ones found:"
        grep -E -- "$3" "$1" 2>/dev/null | head -n 8 | cut -c1-400 | sed 's/^/       /'
    fi
}

# expect_order <file> <what> <regex1> <regex2>: a line matching 1 comes
# before a line matching 2.
expect_order() {
    local a b
    a=$(grep -En -- "$3" "$1" | head -1 | cut -d: -f1)
    b=$(grep -En -- "$4" "$1" | tail -1 | cut -d: -f1)
    if [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]; then
        ig_ok "$2"
    else
        ig_fail "$2 (/$3/ at line ${a:-none}, /$4/ at line ${b:-none})"
        echo "     wanted a line matching /$3/ before one matching /$4/ in ${1##*/}; it has:"
        grep -E '^(CALL|STATE|LOG|ALIVE|CONTROL|FAIL|VIOLATION|TIMEOUT|HUNG|CRASH)|\[RES\]' "$1" 2>/dev/null |
            tail -n 12 | cut -c1-400 | sed 's/^/       /'
    fi
}

# expect_checkpoints_rise <file> <res> <what> [allow-none]: the resource's
# pending operations reported progress (OnlinePending/OfflinePending reports
# with a checkpoint; some, unless allow-none: a service that starts at once
# makes none), and each operation's checkpoints rose by exactly one from 1.
# That rule's one home is resmon (tests/bed/resmon/callbacks.c), which knows
# where each operation begins, a report that comes before the monitor has
# printed its call's return included; its VIOLATION lines ("CheckPoint not
# rising", "CheckPoint jumped") are the verdict here, and the checkpoints
# reported are the evidence.
expect_checkpoints_rise() {
    local seq bad
    seq=$(grep -E "^STATE .*res=$2 .*checkpoint=[0-9]+ .*via=report" "$1" 2>/dev/null |
          sed 's/.* checkpoint=\([0-9]*\) .*/\1/' | tr '\n' ' ')
    bad=$(grep -E "^VIOLATION .*res=$2 .*CheckPoint (not rising|jumped)" "$1" 2>/dev/null)
    if [ -z "$bad" ] && { [ -n "$seq" ] || [ "${4:-}" = allow-none ]; }; then
        ig_ok "$3 (checkpoints ${seq% })"
    else
        ig_fail "$3 (checkpoints reported: ${seq:-none})"
        if [ -n "$bad" ]; then
            echo "     wanted each pending operation of $2 to count 1, 2, 3, ...; the monitor saw:"
            printf '%s\n' "$bad" | head -n 6 | cut -c1-400 | sed 's/^/       /'
        else
            echo "     wanted progress reports (OnlinePending/OfflinePending with a checkpoint) from $2; none came"
        fi
        echo "     its STATE lines:"
        grep -E "^STATE .*res=$2 " "$1" 2>/dev/null | tail -n 12 | cut -c1-400 | sed 's/^/       /'
    fi
}

# The report must end with BYE and no protocol violation, hang or crash.
expect_clean_monitor() {
    expect_line "$1" "monitor ended cleanly (${2:-no violations, hangs or crashes})" \
        '^BYE .*violations=0 hung=0 crashes=0'
}

# setup_step <what> <command...>: a scenario's set-up step (node up, IMS
# install, registration), usually inside a $(...) that captures a node's
# directory. Its output goes to the harness log; on failure "FAIL <what>"
# with the step's own account goes to the scenario's checks (fd 3, opened by
# run.sh; stdout without it), not into the capture.
setup_step() {
    local rc
    if { true >&3; } 2>/dev/null; then ig_setup "$@" >&3; else ig_setup "$@"; fi
    rc=$?
    [ -n "$IG_OUT" ] && printf '%s\n' "$IG_OUT" >&2
    return "$rc"
}

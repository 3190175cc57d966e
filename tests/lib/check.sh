# check.sh - the tests' one shell assertion kit (bash), sourced through
# tests/wine/lib.sh. A check prints "ok <what>" or "FAIL <what>" on stdout, a
# FAIL followed by indented lines saying what was wanted and what was seen,
# so that a failure reads from the log alone. <what> names the check (the
# flake tool counts checks by it): put volatile figures in parentheses.
# Suites that count their own checks close with ig_summary ("N passed,
# M failed", what tests/suite.sh reads); tests/wine/run.sh counts the lines
# of each scenario instead.

IG_PASSED=0
IG_FAILED=0

ig_ok()   { IG_PASSED=$((IG_PASSED + 1)); echo "ok $*"; }
ig_fail() { IG_FAILED=$((IG_FAILED + 1)); echo "FAIL $*"; }
ig_info() { echo "#      $*"; }

# ig_evidence <label> <text>: up to 12 lines of <text>, indented, labelled.
ig_evidence() {
    local label=$1 text=$2
    [ -n "$text" ] || text="(nothing)"
    printf '%s\n' "$text" | tr -d '\r' | tail -n 12 | cut -c1-400 |
        sed "1s/^/     $label: /; 2,\$s/^/       /"
}

# ig_check <what> <command...>: passes when the command, run in this shell,
# succeeds. A failure shows the command, then what the suite's own
# ig_check_evidence <command...> prints, when the suite defines one (the
# output of the run the command looked at, say).
ig_check() {
    local what=$1
    shift
    if "$@"; then ig_ok "$what"; return 0; fi
    ig_fail "$what"
    echo "     wanted: $*" | cut -c1-400
    if declare -F ig_check_evidence >/dev/null; then ig_check_evidence "$@"; fi
    return 0
}

# ig_until_ok <ms> <command...>: runs the command until it succeeds or the
# deadline passes (a state that takes effect asynchronously: an event
# written, a fault polled, a process ended). Not a check by itself.
ig_until_ok() {
    local deadline=$(($(date +%s%N) / 1000000 + $1))
    shift
    until "$@"; do
        [ $(($(date +%s%N) / 1000000)) -lt "$deadline" ] || return 1
        sleep 0.05
    done
}

# ig_summary: the closing "N passed, M failed"; fails when any check did.
ig_summary() {
    echo "$IG_PASSED passed, $IG_FAILED failed"
    [ "$IG_FAILED" -eq 0 ]
}

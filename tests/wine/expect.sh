# expect.sh - checks for the Wine scenarios. Each prints "ok <what>" or
# "FAIL <what>" with the evidence, on stdout; run.sh counts them.

# check <what> <command...>: the command's exit status decides.
check() {
    local what=$1
    shift
    if "$@" >/dev/null 2>&1; then
        echo "ok $what"
    else
        echo "FAIL $what"
    fi
}

# expect_line <file> <what> <extended regex>
expect_line() {
    if grep -Eq -- "$3" "$1" 2>/dev/null; then
        echo "ok $2"
    else
        echo "FAIL $2"
        echo "     wanted /$3/ in ${1##*/}; it has:"
        grep -E '^(CALL|STATE|LOG|ALIVE|CONTROL|FAIL|VIOLATION|TIMEOUT|HUNG|CRASH)|\[RES\]' "$1" 2>/dev/null |
            tail -n 12 | cut -c1-400 | sed 's/^/       /'
    fi
}

# expect_no_line <file> <what> <extended regex>
expect_no_line() {
    if grep -Eq -- "$3" "$1" 2>/dev/null; then
        echo "FAIL $2"
        grep -E -- "$3" "$1" | head -n 5 | cut -c1-400 | sed 's/^/       found: /'
    else
        echo "ok $2"
    fi
}

# expect_count <file> <what> <regex> <n>
expect_count() {
    local n
    n=$(grep -Ec -- "$3" "$1" 2>/dev/null)
    if [ "$n" -eq "$4" ]; then
        echo "ok $2"
    else
        echo "FAIL $2 (found $n, want $4)"
    fi
}

# expect_order <file> <what> <regex1> <regex2>: a line matching 1 comes
# before a line matching 2.
expect_order() {
    local a b
    a=$(grep -En -- "$3" "$1" | head -1 | cut -d: -f1)
    b=$(grep -En -- "$4" "$1" | tail -1 | cut -d: -f1)
    if [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]; then
        echo "ok $2"
    else
        echo "FAIL $2 (/$3/ at line ${a:-none}, /$4/ at line ${b:-none})"
    fi
}

# expect_checkpoints_rise <file> <res> <what> [allow-none]: within each
# pending operation, the checkpoints of the resource's status reports are
# 1, 2, 3, ... (each Online/Offline call starts again from 1); and there are
# some, unless allow-none (a service that starts at once makes no progress
# to report).
expect_checkpoints_rise() {
    local seq ok
    seq=$(grep -E "^STATE .*res=$2 " "$1" | awk '
        / via=return/ { want = 1; next }
        / via=report/ && /checkpoint=/ {
            cp = $0; sub(/.*checkpoint=/, "", cp); sub(/ .*/, "", cp)
            printf "%s%s ", cp, (cp == want ? "" : "!"); want++ }')
    ok=1
    case "$seq" in *!*) ok=0 ;; esac
    if [ "$ok" -eq 1 ] && { [ -n "$seq" ] || [ "${4:-}" = allow-none ]; }; then
        echo "ok $3 (checkpoints ${seq% })"
    else
        echo "FAIL $3 (checkpoints, ! where not the next: ${seq% })"
    fi
}

# The report must end with BYE and no protocol violation, hang or crash.
expect_clean_monitor() {
    expect_line "$1" "monitor ended cleanly (${2:-no violations, hangs or crashes})" \
        '^BYE .*violations=0 hung=0 crashes=0'
}

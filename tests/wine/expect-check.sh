#!/usr/bin/env bash
# expect-check.sh - the Wine scenarios' transcript checkers (expect.sh),
# tried on made-up resmon transcripts whose verdict is known: a checker
# that fails a sound transcript blocks landings at random (a report that
# arrives before the monitor prints its call's return is sound), one that
# passes a broken transcript hides a defect. No Wine.
#
#   bash tests/wine/expect-check.sh [expect.sh]    (default: the one beside)
#
# Prints one line per case and ends with "N passed, M failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/check.sh
source "$here/../lib/check.sh"
# shellcheck source=expect.sh
source "${1:-$here/expect.sh}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# case_is <want ok|FAIL> <what> <checker args after the file...>: the
# transcript on stdin, judged by the checker; the case passes when the
# checker's verdict is the one wanted.
case_is() {
    local want=$1 what=$2 got
    shift 2
    cat >"$work/t.out"
    got=$( (IG_PASSED=0 IG_FAILED=0; "$@") 2>&1 | sed "s|$work/t.out|TRANSCRIPT|g")
    if [ "${got%% *}" = "$want" ]; then
        ig_ok "$what"
    else
        ig_fail "$what"
        echo "     wanted the verdict $want; the checker printed:"
        printf '%s\n' "$got" | head -n 12 | sed 's/^/       /'
    fi
}

R='"R"'
rise() { expect_checkpoints_rise "$work/t.out" "$R" "checkpoints" "$@"; }

# The transcripts are what resmon prints: a return line shows the
# checkpoint the monitor holds (1 after an early report), and resmon's own
# VIOLATION line comes with a checkpoint that does not rise by one.
case_is ok "checkpoints: reports after each return, 1 2 | 1 2 3" rise <<'EOF'
STATE t=16 res="R" state=OnlinePending checkpoint=0 via=return
STATE t=91 res="R" state=OnlinePending checkpoint=1 via=report
STATE t=92 res="R" state=OnlinePending checkpoint=2 via=report
STATE t=94 res="R" state=Online via=report
STATE t=98 res="R" state=OfflinePending checkpoint=0 via=return
STATE t=100 res="R" state=OfflinePending checkpoint=1 via=report
STATE t=359 res="R" state=OfflinePending checkpoint=2 via=report
STATE t=652 res="R" state=OfflinePending checkpoint=3 via=report
STATE t=1315 res="R" state=Offline via=report
EOF

case_is ok "checkpoints: an Online with no pending report, then an Offline's first report before its return" rise <<'EOF'
STATE t=16 res="R" state=OnlinePending checkpoint=0 via=return
STATE t=94 res="R" state=Online via=report
STATE t=100 res="R" state=OfflinePending checkpoint=1 via=report
STATE t=101 res="R" state=OfflinePending checkpoint=1 via=return
STATE t=359 res="R" state=OfflinePending checkpoint=2 via=report
STATE t=652 res="R" state=OfflinePending checkpoint=3 via=report
STATE t=1315 res="R" state=Offline via=report
EOF

case_is ok "checkpoints: after a Terminate with no reports, an Online whose first report comes before its return" rise <<'EOF'
STATE t=16 res="R" state=OnlinePending checkpoint=0 via=return
STATE t=30 res="R" state=Offline via=terminate
STATE t=400 res="R" state=OnlinePending checkpoint=1 via=report
STATE t=401 res="R" state=OnlinePending checkpoint=1 via=return
STATE t=450 res="R" state=OnlinePending checkpoint=2 via=report
EOF

case_is FAIL "checkpoints: a jump (1 3) fails" rise <<'EOF'
STATE t=16 res="R" state=OnlinePending checkpoint=0 via=return
STATE t=91 res="R" state=OnlinePending checkpoint=1 via=report
VIOLATION t=92 res="R" what="CheckPoint jumped from 1 to 3"
STATE t=92 res="R" state=OnlinePending checkpoint=3 via=report
EOF

case_is FAIL "checkpoints: back to 1 inside one operation (1 2 1) fails" rise <<'EOF'
STATE t=98 res="R" state=OfflinePending checkpoint=0 via=return
STATE t=100 res="R" state=OfflinePending checkpoint=1 via=report
STATE t=359 res="R" state=OfflinePending checkpoint=2 via=report
VIOLATION t=652 res="R" what="CheckPoint not rising: 1 after 2"
STATE t=652 res="R" state=OfflinePending checkpoint=2 via=report
EOF

case_is FAIL "checkpoints: none at all fails" rise <<'EOF'
STATE t=16 res="R" state=OnlinePending checkpoint=0 via=return
STATE t=94 res="R" state=Online via=report
EOF

case_is ok "checkpoints: none at all passes with allow-none" rise allow-none <<'EOF'
STATE t=16 res="R" state=OnlinePending checkpoint=0 via=return
STATE t=94 res="R" state=Online via=report
EOF

case_is ok "checkpoints: another resource's violation does not count" rise <<'EOF'
STATE t=16 res="R" state=OnlinePending checkpoint=0 via=return
VIOLATION t=17 res="S" what="CheckPoint jumped from 0 to 5"
STATE t=91 res="R" state=OnlinePending checkpoint=1 via=report
EOF

case_is ok "a clean BYE passes expect_clean_monitor" expect_clean_monitor "$work/t.out" <<'EOF'
BYE t=2000 violations=0 hung=0 crashes=0
EOF
case_is FAIL "a violation fails expect_clean_monitor" expect_clean_monitor "$work/t.out" <<'EOF'
VIOLATION t=1999 res="R" what="CheckPoint not rising: 2 after 2"
BYE t=2000 violations=1 hung=0 crashes=0
EOF

ig_summary

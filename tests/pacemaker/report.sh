# report.sh - what a Pacemaker run leaves in build/pacemaker/: per scenario
# cluster.log (the test's own [TEST] lines and every node's Pacemaker and
# Corosync log merged by time) and status.txt (crm_mon at the end); for the
# run junit.xml and times.txt. Sourced by run.sh.

# pm_merge_logs <scenario dir>: before the tear-down, while the nodes' logs
# are complete. Lines are "Mon DD HH:MM:SS.mmm ..." in every source.
pm_merge_logs() {
    local dir=$1 node f
    {
        cat "$dir/test.log"
        for node in "${PM_NODES[@]}"; do
            for f in "$dir/$node/log-pacemaker/pacemaker.log" "$dir/$node/log-corosync/corosync.log"; do
                [ -f "$f" ] && grep -E '^[A-Z][a-z]{2} [0-9]{2} [0-9:.]{12} ' "$f" |
                    grep -vE ' (debug|trace): ' | sed "s/^\(.\{19\}\)/\1 [$node]/"
            done
        done
    } | sort -s -k1,3 >"$dir/cluster.log"
}

pm_snapshot_status() {
    local dir=$1
    pm_status_text >"$dir/status.txt" 2>&1
}

pm_xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }

# pm_junit <file>: one test suite per scenario, one case per check.
pm_junit() {
    local out=$1 scn c name verdict secs detail n f
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo "<testsuites name=\"pacemaker\" tests=\"$((PM_PASS + PM_FAIL))\" failures=\"$PM_FAIL\">"
        for scn in $(printf '%s\n' "${PM_CASES[@]}" | cut -f1 | awk '!seen[$0]++'); do
            n=0 f=0
            for c in "${PM_CASES[@]}"; do
                [ "${c%%$'\t'*}" = "$scn" ] || continue
                n=$((n + 1))
                [ "$(cut -f3 <<<"$c")" = fail ] && f=$((f + 1))
            done
            echo "  <testsuite name=\"pacemaker.$scn\" tests=\"$n\" failures=\"$f\">"
            for c in "${PM_TIMES[@]}"; do
                [ "${c%%$'\t'*}" = "$scn" ] || continue
                printf '    <properties><property name="%s" value="%s"/></properties>\n' \
                    "$(cut -f2 <<<"$c" | pm_xml_escape)" "$(cut -f3 <<<"$c")"
            done
            for c in "${PM_CASES[@]}"; do
                [ "${c%%$'\t'*}" = "$scn" ] || continue
                IFS=$'\t' read -r _ name verdict secs detail <<<"$c"
                printf '    <testcase classname="pacemaker.%s" name="%s" time="%s">' "$scn" \
                    "$(pm_xml_escape <<<"$name")" "$secs"
                if [ "$verdict" = fail ]; then
                    printf '<failure message="%s"/>' "$(printf '%s' "$detail" | head -c 2000 | tr '\n' ' ' | pm_xml_escape)"
                fi
                echo '</testcase>'
            done
            echo '  </testsuite>'
        done
        echo '</testsuites>'
    } >"$out"
}

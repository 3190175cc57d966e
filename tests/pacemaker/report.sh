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

# pm_timeline <scenario dir>: timeline.svg from cluster.log: one lane per
# node, the resource running there as a green bar (a start's ok to the next
# stop or failed monitor), each operation result as a mark (red: not
# installed, orange: error, grey: not running; hover for the text), the
# test's actions and checks as dashed lines (hover for the text).
pm_timeline() {
    local dir=$1
    awk -v nodes="${PM_NODES[*]}" '
    function secs(t,  a) { split(t, a, ":"); return a[1] * 3600 + a[2] * 60 + a[3] }
    function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s); return s }
    BEGIN { n = split(nodes, nd, " "); for (i = 1; i <= n; i++) lane[nd[i]] = i }
    {
        t = secs($3); if (t0 == "") t0 = t; t -= t0; if (t > tmax) tmax = t
        if ($4 == "[TEST]") { nt++; tt[nt] = t; tx[nt] = substr($0, index($0, "[TEST]") + 7); next }
        if (match($0, /Result of [a-z]+ operation for [^ ]+ on [^:]+: /)) {
            s = substr($0, RSTART, RLENGTH); split(s, w, " "); op = w[3]; node = w[8]; sub(/:$/, "", node)
            res = substr($0, RSTART + RLENGTH); sub(/ \|.*/, "", res)
            nm++; mt[nm] = t; mn[nm] = node; mr[nm] = res; mo[nm] = op
            if (op == "start" && res ~ /^ok/) { open[node] = t }
            else if ((op == "stop" || (op == "monitor" && res !~ /^ok/)) && (node in open)) {
                nb++; bs[nb] = open[node]; be[nb] = t; bn[nb] = node; delete open[node]
            }
        }
    }
    END {
        for (node in open) { nb++; bs[nb] = open[node]; be[nb] = tmax; bn[nb] = node }
        if (tmax < 1) tmax = 1
        W = 1000; L = 70; sc = (W - L - 20) / tmax; H = 40 + n * 40 + 30
        printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">\n", W, H
        for (i = 1; i <= n; i++) {
            y = 20 + i * 40
            printf "<text x=\"5\" y=\"%d\">%s</text><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ccc\"/>\n", y + 4, nd[i], L, y, W - 20, y
        }
        for (i = 1; i <= nb; i++)
            printf "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"12\" fill=\"#4a4\"><title>%s: running</title></rect>\n", L + bs[i] * sc, 14 + lane[bn[i]] * 40, (be[i] - bs[i]) * sc, bn[i]
        for (i = 1; i <= nm; i++) {
            c = "#888"; if (mr[i] ~ /^ok/) c = "#262"; if (mr[i] ~ /^not installed/) c = "#d00"; if (mr[i] ~ /^error/) c = "#e80"
            printf "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"%s\"><title>%.1f s %s %s: %s</title></circle>\n", L + mt[i] * sc, 20 + lane[mn[i]] * 40, c, mt[i], mn[i], mo[i], esc(mr[i])
        }
        for (i = 1; i <= nt; i++)
            printf "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"3,3\"><title>%.1f s %s</title></line>\n", L + tt[i] * sc, L + tt[i] * sc, H - 25, (tx[i] ~ /FAILED/ ? "#d00" : "#36c"), tt[i], esc(tx[i])
        printf "<text x=\"%d\" y=\"%d\">0 s</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.1f s</text>\n", L, H - 8, W - 20, H - 8, tmax
        print "</svg>"
    }' "$dir/cluster.log" >"$dir/timeline.svg"
}

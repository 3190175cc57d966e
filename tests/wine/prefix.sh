# prefix.sh - what every test prefix needs, whoever makes it: the settings
# a booted prefix gets, and the processes an earlier run left on prefixes.
# Sourced by tests/wine/lib.sh and the test bed's self-tests (bash).

# Wine's service manager gives a starting service process 10 s to connect
# (services.exe service_pipe_timeout; Windows documents 30 s, KB 922918)
# and then fails StartService with 1053 and kills it. A busy machine starts
# a Wine process slower than that now and then: a failed start would be a
# test of the machine, not of the IMS. Wine reads the value as REG_SZ, when
# services.exe starts.
IG_SERVICES_PIPE_TIMEOUT_MS=120000

# ig_prefix_settings: run with WINEPREFIX set, before the prefix's service
# manager starts (or with a restart after it).
ig_prefix_settings() {
    wine reg add 'HKLM\System\CurrentControlSet\Control' /v ServicesPipeTimeout /t REG_SZ \
        /d "$IG_SERVICES_PIPE_TIMEOUT_MS" /f </dev/null
}

# ig_leftovers <dir>...: the processes a previous run left behind, that is
# whose WINEPREFIX lies under one of the dirs (wineservers, services, IMS
# stand-ins, monitors), one "pid command (WINEPREFIX=...)" line each on
# stdout (the command's own newlines made spaces: one line, one process).
# Returns 1 when there are any. A dir matches as given (made absolute) and
# with its symbolic links resolved: a prefix may be named either way. Not
# listed: this shell, its descendants (the search's own grep, a subshell),
# which carry its WINEPREFIX too, and its ancestors (a make, a login shell
# that exported a WINEPREFIX to look into a prefix by hand): ig_lineage.

# ig_ppid <pid>: its parent's PID, empty when it is gone. The fields after
# the command's ")" (a command may itself hold spaces and parentheses).
ig_ppid() {
    { sed 's/.*) //' <"/proc/$1/stat"; } 2>/dev/null | cut -d' ' -f2
}

# ig_lineage <pid>: the pid and its ancestors below init, one line each
# (at most 64).
ig_lineage() {
    local p=$1 n=0
    while [ -n "$p" ] && [ "$p" -gt 1 ] && [ "$n" -lt 64 ]; do
        echo "$p"
        p=$(ig_ppid "$p")
        n=$((n + 1))
    done
}

# ig_is_ours <pid>: the process is this shell or one of its descendants.
ig_is_ours() {
    ig_lineage "$1" | grep -qx "$$"
}

ig_leftovers() {
    local d form re="" f pid cmd env anc
    for d in "$@"; do
        for form in "$(readlink -m -- "$d")" "$(realpath -s -m -- "$d")"; do
            re="$re|$(printf '%s' "$form" | sed 's/[].[*^$\\+?(){}|]/\\&/g')"
        done
    done
    anc=" $(ig_lineage "$(ig_ppid "$$")" | tr '\n' ' ') "
    # One grep over every environment (a loop per process takes seconds on
    # a busy machine); -z: the entries are NUL-separated.
    for f in $(grep -slzE "^WINEPREFIX=(${re#|})(/|$)" /proc/[0-9]*/environ); do
        pid=${f#/proc/}
        pid=${pid%/environ}
        case $anc in *" $pid "*) continue ;; esac
        ig_is_ours "$pid" && continue
        [ -d "/proc/$pid" ] || continue     # gone meanwhile (the search's own grep)
        cmd=$({ tr '\0\n\r' '   ' <"/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-120)
        env=$({ tr '\0' '\n' <"$f"; } 2>/dev/null | sed -n 's/^WINEPREFIX=//p' | tr -d '\r')
        echo "$pid ${cmd:-?} (WINEPREFIX=$env)"
    done | grep . && return 1
    return 0
}

# ig_refuse_leftovers <what> <dir>...: refuses (returns 1, saying what and
# how to clear it) when an earlier run left processes running on prefixes
# under the dirs: they would hold ports, files and the prefixes' registries.
ig_refuse_leftovers() {
    local what=$1 list
    shift
    list=$(ig_leftovers "$@") && return 0
    echo "$what: refusing to start: an earlier run left these processes running on its Wine prefixes:"
    printf '%s\n' "$list" | head -n 20 | sed 's/^/    /'
    echo "    end them (make stop-wine ends those under this checkout's build/; or kill <pid>, or"
    echo "    WINEPREFIX=<prefix> wineserver -k) and run again"
    return 1
}

# lib.sh - shared by the Wine tests, the demo and the failover harness.
# Sourced by bash scripts. A "node" is its own WINEPREFIX under build/wine/
# with one persistent wineserver, the test bed copied into C:\cluster and the
# IMS stand-in installed as a service.
#
# Trap notes (see ../shared/docs/contract.md section 4):
# - a booted prefix is made once per arch (template) and copied: hard links
#   for the DLL copies, real copies of the registry files (wineserver
#   rewrites them in place);
# - wineboot rewrites Tcpip\Parameters Domain when a prefix starts, so the
#   domain is set after the node is up;
# - services die with their wineserver: one `wineserver -p` per node for the
#   whole scenario, `wineserver -k` at the end.

IG_ROOT=${IG_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
IG_WINE_DIR=$IG_ROOT/build/wine
export WINEDEBUG=${WINEDEBUG:--all}
# Wine's menu builder writes under the XDG directories: keep it in build/.
export XDG_DATA_HOME=${XDG_DATA_HOME:-$IG_ROOT/build/xdg/data}
export XDG_CONFIG_HOME=${XDG_CONFIG_HOME:-$IG_ROOT/build/xdg/config}
export XDG_CACHE_HOME=${XDG_CACHE_HOME:-$IG_ROOT/build/xdg/cache}
export WINEDLLOVERRIDES="mscoree,mshtml=;clusapi=n,b"

# The C headers' constants the scripts use (refusal codes, IMS builds, exit
# codes): make writes them, from the headers, to build/gen/consts.sh.
if [ -f "$IG_ROOT/build/gen/consts.sh" ]; then
    source "$IG_ROOT/build/gen/consts.sh"
else
    printf '%s\n' "lib.sh: build/gen/consts.sh is missing: the scripts' constants come from the C headers through it; run make" >&2
fi

IG_ARCH=${IG_ARCH:-x86_64}
ig_wine() { echo wine; }   # wine picks 32- or 64-bit from the PE file

# ig_log_* print the harness's own lines on stderr.
ig_note() { printf '%s\n' "$*" >&2; }

# ig_attempt, ig_attempt_files and the one retry of the tests (Wine failing
# to start a program at all) live in tests/lib/launch.sh.
source "$IG_ROOT/tests/lib/launch.sh"

# ig_setup <what> <command...>: a set-up step that is a check of its own:
# quiet when it succeeds; on failure "FAIL <what>" with its exit status and
# its last lines, so that a later check is not the first sign of it. The
# suites' set-up steps (bed-ims, the Wine scenarios) all come here.
ig_setup() {
    local what=$1
    shift
    ig_attempt "$@" && return 0
    ig_fail "$what"
    ig_evidence "exit status $IG_RC; it printed" "$IG_OUT"
    return "$IG_RC"
}

# ig_step <what> <command...>: one set-up step; on failure says on stderr
# which step failed, its exit status and its last lines.
ig_step() {
    local what=$1
    shift
    ig_attempt "$@" && return 0
    ig_note "$what: failed (exit status $IG_RC); it printed:"
    printf '%s\n' "${IG_OUT:-(nothing)}" | tail -n 8 | cut -c1-300 | sed 's/^/    /' >&2
    return "$IG_RC"
}

# The booted template prefix for IG_ARCH, made once (under a lock: nodes set
# up in parallel would otherwise boot it twice in the same place). .ready
# holds the recipe's version: a template made by an older recipe is made
# again.
IG_TEMPLATE_RECIPE="2: wineboot -i, settings on a fresh server"
ig_template_ready() { [ "$(cat "$1/.ready" 2>/dev/null)" = "$IG_TEMPLATE_RECIPE" ]; }
ig_template() {
    local t=$IG_WINE_DIR/template-$IG_ARCH lock rc=0
    if ! ig_template_ready "$t"; then
        mkdir -p "$IG_WINE_DIR"
        exec {lock}>"$IG_WINE_DIR/template-$IG_ARCH.lock"
        flock "$lock"
        ig_template_ready "$t" || ig_template_boot "$t"
        rc=$?
        exec {lock}>&-
    fi
    [ "$rc" -eq 0 ] && echo "$t"
    return "$rc"
}

# ig_template_boot <dir>: wineboot -i, then one start on a fresh wineserver.
# The server that created a prefix stalls service starts behind its own
# device set-up (contract.md section 4); and whatever else a prefix's first
# start does happens here once, the same way every time, not in the first
# node of the first run. The template's own servers are ended before it is
# marked ready: nodes copy it, and its registry must be on disk.
ig_template_boot() {
    local t=$1 winearch=win64 log=$IG_WINE_DIR/template-$IG_ARCH.log
    [ "$IG_ARCH" = i686 ] && winearch=win32
    : >"$log"
    if [ -d "$t" ]; then    # a boot that was interrupted
        WINEPREFIX=$t wineserver -k >/dev/null 2>&1
        WINEPREFIX=$t wineserver -w >/dev/null 2>&1
    fi
    rm -rf "$t"
    mkdir -p "$t"
    WINEARCH=$winearch WINEPREFIX=$t wineboot -i </dev/null >>"$log" 2>&1 ||
        { ig_note "template $t: wineboot -i failed (exit status $?; see ${log#$IG_ROOT/})"; return 1; }
    WINEPREFIX=$t wineserver -w
    WINEPREFIX=$t ig_prefix_settings >>"$log" 2>&1 ||
        { ig_note "template $t: the first start on a fresh wineserver (reg add) failed (exit status $?; see ${log#$IG_ROOT/})"; return 1; }
    WINEPREFIX=$t wineserver -w
    [ -s "$t/system.reg" ] ||
        { ig_note "template $t: no system.reg after wineboot (see ${log#$IG_ROOT/})"; return 1; }
    echo "$IG_TEMPLATE_RECIPE" >"$t/.ready"
}

# ig_prefix_copy <template> <prefix>: a new prefix at <prefix> (which must
# not exist) from the booted template: hard links for the files, real
# copies of the registry files (wineserver rewrites them in place). The
# bed's self-tests use it too, rather than booting prefixes of their own.
ig_prefix_copy() {
    local t=$1 p=$2
    mkdir -p "$(dirname "$p")"    # a fresh clone has no build/dev-* yet
    ig_step "prefix $p: copying the template (hard links)" cp -al "$t" "$p" || return 1
    rm -f "$p/.ready" "$p"/*.reg
    ig_step "prefix $p: copying the template's registry" cp "$t"/*.reg "$p/"
}

# ig_node_up <dir>: a fresh node at <dir> (removed first), wineserver up,
# test bed in C:\cluster. Prints nothing on success; on failure one line on
# stderr per failed step, naming it, with what it printed.
ig_node_up() {
    local dir=$1 t
    t=$(ig_template) || { ig_note "node $dir: no template prefix"; return 1; }
    ig_node_down "$dir" 2>/dev/null
    ig_step "node $dir: removing the last run's node" rm -rf "$dir" || return 1
    mkdir -p "$dir"
    ig_prefix_copy "$t" "$dir/prefix" || return 1
    local c=$dir/prefix/drive_c/cluster
    mkdir -p "$c" "$dir/prefix/drive_c/exchsrvr/connect/msexcimc/bin"
    local b=$IG_ROOT/build/$IG_ARCH
    ig_step "node $dir: copying the test bed into C:\\cluster (run make)" \
        cp "$b/imsguard.dll" "$b/resmon.exe" "$b/clusapi.dll" "$b/imsctl.exe" "$b/imscheck.exe" \
           "$b/clusreg.exe" "$c/" || return 1
    ig_node_start "$dir"
}

# ig_node_start <node dir>: powers a node's prefix on (ig_node_up's last
# step, and node.sh restart's after a power-off): its wineserver, its first
# process, and a wait for its service manager.
ig_node_start() {
    local dir=$1 rc
    # wineserver and the prefix's first process (which starts services.exe,
    # whose stdio every service inherits) must not hold the caller's stdout:
    # a $(...) around a later command would wait for them to exit.
    WINEPREFIX=$dir/prefix wineserver -p </dev/null >/dev/null 2>&1 ||
        { ig_note "node $dir: wineserver -p failed (exit status $?)"; return 1; }
    # The DLL's event source is registered as register.cmd does on a node.
    # Through launch.sh's one retry (a launch failure of it failed a failover
    # scenario's set-up in a make check). The service manager's stderr (the
    # IMS stand-in's too) goes to wine-services.log: a power-on after a
    # power-off keeps the earlier one's in wine-services.earlier.log.
    [ -s "$dir/wine-services.log" ] && cat "$dir/wine-services.log" >>"$dir/wine-services.earlier.log"
    ig_attempt_files "$dir/first-process.out" "$dir/wine-services.log" /dev/null \
        ig_run "$dir" imsctl.exe cluster mark --event-source 'C:\cluster\imsguard.dll'
    rc=$IG_RC
    if [ "$rc" -ne 0 ]; then
        ig_note "node $dir: the first process (imsctl cluster mark, which starts the service manager) failed (exit status $rc); it printed:"
        cat "$dir/first-process.out" "$dir/wine-services.log" 2>/dev/null | tr -d '\r' | tail -n 8 | cut -c1-300 |
            sed 's/^/    /' >&2
        return 1
    fi
    ig_wait_scm "$dir"
}

# ig_wait_scm <node dir>: waits (60 s at most) until the node's service
# manager answers: the prefix's first process starts it in the background
# (through wineboot), and on a busy machine a command right after may find
# it not yet listening (1722). Asks for a service that does not exist: the
# answer 1060 comes from a service manager that is up.
ig_wait_scm() {
    local dir=$1 deadline=$(( $(date +%s) + 60 ))
    while :; do
        ig_attempt ig_run "$dir" imsctl.exe status --name IgNoSuchService </dev/null
        case $IG_OUT in *"error 1060"*|*"1060:"*) return 0 ;; esac
        if [ "$(date +%s)" -ge "$deadline" ]; then
            ig_note "node $dir: the service manager did not answer within 60 s; imsctl status said:"
            printf '%s\n' "${IG_OUT:-(nothing)}" | tail -n 6 | cut -c1-300 | sed 's/^/    /' >&2
            return 1
        fi
        sleep 0.2
    done
}

ig_node_down() {
    local dir=$1
    [ -d "$dir/prefix" ] || return 0
    WINEPREFIX=$dir/prefix wineserver -k 2>/dev/null
    WINEPREFIX=$dir/prefix wineserver -w 2>/dev/null
    return 0
}

# ig_run <node dir> <tool in C:\cluster> [args...]
ig_run() {
    local dir=$1 tool=$2
    shift 2
    WINEPREFIX=$dir/prefix $(ig_wine) "$dir/prefix/drive_c/cluster/$tool" "$@"
}

# ig_ims_gone <node dir>: the IMS stand-in's process is gone: `imsctl
# alive` (which asks the process: Wine's service manager may still say
# RUNNING for a killed one) exits 1 saying "no process". Any other answer
# (a process, an error, a program Wine did not start) is not "gone", and is
# printed.
ig_ims_gone() {
    ig_attempt ig_run "$1" imsctl.exe alive
    [ "$IG_RC" -eq 1 ] && case $IG_OUT in *"no process"*) return 0 ;; esac
    printf 'imsctl alive: exit status %s: %s\n' "$IG_RC" "$IG_OUT"
    return 1
}

# ig_install_ims <node dir> <version> [port]: copy that build of the stand-in
# to the IMS's usual place and install it as MSExchangeIMC (Manual start).
ig_install_ims() {
    local dir=$1 version=$2 port=${3:-2525}
    local src=$IG_ROOT/build/$IG_ARCH/ims/$version/msexcimc.exe
    [ -f "$src" ] || { ig_note "no IMS stand-in build $version (build/$IG_ARCH/ims/$version: run make)"; return 1; }
    cp "$src" "$dir/prefix/drive_c/exchsrvr/connect/msexcimc/bin/msexcimc.exe" || return 1
    ig_step "node $dir: imsctl install (IMS $version, port $port)" \
        ig_run "$dir" imsctl.exe install 'C:\exchsrvr\connect\msexcimc\bin\msexcimc.exe' \
        --start manual --port "$port" </dev/null
}

# ig_swap_ims <node dir> <version>: replace the binary in place (a service pack).
ig_swap_ims() {
    local dir=$1 version=$2
    cp "$IG_ROOT/build/$IG_ARCH/ims/$version/msexcimc.exe" \
       "$dir/prefix/drive_c/exchsrvr/connect/msexcimc/bin/msexcimc.exe.new" &&
    mv -f "$dir/prefix/drive_c/exchsrvr/connect/msexcimc/bin/msexcimc.exe.new" \
          "$dir/prefix/drive_c/exchsrvr/connect/msexcimc/bin/msexcimc.exe"
}

ig_domain() {  # ig_domain <node dir> <name>|clear
    local dir=$1
    if [ "$2" = clear ]; then
        ig_step "node $dir: imsctl domain clear" ig_run "$dir" imsctl.exe domain clear </dev/null
    else
        ig_step "node $dir: imsctl domain set $2" ig_run "$dir" imsctl.exe domain set -- "$2" </dev/null
    fi
}

# The cluster database of a node is its HKLM\Cluster, written here with
# clusreg (types, parameters) and regedit (a resource and its values at
# once), never
# through the project's clusapi.dll, so the DLL is tested against a
# database another tool wrote.

# ig_guid <resource name>: a stable GUID for a resource name.
ig_guid() {
    local h
    h=$(printf '%s' "$1" | md5sum | cut -c1-32)
    echo "{${h:0:8}-${h:8:4}-${h:12:4}-${h:16:4}-${h:20:12}}"
}

ig_res_key() { echo "HKLM\\Cluster\\Resources\\$(ig_guid "$1")"; }

# ig_register <node dir> <resource name> [Param type value]...: the type
# "IMS Guard" (DllName imsguard.dll, next to resmon.exe) and one resource of
# it; types are sz or dword.
ig_register() {
    local dir=$1 res=$2 type=${IG_TYPE:-IMS Guard}
    shift 2
    ig_register_type "$dir" "$type" imsguard.dll || return 1
    ig_add_resource "$dir" "$res" "$type" "$@"
}

# ig_register_type <node dir> <type> <dll>: through clusreg (type add);
# what clusreg says of a failure goes to stderr.
ig_register_type() {
    ig_run "$1" clusreg.exe type add "$2" --dll "$3" </dev/null >/dev/null
}

# ig_add_resource <node dir> <name> <type> [Param type value]...: with
# regedit, in one process for all the values (clusreg would take one per
# value), under the GUID ig_guid gives the name.
ig_add_resource() {
    local dir=$1 res=$2 type=$3 key reg=$1/register-res.reg
    shift 3
    key="HKEY_LOCAL_MACHINE\\Cluster\\Resources\\$(ig_guid "$res")"
    {
        printf 'REGEDIT4\r\n\r\n[%s]\r\n"Name"="%s"\r\n"Type"="%s"\r\n\r\n' "$key" "$res" "$type"
        printf '[%s\\Parameters]\r\n' "$key"
        while [ $# -ge 3 ]; do
            case $2 in
                dword) printf '"%s"=dword:%08x\r\n' "$1" "$3" ;;
                sz)    printf '"%s"="%s"\r\n' "$1" "$(printf '%s' "$3" | sed 's/\\/\\\\/g')" ;;
                *)     ig_note "ig_add_resource: type $2 is not sz or dword"; return 1 ;;
            esac
            shift 3
        done
        printf '\r\n'
    } > "$reg"
    WINEPREFIX=$dir/prefix $(ig_wine) regedit /S "$(winepath_of "$dir" "$reg")" </dev/null >/dev/null 2>&1
}

# ig_set_param <node dir> <resource> <Param> <sz|dword> <value>: through
# clusreg (its res set), which finds the resource by its Name.
ig_set_param() {
    ig_run "$1" clusreg.exe res set "$2" "$3" "$4" "$5" </dev/null >/dev/null 2>&1
}

# ig_get_param <node dir> <resource> <Param>: prints the stored value
# (DWORDs in decimal: clusreg's res get), nothing when it is not set.
ig_get_param() {
    local value
    value=$(ig_run "$1" clusreg.exe res get "$2" "$3" </dev/null 2>/dev/null) || return 1
    printf '%s\n' "${value//$'\r'/}"
}

# A Unix path as the Windows path Wine sees (Z: drive).
winepath_of() { printf 'Z:%s' "$(readlink -f "$2" | sed 's|/|\\|g')"; }

# ig_resmon <node dir> <out file> [<script file>]: runs the monitor with the
# script from the file (launch.sh's one retry; mon) or, without one, on stdin
# (mon_with's FIFO, which cannot be read twice: no retry);
# report lines go to <out file>, the cluster log to <node dir>/cluster.log.
ig_resmon() {
    local dir=$1 out=$2 rc
    if [ -n "${3:-}" ]; then
        ig_attempt_files "$out" "$out.stderr" "$3" ig_run "$dir" resmon.exe --log 'C:\cluster\cluster.log'
        rc=$IG_RC
    else
        ig_run "$dir" resmon.exe --log 'C:\cluster\cluster.log' > "$out" 2> "$out.stderr"
        rc=$?
    fi
    cp "$dir/prefix/drive_c/cluster/cluster.log" "$dir/cluster.log" 2>/dev/null
    return $rc
}


# ig_prefix_settings; ig_leftovers, ig_refuse_leftovers.
source "$IG_ROOT/tests/wine/prefix.sh"
# ig_ok, ig_fail, ig_check, ig_evidence, ig_until_ok, ig_summary.
source "$IG_ROOT/tests/lib/check.sh"

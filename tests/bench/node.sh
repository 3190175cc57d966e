# node.sh - the Wine node bench.exe runs on; sourced by tests/bench/run.sh
# and tests/soak/run.sh (bash). One node under build/wine/<name>/, built
# with tests/wine/lib.sh: the IMS stand-in SP2 (5.5.2448.0) installed
# (Manual start, SMTP on the given port) and stopped, the DNS domain set,
# HKLM\Cluster present, the project's clusapi.dll beside imsguard.dll.

IG_ROOT=${IG_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
source "$IG_ROOT/tests/wine/lib.sh"
export IG_ARCH=${IG_ARCH:-x86_64}
# Debian ships the 64-bit loader as /usr/lib/wine/wine64 only; lib.sh runs
# x86_64 programs with `wine64`.
if [ "$IG_ARCH" = x86_64 ] && ! command -v wine64 >/dev/null 2>&1 && [ -x /usr/lib/wine/wine64 ]; then
    PATH=/usr/lib/wine:$PATH
fi

# bench_isolated <script> [args...]: runs the script again in a network
# namespace of its own (its own loopback: the stand-in's SMTP port cannot
# collide with another suite's, contract section 4), when this machine lets
# us make one; returns (nothing done) when it does not or when already inside.
bench_isolated() {
    [ -n "${BENCH_NETNS:-}" ] && return 0
    export BENCH_NETNS=none
    command -v ip >/dev/null 2>&1 && unshare -n true 2>/dev/null || return 0
    BENCH_NETNS=own exec unshare -n bash -c 'ip link set lo up && exec bash "$@"' bash "$@"
}

# bench_arch_runs <arch>: whether this machine has the Wine for it (the
# 32-bit loader comes with wine32:i386, the 64-bit one with wine64).
bench_arch_runs() {
    case $1 in
    i686)   [ -x /usr/lib/wine/wine ] ;;
    x86_64) [ -x /usr/lib/wine/wine64 ] || command -v wine64 >/dev/null 2>&1 ;;
    *)      return 1 ;;
    esac
}

# bench_machine: what the figures were measured on.
bench_machine() {
    local cpu
    cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -1)
    echo "machine: $(nproc) CPU(s), ${cpu:-unknown CPU}; $(uname -sr); $(wine --version 2>/dev/null)"
    echo "date:    $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "network: ${BENCH_NETNS:-none} namespace ($( [ "${BENCH_NETNS:-}" = own ] && echo "its own loopback" || echo "the host's loopback: mind the port"))"
}

# bench_node_up <name> <port>: echoes the node's directory. Harness output
# goes to build/wine/<name>.log.
bench_node_up() {
    local dir=$IG_WINE_DIR/$1 port=$2 log=$IG_WINE_DIR/$1.log
    mkdir -p "$IG_WINE_DIR"
    : > "$log"
    [ -f "$IG_ROOT/build/$IG_ARCH/bench.exe" ] || { echo "no build/$IG_ARCH/bench.exe: run make" >&2; return 1; }
    ig_node_up "$dir" >>"$log" 2>&1
    [ -d "$dir/prefix/drive_c/cluster" ] || { echo "node $dir did not come up (see $log)" >&2; return 1; }
    cp "$IG_ROOT/build/$IG_ARCH/bench.exe" "$dir/prefix/drive_c/cluster/" || return 1
    ig_install_ims "$dir" 5.5.2448.0 "$port" >>"$log" 2>&1 || { echo "IMS stand-in not installed (see $log)" >&2; return 1; }
    ig_domain "$dir" contoso.com >>"$log" 2>&1
    echo "$dir"
}

#!/usr/bin/env bash
# node.sh - one operation on one simulated cluster node, for the failover
# coordinator (build/native/failover). A node is a WINEPREFIX at
# <node dir>/prefix made by tests/wine/lib.sh (template copy, own wineserver,
# test bed in C:\cluster, IMS stand-in as the MSExchangeIMC service).
#
#   node.sh template                          boot the template prefix once
#   node.sh guid <name>                       the database key of a resource or group
#   node.sh up <dir> <ims version|none> <domain|none> <smtp port>
#   node.sh restart <dir> <domain|none>       power on again after a stop
#   node.sh down <dir>                        wineserver -k (power off)
#   node.sh fault <dir> crash|hang|none       imsctl fault
#   node.sh domain <dir> <name>|none          the node's TCP/IP DNS domain
#   node.sh swap <dir> <version>              replace the IMS binary in place
#   node.sh db-import <dir> <file>            clusreg import (replaces HKLM\Cluster)
#   node.sh db-export <dir> <file>            clusreg export (a relative file: in <dir>)
#   node.sh res-set <dir> <res> <Param> <sz|dword> <value>
#   node.sh res-owners <dir> <res> <N1,N2,...>  the resource's Possible Owners
#   node.sh alive <dir>                       is the IMS process there
#   node.sh launch-retry <file> <status> <cmd>  exit 0 (counted) when that
#                                             output and status are Wine's
#                                             launch failure (launch.sh)
#
# Exit status 0 on success; on failure, on stderr, the step that failed with
# what it printed (tests/wine/lib.sh's ig_step), then one line naming the
# operation.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../wine/lib.sh
source "$here/../wine/lib.sh"

die() { printf 'node.sh %s: %s\n' "$op" "$*" >&2; exit 1; }

op=${1:-}
[ -n "$op" ] || { echo "usage: node.sh <op> <node dir> [args]" >&2; exit 2; }
shift
if [ "$op" = template ]; then
    ig_template >/dev/null || die "could not boot the template prefix"
    exit 0
fi
if [ "$op" = guid ]; then
    # The one GUID scheme of the test cluster database (lib.sh's ig_guid).
    [ $# -eq 1 ] || die "guid <name>"
    ig_guid "$1"
    exit 0
fi
if [ "$op" = launch-retry ]; then
    # The coordinator's own launch of a node's resmon.exe ended before the
    # monitor said anything: exit 0 (and the retry counted) when its output
    # was Wine's launch failure, which launch.sh's one rule retries once.
    [ $# -eq 3 ] || die "launch-retry <output file> <exit status> <command>"
    out=$(tr -d '\r' <"$1") || die "cannot read $1"
    ig_launch_failed "$2" "$out" || exit 1
    ig_launch_retried "$3" "$out"
    exit 0
fi
dir=${1:-}
[ -n "$dir" ] || die "no node directory"
shift

# "none" is no domain, here as in the scenario language; "clear" meant no
# domain once, so it is refused rather than set as a name.
set_domain() {
    if [ "$1" = none ]; then
        ig_domain "$dir" clear || die "could not clear the DNS domain"
    elif [ "$1" = clear ]; then
        die "'clear' is ambiguous: none for no domain, clear. for a domain named clear"
    else
        ig_domain "$dir" "$1" || die "could not set the DNS domain to $1"
    fi
}

case $op in
up)
    [ $# -eq 3 ] || die "up <dir> <ims version|none> <domain|none> <smtp port>"
    ig_node_up "$dir" || die "the prefix did not come up"
    cp "$IG_ROOT/build/$IG_ARCH/clusreg.exe" "$dir/prefix/drive_c/cluster/" ||
        die "no build/$IG_ARCH/clusreg.exe (run make)"
    if [ "$1" != none ]; then
        ig_install_ims "$dir" "$1" "$3" || die "could not install IMS $1"
    fi
    set_domain "$2"
    ;;
restart)
    [ $# -eq 1 ] || die "restart <dir> <domain|none>"
    ig_node_start "$dir" || die "the node did not power on"
    # wineboot rewrites the domain when a prefix starts: set it again.
    set_domain "$1"
    ;;
down)
    ig_node_down "$dir"
    ;;
fault)
    [ $# -eq 1 ] || die "fault <dir> crash|hang|none"
    ig_step "imsctl fault $1" ig_run "$dir" imsctl.exe fault "$1" </dev/null || die "imsctl fault $1 failed"
    ;;
domain)
    [ $# -eq 1 ] || die "domain <dir> <name>|none"
    set_domain "$1"
    ;;
swap)
    [ $# -eq 1 ] || die "swap <dir> <version>"
    [ -f "$IG_ROOT/build/$IG_ARCH/ims/$1/msexcimc.exe" ] || die "no IMS stand-in build $1"
    ig_swap_ims "$dir" "$1" || die "could not replace the binary"
    ;;
db-import|db-export)
    [ $# -eq 1 ] || die "$op <dir> <file>"
    case $1 in /*) file=$1 ;; *) file=$dir/$1 ;; esac   # relative: in the node's directory
    ig_step "clusreg ${op#db-} $file" ig_run "$dir" clusreg.exe "${op#db-}" "$(winepath_of "$dir" "$file")" </dev/null ||
        die "clusreg ${op#db-} failed"
    ;;
res-set)
    [ $# -eq 4 ] || die "res-set <dir> <res> <Param> <sz|dword> <value>"
    ig_step "clusreg res set $2" ig_run "$dir" clusreg.exe res set "$1" "$2" "$3" "$4" </dev/null ||
        die "clusreg res set $2 failed"
    ;;
res-owners)
    [ $# -eq 2 ] || die "res-owners <dir> <res> <N1,N2,...>"
    IFS=, read -ra owners <<<"$2"
    ig_step "clusreg res owners $1" ig_run "$dir" clusreg.exe res owners "$1" "${owners[@]}" </dev/null ||
        die "clusreg res owners $1 failed"
    ;;
alive)
    ig_run "$dir" imsctl.exe alive </dev/null
    ;;
*)
    die "unknown operation"
    ;;
esac

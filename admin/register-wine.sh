#!/usr/bin/env bash
# admin/register-wine.sh - runs admin/register.cmd and admin/unregister.cmd,
# unchanged, on a Wine test-bed node, under Wine's cmd.exe, with the test
# bed's cluster.exe (tests/bed/cluster) over the node's cluster database.
#
#   admin/register-wine.sh <node dir> register   [register.cmd arguments]
#   admin/register-wine.sh <node dir> unregister [unregister.cmd arguments]
#   admin/register-wine.sh <node dir> cluster    <cluster.exe arguments>
#   admin/register-wine.sh <node dir> prepare
#
# <node dir> is a node made by tests/wine/lib.sh's ig_node_up (prefix in
# <node dir>/prefix, test bed in its C:\cluster). `prepare` makes the node
# look as register.cmd expects a cluster node to look, and is run by the
# others: %SystemRoot%\Cluster is C:\cluster (a link), \\<this computer>\admin$
# is C:\windows (Wine's dosdevices\unc), cluster.exe is in C:\cluster and on
# the PATH. register and unregister copy the scripts, imsguard.dll and
# imsguardex.dll of build/$IG_ARCH (default x86_64) into C:\kit, the folder
# an administrator runs them from (IG_KIT_NO_DLL=1: without imsguard.dll),
# and run them; cluster runs cluster.exe through cmd, which then prints
# "exit status N" (cmd's errorlevel: cluster.exe's full exit code, which
# the Linux side sees only modulo 256).
# The exit status is the script's (0 done, 1 failed).
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ $# -lt 2 ] || [ ! -d "$1/prefix" ]; then
    echo "usage: $0 <node dir> register|unregister|cluster|prepare [arguments]" >&2
    echo "       (<node dir>/prefix must be a Wine prefix made by tests/wine/lib.sh's ig_node_up)" >&2
    exit 2
fi
node=$(cd "$1" && pwd)
what=$2
shift 2
arch=${IG_ARCH:-x86_64}
bin=$root/build/$arch
prefix=$node/prefix
kit=$prefix/drive_c/kit
export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES="mscoree,mshtml=;clusapi=n,b"
export WINEPATH='C:\cluster'
export WINEPREFIX=$prefix

prepare() {
    local name f
    for f in cluster.exe clusapi.dll imsguard.dll imsguardex.dll; do
        [ -f "$bin/$f" ] || { echo "register-wine: $bin/$f is not built (make)" >&2; exit 1; }
    done
    [ -e "$prefix/drive_c/windows/Cluster" ] || ln -s ../cluster "$prefix/drive_c/windows/Cluster"
    if [ ! -s "$node/computername" ]; then
        wine cmd /c 'echo %COMPUTERNAME%' </dev/null 2>/dev/null | tr -d '\r\n' >"$node/computername"
    fi
    name=$(cat "$node/computername")
    [ -n "$name" ] || { echo "register-wine: the node's computer name could not be read" >&2; exit 1; }
    mkdir -p "$prefix/dosdevices/unc/$name"
    [ -e "$prefix/dosdevices/unc/$name/admin\$" ] || ln -s ../../../drive_c/windows "$prefix/dosdevices/unc/$name/admin\$"
    cp "$bin/cluster.exe" "$prefix/drive_c/cluster/"
    [ -f "$prefix/drive_c/cluster/clusapi.dll" ] || cp "$bin/clusapi.dll" "$prefix/drive_c/cluster/"
    mkdir -p "$kit"
    printf '@%%*\r\n@echo exit status %%errorlevel%%\r\n' >"$kit/errorlevel.cmd"
}

kit_up() {
    rm -f "$kit/imsguard.dll" "$kit/imsguardex.dll"
    cp "$root/admin/register.cmd" "$root/admin/unregister.cmd" "$bin/imsguardex.dll" "$kit/"
    [ "${IG_KIT_NO_DLL:-0}" = 1 ] || cp "$bin/imsguard.dll" "$kit/"
}

prepare
case $what in
prepare) exit 0 ;;
register|unregister)
    kit_up
    wine cmd /c "C:\\kit\\$what.cmd" "$@" </dev/null
    ;;
cluster)
    wine cmd /c 'C:\kit\errorlevel.cmd' cluster "$@" </dev/null
    ;;
*)
    echo "register-wine: unknown command '$what' (register, unregister, cluster or prepare)" >&2
    exit 2
    ;;
esac

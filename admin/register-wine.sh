#!/usr/bin/env bash
# admin/register-wine.sh - register.cmd / unregister.cmd for the Wine test
# bed: registers the "IMS Guard" resource type and its Cluster Administrator
# extension in a node's cluster database (HKLM\Cluster of the node's
# prefix), through the project's clusapi.dll, with admin/imsreg.exe.
#
#   admin/register-wine.sh <node dir> [register|unregister|regadminext|unregadminext|show] [imsreg options]
#
# <node dir> is a node made by tests/wine/lib.sh's ig_node_up (prefix in
# <node dir>/prefix, test bed in its C:\cluster). The script copies
# imsguardex.dll and imsreg.exe of build/$IG_ARCH (default x86_64) into
# C:\cluster - never imsguard.dll: a missing resource DLL must stay an error -
# and runs imsreg.exe there; its output and exit status are imsreg's:
# 0 done (also when there was nothing to do), 1 refused or failed with the
# cluster database left as it was, 2 bad usage. Re-running is harmless.
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ $# -lt 1 ] || [ ! -d "$1/prefix" ]; then
    echo "usage: $0 <node dir> [register|unregister|regadminext|unregadminext|show] [options]" >&2
    echo "       (<node dir>/prefix must be a Wine prefix made by tests/wine/lib.sh's ig_node_up)" >&2
    exit 2
fi
node=$(cd "$1" && pwd)
shift
[ $# -ge 1 ] || set -- register
arch=${IG_ARCH:-x86_64}
bin=$root/build/$arch
dest=$node/prefix/drive_c/cluster
for f in imsguardex.dll imsreg.exe; do
    [ -f "$bin/$f" ] || { echo "register-wine: $bin/$f is not built (make admin)" >&2; exit 1; }
done
mkdir -p "$dest"
cp "$bin/imsguardex.dll" "$bin/imsreg.exe" "$dest/"
[ -f "$dest/clusapi.dll" ] || cp "$bin/clusapi.dll" "$dest/"
export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES="mscoree,mshtml=;clusapi=n,b"
WINEPREFIX=$node/prefix wine "$dest/imsreg.exe" "$@" </dev/null

#!/bin/sh
# Installs what building and testing imsguard needs, when it is missing.
# Debian/Ubuntu only; run as root (CI is) or with sudo available.
# 32-bit Wine is optional: tests of the i686 DLL are skipped without it.
set -u

need=""
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

have_cmd x86_64-w64-mingw32-gcc || need="$need gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64"
have_cmd i686-w64-mingw32-gcc   || need="$need gcc-mingw-w64-i686 binutils-mingw-w64-i686"
have_pkg mingw-w64-common       || need="$need mingw-w64-common mingw-w64-x86-64-dev mingw-w64-i686-dev"
have_cmd wine                   || need="$need wine"
have_pkg wine64                 || need="$need wine64"
have_pkg libcmocka-dev          || need="$need libcmocka-dev"
have_cmd gcc                    || need="$need gcc"
have_cmd make                   || need="$need make"
have_cmd python3                || need="$need python3"
{ have_cmd clang && have_pkg libclang-rt-14-dev; } || need="$need clang libclang-rt-14-dev"   # libFuzzer (make fuzz)
have_cmd Xvfb                   || need="$need xvfb"          # admin-test: the page on an X server
have_cmd import                 || need="$need imagemagick"   # admin-test: screenshots (import, convert)
have_pkg fonts-wine             || need="$need fonts-wine"    # admin-test: Wine's MS Sans Serif and Tahoma
have_cmd stress-ng              || need="$need stress-ng"     # make flake LOAD=n: the CPU hogs
have_cmd ocf-tester             || need="$need resource-agents"  # the OCF agent: ocf-shellfuncs, ocf-tester (make ocf-test)
have_cmd xmllint                || need="$need libxml2-utils"    # ocf-tester validates the agent's meta-data
have_cmd crm_resource           || need="$need pacemaker-cli-utils"  # make ocf-test: the agent run by Pacemaker's executor
# make pacemaker-test: a real Pacemaker/Corosync cluster in namespaces (tests/pacemaker)
have_cmd pacemakerd             || need="$need pacemaker"
have_cmd corosync               || need="$need corosync"
have_cmd nsenter                || need="$need util-linux"
have_cmd ip                     || need="$need iproute2"

SUDO=""
if [ "$(id -u)" != 0 ]; then
    if have_cmd sudo; then SUDO="sudo"; fi
fi

if [ -n "$need" ]; then
    if [ "$(id -u)" != 0 ] && [ -z "$SUDO" ]; then
        echo "deps: missing Debian packages:$need" >&2
        echo "deps: install them as root: apt-get install$need" >&2
        exit 1
    fi
    echo "deps: installing:$need"
    $SUDO apt-get update -qq >/dev/null 2>&1 || echo "deps: apt-get update reported errors (a mirror mid-sync?); trying anyway"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null || {
        echo "deps: apt-get install$need failed" >&2
        exit 1
    }
fi

# 32-bit Wine, for running the i686 DLL. Best effort, once per machine.
if [ "${IMSGUARD_NO_WINE32:-0}" != 1 ] && ! have_pkg wine32:i386; then
    stamp=build/.wine32-tried
    if [ ! -e "$stamp" ]; then
        echo "deps: trying to install 32-bit Wine (wine32:i386) for the i686 tests"
        if $SUDO dpkg --add-architecture i386 && { $SUDO apt-get update -qq >/dev/null 2>&1 || true; } &&
           DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wine32:i386 >/dev/null 2>&1; then
            echo "deps: wine32:i386 installed"
        else
            echo "deps: wine32:i386 could not be installed; i686 Wine tests will be skipped"
        fi
        : > "$stamp"
    fi
fi
exit 0

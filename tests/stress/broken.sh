#!/usr/bin/env bash
# broken.sh <arch> - builds build/stress/broken/<arch>/imsguard.dll, a copy
# of the DLL whose every TerminateProcess is a no-op (the Makefile's
# stress-broken rules patch copies of resdll/*.c under build/stress/), and
# prints its path. The stress run's self-check must fail against it.
set -u
cd "$(dirname "$0")/../.." || exit 2
arch=${1:?usage: broken.sh x86_64|i686}
dll=build/stress/broken/$arch/imsguard.dll
make -s --no-print-directory "$dll" >&2 || { echo "broken.sh: make $dll failed" >&2; exit 1; }
if ! grep -rq IG_STRESS_NO_KILL build/stress/broken-src; then
    echo "broken.sh: the patch no longer applies: resdll/ has no TerminateProcess call to disable" >&2
    exit 1
fi
echo "$PWD/$dll"

#!/usr/bin/env bash
# selftest.sh - exercises clusreg.exe (x86_64) in a Wine prefix of its own,
# build/dev-clusreg/selftest (a copy of the shared template): every command, its exit status and messages, and
# export -> destroy -> import giving back the same database, byte for byte.
#
# Usage: bash tests/bed/clusreg/selftest.sh [--fresh]
# Prints one line per check (tests/lib/check.sh) and "N passed, M failed";
# exit status 1 on any failure.

set -u

top=$(cd "$(dirname "$0")/../../.." && pwd) || exit 1
cd "$top" || exit 1

# The kit (ig_check, ig_ok, ig_summary) and the template prefix.
source "$top/tests/wine/lib.sh"
WINE=${WINE:-wine}
WINESERVER=${WINESERVER:-wineserver}
WINEPREFIX=$top/build/dev-clusreg/selftest
WINEDEBUG=-all
WINEDLLOVERRIDES="mscoree,mshtml="
export WINEPREFIX WINEDEBUG WINEDLLOVERRIDES

work=$top/build/dev-clusreg/work

make --no-print-directory -s build/x86_64/clusreg.exe || { echo "build failed"; exit 1; }

# A new prefix from the shared template each run (--fresh is accepted:
# every run is fresh).
ig_refuse_leftovers "bed-clusreg" "$WINEPREFIX" || exit 1
rm -rf "$WINEPREFIX"
template=$(IG_ARCH=x86_64 ig_template) && ig_prefix_copy "$template" "$WINEPREFIX" ||
    { ig_fail "set-up: a prefix from the template"; ig_summary; exit 1; }
"$WINESERVER" -p >/dev/null 2>&1
trap '"$WINESERVER" -k 2>/dev/null' EXIT
trap 'exit 1' INT TERM
# Services started by the first program keep its output open: not ours.
"$WINE" wineboot >/dev/null 2>&1 </dev/null

rm -rf "$work"
mkdir -p "$work" "$WINEPREFIX/drive_c/clusreg"
cp build/x86_64/clusreg.exe "$WINEPREFIX/drive_c/clusreg/"

# Windows paths of the work files, as clusreg sees them (Z: is /).
winpath() { printf 'Z:%s' "$1" | tr '/' '\\'; }

# clusreg <args>: runs it (tests/lib/launch.sh's one retry); $rc, $work/out, $work/err.
clusreg() {
    ig_attempt_files "$work/out" "$work/err" /dev/null "$WINE" 'C:\clusreg\clusreg.exe' "$@"
    rc=$IG_RC
}

# A failed check shows what the last clusreg run printed.
ig_check_evidence() {
    sed 's/^/     stdout: /' "$work/out"
    sed 's/^/     stderr: /' "$work/err"
}
no() { ! "$@"; }
same_file() { cmp -s "$1" "$2"; }

# expect <rc> <description> -- <clusreg args>
expect() {
    want=$1 what=$2
    shift 3
    clusreg "$@"
    ig_check "$what (exit $want)" [ "$rc" -eq "$want" ]
}

# out_is <text> <description>: stdout is exactly text (plus a newline).
out_is() { ig_check "$2 (stdout '$1')" [ "$(cat "$work/out")" = "$1" ]; }

# err_has <text> <description>: stderr is one line containing text.
err_one_line_with() { grep -qF -- "$1" "$work/err" && [ "$(wc -l <"$work/err")" -eq 1 ]; }
err_has() { ig_check "$2 (stderr: one line with '$1')" err_one_line_with "$1"; }

guid_re='^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$'

# ---------------------------------------------------------------- basics
expect 2 "no arguments" -- ; ig_check "usage text" grep -q '^usage:' "$work/err"
expect 2 "unknown command" -- frob
expect 0 "destroy" -- destroy
expect 0 "destroy again" -- destroy
expect 1 "dump without a database" -- dump
err_has "no cluster database" "dump without a database"
expect 1 "res add without a database" -- res add X --type Y
expect 0 "init" -- init --name CLU1

# ---------------------------------------------------------------- types
expect 0 "type add" -- type add "IMS Guard" --dll imsguard.dll --looksalive 5000 --isalive 60000
expect 0 "type add again (update)" -- type add "IMS Guard" --dll imsguard.dll --pending 90000
expect 2 "type add without --dll" -- type add "T2"
err_has "--dll" "type add without --dll"
expect 2 "type add bad number" -- type add "T2" --dll x.dll --looksalive 5s
expect 2 "type add unknown option" -- type add "T2" --dll x.dll --colour red
expect 2 "type name with backslash" -- type add 'A\B' --dll x.dll
expect 0 "second type" -- type add "Generic Service" --dll clusres.dll

# ---------------------------------------------------------------- resources
expect 0 "res add" -- res add "IMS Guard 1" --type "IMS Guard" --pending 30000
ig_check "res add prints a guid" grep -Eq "$guid_re" "$work/out"
guid1=$(cat "$work/out")
# The test bed's one GUID scheme (tests/bed/common/bedreg.h): the MD5 of the
# name's UTF-8, computed here by coreutils, as tests/wine/lib.sh's ig_guid does.
md5_guid() {
    printf '%s' "$1" | md5sum | cut -c1-32 |
        sed 's/^\(.\{8\}\)\(.\{4\}\)\(.\{4\}\)\(.\{4\}\)\(.*\)$/{\1-\2-\3-\4-\5}/'
}
out_is "$(md5_guid "IMS Guard 1")" "res add: the guid of the name"
expect 0 "res add, a name beyond ASCII" -- res add "Grüße Ω" --type "IMS Guard"
out_is "$(md5_guid "Grüße Ω")" "res add: the guid of the name's UTF-8"
expect 0 "res remove it" -- res remove "Grüße Ω"
expect 0 "res add --guid of another name" -- res add "Squatter" --type "IMS Guard" --guid "$(md5_guid "Taken Name")"
expect 1 "res add whose name's guid is taken" -- res add "Taken Name" --type "IMS Guard"
err_has 'already belongs to resource "Squatter" (it is the guid of this name; give another with --guid)' "name's guid taken"
expect 0 "res remove the squatter" -- res remove "Squatter"
expect 0 "res add again" -- res add "IMS Guard 1" --type "IMS Guard"
out_is "$guid1" "res add again keeps the guid"
expect 0 "res add --guid" -- res add "IMS Guard 2" --type "IMS Guard" --guid 01234567-89AB-cdef-0123-456789ABCDEF
out_is "{01234567-89ab-cdef-0123-456789abcdef}" "--guid is normalized"
expect 1 "res add with a taken guid" -- res add "IMS Guard 3" --type "IMS Guard" --guid "{01234567-89ab-cdef-0123-456789abcdef}"
err_has 'already belongs to resource "IMS Guard 2"' "taken guid"
expect 1 "res add, other guid for an existing name" -- res add "IMS Guard 1" --type "IMS Guard" --guid "{11111111-2222-3333-4444-555555555555}"
expect 0 "res add named like another's guid" -- res add "{01234567-89ab-cdef-0123-456789abcdef}" --type "IMS Guard"
ig_check "res add does not rename another resource" [ "$(cat "$work/out")" != "{01234567-89ab-cdef-0123-456789abcdef}" ]
expect 0 "res remove it by name" -- res remove "{01234567-89ab-cdef-0123-456789abcdef}"
expect 0 "the other one stays" -- res get "IMS Guard 2"
expect 2 "res add, malformed guid" -- res add "IMS Guard 3" --type "IMS Guard" --guid "{123}"
expect 1 "res add, unknown type" -- res add "IMS Guard 3" --type "Nope"
err_has 'no resource type named "Nope"' "unknown type"
expect 2 "res add without --type" -- res add "IMS Guard 3"

expect 0 "res set sz" -- res set "IMS Guard 1" ServiceName sz MSExchangeIMC
expect 0 "res set dword" -- res set "ims guard 1" RequireDnsDomain dword 1
expect 0 "res set hex dword" -- res set "IMS Guard 1" StopTimeout dword 0x7530
expect 0 "res set sz with spaces" -- res set "IMS Guard 1" ImagePath sz 'C:\exchsrvr\connect\msexcimc\bin\msexcimc.exe'
expect 2 "res set bad dword" -- res set "IMS Guard 1" SmtpProbePort dword 25x
expect 2 "res set dword too big" -- res set "IMS Guard 1" SmtpProbePort dword 4294967296
expect 2 "res set unknown type" -- res set "IMS Guard 1" SmtpProbePort word 25
expect 2 "res set two sz values" -- res set "IMS Guard 1" ServiceName sz a b
expect 1 "res set unknown resource" -- res set "Nope" ServiceName sz x
err_has 'no resource named "Nope"' "res set unknown resource"

expect 0 "res get one" -- res get "IMS Guard 1" ServiceName
out_is "MSExchangeIMC" "res get sz"
expect 0 "res get dword" -- res get "IMS Guard 1" StopTimeout
out_is "30000" "res get dword"
expect 0 "res get by guid" -- res get "$guid1" requirednsdomain
out_is "1" "res get by guid, parameter name ignoring case"
expect 0 "res get all" -- res get "IMS Guard 1"
out_is '"ImagePath" = sz "C:\\exchsrvr\\connect\\msexcimc\\bin\\msexcimc.exe"
"RequireDnsDomain" = dword 1
"ServiceName" = sz "MSExchangeIMC"
"StopTimeout" = dword 30000' "res get all"
expect 1 "res get missing parameter" -- res get "IMS Guard 1" ExpectedDnsDomain
expect 0 "res unset" -- res unset "IMS Guard 1" ImagePath
expect 1 "res unset again" -- res unset "IMS Guard 1" ImagePath

# ---------------------------------------------------------------- groups
expect 0 "group add" -- group add "IMS Group" --contains "IMS Guard 1" --owner NODE1 --owner NODE2
ig_check "group add prints a guid" grep -Eq "$guid_re" "$work/out"
group1=$(cat "$work/out")
out_is "$(md5_guid "IMS Group")" "group add: the guid of the name"
expect 0 "group add again" -- group add "IMS Group" --contains "IMS Guard 1" --owner NODE1
out_is "$group1" "group add again keeps the guid"
expect 1 "resource in two groups" -- group add "Other" --contains "IMS Guard 1"
err_has 'already belongs to group "IMS Group"' "resource in two groups"
expect 0 "dump" -- dump
ig_check "a refused group add leaves no group" no grep -q '"Other"' "$work/out"
ig_check "Contains" grep -qF "\"Contains\" = multi_sz \"$guid1\"" "$work/out"
ig_check "PreferredOwners" grep -qF '"PreferredOwners" = multi_sz "NODE1" "NODE2"' "$work/out"
expect 0 "res owners" -- res owners "IMS Guard 1" NODE1 NODE2
expect 0 "res owners replaces the list" -- res owners "ims guard 1" NODE1
expect 0 "dump after res owners" -- dump
ig_check "PossibleOwners" grep -qxF '"PossibleOwners" = multi_sz "NODE1"' "$work/out"
expect 2 "res owners without a node" -- res owners "IMS Guard 1"
expect 1 "res owners unknown resource" -- res owners "Nope" NODE1
err_has 'no resource named "Nope"' "res owners unknown resource"
expect 1 "type remove in use" -- type remove "IMS Guard"
err_has "still used by resource" "type remove in use"
expect 0 "type remove unused" -- type remove "Generic Service"
expect 1 "type remove again" -- type remove "Generic Service"

# ---------------------------------------------------------------- export/import
expect 0 "export" -- export "$(winpath "$work/a.txt")"
expect 0 "dump for comparison" -- dump
ig_check "export is the dump" same_file "$work/out" "$work/a.txt"
expect 0 "destroy before import" -- destroy
expect 1 "dump after destroy" -- dump
expect 0 "import" -- import "$(winpath "$work/a.txt")"
expect 0 "export after import" -- export "$(winpath "$work/b.txt")"
ig_check "import restores the same database" same_file "$work/a.txt" "$work/b.txt"

# Every value form, in dump order (names sorted ignoring case), so that the
# dump of the import is this very text.
cat >"$work/forms.txt" <<'EOF'
; clusreg dump of HKLM\Cluster
[HKLM\Cluster]
"" = sz "default value"
"Bin" = binary 00 01 fe ff
"Dw" = dword 4294967295
"Empty" = binary
"Exp" = expand_sz "%SystemRoot%\\Cluster\\imsguard.dll"
"Hex0" = hex(0) 01 02
"Multi" = multi_sz "a" "b c" "\"quoted\""
"MultiEmpty" = multi_sz
"Odd sz" = hex(1) 41 00 42
"Q" = qword 18446744073709551615
"Tab\tName" = sz "line1\nline2 \u0001 ü €"
"Unterminated" = hex(1) 41 00
[HKLM\Cluster\Empty Key]
[HKLM\Cluster\Resources]
[HKLM\Cluster\Resources\{01234567-89ab-cdef-0123-456789abcdef}]
"Name" = sz "R [1]"
EOF
expect 0 "import every form" -- import "$(winpath "$work/forms.txt")"
expect 0 "dump every form" -- dump
ig_check "dump of every form is the file imported" same_file "$work/out" "$work/forms.txt"
same_file "$work/out" "$work/forms.txt" || diff "$work/forms.txt" "$work/out" | sed 's/^/    /'

# Bad files leave the database as it was.
cp "$work/out" "$work/before.txt"
bad() {
    printf '%s\n' "$2" >"$work/bad.txt"
    expect 1 "import: $1" -- import "$(winpath "$work/bad.txt")"
    err_has "bad.txt:$3:" "import: $1 (line number)"
}
bad "value before key" '"A" = sz "x"' 1
bad "key outside HKLM\\Cluster" '[HKLM\Software\x]' 1
bad "unknown type" '[HKLM\Cluster]
"A" = string "x"' 2
bad "bad escape" '[HKLM\Cluster]
"A" = sz "\q"' 2
bad "text after string" '[HKLM\Cluster]
"A" = sz "x" y' 2
bad "dword overflow" '[HKLM\Cluster]
"A" = dword 4294967296' 2
bad "odd hex" '[HKLM\Cluster]
"A" = binary 0' 2
bad "empty key name" '[HKLM\Cluster\\x]' 1
expect 1 "import of a missing file" -- import 'Z:\nonexistent\file.txt'
expect 0 "dump after bad imports" -- dump
ig_check "a bad import leaves the database as it was" same_file "$work/out" "$work/before.txt"

# The registry's limits are refused before anything is written (issue 11):
# the database stays byte-identical, Name/Type/DllName included.
expect 0 "import a database for the limits" -- import "$(winpath "$work/a.txt")"
expect 0 "dump before the limits" -- dump
cp "$work/out" "$work/before.txt"
# limit_file <name> <python expression printing the file>
limit_file() { python3 -c "$2" >"$work/$1.txt"; }
unchanged() {
    expect 0 "dump after $1" -- dump
    ig_check "$1 leaves the database as it was" same_file "$work/out" "$work/before.txt"
}
# over_limit <file> <what> <expected message> <python printing the file>
over_limit() {
    limit_file "$1" "$4"
    expect 1 "import: $2" -- import "$(winpath "$work/$1.txt")"
    err_has "$1.txt:$3" "import: $2 (the limit named)"
    unchanged "a refused $2"
}
over_limit name17000 "a value name of 17000 characters" \
    "2: a value name is longer than the registry's 16383 characters" \
    'print("[HKLM\\Cluster]\n\"" + "n" * 17000 + "\" = sz \"x\"")'
over_limit deep "a key path of 140 levels of 250 characters" \
    "1: the key's path is longer than 32000 characters" \
    'print("[HKLM\\Cluster" + ("\\" + "k" * 250) * 140 + "]")'
over_limit levels "a key 513 levels deep" "1: the key is more than the registry's 512 levels deep" \
    'print("[HKLM\\Cluster" + "\\k" * 512 + "]")'
over_limit big "a value of 1 MB and one byte" "2: the value is larger than the registry's 1 MB" \
    'print("[HKLM\\Cluster]\n\"Big\" = binary" + " 00" * (1024 * 1024 + 1))'
# A write that fails halfway (the test hook) puts the database back.
export CLUSREG_FAIL_WRITE=3
expect 1 "import with its third write failing" -- import "$(winpath "$work/forms.txt")"
unset CLUSREG_FAIL_WRITE
err_has "the database was put back as it was" "a failed write says the database was put back"
unchanged "a failed write"

# At the limits: accepted, and the dump shows them back exactly (Wine keeps them whole).
limit_file atlimit 'print("; clusreg dump of HKLM\\Cluster\n[HKLM\\Cluster]\n\"" + "n" * 16383 + "\" = sz \"x\"\n" + "\n".join("[HKLM\\Cluster" + "\\" + "\\".join(["k" * 250] * i) + "]" for i in range(1, 128)))'
expect 0 "import: a 16383-character value name and a 127-level, 31884-character key path" -- import "$(winpath "$work/atlimit.txt")"
expect 0 "dump at the limits" -- dump
ig_check "the database at the limits dumps back as imported" same_file "$work/out" "$work/atlimit.txt"

# ---------------------------------------------------------------- removal
expect 0 "import for removal" -- import "$(winpath "$work/a.txt")"
expect 0 "res remove" -- res remove "IMS Guard 1"
expect 0 "dump after res remove" -- dump
ig_check "res remove leaves no trace of its guid" no grep -qF "$guid1" "$work/out"
ig_check "the group keeps a Contains" grep -qF '"Contains" = multi_sz' "$work/out"
expect 1 "res remove again" -- res remove "IMS Guard 1"
expect 0 "group remove" -- group remove "IMS Group"
expect 1 "group remove again" -- group remove "IMS Group"
expect 0 "destroy at the end" -- destroy

ig_summary

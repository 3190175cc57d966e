#!/usr/bin/env bash
# tests/admin/run.sh - the Cluster Administrator integration, tested.
#
#  1. multisz: the AdminExtensions list editing (native cmocka test).
#  2. admin/register.cmd and unregister.cmd, unchanged, under Wine's cmd with
#     the test bed's cluster.exe (admin/register-wine.sh): a missing DLL is
#     refused with nothing changed; register (DLLs copied, type, poll
#     intervals, extension, event source), register again (the database
#     identical, no duplicate CLSID, another extension's CLSID kept);
#     cluster.exe's resource and property commands and its exit codes for
#     unknown objects; unregister refused while a resource of the type
#     exists, then removes everything (event source too), and again is
#     harmless; regsvr32 works on the DLL.
#  3. the page, under Xvfb, in cluadminhost.exe (tests/admin/cluadmin_host.c)
#     on a good node (SP2 + DNS domain) and a refused node (SP1): the
#     controls hold the stored values and the preflight verdict; an invalid
#     value shows its reason and Apply is refused; a valid change is stored
#     through ResourceControl and read back; the panel follows the page and
#     the node. Screenshots: build/admin/page-good.png, page-refused.png
#     (and page-invalid.png; -i686 in the names for the 32-bit run).
#
# Prints a line per check and closes with "N passed, M failed".
#   tests/admin/run.sh [multisz|registration|page ...]   (default: all three)
#   IG_ARCHES="x86_64 i686"   (default: both; i686 needs a 32-bit Wine)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/tests/wine/lib.sh"

OUT=$root/build/admin
mkdir -p "$OUT"
RES="Internet Mail Service"
CLSID="{6EC7F3F3-5DA1-444A-BECB-C20381BD7283}"
OTHER_CLSID="{4EC90FB0-D0BB-11CF-B5EF-00A0C90AB505}"
DESK=800x600

# The kit (tests/lib/check.sh, through lib.sh): ig_check, ig_ok, ig_fail.
# A failed has/hasnt check also shows the file's last lines.
ig_check_evidence() {
    case $1 in
    exited_ok)
        echo "     it exited with status $2; ${3#$root/} has:"
        tr -d '\r' <"$3" 2>/dev/null | tail -n 12 | cut -c1-400 | sed 's/^/       /'
        [ -s "$3" ] || echo "       (nothing)"
        ;;
    has|hasnt)
        echo "     ${2#$root/} has:"
        tr -d '\r' <"$2" 2>/dev/null | tail -n 12 | cut -c1-400 | sed 's/^/       /'
        [ -s "$2" ] || echo "       (nothing)"
        ;;
    esac
    return 0
}
has()    { grep -qF -- "$2" "$1"; }                  # has <file> <text>
exited_ok() { [ "$1" -eq 0 ]; }                     # exited_ok <status> <its output file>
hasnt()  { ! grep -qF -- "$2" "$1"; }
equal()  { [ "$1" = "$2" ] || { echo "   got:  '$1'"; echo "   want: '$2'"; return 1; }; }
contains() { case $1 in *"$2"*) return 0 ;; esac; echo "   got: '$1'"; echo "   no:  '$2'"; return 1; }

# Control IDs of the page, from the extension's pageids.h.
id() { awk -v n="$1" '$1 == "#define" && $2 == n { print $3 }' "$root/admin/pageids.h"; }

# The n-th dump in a host's output; a control's text and state in it.
dump_n() { awk -v n="$2" '/^sheet "/ { k++ } k == n { print } k == n && /^end of page/ { exit }' "$1"; }
ctl() {
    dump_n "$1" "$2" | awk -v id="$(id "$3")" '$1 == "control" && $2 == id {
        s = $0; sub(/^[^"]*"/, "", s); sub(/"$/, "", s); print s; exit }'
}
ctl_state() { dump_n "$1" "$2" | awk -v id="$(id "$3")" '$1 == "control" && $2 == id { print $4; exit }'; }

CONVERT=convert
[ -x /usr/bin/convert ] && CONVERT=/usr/bin/convert

xvfb_pid=""
nodes=()
cleanup() {
    local n
    for n in "${nodes[@]}"; do ig_node_down "$n"; done
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
    return 0
}
trap cleanup EXIT

start_xvfb() {
    local fd=$OUT/xvfb.display i
    command -v Xvfb >/dev/null || { echo "no Xvfb (Debian package xvfb; build/deps.sh installs it)"; return 1; }
    rm -f "$fd"
    Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3>"$fd" >"$OUT/xvfb.log" 2>&1 &
    xvfb_pid=$!
    for i in $(seq 100); do [ -s "$fd" ] && break; sleep 0.1; done
    [ -s "$fd" ] || return 1
    export DISPLAY=:$(head -n 1 "$fd")
}

# A node that draws like NT 4.0: Wine's own fonts (Debian's fonts-wine: MS
# Sans Serif, Tahoma) in C:\windows\Fonts, where this Wine loads them from
# (nothing copies them there); the colours, font mapping and no visual style
# of nt4-look.reg. And the extension and the host in C:\cluster.
node_up() {
    local node=$1 f
    ig_node_up "$node" || return 1
    nodes+=("$node")
    if [ -d /usr/share/wine/fonts ]; then
        cp /usr/share/wine/fonts/*.ttf /usr/share/wine/fonts/*.fon "$node/prefix/drive_c/windows/Fonts/" 2>/dev/null
    else
        echo "note: no /usr/share/wine/fonts (Debian package fonts-wine): the screenshots use other fonts"
    fi
    WINEPREFIX=$node/prefix wine regedit /S "$(winepath_of "$node" "$here/nt4-look.reg")" </dev/null >/dev/null 2>&1
    for f in imsguardex.dll cluadminhost.exe; do
        cp "$root/build/$IG_ARCH/$f" "$node/prefix/drive_c/cluster/" || return 1
    done
}

reg_wine() { bash "$root/admin/register-wine.sh" "$@"; }

# The node's whole cluster database as text (regedit's export).
db_export() {
    local node=$1 file=$2
    rm -f "$file"
    WINEPREFIX=$node/prefix wine regedit /E "$(winepath_of "$node" "$file")" 'HKEY_LOCAL_MACHINE\Cluster' \
        </dev/null >/dev/null 2>&1
    [ -f "$file" ]
}

# ------------------------------------------------------------ the host

host_pid=""
# host_start <node> <out> [action...]: cluadminhost in a virtual desktop
# (Wine draws the window frames there: no window manager on Xvfb).
host_start() {
    local node=$1 out=$2
    shift 2
    # The last run's output goes first, here: the redirection below happens
    # in the background child, and a wait_line right after could otherwise
    # read the last run's "holding" from the old file (series run 2 cleared
    # the node's domain before the page had looked: "ExpectedDnsDomain
    # emptied" saw "Refused: no TCP/IP DNS domain").
    rm -f "$out" "$out.stderr"
    WINEPREFIX=$node/prefix timeout 180 wine explorer "/desktop=cluadmin,$DESK" 'C:\cluster\cluadminhost.exe' \
        --timeout 120 --resource "$RES" "$@" >"$out" 2>"$out.stderr" </dev/null &
    host_pid=$!
}

host_wait() {   # host_wait <out>: 0 when the host finished cleanly
    wait "$host_pid"
    host_pid=""
    sed -i 's/\r$//' "$1"      # msvcrt's text mode: CR LF
    grep -q '^host: done, 0 failure(s)$' "$1"
}

# wait_line <file> <text> <seconds>
wait_line() {
    local i
    for i in $(seq $(( $3 * 10 ))); do
        grep -qF -- "$2" "$1" 2>/dev/null && return 0
        kill -0 "$host_pid" 2>/dev/null || { grep -qF -- "$2" "$1" 2>/dev/null; return; }
        sleep 0.1
    done
    return 1
}

# shoot <out> <n> <png> <release file>: when the host holds for the n-th
# time, the screen is saved and cropped to the sheet (its last geometry line).
shoot() {
    local out=$1 n=$2 png=$3 release=$4 geo x y w h
    local i
    for i in $(seq 600); do
        [ "$(grep -c '^holding' "$out" 2>/dev/null)" -ge "$n" ] && break
        kill -0 "$host_pid" 2>/dev/null || break
        sleep 0.1
    done
    if [ "$(grep -c '^holding' "$out" 2>/dev/null)" -lt "$n" ]; then
        touch "$release"
        return 1
    fi
    geo=$(grep '^geometry ' "$out" | tail -n 1)
    read -r _ x y w h _ <<<"$geo"
    import -window root "$OUT/screen.png" 2>"$OUT/import.log" &&
        $CONVERT "$OUT/screen.png" -crop "${w}x${h}+${x}+${y}" +repage "$png"
    local rc=$?
    touch "$release"
    return $rc
}

# ------------------------------------------------------------ 1. multisz

test_multisz() {
    local bin=$root/build/native/admin-multisz log=$OUT/multisz.log n f
    if [ ! -x "$bin" ]; then
        ig_fail "multisz: $bin is not built (make admin)"
        return
    fi
    "$bin" >"$log" 2>&1
    n=$(sed -n 's/.*\[==========\] \([0-9]*\) test(s) run.*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/.*\[  FAILED  \] \([0-9]*\) test(s).*/\1/p' "$log" | tail -n 1)
    n=${n:-0} f=${f:-0}
    IG_PASSED=$((IG_PASSED + n - f))
    IG_FAILED=$((IG_FAILED + f))
    [ "$n" -gt 0 ] || ig_fail "multisz: no test ran"
    echo "multisz: $((n - f)) of $n AdminExtensions list tests passed"
    [ "$f" -eq 0 ] || sed 's/^/   /' "$log"
}

# ------------------------------------------------------------ 2. registration

# What the node's registry says (reg query's value line, or nothing).
reg_value() {   # reg_value <node> <key> <value|/ve>
    local v=$3
    if [ "$v" = /ve ]; then
        WINEPREFIX=$1/prefix wine reg query "$2" /ve </dev/null 2>/dev/null | tr -d '\r' | grep -E 'REG_'
    else
        WINEPREFIX=$1/prefix wine reg query "$2" /v "$v" </dev/null 2>/dev/null | tr -d '\r' |
            grep -E "^[[:space:]]+$v[[:space:]]+REG_"
    fi
}
EVKEY='HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\IMS Guard'
# The COM registration as seen through its ProgID: Wine's reg.exe and
# regedit do not find the keys DllRegisterServer writes under HKCR\CLSID
# (seen in system.reg; RegOpenKeyEx from a program finds them). The page
# tests below create the extension through COM from that registration.
COMKEY='HKCR\CLUADMEX.ImsGuardEx\CLSID'

# register.cmd and unregister.cmd themselves, unchanged, under Wine's cmd
# with the test bed's cluster.exe (admin/register-wine.sh sets the node up
# as a cluster node looks to them).
# test_registration's second half (resources, unregister, regsvr32), called by it: it sees its locals.
test_registration_resources() {
    # Resources: created, listed, their private properties set and read.
    cp "$root/build/$IG_ARCH/clusreg.exe" "$node/prefix/drive_c/cluster/"
    ig_run "$node" clusreg.exe group add "Exchange Group" </dev/null >/dev/null 2>&1
    reg_wine "$node" cluster resource "$RES" /create /group:"Nowhere" /type:"IMS Guard" >"$o/res-nogroup" 2>&1
    ig_check "cluster.exe: resource /create in an unknown group is error 5013" has "$o/res-nogroup" "exit status 5013"
    reg_wine "$node" cluster resource "$RES" /create /group:"Exchange Group" /type:"No Such Type" >"$o/res-notype" 2>&1
    ig_check "cluster.exe: resource /create of an unknown type is error 5078" has "$o/res-notype" "exit status 5078"
    reg_wine "$node" cluster resource "$RES" /create /group:"Exchange Group" /type:"IMS Guard" >"$o/res-create" 2>&1
    ig_check "cluster.exe: resource /create /group /type (exit 0)" has "$o/res-create" "exit status 0"
    reg_wine "$node" cluster resource "$RES" /create /group:"Exchange Group" /type:"IMS Guard" >"$o/res-again" 2>&1
    ig_check "cluster.exe: ... a second time is error 5010" has "$o/res-again" "exit status 5010"
    reg_wine "$node" cluster resource >"$o/res-list" 2>&1
    ig_check "cluster.exe: resource lists it in its group" grep -qE "^$RES +Exchange Group +Offline" "$o/res-list"
    reg_wine "$node" cluster resource "$RES" /priv SmtpProbePort=2525 'ImagePath=C:\Program Files\msexcimc.exe' \
        >"$o/priv-set" 2>&1
    ig_check "cluster.exe: resource /priv Name=Value ... (exit 0)" has "$o/priv-set" "exit status 0"
    ig_check "cluster.exe: ... stored a number as a DWORD" \
        equal "$(ig_run "$node" clusreg.exe res get "$RES" </dev/null 2>&1 | tr -d '\r' | grep SmtpProbePort)" \
        '"SmtpProbePort" = dword 2525'
    ig_check "cluster.exe: ... and a path as text" \
        equal "$(ig_run "$node" clusreg.exe res get "$RES" ImagePath </dev/null 2>&1 | tr -d '\r')" \
        'C:\Program Files\msexcimc.exe'
    reg_wine "$node" cluster resource "$RES" /priv StopTimeout=soon:DWORD >"$o/priv-bad" 2>&1
    ig_check "cluster.exe: a bad :DWORD value is error 87, stored nothing" \
        test "$(grep -c 'exit status 87' "$o/priv-bad")$(ig_run "$node" clusreg.exe res get "$RES" </dev/null 2>&1 |
            grep -c StopTimeout)" = 10
    reg_wine "$node" cluster resource "$RES" /priv >"$o/priv-get" 2>&1
    ig_check "cluster.exe: resource /priv lists them" grep -qE "^D +$RES +SmtpProbePort +2525 " "$o/priv-get"
    reg_wine "$node" cluster resource "No Such Resource" /priv >"$o/priv-none" 2>&1
    ig_check "cluster.exe: an unknown resource is error 5007" has "$o/priv-none" "exit status 5007"
    ig_check "cluster.exe: ... with the real tool's message" has "$o/priv-none" "System error 5007 has occurred (0x0000138f)."

    # Unregister: refused while a resource uses the type.
    db_export "$node" "$o/db-with-res"
    reg_wine "$node" unregister >"$o/unreg-busy" 2>&1
    ig_check "unregister.cmd: refused while '$RES' exists (exit 1)" test $? -eq 1
    ig_check "unregister.cmd: ... says why" has "$o/unreg-busy" "if resources of the type still exist, delete them first. Nothing was changed."
    ig_check "unregister.cmd: ... the cluster's reason (145)" has "$o/unreg-busy" "System error 145 has occurred"
    db_export "$node" "$o/db-after-busy"
    ig_check "unregister.cmd: ... the cluster database is unchanged" cmp -s "$o/db-with-res" "$o/db-after-busy"
    ig_check "unregister.cmd: ... the event source stays" contains "$(reg_value "$node" "$EVKEY" TypesSupported)" 0x7
    reg_wine "$node" cluster resource "$RES" /delete >"$o/res-delete" 2>&1
    ig_check "cluster.exe: resource /delete (exit 0)" has "$o/res-delete" "exit status 0"

    reg_wine "$node" unregister >"$o/unreg1" 2>&1
    ig_check "unregister.cmd: unregister (exit 0)" exited_ok $? "$o/unreg1"
    reg_wine "$node" cluster restype "IMS Guard" /prop >"$o/prop4" 2>&1
    ig_check "unregister.cmd: ... the type is gone" has "$o/prop4" "exit status 5078"
    ig_check "unregister.cmd: ... and the COM class" equal "$(reg_value "$node" "$COMKEY" /ve)" ""
    ig_check "unregister.cmd: ... and the event source" equal "$(reg_value "$node" "$EVKEY" TypesSupported)" ""
    ig_check "unregister.cmd: ... and the DLLs" test ! -e "$node/prefix/drive_c/cluster/imsguard.dll"
    reg_wine "$node" unregister >"$o/unreg2" 2>&1
    ig_check "unregister.cmd: again is harmless (exit 0)" exited_ok $? "$o/unreg2"
    ig_check "unregister.cmd: ... and says there was nothing to remove" has "$o/unreg2" "is not registered: nothing to remove"

    # regsvr32 (register.cmd's COM step) works on the DLL.
    cp "$root/build/$IG_ARCH/imsguardex.dll" "$node/prefix/drive_c/cluster/"
    WINEPREFIX=$node/prefix wine regsvr32 /s 'C:\cluster\imsguardex.dll' </dev/null >/dev/null 2>&1
    ig_check "registration: regsvr32 imsguardex.dll registers the COM class" \
        contains "$(reg_value "$node" "$COMKEY" /ve)" "$CLSID"
    WINEPREFIX=$node/prefix wine regsvr32 /u /s 'C:\cluster\imsguardex.dll' </dev/null >/dev/null 2>&1
    ig_check "registration: regsvr32 /u removes it" equal "$(reg_value "$node" "$COMKEY" /ve)" ""

    ig_node_down "$node"
}

test_registration() {
    local node=$OUT/node-reg-$IG_ARCH o=$OUT/reg-$IG_ARCH
    mkdir -p "$o"
    node_up "$node" || { ig_fail "registration: node up"; return; }
    # The test bed's node set-up registers the event source for the
    # scenarios; here register.cmd is to do it.
    WINEPREFIX=$node/prefix wine reg delete "$EVKEY" /f </dev/null >/dev/null 2>&1
    rm -f "$node/prefix/drive_c/cluster/imsguard.dll" "$node/prefix/drive_c/cluster/imsguardex.dll"

    reg_wine "$node" cluster restype "IMS Guard" /prop >"$o/prop0" 2>&1
    ig_check "cluster.exe: an unknown resource type is error 5078" has "$o/prop0" "exit status 5078"
    ig_check "cluster.exe: ... with the real tool's message" \
        has "$o/prop0" "System error 5078 has occurred (0x000013d6)."
    ig_check "cluster.exe: ... and text" has "$o/prop0" "The specified resource type was not found."

    # A missing imsguard.dll: a clear error, nothing changed.
    db_export "$node" "$o/db-before"
    IG_KIT_NO_DLL=1 reg_wine "$node" register >"$o/missing" 2>&1
    ig_check "register.cmd: a missing imsguard.dll is refused (exit 1)" test $? -eq 1
    ig_check "register.cmd: ... and says which file is missing" has "$o/missing" \
        'register: imsguard.dll is not in C:\kit\ - copy the build for this cluster there. Nothing was changed.'
    db_export "$node" "$o/db-after-missing"
    ig_check "register.cmd: ... the cluster database is unchanged" cmp -s "$o/db-before" "$o/db-after-missing"
    ig_check "register.cmd: ... no event source was registered" equal "$(reg_value "$node" "$EVKEY" TypesSupported)" ""
    ig_check "register.cmd: ... the extension is not registered with COM" equal "$(reg_value "$node" "$COMKEY" /ve)" ""
    ig_check "register.cmd: ... and no DLL was copied" test ! -e "$node/prefix/drive_c/cluster/imsguardex.dll"

    # Register, twice.
    reg_wine "$node" register >"$o/reg1" 2>&1
    ig_check "register.cmd: register (exit 0)" exited_ok $? "$o/reg1"
    ig_check "register.cmd: ... copied the DLLs to %SystemRoot%\\Cluster" \
        cmp -s "$root/build/$IG_ARCH/imsguard.dll" "$node/prefix/drive_c/cluster/imsguard.dll"
    ig_check "register.cmd: ... created the type" has "$o/reg1" 'register: resource type "IMS Guard" created'
    reg_wine "$node" cluster restype "IMS Guard" /prop >"$o/prop1" 2>&1
    ig_check "register.cmd: DllName = imsguard.dll" grep -qE '^SR +IMS Guard +DllName +imsguard.dll' "$o/prop1"
    ig_check "register.cmd: LooksAlivePollInterval = 5000" grep -qE '^D +IMS Guard +LooksAlivePollInterval +5000 ' "$o/prop1"
    ig_check "register.cmd: IsAlivePollInterval = 60000" grep -qE '^D +IMS Guard +IsAlivePollInterval +60000 ' "$o/prop1"
    ig_check "register.cmd: AdminExtensions = the extension's CLSID, once" \
        test "$(grep -c -- "$CLSID" "$o/prop1")" -eq 1
    ig_check "register.cmd: COM class registered (regsvr32)" contains "$(reg_value "$node" "$COMKEY" /ve)" "$CLSID"
    ig_check "register.cmd: event source EventMessageFile = the installed DLL" \
        contains "$(reg_value "$node" "$EVKEY" EventMessageFile)" 'REG_EXPAND_SZ    C:\windows\Cluster\imsguard.dll'
    ig_check "register.cmd: event source TypesSupported = 7" \
        contains "$(reg_value "$node" "$EVKEY" TypesSupported)" 'REG_DWORD    0x7'
    db_export "$node" "$o/db-reg1"
    reg_wine "$node" register >"$o/reg2" 2>&1
    ig_check "register.cmd: register again (exit 0)" exited_ok $? "$o/reg2"
    ig_check "register.cmd: ... finds the type" has "$o/reg2" 'register: resource type "IMS Guard" already exists'
    db_export "$node" "$o/db-reg2"
    ig_check "register.cmd: ... and the cluster database is identical" cmp -s "$o/db-reg1" "$o/db-reg2"

    # Another extension's CLSID is kept, ours not duplicated.
    reg_wine "$node" cluster restype "IMS Guard" /prop "AdminExtensions=$OTHER_CLSID" >"$o/setext" 2>&1
    ig_check "cluster.exe: restype /prop AdminExtensions=... (exit 0)" has "$o/setext" "exit status 0"
    reg_wine "$node" register >/dev/null 2>&1
    reg_wine "$node" cluster restype "IMS Guard" /prop >"$o/prop2" 2>&1
    ig_check "register.cmd: next to another extension: both CLSIDs" \
        test "$(grep -c -e "$CLSID" -e "$OTHER_CLSID" "$o/prop2")" -eq 2
    reg_wine "$node" cluster '/unregadminext:C:\windows\Cluster\imsguardex.dll' >"$o/unregext" 2>&1
    reg_wine "$node" cluster restype "IMS Guard" /prop >"$o/prop3" 2>&1
    ig_check "cluster.exe: /unregadminext takes only ours out" \
        test "$(grep -c -- "$CLSID" "$o/prop3")-$(grep -c -- "$OTHER_CLSID" "$o/prop3")" = 0-1
    reg_wine "$node" cluster '/regadminext:C:\windows\Cluster\imsguardex.dll' >/dev/null 2>&1

    test_registration_resources
}

# ------------------------------------------------------------ 3. the page

# A node with the IMS of <build>, the domain contoso.com, the type and the
# extension registered, and the resource "Internet Mail Service".
page_node() {
    local node=$1 build=$2
    node_up "$node" || return 1
    ig_install_ims "$node" "$build" || return 1
    ig_domain "$node" contoso.com
    reg_wine "$node" register >"$node/register.log" 2>&1 || return 1
    ig_add_resource "$node" "$RES" "IMS Guard"
}

test_page_good() {
    local node=$OUT/node-good-$IG_ARCH o=$OUT/good-$IG_ARCH
    local port stop ver fix exp
    port=$(id IDC_SMTP_PORT) stop=$(id IDC_STOP_TIMEOUT) ver=$(id IDC_FIRST_AFFECTED)
    fix=$(id IDC_FIRST_FIXED) exp=$(id IDC_EXPECTED_DOMAIN)
    mkdir -p "$o"
    rm -f "$o"/release-*
    page_node "$node" 5.5.2448.0 || { ig_fail "page (good node): node up"; return; }

    # Run 1: the page as opened, a screenshot, an invalid value, Apply.
    host_start "$node" "$o/run1" --dump --geometry --hold "$(winepath_of "$node" "$o/release-1")" 60 \
        --type "$port" 70000 --dump --apply --geometry --hold "$(winepath_of "$node" "$o/release-2")" 60 \
        --type "$ver" 5.5.2423.0 --dump --apply --type "$ver" 5.5.2232.0 \
        --type "$exp" 'bad..domain' --dump --close
    ig_check "page (good): screenshot of the page as opened" shoot "$o/run1" 1 "$OUT/page-good$SHOT.png" "$o/release-1"
    ig_check "page (good): screenshot with SmtpProbePort 70000" shoot "$o/run1" 2 "$OUT/page-invalid$SHOT.png" "$o/release-2"
    ig_check "page (good): the host ran cleanly (no leaks: DllCanUnloadNow, data object)" host_wait "$o/run1"
    ig_check "page (good): the extension was created through COM from AdminExtensions" \
        has "$o/run1" "host: extension $CLSID: created (0x00000000)"
    ig_check "page (good): the sheet is '$RES Properties'" has "$o/run1" "sheet \"$RES Properties\""
    ig_check "page (good): the page is 'Parameters'" has "$o/run1" 'page "Parameters"'
    ig_check "page (good): the properties came through ClusterResourceControl (GET)" \
        has "$o/run1" "shim: ClusterResourceControl(GET_PRIVATE_PROPERTIES, 0 bytes in) -> 0"
    ig_check "page (good): title is the resource's name" equal "$(ctl "$o/run1" 1 IDC_TITLE)" "$RES"
    ig_check "page (good): ServiceName field" equal "$(ctl "$o/run1" 1 IDC_SERVICE_NAME)" "MSExchangeIMC"
    ig_check "page (good): ImagePath field (empty)" equal "$(ctl "$o/run1" 1 IDC_IMAGE_PATH)" ""
    ig_check "page (good): ExpectedDnsDomain field (empty)" equal "$(ctl "$o/run1" 1 IDC_EXPECTED_DOMAIN)" ""
    ig_check "page (good): FirstAffectedVersion field" equal "$(ctl "$o/run1" 1 IDC_FIRST_AFFECTED)" "5.5.2232.0"
    ig_check "page (good): FirstFixedVersion field" equal "$(ctl "$o/run1" 1 IDC_FIRST_FIXED)" "5.5.2423.0"
    ig_check "page (good): SmtpProbePort field" equal "$(ctl "$o/run1" 1 IDC_SMTP_PORT)" "25"
    ig_check "page (good): StopTimeout field" equal "$(ctl "$o/run1" 1 IDC_STOP_TIMEOUT)" "30000"
    ig_check "page (good): RequireDnsDomain checked" contains "$(ctl_state "$o/run1" 1 IDC_REQUIRE_DOMAIN)" ",checked"
    ig_check "page (good): AllowAffectedBuild unchecked" contains "$(ctl_state "$o/run1" 1 IDC_ALLOW_AFFECTED)" ",unchecked"
    ig_check "page (good): no reason shown" equal "$(ctl "$o/run1" 1 IDC_NUMBERS_REASON)$(ctl "$o/run1" 1 IDC_SERVICE_NAME_REASON)" ""
    ig_check "page (good): preflight DNS domain" equal "$(ctl "$o/run1" 1 IDC_PF_DOMAIN)" "contoso.com"
    ig_check "page (good): preflight IMS build" equal "$(ctl "$o/run1" 1 IDC_PF_BUILD)" "5.5.2448.0 (SP2)"
    ig_check "page (good): verdict 'Would go online'" equal "$(ctl "$o/run1" 1 IDC_PF_VERDICT)" "Would go online"
    ig_check "page (good): the message says why" contains "$(ctl "$o/run1" 1 IDC_PF_MESSAGE)" \
        "the IMS build 5.5.2448.0 is outside the affected builds 5.5.2232.0 up to (not including) 5.5.2423.0"
    ig_check "page (good): typing 70000 in SmtpProbePort shows the reason" equal "$(ctl "$o/run1" 2 IDC_NUMBERS_REASON)" \
        "SmtpProbePort: 70000 is outside the allowed range 0 to 65535"
    ig_check "page (good): ... and enables Apply" has "$o/run1" 'sheet "Internet Mail Service Properties" apply-button enabled'
    ig_check "page (good): Apply is refused" test "$(grep -c '^apply: refused' "$o/run1")" -eq 2
    ig_check "page (good): ... and nothing was sent to the resource" hasnt "$o/run1" "SET_PRIVATE_PROPERTIES"
    ig_check "page (good): ... nor stored" equal "$(ig_get_param "$node" "$RES" SmtpProbePort)" ""
    ig_check "page (good): FirstAffectedVersion = FirstFixedVersion shows the joint rule" \
        equal "$(ctl "$o/run1" 3 IDC_VERSIONS_REASON)" \
        "FirstAffectedVersion 5.5.2423.0 must be lower than FirstFixedVersion 5.5.2423.0"
    ig_check "page (good): a malformed ExpectedDnsDomain shows its reason" \
        equal "$(ctl "$o/run1" 4 IDC_EXPECTED_DOMAIN_REASON)" "ExpectedDnsDomain: it has an empty label (two dots in a row, or a leading dot)"

    # Run 2: valid changes, Apply stores them through ResourceControl.
    host_start "$node" "$o/run2" --type "$port" 2525 --type "$exp" example.org --dump --apply --dump --close
    ig_check "page (good): run 2 ran cleanly" host_wait "$o/run2"
    ig_check "page (good): a valid SmtpProbePort clears the reason" equal "$(ctl "$o/run2" 1 IDC_NUMBERS_REASON)" ""
    ig_check "page (good): ExpectedDnsDomain example.org: the panel follows at once" \
        equal "$(ctl "$o/run2" 1 IDC_PF_VERDICT)" "Refused: not the expected DNS domain"
    ig_check "page (good): ... with Online's message" contains "$(ctl "$o/run2" 1 IDC_PF_MESSAGE)" \
        "the TCP/IP DNS domain of this node is 'contoso.com', but the resource's ExpectedDnsDomain is 'example.org'"
    ig_check "page (good): Apply is accepted" has "$o/run2" "apply: accepted"
    ig_check "page (good): ... sent as SET_PRIVATE_PROPERTIES, answered 0" \
        grep -qE '^shim: ClusterResourceControl\(SET_PRIVATE_PROPERTIES, [0-9]+ bytes in\) -> 0$' "$o/run2"
    ig_check "page (good): ... Apply is disabled again" has "$o/run2" 'apply-button disabled'
    ig_check "page (good): SmtpProbePort 2525 is in the cluster database" equal "$(ig_get_param "$node" "$RES" SmtpProbePort)" 2525
    ig_check "page (good): ExpectedDnsDomain example.org too" equal "$(ig_get_param "$node" "$RES" ExpectedDnsDomain)" example.org
    ig_check "page (good): properties not changed are not written" equal "$(ig_get_param "$node" "$RES" StopTimeout)" ""

    # Run 3: the page shows what is stored; the panel follows the node (the
    # domain removed while the sheet is open: its next look, every 5 s; the
    # host waits for it, a minute at most on a busy machine).
    host_start "$node" "$o/run3" --type "$exp" "" --dump --hold "$(winepath_of "$node" "$o/release-3")" 60 \
        --wait-text "$(id IDC_PF_VERDICT)" "Refused: no TCP/IP DNS domain" 60 --dump --close
    wait_line "$o/run3" holding 60
    ig_domain "$node" clear
    touch "$o/release-3"
    ig_check "page (good): run 3 ran cleanly" host_wait "$o/run3"
    ig_check "page (good): reopened, the stored SmtpProbePort shows" equal "$(ctl "$o/run3" 1 IDC_SMTP_PORT)" "2525"
    ig_check "page (good): ExpectedDnsDomain emptied: would go online" equal "$(ctl "$o/run3" 1 IDC_PF_VERDICT)" "Would go online"
    ig_check "page (good): domain removed from the node: the panel says so" \
        equal "$(ctl "$o/run3" 2 IDC_PF_VERDICT)" "Refused: no TCP/IP DNS domain"
    ig_check "page (good): ... DNS domain '(not set)'" equal "$(ctl "$o/run3" 2 IDC_PF_DOMAIN)" "(not set)"
    ig_check "page (good): ... with the 4058/4067 message" contains "$(ctl "$o/run3" 2 IDC_PF_MESSAGE)" \
        "would stop with events 4058 (name resolver cannot be initialized) and 4067"
    ig_node_down "$node"
}

test_page_refused() {
    local node=$OUT/node-refused-$IG_ARCH o=$OUT/refused-$IG_ARCH
    mkdir -p "$o"
    rm -f "$o"/release-*
    page_node "$node" 5.5.2232.0 || { ig_fail "page (refused node): node up"; return; }

    host_start "$node" "$o/run1" --dump --geometry --hold "$(winepath_of "$node" "$o/release-1")" 60 \
        --click "$(id IDC_ALLOW_AFFECTED)" --dump --close
    ig_check "page (refused): screenshot" shoot "$o/run1" 1 "$OUT/page-refused$SHOT.png" "$o/release-1"
    ig_check "page (refused): the host ran cleanly" host_wait "$o/run1"
    ig_check "page (refused): preflight IMS build" equal "$(ctl "$o/run1" 1 IDC_PF_BUILD)" "5.5.2232.0 (SP1)"
    ig_check "page (refused): preflight DNS domain" equal "$(ctl "$o/run1" 1 IDC_PF_DOMAIN)" "contoso.com"
    ig_check "page (refused): verdict refused, Q194128" equal "$(ctl "$o/run1" 1 IDC_PF_VERDICT)" \
        "Refused: affected IMS build (Q194128)"
    ig_check "page (refused): the message is Online's Q194128 text" contains "$(ctl "$o/run1" 1 IDC_PF_MESSAGE)" \
        "C:\\\\exchsrvr\\\\connect\\\\msexcimc\\\\bin\\\\msexcimc.exe is version 5.5.2232.0, affected by Knowledge Base article Q194128: builds from 5.5.2232.0 up to (not including) 5.5.2423.0 stop with events 4058 and 4067 on a cluster."
    ig_check "page (refused): ... naming the fix" contains "$(ctl "$o/run1" 1 IDC_PF_MESSAGE)" \
        "Install Exchange Server 5.5 Service Pack 2 or later (or the fix, Msexcimc.exe 5.5.2423.0)"
    ig_check "page (refused): ... and the Possible Owners remedy" contains "$(ctl "$o/run1" 1 IDC_PF_MESSAGE)" \
        "Until then, remove this node from the resource's Possible Owners."
    ig_check "page (refused): ... and Online's error code" contains "$(ctl "$o/run1" 1 IDC_PF_MESSAGE)" \
        "Online would fail with error 0x20490006."
    ig_check "page (refused): AllowAffectedBuild ticked: would go online, with a warning" \
        equal "$(ctl "$o/run1" 2 IDC_PF_VERDICT)" "Would go online, with a warning"
    ig_check "page (refused): ... the warning is Online's" contains "$(ctl "$o/run1" 2 IDC_PF_MESSAGE)" \
        "It is being started anyway because AllowAffectedBuild is 1."
    ig_check "page: SmtpProbeTimeout field" equal "$(ctl "$o/run1" 1 IDC_SMTP_TIMEOUT)" "200"
    ig_check "page: SmtpProbeFailures field" equal "$(ctl "$o/run1" 1 IDC_SMTP_FAILURES)" "1"
    ig_check "page: StartupParameters field (empty)" equal "$(ctl "$o/run1" 1 IDC_STARTUP_PARAMS)" ""
    ig_check "page: ManageServiceConfig checked" contains "$(ctl_state "$o/run1" 1 IDC_MANAGE_CONFIG)" ",checked"
    ig_check "page: UseNetworkName unchecked" contains "$(ctl_state "$o/run1" 1 IDC_USE_NETWORK_NAME)" ",unchecked"

    # A value stored by another tool that the DLL would refuse: the page
    # opens, shows it as stored with the DLL's own reason, and refuses Apply
    # until it is corrected; the correction is stored.
    ig_set_param "$node" "$RES" StopTimeout dword 5
    host_start "$node" "$o/run2" --dump --apply --type "$(id IDC_STOP_TIMEOUT)" 30000 --dump --apply --dump --close
    ig_check "page (invalid stored): the host ran cleanly" host_wait "$o/run2"
    ig_check "page (invalid stored): the page opens" has "$o/run2" 'page "Parameters"'
    ig_check "page (invalid stored): StopTimeout shows the stored 5" equal "$(ctl "$o/run2" 1 IDC_STOP_TIMEOUT)" "5"
    ig_check "page (invalid stored): ... with the DLL's reason" equal "$(ctl "$o/run2" 1 IDC_NUMBERS_REASON)" \
        "StopTimeout: the stored value 5 is outside the allowed range 100 to 600000"
    ig_check "page (invalid stored): Apply is refused while it stands" test "$(grep -c '^apply: refused' "$o/run2")" -eq 1
    ig_check "page (invalid stored): corrected, the reason goes" equal "$(ctl "$o/run2" 2 IDC_NUMBERS_REASON)" ""
    ig_check "page (invalid stored): ... and Apply stores it" equal "$(ig_get_param "$node" "$RES" StopTimeout)" 30000
    ig_node_down "$node"
}

# ------------------------------------------------------------ main

started=$(date +%s)
parts=${*:-multisz registration page}
part() { case " $parts " in *" $1 "*) return 0 ;; esac; return 1; }
part multisz && test_multisz

have_wine_for() {
    if [ "$1" = i686 ]; then
        dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q "ok installed"
    else
        command -v wine >/dev/null 2>&1
    fi
}

if ! start_xvfb; then
    ig_fail "Xvfb could not be started (see $OUT/xvfb.log)"
else
    echo "admin: Xvfb on $DISPLAY"
    for IG_ARCH in ${IG_ARCHES:-x86_64 i686}; do
        export IG_ARCH
        SHOT=""                       # screenshots: page-good.png, page-good-i686.png
        [ "$IG_ARCH" = x86_64 ] || SHOT=-$IG_ARCH
        if ! have_wine_for "$IG_ARCH"; then
            echo "admin[$IG_ARCH]: SKIPPED: no $( [ "$IG_ARCH" = i686 ] && echo 32-bit || echo 64-bit ) Wine" \
                 "on this machine; the $IG_ARCH extension was built, not run"
            continue
        fi
        for f in imsguardex.dll cluster.exe cluadminhost.exe imsguard.dll clusapi.dll clusreg.exe; do
            [ -f "$root/build/$IG_ARCH/$f" ] || { ig_fail "admin[$IG_ARCH]: build/$IG_ARCH/$f is not built"; continue 2; }
        done
        t0=$(date +%s)
        if part registration; then
            test_registration
            echo "admin[$IG_ARCH]: registration checks took $(( $(date +%s) - t0 )) s"
        fi
        t0=$(date +%s)
        if part page; then
            test_page_good
            test_page_refused
            echo "admin[$IG_ARCH]: page checks took $(( $(date +%s) - t0 )) s"
        fi
    done
fi

for png in "$OUT"/page-*.png; do
    [ -f "$png" ] && echo "screenshot: build/admin/${png##*/}"
done
echo "admin tests took $(( $(date +%s) - started )) s"
ig_summary

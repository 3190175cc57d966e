#!/usr/bin/env bash
# tests/admin/run.sh - the Cluster Administrator integration, tested.
#
#  1. multisz: the AdminExtensions list editing (native cmocka test).
#  2. registration round trip on a Wine node, with admin/register-wine.sh
#     (imsreg.exe): a missing DLL is refused with the database unchanged;
#     register, register again (nothing changes, no duplicate CLSID, another
#     extension's CLSID kept); a failure half-way puts everything back;
#     unregister is refused while a resource of the type exists, then
#     removes everything, and again is harmless; regsvr32 works on the DLL;
#     register.cmd / unregister.cmd stop on a missing DLL or cluster.exe.
#  3. the page, under Xvfb, in cluadminhost.exe (tests/admin/cluadmin_host.c)
#     on a good node (SP2 + DNS domain) and a refused node (SP1): the
#     controls hold the stored values and the preflight verdict; an invalid
#     value shows its reason and Apply is refused; a valid change is stored
#     through ResourceControl and read back; the panel follows the page and
#     the node. Screenshots: build/admin/page-good.png, page-refused.png
#     (and page-invalid.png; -i686 in the names for the 32-bit run).
#
# Prints a line per check and closes with "N passed, M failed".
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

pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok - $*"; }
nok() { fail=$((fail + 1)); echo "FAIL - $*"; }
# check <what> <command...>: one check, passed when the command succeeds; a
# failure shows what was wanted and, for has/hasnt, the file's last lines.
check() {
    local what=$1
    shift
    if "$@"; then ok "$what"; return; fi
    nok "$what"
    echo "     wanted: $*" | cut -c1-400
    case $1 in
    has|hasnt)
        echo "     ${2#$root/} has:"
        tr -d '\r' <"$2" 2>/dev/null | tail -n 12 | cut -c1-400 | sed 's/^/       /'
        [ -s "$2" ] || echo "       (nothing)"
        ;;
    esac
    return 0
}
has()    { grep -qF -- "$2" "$1"; }                  # has <file> <text>
hasnt()  { ! grep -qF -- "$2" "$1"; }
equal()  { [ "$1" = "$2" ] || { echo "   got:  '$1'"; echo "   want: '$2'"; return 1; }; }
contains() { case $1 in *"$2"*) return 0 ;; esac; echo "   got: '$1'"; echo "   no:  '$2'"; return 1; }

# Control IDs of the page, from the extension's resource.h.
id() { awk -v n="$1" '$1 == "#define" && $2 == n { print $3 }' "$root/admin/resource.h"; }

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
# of nt4-look.reg. And the extension, imsreg and the host in C:\cluster.
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
    for f in imsguardex.dll imsreg.exe cluadminhost.exe; do
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
        nok "multisz: $bin is not built (make admin)"
        return
    fi
    "$bin" >"$log" 2>&1
    n=$(sed -n 's/.*\[==========\] \([0-9]*\) test(s) run.*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/.*\[  FAILED  \] \([0-9]*\) test(s).*/\1/p' "$log" | tail -n 1)
    n=${n:-0} f=${f:-0}
    pass=$((pass + n - f))
    fail=$((fail + f))
    [ "$n" -gt 0 ] || nok "multisz: no test ran"
    echo "multisz: $((n - f)) of $n AdminExtensions list tests passed"
    [ "$f" -eq 0 ] || sed 's/^/   /' "$log"
}

# ------------------------------------------------------------ 2. registration

test_registration() {
    local node=$OUT/node-reg-$IG_ARCH o=$OUT/reg-$IG_ARCH
    mkdir -p "$o"
    node_up "$node" || { nok "registration: node up"; return; }

    reg_wine "$node" show >"$o/show0" 2>&1
    check "registration: a fresh node has no IMS Guard type" has "$o/show0" "resource type 'IMS Guard': not registered"

    # A missing DLL: a clear error, nothing changed.
    db_export "$node" "$o/db-before"
    reg_wine "$node" register --dll 'C:\cluster\nothere\imsguard.dll' >"$o/missing" 2>&1
    check "registration: a missing imsguard.dll is refused (exit 1)" test $? -eq 1
    check "registration: ... and says which file is missing" has "$o/missing" "C:\\cluster\\nothere\\imsguard.dll is not there"
    db_export "$node" "$o/db-after-missing"
    check "registration: ... and the cluster database is unchanged" cmp -s "$o/db-before" "$o/db-after-missing"
    reg_wine "$node" show >"$o/show1" 2>&1
    check "registration: ... and the extension is not registered with COM" has "$o/show1" "$CLSID: not registered"
    reg_wine "$node" register --adminext 'C:\cluster\imsguard.dll' >"$o/notext" 2>&1
    check "registration: a DLL that is no admin extension is refused" test $? -eq 1
    db_export "$node" "$o/db-after-notext"
    check "registration: ... with the database unchanged" cmp -s "$o/db-before" "$o/db-after-notext"

    # Register, twice.
    reg_wine "$node" register >"$o/reg1" 2>&1
    check "registration: register (exit 0)" test $? -eq 0
    reg_wine "$node" show >"$o/show2" 2>&1
    check "registration: DllName = imsguard.dll" has "$o/show2" "  DllName = imsguard.dll"
    check "registration: LooksAlivePollInterval = 5000" has "$o/show2" "  LooksAlivePollInterval = 5000"
    check "registration: IsAlivePollInterval = 60000" has "$o/show2" "  IsAlivePollInterval = 60000"
    check "registration: AdminExtensions = the extension's CLSID, once" has "$o/show2" "  AdminExtensions = $CLSID (1)"
    check "registration: COM class registered (InprocServer32)" has "$o/show2" "COM class $CLSID: C:\\cluster\\imsguardex.dll"
    db_export "$node" "$o/db-reg1"
    reg_wine "$node" register >"$o/reg2" 2>&1
    check "registration: register again (exit 0)" test $? -eq 0
    check "registration: ... every value unchanged" test "$(grep -c '(unchanged)' "$o/reg2")" -eq 4
    db_export "$node" "$o/db-reg2"
    check "registration: ... and the database is identical" cmp -s "$o/db-reg1" "$o/db-reg2"

    # Another extension's CLSID is kept, ours not duplicated.
    WINEPREFIX=$node/prefix wine reg add 'HKLM\Cluster\ResourceTypes\IMS Guard' /v AdminExtensions /t REG_MULTI_SZ \
        /d "$OTHER_CLSID" /f </dev/null >/dev/null 2>&1
    reg_wine "$node" regadminext >"$o/regext" 2>&1
    check "registration: regadminext next to another extension (exit 0)" test $? -eq 0
    reg_wine "$node" regadminext >/dev/null 2>&1
    reg_wine "$node" show >"$o/show3" 2>&1
    check "registration: ... both CLSIDs, ours once" has "$o/show3" "  AdminExtensions = $OTHER_CLSID $CLSID (2)"
    reg_wine "$node" unregadminext >"$o/unregext" 2>&1
    reg_wine "$node" show >"$o/show4" 2>&1
    check "registration: unregadminext takes only ours out" has "$o/show4" "  AdminExtensions = $OTHER_CLSID (1)"
    check "registration: ... and unregisters the COM class" has "$o/show4" "$CLSID: not registered"
    reg_wine "$node" register >/dev/null 2>&1

    # A failure half-way: AdminExtensions of the wrong type cannot be
    # edited; what register had changed is put back.
    WINEPREFIX=$node/prefix wine reg add 'HKLM\Cluster\ResourceTypes\IMS Guard' /v AdminExtensions /t REG_SZ \
        /d "$OTHER_CLSID" /f </dev/null >/dev/null 2>&1
    WINEPREFIX=$node/prefix wine reg add 'HKLM\Cluster\ResourceTypes\IMS Guard' /v DllName /t REG_SZ \
        /d 'old\imsguard.dll' /f </dev/null >/dev/null 2>&1
    WINEPREFIX=$node/prefix wine reg delete 'HKLM\Cluster\ResourceTypes\IMS Guard' /v IsAlivePollInterval /f \
        </dev/null >/dev/null 2>&1
    db_export "$node" "$o/db-before-fail"
    reg_wine "$node" register >"$o/fail" 2>&1
    check "registration: a failure half-way is an error (exit 1)" test $? -eq 1
    check "registration: ... that says the database is as before" has "$o/fail" "the cluster database is as it was before"
    db_export "$node" "$o/db-after-fail"
    check "registration: ... and it is" cmp -s "$o/db-before-fail" "$o/db-after-fail"
    WINEPREFIX=$node/prefix wine reg delete 'HKLM\Cluster\ResourceTypes\IMS Guard' /v AdminExtensions /f \
        </dev/null >/dev/null 2>&1
    reg_wine "$node" register >/dev/null 2>&1
    check "registration: register repairs the type" test $? -eq 0

    # Unregister: refused while a resource uses the type.
    ig_add_resource "$node" "$RES" "IMS Guard"
    db_export "$node" "$o/db-with-res"
    reg_wine "$node" unregister >"$o/unreg-busy" 2>&1
    check "registration: unregister refused while '$RES' exists (exit 1)" test $? -eq 1
    check "registration: ... naming the resource" has "$o/unreg-busy" "the resource '$RES' is of type 'IMS Guard'"
    db_export "$node" "$o/db-after-busy"
    check "registration: ... with the database unchanged" cmp -s "$o/db-with-res" "$o/db-after-busy"
    WINEPREFIX=$node/prefix wine reg delete "$(ig_res_key "$RES")" /f </dev/null >/dev/null 2>&1

    reg_wine "$node" unregister >"$o/unreg1" 2>&1
    check "registration: unregister (exit 0)" test $? -eq 0
    reg_wine "$node" show >"$o/show5" 2>&1
    check "registration: ... the type is gone" has "$o/show5" "resource type 'IMS Guard': not registered"
    check "registration: ... and the COM class" has "$o/show5" "$CLSID: not registered"
    reg_wine "$node" unregister >"$o/unreg2" 2>&1
    check "registration: unregister again is harmless (exit 0)" test $? -eq 0
    check "registration: ... and says there was nothing to remove" has "$o/unreg2" "is not registered: nothing to remove"

    # register.cmd / unregister.cmd are for real clusters: under Wine's cmd
    # (no cluster.exe, no \\node\admin$) only their first checks run.
    local kit=$node/prefix/drive_c/kit
    mkdir -p "$kit"
    cp "$root/admin/register.cmd" "$root/admin/unregister.cmd" "$kit/"
    db_export "$node" "$o/db-before-cmd"
    WINEPREFIX=$node/prefix wine cmd /c 'C:\kit\register.cmd' </dev/null >"$o/cmd-nodll" 2>&1
    check "register.cmd: without imsguard.dll beside it: exit 1" test $? -eq 1
    check "register.cmd: ... says so, nothing changed" \
        has "$o/cmd-nodll" 'register: imsguard.dll is not in C:\kit\ - copy the build for this cluster there. Nothing was changed.'
    cp "$root/build/$IG_ARCH/imsguard.dll" "$root/build/$IG_ARCH/imsguardex.dll" "$kit/"
    WINEPREFIX=$node/prefix wine cmd /c 'C:\kit\register.cmd' </dev/null >"$o/cmd-nocluster" 2>&1
    check "register.cmd: no cluster.exe answering: exit 1, nothing changed" \
        has "$o/cmd-nocluster" "register: cluster.exe does not answer for this cluster"
    WINEPREFIX=$node/prefix wine cmd /c 'C:\kit\unregister.cmd' </dev/null >"$o/cmd-unreg" 2>&1
    check "unregister.cmd: no cluster.exe answering: exit 1" test $? -eq 1
    db_export "$node" "$o/db-after-cmd"
    check "register.cmd / unregister.cmd: the database is unchanged" cmp -s "$o/db-before-cmd" "$o/db-after-cmd"

    # regsvr32 (register.cmd's COM step) works on the DLL.
    WINEPREFIX=$node/prefix wine regsvr32 /s 'C:\cluster\imsguardex.dll' </dev/null >/dev/null 2>&1
    reg_wine "$node" show >"$o/show6" 2>&1
    check "registration: regsvr32 imsguardex.dll registers the COM class" has "$o/show6" "COM class $CLSID: C:\\cluster\\imsguardex.dll"
    WINEPREFIX=$node/prefix wine regsvr32 /u /s 'C:\cluster\imsguardex.dll' </dev/null >/dev/null 2>&1
    reg_wine "$node" show >"$o/show7" 2>&1
    check "registration: regsvr32 /u removes it" has "$o/show7" "$CLSID: not registered"

    ig_node_down "$node"
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
    page_node "$node" 5.5.2448.0 || { nok "page (good node): node up"; return; }

    # Run 1: the page as opened, a screenshot, an invalid value, Apply.
    host_start "$node" "$o/run1" --dump --geometry --hold "$(winepath_of "$node" "$o/release-1")" 60 \
        --type "$port" 70000 --dump --apply --geometry --hold "$(winepath_of "$node" "$o/release-2")" 60 \
        --type "$ver" 5.5.2423.0 --dump --apply --type "$ver" 5.5.2232.0 \
        --type "$exp" 'bad..domain' --dump --close
    check "page (good): screenshot of the page as opened" shoot "$o/run1" 1 "$OUT/page-good$SHOT.png" "$o/release-1"
    check "page (good): screenshot with SmtpProbePort 70000" shoot "$o/run1" 2 "$OUT/page-invalid$SHOT.png" "$o/release-2"
    check "page (good): the host ran cleanly (no leaks: DllCanUnloadNow, data object)" host_wait "$o/run1"
    check "page (good): the extension was created through COM from AdminExtensions" \
        has "$o/run1" "host: extension $CLSID: created (0x00000000)"
    check "page (good): the sheet is '$RES Properties'" has "$o/run1" "sheet \"$RES Properties\""
    check "page (good): the page is 'Parameters'" has "$o/run1" 'page "Parameters"'
    check "page (good): the properties came through ClusterResourceControl (GET)" \
        has "$o/run1" "shim: ClusterResourceControl(GET_PRIVATE_PROPERTIES, 0 bytes in) -> 0"
    check "page (good): title is the resource's name" equal "$(ctl "$o/run1" 1 IDC_TITLE)" "$RES"
    check "page (good): ServiceName field" equal "$(ctl "$o/run1" 1 IDC_SERVICE_NAME)" "MSExchangeIMC"
    check "page (good): ImagePath field (empty)" equal "$(ctl "$o/run1" 1 IDC_IMAGE_PATH)" ""
    check "page (good): ExpectedDnsDomain field (empty)" equal "$(ctl "$o/run1" 1 IDC_EXPECTED_DOMAIN)" ""
    check "page (good): FirstAffectedVersion field" equal "$(ctl "$o/run1" 1 IDC_FIRST_AFFECTED)" "5.5.2232.0"
    check "page (good): FirstFixedVersion field" equal "$(ctl "$o/run1" 1 IDC_FIRST_FIXED)" "5.5.2423.0"
    check "page (good): SmtpProbePort field" equal "$(ctl "$o/run1" 1 IDC_SMTP_PORT)" "25"
    check "page (good): StopTimeout field" equal "$(ctl "$o/run1" 1 IDC_STOP_TIMEOUT)" "30000"
    check "page (good): RequireDnsDomain checked" contains "$(ctl_state "$o/run1" 1 IDC_REQUIRE_DOMAIN)" ",checked"
    check "page (good): AllowAffectedBuild unchecked" contains "$(ctl_state "$o/run1" 1 IDC_ALLOW_AFFECTED)" ",unchecked"
    check "page (good): no reason shown" equal "$(ctl "$o/run1" 1 IDC_NUMBERS_REASON)$(ctl "$o/run1" 1 IDC_SERVICE_NAME_REASON)" ""
    check "page (good): preflight DNS domain" equal "$(ctl "$o/run1" 1 IDC_PF_DOMAIN)" "contoso.com"
    check "page (good): preflight IMS build" equal "$(ctl "$o/run1" 1 IDC_PF_BUILD)" "5.5.2448.0 (SP2)"
    check "page (good): verdict 'Would go online'" equal "$(ctl "$o/run1" 1 IDC_PF_VERDICT)" "Would go online"
    check "page (good): the message says why" contains "$(ctl "$o/run1" 1 IDC_PF_MESSAGE)" \
        "the IMS build 5.5.2448.0 is outside the affected builds 5.5.2232.0 up to (not including) 5.5.2423.0"
    check "page (good): typing 70000 in SmtpProbePort shows the reason" equal "$(ctl "$o/run1" 2 IDC_NUMBERS_REASON)" \
        "SmtpProbePort: 70000 is outside the allowed range 0 to 65535"
    check "page (good): ... and enables Apply" has "$o/run1" 'sheet "Internet Mail Service Properties" apply-button enabled'
    check "page (good): Apply is refused" test "$(grep -c '^apply: refused' "$o/run1")" -eq 2
    check "page (good): ... and nothing was sent to the resource" hasnt "$o/run1" "SET_PRIVATE_PROPERTIES"
    check "page (good): ... nor stored" equal "$(ig_get_param "$node" "$RES" SmtpProbePort)" ""
    check "page (good): FirstAffectedVersion = FirstFixedVersion shows the joint rule" \
        equal "$(ctl "$o/run1" 3 IDC_VERSIONS_REASON)" \
        "FirstAffectedVersion 5.5.2423.0 must be lower than FirstFixedVersion 5.5.2423.0"
    check "page (good): a malformed ExpectedDnsDomain shows its reason" \
        equal "$(ctl "$o/run1" 4 IDC_EXPECTED_DOMAIN_REASON)" "ExpectedDnsDomain: it has an empty label (two dots in a row, or a leading dot)"

    # Run 2: valid changes, Apply stores them through ResourceControl.
    host_start "$node" "$o/run2" --type "$port" 2525 --type "$exp" example.org --dump --apply --dump --close
    check "page (good): run 2 ran cleanly" host_wait "$o/run2"
    check "page (good): a valid SmtpProbePort clears the reason" equal "$(ctl "$o/run2" 1 IDC_NUMBERS_REASON)" ""
    check "page (good): ExpectedDnsDomain example.org: the panel follows at once" \
        equal "$(ctl "$o/run2" 1 IDC_PF_VERDICT)" "Refused: not the expected DNS domain"
    check "page (good): ... with Online's message" contains "$(ctl "$o/run2" 1 IDC_PF_MESSAGE)" \
        "the TCP/IP DNS domain of this node is 'contoso.com', but the resource's ExpectedDnsDomain is 'example.org'"
    check "page (good): Apply is accepted" has "$o/run2" "apply: accepted"
    check "page (good): ... sent as SET_PRIVATE_PROPERTIES, answered 0" \
        grep -qE '^shim: ClusterResourceControl\(SET_PRIVATE_PROPERTIES, [0-9]+ bytes in\) -> 0$' "$o/run2"
    check "page (good): ... Apply is disabled again" has "$o/run2" 'apply-button disabled'
    check "page (good): SmtpProbePort 2525 is in the cluster database" equal "$(ig_get_param "$node" "$RES" SmtpProbePort)" 2525
    check "page (good): ExpectedDnsDomain example.org too" equal "$(ig_get_param "$node" "$RES" ExpectedDnsDomain)" example.org
    check "page (good): properties not changed are not written" equal "$(ig_get_param "$node" "$RES" StopTimeout)" ""

    # Run 3: the page shows what is stored; the panel follows the node (the
    # domain removed while the sheet is open: its next look, every 5 s; the
    # host waits for it, a minute at most on a busy machine).
    host_start "$node" "$o/run3" --type "$exp" "" --dump --hold "$(winepath_of "$node" "$o/release-3")" 60 \
        --wait-text "$(id IDC_PF_VERDICT)" "Refused: no TCP/IP DNS domain" 60 --dump --close
    wait_line "$o/run3" holding 60
    ig_domain "$node" clear
    touch "$o/release-3"
    check "page (good): run 3 ran cleanly" host_wait "$o/run3"
    check "page (good): reopened, the stored SmtpProbePort shows" equal "$(ctl "$o/run3" 1 IDC_SMTP_PORT)" "2525"
    check "page (good): ExpectedDnsDomain emptied: would go online" equal "$(ctl "$o/run3" 1 IDC_PF_VERDICT)" "Would go online"
    check "page (good): domain removed from the node: the panel says so" \
        equal "$(ctl "$o/run3" 2 IDC_PF_VERDICT)" "Refused: no TCP/IP DNS domain"
    check "page (good): ... DNS domain '(not set)'" equal "$(ctl "$o/run3" 2 IDC_PF_DOMAIN)" "(not set)"
    check "page (good): ... with the 4058/4067 message" contains "$(ctl "$o/run3" 2 IDC_PF_MESSAGE)" \
        "would stop with events 4058 (name resolver cannot be initialized) and 4067"
    ig_node_down "$node"
}

test_page_refused() {
    local node=$OUT/node-refused-$IG_ARCH o=$OUT/refused-$IG_ARCH
    mkdir -p "$o"
    rm -f "$o"/release-*
    page_node "$node" 5.5.2232.0 || { nok "page (refused node): node up"; return; }

    host_start "$node" "$o/run1" --dump --geometry --hold "$(winepath_of "$node" "$o/release-1")" 60 \
        --click "$(id IDC_ALLOW_AFFECTED)" --dump --close
    check "page (refused): screenshot" shoot "$o/run1" 1 "$OUT/page-refused$SHOT.png" "$o/release-1"
    check "page (refused): the host ran cleanly" host_wait "$o/run1"
    check "page (refused): preflight IMS build" equal "$(ctl "$o/run1" 1 IDC_PF_BUILD)" "5.5.2232.0 (SP1)"
    check "page (refused): preflight DNS domain" equal "$(ctl "$o/run1" 1 IDC_PF_DOMAIN)" "contoso.com"
    check "page (refused): verdict refused, Q194128" equal "$(ctl "$o/run1" 1 IDC_PF_VERDICT)" \
        "Refused: affected IMS build (Q194128)"
    check "page (refused): the message is Online's Q194128 text" contains "$(ctl "$o/run1" 1 IDC_PF_MESSAGE)" \
        "C:\\\\exchsrvr\\\\connect\\\\msexcimc\\\\bin\\\\msexcimc.exe is version 5.5.2232.0. Builds from 5.5.2232.0 up to (not including) 5.5.2423.0 cannot initialize their name resolver on a cluster and stop with events 4058 and 4067 (Knowledge Base article Q194128)"
    check "page (refused): ... naming the fix" contains "$(ctl "$o/run1" 1 IDC_PF_MESSAGE)" \
        "Install Exchange Server 5.5 Service Pack 2 or later (or the fix, Msexcimc.exe 5.5.2423.0)"
    check "page (refused): ... and Online's error code" contains "$(ctl "$o/run1" 1 IDC_PF_MESSAGE)" \
        "Online would fail with error 0x20490006."
    check "page (refused): AllowAffectedBuild ticked: would go online, with a warning" \
        equal "$(ctl "$o/run1" 2 IDC_PF_VERDICT)" "Would go online, with a warning"
    check "page (refused): ... the warning is Online's" contains "$(ctl "$o/run1" 2 IDC_PF_MESSAGE)" \
        "It is being started anyway because AllowAffectedBuild is 1."
    ig_node_down "$node"
}

# ------------------------------------------------------------ main

started=$(date +%s)
test_multisz

have_wine_for() {
    if [ "$1" = i686 ]; then
        dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q "ok installed"
    else
        command -v wine >/dev/null 2>&1
    fi
}

if ! start_xvfb; then
    nok "Xvfb could not be started (see $OUT/xvfb.log)"
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
        for f in imsguardex.dll imsreg.exe cluadminhost.exe imsguard.dll clusapi.dll; do
            [ -f "$root/build/$IG_ARCH/$f" ] || { nok "admin[$IG_ARCH]: build/$IG_ARCH/$f is not built"; continue 2; }
        done
        t0=$(date +%s)
        test_registration
        echo "admin[$IG_ARCH]: registration checks took $(( $(date +%s) - t0 )) s"
        t0=$(date +%s)
        test_page_good
        test_page_refused
        echo "admin[$IG_ARCH]: page checks took $(( $(date +%s) - t0 )) s"
    done
fi

for png in "$OUT"/page-*.png; do
    [ -f "$png" ] && echo "screenshot: build/admin/${png##*/}"
done
echo "admin tests took $(( $(date +%s) - started )) s"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

# selftest-resident.sh - the resident mode of resmon.exe (resident.c),
# sourced by selftest.sh: test_resident runs inside its test_arch, with
# its EXE, RUN, arch and check helpers. A resident monitor is driven as
# the OCF agent drives it: requests written into a FIFO on its stdin, each
# answered on a reply FIFO of the client's.

# resident_up <name> <resource>: starts one; its stdout in $RUN/<name>.out
resident_up() {
    rname=$1
    rm -f "$RUN/$rname.ctl"
    mkfifo "$RUN/$rname.ctl"
    (cd "$RUN" && exec "$WINE" "$EXE" --resident "$2") \
        <>"$RUN/$rname.ctl" >"$RUN/$rname.out" 2>"$RUN/$rname.err" &
    RES_PID=$!
    RES_N=0
}

# ask <name> <verb> [ms]: one request; the answer in $RUN/<name>.<n>.out
# (so that the check helpers read it as run "<name>.<n>").
ask() {
    rname=$1
    RES_N=$((RES_N + 1))
    rep="$RUN/$rname.rep"
    rm -f "$rep"
    mkfifo "$rep"
    exec 4<>"$rep"
    printf '%s "Z:%s" %s\n' "$2" "$(printf '%s' "$rep" | sed 's|/|\\|g')" "${3:-}" 1<>"$RUN/$rname.ctl"
    timeout 30 sed '/^DONE /q' <&4 | tr -d '\r' >"$RUN/$rname.$RES_N.out"
    exec 4<&-
    rm -f "$rep"
    # the check helpers show a run's exit code and time: the answer has none
    echo "-" >"$RUN/$rname.$RES_N.rc"
    echo "-" >"$RUN/$rname.$RES_N.secs"
}

# resident_down <name>: waits (20 s at most) for the monitor to end after
# quit; its exit code in $RUN/<name>.rc ("hung" if it had to be killed).
resident_down() {
    n=0
    while kill -0 "$RES_PID" 2>/dev/null && [ "$n" -lt 200 ]; do
        sleep 0.1
        n=$((n + 1))
    done
    if kill -0 "$RES_PID" 2>/dev/null; then
        kill -KILL "$RES_PID" 2>/dev/null
        wait "$RES_PID" 2>/dev/null
        echo hung >"$RUN/$1.rc"
    else
        wait "$RES_PID"
        echo $? >"$RUN/$1.rc"
    fi
    echo "-" >"$RUN/$1.secs"
    rm -f "$RUN/$1.ctl"
}

test_resident() {
    # ------------------------------------------------ a synchronous resource
    resident_up rgood Good1
    ask rgood status
    check "$arch resident: status of the opened resource" \
        has rgood.1 '^DONE t=[0-9]+ verb=status ok=1 status=0 state=Offline$'
    ask rgood online
    check "$arch resident: online answers the call's lines" \
        has rgood.2 '^CALL t=[0-9]+ res=Good1 entry=Online ms=[0-9]+ status=0$'
    check "$arch resident: online answers status and state" \
        has rgood.2 '^DONE t=[0-9]+ verb=online ok=1 status=0 state=Online$'
    ask rgood looksalive
    check "$arch resident: looksalive answers the BOOL" \
        has rgood.3 '^DONE t=[0-9]+ verb=looksalive ok=1 status=1 state=Online$'
    ask rgood isalive
    check "$arch resident: isalive answers the BOOL" \
        has rgood.4 '^DONE t=[0-9]+ verb=isalive ok=1 status=1 state=Online$'
    ask rgood validate
    check "$arch resident: validate calls VALIDATE_PRIVATE_PROPERTIES" \
        has rgood.5 '^CONTROL t=[0-9]+ res=Good1 code=0x01000089 status=[0-9]+ bytes=0'
    check "$arch resident: validate answers" has rgood.5 '^DONE t=[0-9]+ verb=validate ok=1 status=[0-9]+ state=Online$'
    ask rgood bogus
    check "$arch resident: an unknown request is refused with the list" \
        has rgood.6 '^DONE t=[0-9]+ verb=bogus ok=0 status=1 state=Online reason="unknown request \\"bogus\\": online, offline, '
    printf 'online\n' 1<>"$RUN/rgood.ctl"     # no reply channel: said on stdout only
    ask rgood online
    check "$arch resident: online of an online resource is refused (monitor's rule)" \
        has rgood.7 '^DONE t=[0-9]+ verb=online ok=0 status=5023 state=Online reason="resource \\"Good1\\" is Online"$'
    ask rgood offline
    check "$arch resident: offline" has rgood.8 '^DONE t=[0-9]+ verb=offline ok=1 status=0 state=Offline$'
    ask rgood online
    ask rgood quit
    check "$arch resident: quit answers" has rgood.10 '^DONE t=[0-9]+ verb=quit ok=1 status=0 state=Online$'
    resident_down rgood
    check "$arch resident: a request without a reply channel is refused on stdout" \
        has rgood '^FAIL online reason="usage: <verb> <reply FIFO> \[ms\]"$'
    check "$arch resident: the monitor ends after quit" [ "$(cat "$RUN/rgood.rc")" != hung ]
    check "$arch resident: quit terminates what is online, then closes" \
        before rgood 'res=Good1 entry=Terminate' 'res=Good1 entry=Close'
    check "$arch resident: stdout has every answer's DONE line" [ "$(grep -c '^DONE ' "$RUN/rgood.out")" -eq 10 ]
    check "$arch resident: no violations" has rgood '^BYE t=[0-9]+ violations=0 hung=0 crashes=0$'

    # ------------------------------------------------ validate, the script command
    printf 'open Good1\nvalidate Good1\nquit\n' >"$RUN/validate.script"
    run validate --script validate.script </dev/null
    check "$arch validate: the stored Parameters go to VALIDATE_PRIVATE_PROPERTIES" \
        has validate '^CONTROL t=[0-9]+ res=Good1 code=0x01000089 status=[0-9]+ bytes=0'
    check "$arch validate: the command succeeds" \
        has validate '^OK validate Good1$'

    # ------------------------------------------------ the DLL's log lines
    resident_up rlog Logger1
    ask rlog online
    check "$arch resident: the DLL's log lines of the call are in the answer" \
        has rlog.1 '^LOG t=[0-9]+ res=Logger1 level=Error text='
    check "$arch resident: ... before its DONE line" before rlog.1 '^LOG t=[0-9]+ res=Logger1 level=Error' '^DONE '
    check "$arch resident: the log lines of Open are not in a later answer" \
        [ "$(grep -c 'text="Open' "$RUN/rlog.1.out")" -eq 0 ]
    ask rlog quit
    resident_down rlog

    # ------------------------------------------------ pending operations are waited for
    resident_up rpend Pending1
    ask rpend online
    check "$arch resident: a pending online is waited for" \
        has rpend.1 '^DONE t=[0-9]+ verb=online ok=1 status=997 state=Online$'
    check "$arch resident: its reports are in the answer" \
        has rpend.1 '^STATE t=[0-9]+ res=Pending1 state=OnlinePending checkpoint=3 via=report$'
    ask rpend offline
    check "$arch resident: a pending offline is waited for" \
        has rpend.2 '^DONE t=[0-9]+ verb=offline ok=1 status=997 state=Offline$'
    ask rpend quit
    resident_down rpend

    resident_up rfail PendFail1
    ask rfail online
    check "$arch resident: pending then Failed answers Failed" \
        has rfail.1 '^DONE t=[0-9]+ verb=online ok=1 status=997 state=Failed$'
    check "$arch resident: ... after the Terminate that follows" has rfail.1 '^CALL t=[0-9]+ res=PendFail1 entry=Terminate '
    ask rfail quit
    resident_down rfail

    resident_up rrefuse Refuse1
    ask rrefuse online
    check "$arch resident: a refused online answers the DLL's code" \
        has rrefuse.1 '^DONE t=[0-9]+ verb=online ok=1 status=2 state=Failed$'
    ask rrefuse quit
    resident_down rrefuse

    resident_up rsilent Silent1
    ask rsilent online 200
    check "$arch resident: online past its wait is terminated (timeout=1)" \
        has rsilent.1 '^DONE t=[0-9]+ verb=online ok=1 status=997 state=Offline timeout=1$'
    check "$arch resident: ... by Terminate" has rsilent.1 '^CALL t=[0-9]+ res=Silent1 entry=Terminate '
    ask rsilent online
    check "$arch resident: without a wait the PendingTimeout ends it" \
        has rsilent.2 '^TIMEOUT t=[0-9]+ res=Silent1 what=pending-timeout gap=[0-9]+ limit=600$'
    check "$arch resident: ... and the answer says Failed" \
        has rsilent.2 '^DONE t=[0-9]+ verb=online ok=1 status=997 state=Failed$'
    ask rsilent quit
    resident_down rsilent
    check "$arch resident: no violations in the pending runs" \
        [ "$(cat "$RUN/rpend.out" "$RUN/rfail.out" "$RUN/rrefuse.out" "$RUN/rsilent.out" |
             grep -c '^BYE t=[0-9]* violations=0 hung=0 crashes=0$')" -eq 4 ]

    # ------------------------------------------------ a resource that cannot be opened
    resident_up rnone NoSuchResource
    ask rnone status
    check "$arch resident: a failed open is every answer (state Closed)" \
        has rnone.1 '^DONE t=[0-9]+ verb=status ok=1 status=0 state=Closed$'
    ask rnone online
    check "$arch resident: online of a resource not open says why" \
        has rnone.2 '^DONE t=[0-9]+ verb=online ok=0 status=5007 state=Closed reason="no resource named \\"NoSuchResource\\" under HKLM'
    ask rnone quit
    resident_down rnone
    check "$arch resident: the monitor ends after quit, open failed or not" [ "$(cat "$RUN/rnone.rc")" != hung ]
}

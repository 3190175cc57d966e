# selftest-steps.sh - the steps of selftest.sh's test_arch, one function
# per kind of check (sourced by selftest.sh; they use its helpers and the
# variables test_arch sets for the architecture under test: arch, EXE,
# RUN).

# test_arch's step: good (the variables test_arch set: arch, EXE, RUN)
step_good() {
    run good <<'EOF'
# a synchronous resource, polling, controls, shutdown
open Good1
open "good spaced"
state Good1
online Good1
wait Good1 Online 2000
interval Good1 100 250
sleep 3000
poll off
control Good1 GET_CHARACTERISTICS
control Good1 CLUSCTL_RESOURCE_GET_CLASS_INFO
control Good1 GET_PRIVATE_PROPERTIES --out 2
control Good1 GET_PRIVATE_PROPERTIES
control Good1 GET_NAME
typecontrol "Toy Good" GET_CHARACTERISTICS
offline Good1
wait Good1 Offline 1000
online "Good Spaced"
echo all done
quit
EOF
    check "$arch good: exit code 0" rc_is good 0
    check "$arch good: READY first" has good '^READY t=[0-9]+ node=[^ ]+ pid=[0-9]+ arch='"$arch"'$'
    check "$arch good: Startup once per type, with the type name" \
        has good '^CALL t=[0-9]+ res=Good1 entry=Startup type="Toy Good" ms=[0-9]+ status=0$'
    check "$arch good: Open leaves Offline" has good '^STATE t=[0-9]+ res=Good1 state=Offline via=open$'
    check "$arch good: name lookup is case-insensitive, quoted names" \
        has good '^OK open "good spaced"$'
    check "$arch good: the database's spelling is used" \
        has good '^LOG t=[0-9]+ res="Good Spaced" level=Information text="Open: resource .Good Spaced.\."$'
    check "$arch good: synchronous Online" has good '^STATE t=[0-9]+ res=Good1 state=Online via=return$'
    # 3 s of polling for 3 LooksAlive and 2 IsAlive calls: the monitor's
    # poll thread can be starved for a while on a busy machine.
    check "$arch good: LooksAlive polled every 100 ms" \
        count_ge good '^ALIVE t=[0-9]+ res=Good1 entry=LooksAlive result=1 ms=[0-9]+$' 3
    check "$arch good: IsAlive polled every 250 ms" \
        count_ge good '^ALIVE t=[0-9]+ res=Good1 entry=IsAlive result=1 ms=[0-9]+$' 2
    check "$arch good: GET_CHARACTERISTICS by default" \
        has good '^CONTROL t=[0-9]+ res=Good1 code=0x01000005 status=0 bytes=4 out=00000000 default=1$'
    check "$arch good: GET_CLASS_INFO by default" \
        has good '^CONTROL t=[0-9]+ res=Good1 code=0x0100000D status=0 bytes=8 out=0000000000000000 default=1$'
    check "$arch good: short buffer gives ERROR_MORE_DATA and the size" \
        has good '^CONTROL t=[0-9]+ res=Good1 code=0x01000081 status=234 bytes=8$'
    check "$arch good: control output in hex" \
        has good '^CONTROL t=[0-9]+ res=Good1 code=0x01000081 status=0 bytes=8 out=0102030405060708$'
    check "$arch good: unhandled code stays ERROR_INVALID_FUNCTION" \
        has good '^CONTROL t=[0-9]+ res=Good1 code=0x01000029 status=1 bytes=0$'
    check "$arch good: type control by default" \
        has good '^CONTROL t=[0-9]+ res="" type="Toy Good" code=0x02000005 status=0 bytes=4 out=00000000 default=1$'
    check "$arch good: synchronous Offline" has good '^STATE t=[0-9]+ res=Good1 state=Offline via=return$'
    check "$arch good: names with blanks quoted" has good '^STATE t=[0-9]+ res="Good Spaced" state=Online via=return$'
    check "$arch good: echo" has good '^OK echo all done$'
    check "$arch good: shutdown terminates what is online" \
        before good '^CALL .* res="Good Spaced" entry=Terminate ' '^CALL .* res="Good Spaced" entry=Close '
    check "$arch good: shutdown does not terminate what is offline" \
        lacks good 'res=Good1 entry=Terminate'
    check "$arch good: Close called" has good '^CALL t=[0-9]+ res=Good1 entry=Close ms=[0-9]+ status=0$'
    check "$arch good: clean BYE" has good '^BYE t=[0-9]+ violations=0 hung=0 crashes=0$'
}

# test_arch's step: alive (the variables test_arch set: arch, EXE, RUN)
step_alive() {
    run alive <<EOF
open Good2
online Good2
control Good2 $SET_DELAY 5e010000
looksalive Good2
control Good2 $SET_DELAY 00000000
control Good2 $SET_ALIVE 00000000
wait Good2 Failed 3000
quit
EOF
    check "$arch alive: exit code 0" rc_is alive 0
    check "$arch alive: a 350 ms call is slow" \
        has alive '^CALL t=[0-9]+ res=Good2 entry=LooksAlive ms=(3[4-9][0-9]|[4-9][0-9]{2}|[0-9]{4,}) status=1 slow=1$'
    check "$arch alive: LooksAlive FALSE -> IsAlive at once (resource interval 100, IsAlive off)" \
        before alive 'entry=LooksAlive result=0' 'entry=IsAlive result=0'
    check "$arch alive: IsAlive FALSE -> Failed" has alive '^STATE t=[0-9]+ res=Good2 state=Failed via=isalive$'
    check "$arch alive: ... then Terminate" before alive 'state=Failed via=isalive' 'res=Good2 entry=Terminate'
}

# test_arch's step: pending (the variables test_arch set: arch, EXE, RUN)
step_pending() {
    printf 'open Pending1\nonline Pending1\nwait Pending1 Online 3000\noffline Pending1\nwait Pending1 Offline 3000\nopen PendFail1\nonline PendFail1\nwait PendFail1 Failed 3000\nsleep 200\nopen Refuse1\nonline Refuse1\nstate Refuse1\n' \
        >"$RUN/pending.script"
    run pending --script pending.script </dev/null
    check "$arch pending: exit code 0 (--script)" rc_is pending 0
    check "$arch pending: ERROR_IO_PENDING -> OnlinePending" \
        has pending '^CALL t=[0-9]+ res=Pending1 entry=Online ms=[0-9]+ status=997$'
    check "$arch pending: OnlinePending checkpoint 0 on return" \
        has pending '^STATE t=[0-9]+ res=Pending1 state=OnlinePending checkpoint=0 via=return$'
    check "$arch pending: rising checkpoints reported" \
        has pending '^STATE t=[0-9]+ res=Pending1 state=OnlinePending checkpoint=3 via=report$'
    check "$arch pending: Online by report" has pending '^STATE t=[0-9]+ res=Pending1 state=Online via=report$'
    check "$arch pending: Offline by report" has pending '^STATE t=[0-9]+ res=Pending1 state=Offline via=report$'
    check "$arch pending: reported Failed" has pending '^STATE t=[0-9]+ res=PendFail1 state=Failed via=report$'
    check "$arch pending: reported Failed -> Terminate" has pending '^CALL t=[0-9]+ res=PendFail1 entry=Terminate '
    check "$arch pending: Online error -> Terminate" \
        before pending '^CALL t=[0-9]+ res=Refuse1 entry=Online ms=[0-9]+ status=2$' 'res=Refuse1 entry=Terminate'
    check "$arch pending: Online error -> Failed" has pending '^STATE t=[0-9]+ res=Refuse1 state=Failed via=return$'
    check "$arch pending: state command" has pending '^STATE t=[0-9]+ res=Refuse1 state=Failed$'
    check "$arch pending: no violations" has pending '^BYE t=[0-9]+ violations=0 hung=0 crashes=0$'
}

# test_arch's step: timeout (the variables test_arch set: arch, EXE, RUN)
step_timeout() {
    run timeout <<'EOF'
open Silent1
online Silent1
wait Silent1 Online 3000
pending-timeout Silent1 300
online Silent1
wait Silent1 Failed 3000
quit
EOF
    check "$arch timeout: exit code 1 (a wait failed)" rc_is timeout 1
    check "$arch timeout: type PendingTimeout 600 ms" \
        has timeout '^TIMEOUT t=[0-9]+ res=Silent1 what=pending-timeout gap=(6[0-9]{2}|[7-9][0-9]{2}|[0-9]{4,}) limit=600$'
    check "$arch timeout: pending-timeout command" \
        has timeout '^TIMEOUT t=[0-9]+ res=Silent1 what=pending-timeout gap=(3[0-9]{2}|[4-9][0-9]{2}|[0-9]{4,}) limit=300$'
    check "$arch timeout: Terminate then Failed" \
        before timeout 'res=Silent1 entry=Terminate' 'state=Failed via=timeout'
    check "$arch timeout: wait for Online fails on Failed" \
        has_fixed timeout 'FAIL wait Silent1 Online 3000 reason="resource \"Silent1\" failed"'
    check "$arch timeout: no violations" has timeout '^BYE t=[0-9]+ violations=0 hung=0 crashes=0$'
}

# test_arch's step: hang (the variables test_arch set: arch, EXE, RUN)
step_hang() {
    run hang <<'EOF'
deadlock 1000
open Hang1
open Good1
online Hang1
online Good1
interval Hang1 100 0
wait Hang1 Failed 5000
looksalive Good1
online Hang1
open Hang2
looksalive Hang2
state Hang2
quit
EOF
    check "$arch hang: exit code 3" rc_is hang 3
    check "$arch hang: LooksAlive reported hung" has hang '^HUNG t=[0-9]+ res=Hang1 entry=LooksAlive ms=[0-9]{4,}$'
    check "$arch hang: resource Failed" has hang '^STATE t=[0-9]+ res=Hang1 state=Failed via=hung$'
    check "$arch hang: other resources still served" \
        has hang '^ALIVE t=[0-9]+ res=Good1 entry=LooksAlive result=1 ms=[0-9]+$'
    check "$arch hang: hung resource refused" has hang '^FAIL online Hang1 reason='
    check "$arch hang: a hung command fails" has hang '^FAIL looksalive Hang2 reason="LooksAlive of \\"Hang2\\" hung"$'
    check "$arch hang: ... and the script goes on" has hang '^STATE t=[0-9]+ res=Hang2 state=Failed$'
    check "$arch hang: clean exit with BYE" has hang '^BYE t=[0-9]+ violations=0 hung=2 crashes=0$'
    # The hung LooksAlive never returns: the run ending at all is the point
    # (a busy machine takes seconds just to start Wine, so no tighter bound).
    check "$arch hang: done, not held by the hung call (within 90 s)" [ "$(cat "$RUN/hang.secs")" -le 90 ]
}

# test_arch's step: crash (the variables test_arch set: arch, EXE, RUN)
step_crash() {
    # (The script cannot wait for a DLL thread's own fault or report: the
    # sleeps leave it seconds, not the tenths an idle machine needs.)
    run crash <<EOF
open Crash1
online Crash1
interval Crash1 100 0
wait Crash1 Failed 3000
isalive Crash1
open Good1
control Good1 $CRASH_THREAD
sleep 2000
online Good1
quit
EOF
    check "$arch crash: exit code 3" rc_is crash 3
    check "$arch crash: access violation in IsAlive caught" \
        has crash '^CRASH t=[0-9]+ res=Crash1 entry=IsAlive code=0xC0000005 address=0x[0-9a-f]+ module=".*toyres\.dll"$'
    check "$arch crash: resource Failed" has crash '^STATE t=[0-9]+ res=Crash1 state=Failed via=crash$'
    check "$arch crash: crashed resource refused" has crash '^FAIL isalive Crash1 reason='
    check "$arch crash: a fault on a DLL's own thread is caught" \
        has crash '^CRASH t=[0-9]+ res="" entry=thread code=0xC0000005 address=0x[0-9a-f]+ tid=[0-9]+ module=".*toyres\.dll"$'
    check "$arch crash: ... and the monitor goes on" has crash '^STATE t=[0-9]+ res=Good1 state=Online via=return$'
    check "$arch crash: BYE counts both" has crash '^BYE t=[0-9]+ violations=0 hung=0 crashes=2$'
}

# test_arch's step: logger (the variables test_arch set: arch, EXE, RUN)
step_logger() {
    run logger --log cluster.log <<EOF
open Logger1
online Logger1
control Logger1 $NULL_FORMAT
quit
EOF
    LOG="$RUN/cluster.log"
    check "$arch logger: exit code 3 (long line, NULL format)" rc_is logger 3
    check "$arch logger: inserts formatted, '%' and quotes survive" \
        grep -Fq 'res=Logger1 level=Information text="Online: service Svc \"100%\" sure is 42% busy (path C:\\x %1 stays)."' "$RUN/logger.out"
    check "$arch logger: Warning level, CR/LF stripped" \
        has logger '^LOG t=[0-9]+ res=Logger1 level=Warning text="Warning with -7 items"$'
    check "$arch logger: Error level, %n stripped" \
        has logger '^LOG t=[0-9]+ res=Logger1 level=Error text="Error line one"$'
    check "$arch logger: Severe level" has logger '^LOG t=[0-9]+ res=Logger1 level=Severe text="Severe line"$'
    check "$arch logger: long line kept and flagged" \
        has logger '^LOG t=[0-9]+ res=Logger1 level=Information text="Long line: abc[a-z]{597}" longlog=611$'
    check "$arch logger: long line is a violation" has logger '^VIOLATION t=[0-9]+ res=Logger1 what="longlog: 611 '
    check "$arch logger: NULL format is a violation" \
        has logger '^VIOLATION t=[0-9]+ res=Logger1 what="LogEvent with a NULL format"$'
    check "$arch logger: cluster log line format" \
        grep -Eq '^[0-9a-f]{8}\.[0-9a-f]{8}::[0-9]{4}/[0-9]{2}/[0-9]{2}-[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} \[RES\] INFO Toy Logger <Logger1>: Online: service Svc "100%" sure is 42% busy \(path C:\\x %1 stays\)\.'"$(printf '\r')"'$' "$LOG"
    check "$arch logger: cluster log levels" \
        sh -c 'grep -q "\[RES\] WARN Toy Logger <Logger1>: Warning with -7 items" "$1" &&
               grep -q "\[RES\] ERR  Toy Logger <Logger1>: Error line one" "$1"' sh "$LOG"
    check "$arch logger: cluster log keeps the long line" grep -Eq 'Long line: [a-z]{600}' "$LOG"
}

# test_arch's step: invalid DLLs (the variables test_arch set: arch, EXE, RUN)
step_invalid_dlls() {
    run invalid <<'EOF'
open BadTable1
open BadTable1
open NoStartup1
open Unknown1
open Missing1
open Nobody
EOF
    check "$arch invalid: exit code 2" rc_is invalid 2
    check "$arch invalid: wrong TableSize refused" \
        has invalid '^FAIL open BadTable1 reason=".*TableSize [0-9]+, expected [0-9]+ \(CLRES_V1_FUNCTION_SIZE\)"$'
    check "$arch invalid: Startup called once per type" [ "$(grep -c 'entry=Startup type="Toy BadTable"' "$RUN/invalid.out")" -eq 1 ]
    check "$arch invalid: no Startup export refused" \
        has invalid '^FAIL open NoStartup1 reason=".*toynostartup.dll \(resource type \\"Toy NoStartup\\"\) exports no Startup entry point"$'
    check "$arch invalid: Startup error named" \
        has invalid '^FAIL open Unknown1 reason="Startup\(\\"Toy Unknown\\"\) in .*toyres.dll failed: error 5080'
    check "$arch invalid: unloadable DLL named" \
        has invalid '^FAIL open Missing1 reason="cannot load nosuchtoy.dll, the DLL of resource type \\"Toy Missing\\": error 126'
    check "$arch invalid: unknown resource" has invalid '^FAIL open Nobody reason="no resource named \\"Nobody\\" under'
}

# test_arch's step: rogue (the variables test_arch set: arch, EXE, RUN)
step_rogue() {
    run rogue <<EOF
open Rogue1
online Rogue1
sleep 1500
offline Rogue1
wait Rogue1 Offline 2000
terminate Rogue1
sleep 2000
open Good1
control Good1 $OVERRUN --out 8
quit
EOF
    check "$arch rogue: exit code 3" rc_is rogue 3
    check "$arch rogue: LogEvent with a stranger's handle" \
        has rogue '^VIOLATION t=[0-9]+ res="" what="LogEvent with an unknown resource handle'
    check "$arch rogue: report after a call that did not return ERROR_IO_PENDING" \
        has rogue '^VIOLATION t=[0-9]+ res=Rogue1 what="SetResourceStatus \(state Online, checkpoint 1\) while no Online or Offline is pending \(Online returned 0, not ERROR_IO_PENDING\)"$'
    check "$arch rogue: checkpoint not rising" has rogue '^VIOLATION t=[0-9]+ res=Rogue1 what="CheckPoint not rising: 1 after 1"$'
    check "$arch rogue: report after Terminate" \
        has rogue '^VIOLATION t=[0-9]+ res=Rogue1 what="SetResourceStatus \(state Online, checkpoint 99\) after the DLL was told to stop"$'
    check "$arch rogue: output buffer overrun" \
        has rogue '^VIOLATION t=[0-9]+ res=Good1 what="ResourceControl 0x0180000C wrote past the end of its 8-byte output buffer"$'
    check "$arch rogue: terminate command leaves Offline" has rogue '^STATE t=[0-9]+ res=Rogue1 state=Offline via=terminate$'
}

# test_arch's step: usage (the variables test_arch set: arch, EXE, RUN)
step_usage() {
    run usage <<'EOF'
frobnicate
wait Good1
EOF
    check "$arch usage: unknown command fails, exit code 2" rc_is usage 2
    check "$arch usage: unknown command named" has usage '^FAIL frobnicate reason="unknown command \\"frobnicate\\""$'
    run badopt --bogus </dev/null
    check "$arch usage: bad option, exit code 2" rc_is badopt 2
}

# test_arch's step: bad input (issue 11) (the variables test_arch set: arch, EXE, RUN)
step_bad_input() {
    run badinput <<'EOF'
open Good1
control Good1 GET_CHARACTERISTICS --out 4294967295
control Good1 GET_CHARACTERISTICS --out 16777217
control Good1 GET_CHARACTERISTICS --out 16777216
control Good1 99999999999
control Good1 0x100000000
pending-timeout Good1 0
pending-timeout Good1 1
quit
EOF
    check "$arch badinput: usage errors, exit code 2" rc_is badinput 2
    check "$arch badinput: --out 4294967295 refused, naming the limit" \
        has_fixed badinput 'FAIL control Good1 GET_CHARACTERISTICS --out 4294967295 reason="--out 4294967295 is too large: the output buffer can be at most 16777216 bytes"'
    check "$arch badinput: --out one past the limit refused" \
        has_fixed badinput 'FAIL control Good1 GET_CHARACTERISTICS --out 16777217 reason="--out 16777217 is too large'
    check "$arch badinput: --out at the limit works" \
        has badinput '^OK control Good1 GET_CHARACTERISTICS --out 16777216$'
    check "$arch badinput: no false violation blamed on the DLL" lacks badinput '^VIOLATION'
    check "$arch badinput: control code past 32 bits refused, not truncated" \
        has_fixed badinput 'FAIL control Good1 99999999999 reason="control code \"99999999999\" is larger than 0xFFFFFFFF (control codes are 32-bit)"'
    check "$arch badinput: 0x100000000 refused too" \
        has_fixed badinput 'FAIL control Good1 0x100000000 reason="control code \"0x100000000\" is larger than 0xFFFFFFFF'
    check "$arch badinput: no control sent as 0xFFFFFFFF" lacks badinput 'code=0xFFFFFFFF'
    check "$arch badinput: pending-timeout 0 refused" \
        has_fixed badinput 'FAIL pending-timeout Good1 0 reason="pending-timeout 0 would time out at once: give 1 to 4294967295 ms (0 in the registry means \"not set\")"'
    check "$arch badinput: pending-timeout 1 accepted" has badinput '^OK pending-timeout Good1 1$'
    printf 'echo a\000b\nquit\n' | run nulbyte
    check "$arch badinput: a NUL byte fails its line, naming line and column" \
        has_fixed nulbyte 'FAIL (line 1) reason="line 1 has a NUL byte at column 7: commands are text, the line was not run"'
    check "$arch badinput: ... and the next line still runs" has nulbyte '^OK quit$'
    check "$arch badinput: ... lines are not merged" lacks nulbyte 'aquit'
    printf 'echo x\necho a\000b\nquit\n' >"$RUN/nulbyte.script"
    run nulscript --script nulbyte.script </dev/null
    check "$arch badinput: ... in a --script file too" \
        has_fixed nulscript 'FAIL (line 2) reason="line 2 has a NUL byte at column 7'
}

# test_arch's step: Terminate from a third thread (the variables test_arch set: arch, EXE, RUN)
step_terminate_from_a_third_thread() {
    run concurrent <<EOF
poll off
open Slow1
terminate-during Slow1 Online
online Slow1
wait-terminated Slow1 5000
state Slow1
terminate-after Slow1 100
online Slow1
wait-terminated Slow1 5000
online Slow1
control Slow1 $SET_DELAY 32000000
terminate-during Slow1 IsAlive
isalive Slow1
wait-terminated Slow1 5000
control Slow1 $SET_DELAY 00000000
online Slow1
terminate Slow1
online Slow1
terminate-during Slow1 Offline
offline Slow1
wait-terminated Slow1 5000
state Slow1
wait-terminated Slow1 100
terminate-during Slow1 Close
open Good1
online Good1
terminate-during Good1 LooksAlive
looksalive Good1
wait-terminated Good1 5000
quit
EOF
    check "$arch concurrent: exit code 1 (two commands refused)" rc_is concurrent 1
    check "$arch concurrent: terminate-during Online fires while Online is inside the DLL" \
        has concurrent '^TERMINATOR t=[0-9]+ res=Slow1 trigger=during:Online inside=Online$'
    check "$arch concurrent: ... the DLL's Terminate saw Online running" \
        has concurrent '^LOG t=[0-9]+ res=Slow1 level=Information text="Terminate: found Online running\."$'
    check "$arch concurrent: ... Terminate returned before Online did" \
        before concurrent '^CALL .* res=Slow1 entry=Terminate ' '^CALL .* res=Slow1 entry=Online '
    check "$arch concurrent: ... the late ERROR_SUCCESS is ignored: Offline" \
        has concurrent '^STATE t=[0-9]+ res=Slow1 state=Offline$'
    check "$arch concurrent: terminate-after counts from the next command" \
        has concurrent '^TERMINATOR t=[0-9]+ res=Slow1 trigger=after:100 inside=Online$'
    check "$arch concurrent: terminate-during IsAlive" \
        has concurrent '^TERMINATOR t=[0-9]+ res=Slow1 trigger=during:IsAlive inside=IsAlive$'
    check "$arch concurrent: ... the DLL's Terminate saw IsAlive running (IsAlive entered 50 ms after the release)" \
        has concurrent 'text="Terminate: found IsAlive running\."'
    check "$arch concurrent: a Terminate beside no entry point finds nothing running (the toy's wait is bounded)" \
        before concurrent '^OK control Slow1 0x[0-9A-F]+ 00000000$' 'text="Terminate: found nothing running\."'
    check "$arch concurrent: terminate-during Offline" \
        has concurrent '^TERMINATOR t=[0-9]+ res=Slow1 trigger=during:Offline inside=Offline$'
    check "$arch concurrent: ... the DLL's Terminate saw Offline running" \
        has concurrent 'text="Terminate: found Offline running\."'
    check "$arch concurrent: terminate-during LooksAlive (the poller's entry points too)" \
        has concurrent '^TERMINATOR t=[0-9]+ res=Good1 trigger=during:LooksAlive inside=(LooksAlive|none)$'
    check "$arch concurrent: wait-terminated with nothing armed fails" \
        has_fixed concurrent 'FAIL wait-terminated Slow1 100 reason="no Terminate of \"Slow1\" was armed'
    check "$arch concurrent: Terminate beside Close is refused" \
        has_fixed concurrent 'FAIL terminate-during Slow1 Close reason="Terminate may run beside Online, Offline, LooksAlive, IsAlive or ResourceControl, not beside Close"'
    check "$arch concurrent: no violations" has concurrent '^BYE t=[0-9]+ violations=0 hung=0 crashes=0$'
}

# test_arch's step: reports that come too late (the variables test_arch set: arch, EXE, RUN)
step_reports_that_come_too_late() {
    run late <<'EOF'
poll off
open Straggler1
online Straggler1
wait Straggler1 Online 2000
sleep 300
open Early1
online Early1
open Deaf1
online Deaf1
sleep 150
terminate Deaf1
online Deaf1
sleep 500
open Ghost1
close Ghost1
sleep 400
quit
EOF
    check "$arch late: exit code 3" rc_is late 3
    check "$arch late: a report after the pending operation ended" \
        has late '^VIOLATION t=[0-9]+ res=Straggler1 what="SetResourceStatus \(state OnlinePending, checkpoint 2\) while no Online or Offline is pending \(the Online ended with a report of Online\)"$'
    check "$arch late: a report from inside a call that returned ERROR_SUCCESS" \
        has late '^VIOLATION t=[0-9]+ res=Early1 what="SetResourceStatus called during Online, which then returned 0 instead of ERROR_IO_PENDING"$'
    check "$arch late: a report after Terminate returned" \
        has late '^VIOLATION t=[0-9]+ res=Deaf1 what="SetResourceStatus \(state OnlinePending, checkpoint [0-9]+\) (after the DLL was told to stop|from thread [0-9]+, a worker of an operation that an earlier Terminate ended)"$'
    check "$arch late: ... and from the terminated worker during the next Online" \
        has late '^VIOLATION t=[0-9]+ res=Deaf1 what="SetResourceStatus \(state OnlinePending, checkpoint [0-9]+\) from thread [0-9]+, a worker of an operation that an earlier Terminate ended"$'
    check "$arch late: ... while the new worker's reports count" \
        has late '^STATE t=[0-9]+ res=Deaf1 state=OnlinePending checkpoint=3 via=report$'
    check "$arch late: a report for a closed resource" \
        has late '^VIOLATION t=[0-9]+ res=Ghost1 what="SetResourceStatus \(state Online, checkpoint 1\) for a resource after its Close returned"$'
    check "$arch late: a log line for a closed resource" \
        has late '^VIOLATION t=[0-9]+ res=Ghost1 what="LogEvent for a resource after its Close returned: Ghost: still here after Close\."$'
}

# test_arch's step: the process behind the resource (the variables test_arch set: arch, EXE, RUN)
step_the_process_behind_the_resource() {
    run watch <<EOF
poll off
open Child1
watch Child1 image cmd.exe
online Child1
looksalive Child1
isalive Child1
terminate Child1
online Child1
looksalive Child1
control Child1 $KILL_CHILD
looksalive Child1
isalive Child1
terminate Child1
control Child1 $LEAK_CHILD
online Child1
looksalive Child1
terminate Child1
quit
EOF
    check "$arch watch: exit code 3" rc_is watch 3
    check "$arch watch: LooksAlive TRUE once the process is gone" \
        has watch '^VIOLATION t=[0-9]+ res=Child1 what="LooksAlive returned TRUE although the process of cmd.exe \(pid [0-9]+\) had ended before the call"$'
    check "$arch watch: IsAlive likewise" \
        has watch '^VIOLATION t=[0-9]+ res=Child1 what="IsAlive returned TRUE although the process of cmd.exe \(pid [0-9]+\) had ended before the call"$'
    check "$arch watch: Terminate that leaves the process running" \
        has watch '^VIOLATION t=[0-9]+ res=Child1 what="Terminate returned while process cmd.exe \(pid [0-9]+\) is still running"$'
    check "$arch watch: nothing said while the DLL was right (3 violations in all)" \
        [ "$(grep -c '^VIOLATION' "$RUN/watch.out")" -eq 3 ]
}

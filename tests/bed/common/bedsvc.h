/*
 * bedsvc.h - the test bed's one rule for a STOP whose answer Wine loses.
 *
 * Wine's service dispatcher (sechost, service_control_dispatcher) calls the
 * service's handler and writes the handler's answer to services.exe only
 * after the handler has returned. A service that reports SERVICE_STOPPED
 * as soon as it is asked (the stand-in with no StopDelay) can end its
 * process before that write; services.exe then reads a closed control pipe
 * and ControlService(STOP) fails with ERROR_BROKEN_PIPE (109), although the
 * STOP was handled and the service manager already shows STOPPED.
 *
 * bed_stop_answer_lost() says whether a failed ControlService(STOP) was that
 * case: the error is ERROR_BROKEN_PIPE and the service manager shows the
 * service STOPPED or STOP_PENDING. Anything else stays a failure. The tools
 * that use it (imsctl, bench) say so in their output when it happens: it is
 * counted, not hidden. The resource DLL needs no such rule: its Offline and
 * Terminate ignore what ControlService answered and wait for the service to
 * stop (resdll/lifecycle.c, resdll/svcend.c).
 */
#ifndef BED_BEDSVC_H
#define BED_BEDSVC_H

#include <windows.h>

/* svc needs SERVICE_QUERY_STATUS. *state (may be NULL) gets the state seen,
   or 0 when it could not be read. */
BOOL bed_stop_answer_lost(SC_HANDLE svc, DWORD control_error, DWORD *state);

#endif

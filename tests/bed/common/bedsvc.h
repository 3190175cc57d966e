/*
 * bedsvc.h - the test bed's one rule for a STOP whose answer Wine loses.
 *
 * Wine's service dispatcher (sechost, service_control_dispatcher) calls the
 * service's handler and writes the handler's answer to services.exe only
 * after the handler has returned. A service that reports SERVICE_STOPPED
 * as soon as it is asked (the stand-in with no StopDelay) can end its
 * process before that write; services.exe then reads a closed control pipe
 * and ControlService(STOP) fails with ERROR_BROKEN_PIPE (109), although the
 * STOP was handled. SetServiceStatus is a synchronous call into
 * services.exe, so by then the service manager already shows STOPPED.
 *
 * bed_stop_answer_lost() says whether a failed ControlService(STOP) was that
 * case: the error is ERROR_BROKEN_PIPE and the service manager shows the
 * service STOPPED. Anything else stays a failure: 109 with STOP_PENDING is
 * a process that died while stopping (Wine's service manager then keeps
 * saying STOP_PENDING), 109 with RUNNING one that died in the handler. The
 * tools that use it say so when it happens: imsctl on stderr, bench in its
 * count of lost answers. The resource DLL needs no such rule: its Offline
 * and Terminate do not go by ControlService's answer but wait for the
 * service to stop (resdll/lifecycle.c, resdll/svcend.c).
 */
#ifndef BED_BEDSVC_H
#define BED_BEDSVC_H

#include <windows.h>

/* svc needs SERVICE_QUERY_STATUS. *state (may be NULL) gets the state seen,
   or 0 when it could not be read. The last error is control_error again
   when it returns FALSE. */
BOOL bed_stop_answer_lost(SC_HANDLE svc, DWORD control_error, DWORD *state);

#endif

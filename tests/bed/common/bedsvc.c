/*
 * bedsvc.c - a STOP whose answer Wine loses (bedsvc.h).
 */
#include "bedsvc.h"

BOOL bed_stop_answer_lost(SC_HANDLE svc, DWORD control_error, DWORD *state)
{
    SERVICE_STATUS ss;
    DWORD seen = 0;

    if (control_error == ERROR_BROKEN_PIPE && QueryServiceStatus(svc, &ss))
        seen = ss.dwCurrentState;
    if (state)
        *state = seen;
    if (seen == SERVICE_STOPPED)
        return TRUE;
    SetLastError(control_error);
    return FALSE;
}

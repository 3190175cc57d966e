/*
 * sync.c - the monitor-wide lock and its condition variable.
 *
 * Kept apart because condition variables are Vista+ and cluswin.h pins the
 * rest of the emulator to the 0x0502 API level a v1 resource DLL sees. The
 * emulator itself only has to run on Wine and current Windows.
 */
#ifdef _WIN32_WINNT
#undef _WIN32_WINNT
#endif
#define _WIN32_WINNT 0x0600
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

void sync_init(void);
void mon_lock(void);
void mon_unlock(void);
BOOL mon_wait(DWORD ms);
void mon_notify(void);

static CRITICAL_SECTION lock;
static CONDITION_VARIABLE changed;

void sync_init(void)
{
    InitializeCriticalSection(&lock);
    InitializeConditionVariable(&changed);
}

void mon_lock(void)
{
    EnterCriticalSection(&lock);
}

void mon_unlock(void)
{
    LeaveCriticalSection(&lock);
}

BOOL mon_wait(DWORD ms)
{
    return SleepConditionVariableCS(&changed, &lock, ms);
}

void mon_notify(void)
{
    WakeAllConditionVariable(&changed);
}

@echo off
rem unregister.cmd - removes the "IMS Guard" resource type from a cluster.
rem
rem   unregister.cmd [/cluster:NAME] [node ...]
rem
rem Run it on a cluster node, as a cluster administrator. It
rem   1. deletes the resource type (cluster restype "IMS Guard" /delete, or
rem      NT 4.0's "cluster resourcetype"), and with it its AdminExtensions;
rem      the cluster refuses while a resource of the type exists, and then
rem      nothing is changed (delete those resources first);
rem   2. removes the event source "IMS Guard" from every node named (no
rem      resource of the type is left once the type is gone);
rem   3. unregisters the Cluster Administrator extension from COM here
rem      (regsvr32 /u; run that on other computers where it was registered);
rem   4. deletes imsguard.dll and imsguardex.dll from %SystemRoot%\Cluster on
rem      the nodes named (none named: this node); a copy still loaded stays,
rem      with a note - it goes once the Cluster Service has restarted.
rem Running it again is harmless: what is not there is not an error.
rem Exit status: 0 done, 1 failed.

setlocal
set CLUSTER=
set NODES=
set TYPE=IMS Guard
rem include\imsguard.h's IMSGUARD_EVENT_SOURCE, written out: cmd cannot read a C header.
set EVSRC=IMS Guard
set EVKEY=SYSTEM\CurrentControlSet\Services\EventLog\Application\%EVSRC%

:args
if "%~1"=="" goto args_done
set ARG=%~1
if /i "%ARG:~0,9%"=="/cluster:" (set CLUSTER=/cluster:%ARG:~9%) else (set NODES=%NODES% %ARG%)
shift
goto args
:args_done
if "%NODES%"=="" set NODES=%COMPUTERNAME%

cluster %CLUSTER% /ver >nul 2>&1
if errorlevel 1 (
    echo unregister: cluster.exe does not answer for this cluster ^(run it on a cluster node, or give /cluster:NAME^). Nothing was changed.
    exit /b 1
)
set RT=restype
cluster %CLUSTER% restype >nul 2>&1
if errorlevel 1 set RT=resourcetype

rem ---- 1. the type (the cluster refuses while a resource of it exists)
cluster %CLUSTER% %RT% "%TYPE%" /prop >nul 2>&1
if errorlevel 1 (
    echo unregister: resource type "%TYPE%" is not registered: nothing to remove
) else (
    cluster %CLUSTER% %RT% "%TYPE%" /delete
    if errorlevel 1 (
        echo unregister: the resource type "%TYPE%" could not be deleted ^(see above^): if resources of the type still exist, delete them first. Nothing was changed.
        exit /b 1
    )
    echo unregister: resource type "%TYPE%" deleted, and its AdminExtensions with it
)

rem ---- 2. the event source, on every node
for %%N in (%NODES%) do call :remove_event_source %%N

rem ---- 3. the extension's COM registration on this computer
if exist "%SystemRoot%\Cluster\imsguardex.dll" (
    regsvr32 /u /s "%SystemRoot%\Cluster\imsguardex.dll"
    echo unregister: the Cluster Administrator extension is unregistered here
)

rem ---- 4. the files
for %%N in (%NODES%) do (
    for %%F in (imsguard.dll imsguardex.dll) do (
        if exist "\\%%N\admin$\Cluster\%%F" (
            del "\\%%N\admin$\Cluster\%%F" >nul 2>&1
            if exist "\\%%N\admin$\Cluster\%%F" (
                echo unregister: note: %%F on %%N is still loaded; delete it after the Cluster Service has restarted.
            ) else (
                echo unregister: %%F deleted from %%N
            )
        )
    )
)
echo unregister: done.
exit /b 0

rem :remove_event_source NODE - this computer's registry, or \\NODE\HKLM.
:remove_event_source
set EVROOT=\\%1\HKLM
if /i "%1"=="%COMPUTERNAME%" set EVROOT=HKLM
reg query "%EVROOT%\%EVKEY%" >nul 2>&1
if errorlevel 1 exit /b 0
reg delete "%EVROOT%\%EVKEY%" /f >nul 2>&1
if errorlevel 1 (
    echo unregister: note: the event source "%EVSRC%" could not be removed from %1 ^(is its Remote Registry service running?^).
) else (
    echo unregister: event source "%EVSRC%" removed from %1
)
exit /b 0

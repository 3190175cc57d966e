@echo off
rem register.cmd - installs the "IMS Guard" resource type on a real cluster.
rem
rem   register.cmd [/cluster:NAME] [node ...]
rem
rem Run it on a cluster node, as a cluster administrator, from the folder that
rem holds imsguard.dll and imsguardex.dll (the build of the nodes' Windows:
rem i686 for 32-bit, x86_64 for 64-bit). It
rem   1. checks everything first: both DLLs here, cluster.exe, and
rem      \\node\admin$\Cluster on every node named (default: this node only);
rem      anything missing stops it with nothing changed;
rem   2. copies imsguard.dll and imsguardex.dll to %SystemRoot%\Cluster on
rem      every node (through \\node\admin$; a copy that fails because the
rem      node has that DLL loaded is no error when the file there is already
rem      this one, so a DLL in use is no obstacle to a re-run);
rem   3. registers the event source "IMS Guard" on every node named
rem      (HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\IMS Guard:
rem      EventMessageFile = %SystemRoot%\Cluster\imsguard.dll, TypesSupported
rem      = 7), so that Event Viewer finds the texts of its events;
rem   4. creates the resource type - cluster restype "IMS Guard" /create
rem      /dllname:imsguard.dll, or NT 4.0's "cluster resourcetype" - unless it
rem      exists, and sets LooksAlivePollInterval=5000 IsAlivePollInterval=60000;
rem   5. registers the Cluster Administrator extension: regsvr32 (COM, this
rem      computer) and cluster /regadminext (DllRegisterCluAdminExtension: the
rem      CLSID in the type's AdminExtensions, once).
rem Running it again changes nothing. Exit status: 0 done, 1 failed.
rem On other computers that run Cluster Administrator, run
rem   regsvr32 %SystemRoot%\Cluster\imsguardex.dll
rem (or wherever imsguardex.dll is) for the Parameters page.

setlocal
set HERE=%~dp0
set CLUSTER=
set NODES=
set TYPE=IMS Guard
rem The event source's name is include\imsguard.h's IMSGUARD_EVENT_SOURCE; cmd
rem cannot read a C header, so it is written out here (and in unregister.cmd).
set EVSRC=IMS Guard
set EVKEY=SYSTEM\CurrentControlSet\Services\EventLog\Application\%EVSRC%
rem %% makes a literal %: the value stays %SystemRoot%\..., expanded on each node.
set "EVFILE=%%SystemRoot%%\Cluster\imsguard.dll"

:args
if "%~1"=="" goto args_done
set ARG=%~1
if /i "%ARG:~0,9%"=="/cluster:" (set CLUSTER=/cluster:%ARG:~9%) else (set NODES=%NODES% %ARG%)
shift
goto args
:args_done
if "%NODES%"=="" set NODES=%COMPUTERNAME%

rem ---- 1. check everything before changing anything
if not exist "%HERE%imsguard.dll" (
    echo register: imsguard.dll is not in %HERE% - copy the build for this cluster there. Nothing was changed.
    exit /b 1
)
if not exist "%HERE%imsguardex.dll" (
    echo register: imsguardex.dll is not in %HERE% - copy the build for this cluster there. Nothing was changed.
    exit /b 1
)
cluster %CLUSTER% /ver >nul 2>&1
if errorlevel 1 (
    echo register: cluster.exe does not answer for this cluster ^(run it on a cluster node, or give /cluster:NAME^). Nothing was changed.
    exit /b 1
)
for %%N in (%NODES%) do (
    if not exist "\\%%N\admin$\Cluster\." (
        echo register: \\%%N\admin$\Cluster cannot be reached - is %%N a node, and are you its administrator? Nothing was changed.
        exit /b 1
    )
    call :evroot %%N
    call :registry_reachable %%N
    if errorlevel 1 exit /b 1
)

rem NT 4.0 Enterprise Edition's cluster.exe knows "resourcetype" only.
set RT=restype
cluster %CLUSTER% restype >nul 2>&1
if errorlevel 1 set RT=resourcetype

rem ---- 2. the DLLs, the same on every node
for %%N in (%NODES%) do (
    for %%F in (imsguard.dll imsguardex.dll) do (
        copy /y "%HERE%%%F" "\\%%N\admin$\Cluster\%%F" >nul 2>&1
        if errorlevel 1 (
            fc /b "%HERE%%%F" "\\%%N\admin$\Cluster\%%F" >nul 2>&1
            if errorlevel 1 (
                echo register: %%F could not be copied to \\%%N\admin$\Cluster - if a Resource Monitor has it loaded, take the IMS Guard resources offline and run register.cmd again.
                exit /b 1
            )
            echo register: %%F on %%N is in use and already this one
        ) else (
            echo register: %%F copied to \\%%N\admin$\Cluster
        )
    )
)

rem ---- 3. the event source, on every node
for %%N in (%NODES%) do (
    call :evroot %%N
    call :event_source %%N
    if errorlevel 1 exit /b 1
)

rem ---- 4. the resource type
cluster %CLUSTER% %RT% "%TYPE%" /prop >nul 2>&1
if errorlevel 1 (
    cluster %CLUSTER% %RT% "%TYPE%" /create /dllname:imsguard.dll
    if errorlevel 1 (
        echo register: the resource type "%TYPE%" could not be created ^(see above^).
        exit /b 1
    )
    echo register: resource type "%TYPE%" created
) else (
    echo register: resource type "%TYPE%" already exists
)
cluster %CLUSTER% %RT% "%TYPE%" /prop LooksAlivePollInterval=5000 IsAlivePollInterval=60000
if errorlevel 1 (
    echo register: the poll intervals of "%TYPE%" could not be set ^(see above^).
    exit /b 1
)

rem ---- 5. the Cluster Administrator extension
regsvr32 /s "%SystemRoot%\Cluster\imsguardex.dll"
if errorlevel 1 (
    echo register: regsvr32 %SystemRoot%\Cluster\imsguardex.dll failed.
    exit /b 1
)
cluster %CLUSTER% /regadminext:"%SystemRoot%\Cluster\imsguardex.dll"
if errorlevel 1 (
    rem NT 4.0: the SDK's regcladm does the same.
    regcladm "%SystemRoot%\Cluster\imsguardex.dll"
    if errorlevel 1 (
        echo register: the extension could not be registered with the cluster ^(cluster /regadminext, regcladm^).
        exit /b 1
    )
)
echo register: done. Create the resource in the Exchange group, depending on its Network Name.
exit /b 0

rem :evroot NODE - EVROOT is the registry root of that node: this computer's
rem own (no Remote Registry needed), or \\NODE\HKLM.
:evroot
set EVROOT=\\%1\HKLM
if /i "%1"=="%COMPUTERNAME%" set EVROOT=HKLM
exit /b 0

rem :registry_reachable NODE (after :evroot NODE)
:registry_reachable
reg query "%EVROOT%\SYSTEM\CurrentControlSet\Services\EventLog\Application" >nul 2>&1
if errorlevel 1 (
    echo register: the registry of %1 cannot be reached ^(is its Remote Registry service running?^). Nothing was changed.
    exit /b 1
)
exit /b 0

rem :event_source NODE (after :evroot NODE)
:event_source
reg add "%EVROOT%\%EVKEY%" /v EventMessageFile /t REG_EXPAND_SZ /d "%EVFILE%" /f >nul
if errorlevel 1 (
    echo register: the event source "%EVSRC%" could not be registered on %1 ^(see above^).
    exit /b 1
)
reg add "%EVROOT%\%EVKEY%" /v TypesSupported /t REG_DWORD /d 7 /f >nul
if errorlevel 1 (
    echo register: the event source "%EVSRC%" could not be registered on %1 ^(see above^).
    exit /b 1
)
echo register: event source "%EVSRC%" registered on %1
exit /b 0

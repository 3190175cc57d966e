#!/bin/sh
# Checks each built imsguard.dll: exports Startup undecorated, imports
# nothing from resutils.dll, carries a version resource and a message table.
# Arguments: arch:path ...
set -u
pass=0 fail=0
ok()  { echo "dll: ok   $1"; pass=$((pass + 1)); }
bad() { echo "dll: FAIL $1"; fail=$((fail + 1)); }

for spec in "$@"; do
    arch=${spec%%:*}
    dll=${spec#*:}
    objdump=$arch-w64-mingw32-objdump
    if [ ! -f "$dll" ]; then
        bad "$arch: $dll was not built"
        continue
    fi
    dump=$($objdump -p "$dll")
    exports=$(printf '%s\n' "$dump" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' | sed -n 's/^[[:space:]]*\[ *[0-9]*\] //p')
    if [ "$exports" = "Startup" ]; then
        ok "$arch: exports exactly 'Startup'"
    else
        bad "$arch: exports are '$(echo $exports)', want exactly 'Startup'"
    fi
    imports=$(printf '%s\n' "$dump" | sed -n 's/.*DLL Name: //p' | tr 'A-Z' 'a-z' | sort | tr '\n' ' ')
    case " $imports" in
        *" resutils.dll "*) bad "$arch: imports resutils.dll ($imports)" ;;
        *) ok "$arch: imports $imports(no resutils.dll)" ;;
    esac
    sections=$($objdump -h "$dll")
    if printf '%s\n' "$sections" | grep -q '\.rsrc'; then
        ok "$arch: has a resource section"
    else
        bad "$arch: no resource section (VERSIONINFO, message table)"
    fi
    # The message table and version strings are UTF-16 in .rsrc.
    if LC_ALL=C grep -q "$(printf 'K\000B\000 \000a\000r\000t\000i\000c\000l\000e\000 \000Q\0001\0009\0004\0001\0002\0008')" "$dll" 2>/dev/null ||
       strings -el "$dll" | grep -q "Knowledge Base article Q194128"; then
        ok "$arch: message table names Q194128"
    else
        bad "$arch: message table text not found"
    fi
    if strings -el "$dll" | grep -q "OriginalFilename" && strings -el "$dll" | grep -qx "imsguard.dll"; then
        ok "$arch: VERSIONINFO names imsguard.dll"
    else
        bad "$arch: VERSIONINFO missing"
    fi
done
echo "dll checks: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/usr/bin/env python3
"""make_corpus.py - writes the fuzz targets' seed corpus.

    python3 tests/fuzz/make_corpus.py [out dir]     (default tests/fuzz/corpus)

One directory per target (proplist, control, text, scn, regtext, stored), one
small file per seed, named after what it holds. The seeds are real inputs:
property lists as cluster.exe and Cluster Administrator send them, the control
codes the DLL handles, Exchange build numbers, DNS domains, service command
lines, the failover scenario library with the bad shapes its parser refuses,
clusreg's text form of a cluster database (UTF-16LE, as its parser sees it),
and stored property values.
Deterministic: running it again rewrites the same bytes.
"""
import os
import struct
import sys

SYNTAX_ENDMARK = 0x00000000
SYNTAX_NAME = 0x00040003
SYNTAX_DWORD = 0x00010002
SYNTAX_SZ = 0x00010003
SYNTAX_EXPAND_SZ = 0x00010004

DEFAULTS = [  # the order of ig_props, as GET answers
    ("ServiceName", "sz", "MSExchangeIMC"),
    ("ImagePath", "sz", ""),
    ("RequireDnsDomain", "dword", 1),
    ("ExpectedDnsDomain", "sz", ""),
    ("FirstAffectedVersion", "sz", "5.5.2232.0"),
    ("FirstFixedVersion", "sz", "5.5.2423.0"),
    ("AllowAffectedBuild", "dword", 0),
    ("SmtpProbePort", "dword", 25),
    ("StopTimeout", "dword", 30000),
]

CODES = {
    "UNKNOWN": 0x01000000,
    "GET_CHARACTERISTICS": 0x01000005,
    "GET_CLASS_INFO": 0x0100000D,
    "GET_REQUIRED_DEPENDENCIES": 0x01000011,
    "ENUM_PRIVATE_PROPERTIES": 0x01000079,
    "GET_RO_PRIVATE_PROPERTIES": 0x0100007D,
    "GET_PRIVATE_PROPERTIES": 0x01000081,
    "SET_PRIVATE_PROPERTIES": 0x01400086,
    "VALIDATE_PRIVATE_PROPERTIES": 0x01000089,
    "GET_COMMON_PROPERTIES": 0x01000059,   # the monitor's, not the DLL's
}


def pad4(b):
    return b + b"\0" * (-len(b) % 4)


def sz_entry(syntax, text):
    data = (text + "\0").encode("utf-16-le")
    return struct.pack("<II", syntax, len(data)) + pad4(data)


def prop(name, kind, value, syntax=None):
    out = sz_entry(SYNTAX_NAME, name)
    if kind == "dword":
        out += struct.pack("<III", syntax or SYNTAX_DWORD, 4, value)
    else:
        out += sz_entry(syntax or SYNTAX_SZ, value)
    return out + struct.pack("<I", SYNTAX_ENDMARK)


def plist(*props):
    return struct.pack("<I", len(props)) + b"".join(props)


def proplist_seeds():
    long_path = "C:\\exchsrvr\\connect\\msexcimc\\bin\\" + "x" * 900 + "\\msexcimc.exe"
    return {
        "empty": plist(),
        "get-defaults": plist(*(prop(*d) for d in DEFAULTS)),
        "stop-timeout": plist(prop("StopTimeout", "dword", 5000)),
        "smtp-port": plist(prop("SmtpProbePort", "dword", 2525)),
        "smtp-off": plist(prop("SmtpProbePort", "dword", 0)),
        "service-name": plist(prop("ServiceName", "sz", "MSExchangeIMC")),
        "expected-domain": plist(prop("ExpectedDnsDomain", "sz", "contoso.com")),
        "expected-domain-dot": plist(prop("expecteddnsdomain", "sz", "Mail.Contoso.COM.")),
        "image-path": plist(prop("ImagePath", "sz",
                                 "C:\\exchsrvr\\connect\\msexcimc\\bin\\msexcimc.exe")),
        "image-path-expand": plist(prop("ImagePath", "sz", "%SystemDrive%\\exchsrvr\\msexcimc.exe",
                                        SYNTAX_EXPAND_SZ)),
        "image-path-long": plist(prop("ImagePath", "sz", long_path)),
        "window": plist(prop("FirstAffectedVersion", "sz", "5.5.2232"),
                        prop("FirstFixedVersion", "sz", "5.5.2448.0")),
        "override": plist(prop("AllowAffectedBuild", "dword", 1),
                          prop("RequireDnsDomain", "dword", 0)),
        "two-props": plist(prop("SmtpProbePort", "dword", 2525), prop("StopTimeout", "dword", 3000)),
        "unknown-name": plist(prop("NoSuchThing", "dword", 1)),
        "wrong-syntax": plist(prop("StopTimeout", "sz", "5000")),
        "trailing-bytes": plist(prop("StopTimeout", "dword", 4321)) + b"\xcc" * 12,
    }


def control_input(code, flags, out_len, inp=b""):
    return struct.pack("<IBH", code, flags, out_len) + inp


def control_seeds():
    seeds = {}
    lists = proplist_seeds()
    for name, code in CODES.items():
        for form, obj in (("res", 0x01000000), ("type", 0x02000000)):
            c = (code & 0x00FFFFFF) | obj
            flags = 0x01 if form == "type" else 0x00
            seeds["%s-%s-4096" % (form, name.lower())] = control_input(c, flags, 4096)
            seeds["%s-%s-0" % (form, name.lower())] = control_input(c, flags, 0)
    for lname in ("stop-timeout", "get-defaults", "window", "unknown-name", "image-path-long"):
        for form, flags in (("res", 0x00), ("type", 0x01), ("res-busy", 0x08)):
            base = 0x02000000 if form == "type" else 0x01000000
            seeds["%s-set-%s" % (form, lname)] = control_input(
                (CODES["SET_PRIVATE_PROPERTIES"] & 0x00FFFFFF) | base, flags, 0, lists[lname])
            seeds["%s-validate-%s" % (form, lname)] = control_input(
                (CODES["VALIDATE_PRIVATE_PROPERTIES"] & 0x00FFFFFF) | base, flags, 0, lists[lname])
    seeds["busy-get-short"] = control_input(CODES["GET_PRIVATE_PROPERTIES"], 0x08, 100)
    seeds["known-code-pick"] = control_input(0x00000006, 0x10, 64)
    return seeds


def text_seeds():
    seeds = {}
    for v in ("5.5.2232.0", "5.5.2423.0", "5.5.2448.0", "5.5.1960", "5", "65535.65535.65535.65535",
              "5.5.2232.0.1", "5..2232", "5.5.65536", "5.5.2232a"):
        seeds["version-" + v] = b"\x00" + v.encode()
    for d in ("contoso.com", "contoso.com.", "mail.exchange.contoso.example.com", "a", "x-1.y2",
              "10.0.0.1", "-bad.com", "a..b", "a" * 63 + ".com", ("abc." * 63) + "com",
              "Contoso.COM\0contoso.com."):
        seeds["domain-" + d[:24].replace("\0", "_")] = b"\x01" + d.encode()
    for name, cmd in (
            ("plain", r"C:\exchsrvr\connect\msexcimc\bin\msexcimc.exe"),
            ("quoted-args", "\"C:\\Program Files\\Exchsrvr\\msexcimc.exe\" -svc"),
            ("spaces-unquoted", r"C:\Program Files\Exchsrvr\msexcimc.exe -svc"),
            ("nt-prefix", r"\??\C:\exchsrvr\connect\msexcimc\bin\msexcimc.exe"),
            ("leading-blank", "  \tC:\\x\\a.EXE"),
            ("no-exe", r"C:\exchsrvr\bin\imsrun -x"),
            ("unterminated", "\"C:\\x\\a.exe"),
            ("env", r"%SystemRoot%\System32\svchost.exe -k netsvcs")):
        for cap in (255, 16):
            seeds["svcpath-%s-%d" % (name, cap)] = b"\x02" + bytes([cap]) + cmd.encode("utf-16-le")
    return seeds


TWO_NODES = "node NODE-A ims=5.5.2448.0 domain=contoso.com\nnode NODE-B ims=5.5.2232.0\n"


def scn_seeds(here):
    """The failover scenario library as written, and the bad-input shapes of
    issue 11 (each refused by the parser)."""
    seeds = {}
    lib = os.path.join(here, "..", "failover", "scenarios")
    for name in sorted(os.listdir(lib)):
        if name.endswith(".scn"):
            with open(os.path.join(lib, name), "rb") as f:
                seeds["lib-" + name[:-4]] = f.read()
    for name, text in (
            ("octal", TWO_NODES + "at 0s set-property StopTimeout=dword:010 expect restarts=010\n"),
            ("log-colon", TWO_NODES + "at 0s online expect log=NODE-C:text log=:a:b\n"),
            ("nul", TWO_NODES + "at 0s online\n\0at 1s x\n"),
            ("quoted-title", "\"title\" hello\n" + TWO_NODES + "at 0s online\n"),
            ("props", TWO_NODES + "property StopTimeout=sz:abc\nproperty Bogus=dword:1\n"
                                  "property FirstFixedVersion=sz:5.5.2100.0\nat 0s online\n"),
            ("time", "limit 30s\n" + TWO_NODES + "at 0s wait 20s\nat +5s online\nat +9s offline\n"),
            ("refused-code", TWO_NODES + "at 0s online expect refused=NODE-A:5 refused=NODE-B:0x20490009\n"),
            ("keyword-nodes", "node none\nnode expect\nnode sticky\nat 0s online\n"),
            ("bom-del", "\ufeff" + TWO_NODES + "\x7fat 0s online\n"),
            ("domains", "node A domain=clear\nnode B domain=none.\nat 0s set-domain A none\n"
                        "at +1s set-domain B --x.com\n")):
        seeds["bad-" + name] = text.encode("utf-8")
    return seeds


def regtext_seeds():
    db = "\n".join([
        "; clusreg dump of HKLM\\Cluster",
        "[HKLM\\Cluster]",
        '"ClusterName" = sz "CLU1"',
        "[HKLM\\Cluster\\ResourceTypes\\IMS Guard]",
        '"DllName" = sz "imsguard.dll"',
        '"LooksAlivePollInterval" = dword 5000',
        "[HKLM\\Cluster\\Resources\\{01234567-89ab-cdef-0123-456789abcdef}]",
        '"Name" = sz "Internet Mail Service"',
        '"Type" = sz "IMS Guard"',
        "[HKLM\\Cluster\\Resources\\{01234567-89ab-cdef-0123-456789abcdef}\\Parameters]",
        '"StopTimeout" = dword 0x7530',
        "[HKLM\\Cluster\\Groups\\{11111111-2222-3333-4444-555555555555}]",
        '"Contains" = multi_sz "{01234567-89ab-cdef-0123-456789abcdef}"',
        '"PreferredOwners" = multi_sz "NODE1" "NODE2"',
        ""])
    forms = "\r\n".join([
        "[HKEY_LOCAL_MACHINE\\cluster]",
        '"" = sz "default value"',
        '"Bin" = binary 00 01 fe ff',
        '"Exp" = expand_sz "%SystemRoot%\\\\Cluster"',
        '"Hex0" = hex(0) 01 02',
        '"MultiEmpty" = multi_sz',
        '"Q" = qword 18446744073709551615',
        '"Tab\\tName" = sz "line1\\nline2 \\u0001"',
        "# comment", ""])
    return {
        "database": db.encode("utf-16-le"),
        "every-form-crlf": forms.encode("utf-16-le"),
        "deep-key": ("[HKLM\\Cluster" + "\\k" * 40 + "]\n").encode("utf-16-le"),
        "bad-escape": '[HKLM\\Cluster]\n"A" = sz "\\q"\n'.encode("utf-16-le"),
    }


def stored_seeds():
    def rec(prop, kind, data):
        return bytes([prop, kind, len(data)]) + data
    sz = lambda t: (t + "\0").encode("utf-16-le")
    dw = lambda v: struct.pack("<I", v)
    # property numbers: the order of DEFAULTS; kinds: 0 SZ, 1 EXPAND_SZ, 2 BINARY, 3 DWORD, 4 MULTI_SZ
    return {
        "issue-11": rec(0, 0, sz("MyIMS")) + rec(4, 0, sz("5.5.2500.0")) + rec(5, 0, sz("5.5.2600.0"))
                    + rec(8, 3, dw(5)),
        "valid-all": rec(0, 0, sz("IMSTwo")) + rec(3, 1, sz("contoso.com")) + rec(7, 3, dw(2525))
                     + rec(8, 3, dw(5000)),
        "wrong-types": rec(8, 0, sz("abc")) + rec(0, 3, dw(7)) + rec(1, 2, b"\1\2\3")
                       + rec(3, 4, sz("a") + b"\0\0"),
        "odd-and-bare": rec(1, 0, b"C\0:\0\\") + rec(0, 0, "NoNul".encode("utf-16-le")),
        "pair-stored": rec(4, 0, sz("65535.0.0.0")),
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus")
    for target, seeds in (("proplist", proplist_seeds()), ("control", control_seeds()),
                          ("text", text_seeds()), ("scn", scn_seeds(here)),
                          ("regtext", regtext_seeds()), ("stored", stored_seeds())):
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        for name, data in sorted(seeds.items()):
            safe = "".join(c if c.isalnum() or c in "-._" else "_" for c in name)
            with open(os.path.join(d, safe), "wb") as f:
                f.write(data)
        print("corpus: %s: %d seeds in %s" % (target, len(seeds), os.path.relpath(d)))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes a CLUSPROP property list as hex, for resmon's control command.

    proplist.py Name=dword:5000 ExpectedDnsDomain=sz:contoso.com ...
    proplist.py --raw-count 3 Name=dword:1     (a count that lies)
    proplist.py --truncate 1 Name=dword:1      (drop the last N bytes)

Independent of the DLL's own encoder, so a bug in one is not mirrored.
"""
import struct
import sys

SYNTAX_NAME = 0x00040003
SYNTAX_DWORD = 0x00010002
SYNTAX_SZ = 0x00010003
ENDMARK = 0


def entry(syntax, data):
    pad = (-len(data)) % 4
    return struct.pack("<II", syntax, len(data)) + data + b"\0" * pad


def sz(text):
    return (text + "\0").encode("utf-16-le")


def main(argv):
    count = None
    truncate = 0
    props = []
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--raw-count":
            count = int(args.pop(0))
        elif a == "--truncate":
            truncate = int(args.pop(0))
        else:
            name, _, spec = a.partition("=")
            kind, _, value = spec.partition(":")
            props.append((name, kind, value))
    out = struct.pack("<I", len(props) if count is None else count)
    for name, kind, value in props:
        out += entry(SYNTAX_NAME, sz(name))
        if kind == "dword":
            out += entry(SYNTAX_DWORD, struct.pack("<I", int(value, 0) & 0xFFFFFFFF))
        elif kind == "sz":
            out += entry(SYNTAX_SZ, sz(value))
        else:
            sys.exit("proplist.py: unknown kind %r (dword or sz)" % kind)
        out += struct.pack("<I", ENDMARK)
    if truncate:
        out = out[:-truncate]
    print(out.hex())


if __name__ == "__main__":
    main(sys.argv[1:])

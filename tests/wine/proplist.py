#!/usr/bin/env python3
"""Writes a CLUSPROP property list as hex, for resmon's control command.

    proplist.py Name=dword:5000 ExpectedDnsDomain=sz:contoso.com ...
    proplist.py --raw-count 3 Name=dword:1     (a count that lies)
    proplist.py --truncate 1 Name=dword:1      (drop the last N bytes)
    proplist.py --decode <hex>                 (a list as Name=kind:value lines,
                                                e.g. GET_PRIVATE_PROPERTIES' out=)

Independent of the DLL's own encoder, so a bug in one is not mirrored.
"""
import struct
import sys

SYNTAX_NAME = 0x00040003
SYNTAX_DWORD = 0x00010002
SYNTAX_SZ = 0x00010003
SYNTAX_EXPAND_SZ = 0x00010004
SYNTAX_BINARY = 0x00010001
ENDMARK = 0
KINDS = {SYNTAX_DWORD: "dword", SYNTAX_SZ: "sz", SYNTAX_EXPAND_SZ: "expand_sz",
         SYNTAX_BINARY: "binary"}


def entry(syntax, data):
    pad = (-len(data)) % 4
    return struct.pack("<II", syntax, len(data)) + data + b"\0" * pad


def sz(text):
    return (text + "\0").encode("utf-16-le")


def decode(hextext):
    """Prints each property of a list as Name=kind:value (binary as hex)."""
    data = bytes.fromhex(hextext)
    (count,) = struct.unpack_from("<I", data, 0)
    pos = 4

    def take():
        nonlocal pos
        syntax, length = struct.unpack_from("<II", data, pos)
        value = data[pos + 8:pos + 8 + length]
        pos += 8 + length + (-length) % 4
        return syntax, value

    for _ in range(count):
        syntax, name = take()
        if syntax != SYNTAX_NAME:
            sys.exit("proplist.py: expected a name entry, found syntax 0x%08x" % syntax)
        syntax, value = take()
        kind = KINDS.get(syntax, "0x%08x" % syntax)
        if syntax == SYNTAX_DWORD:
            text = str(struct.unpack("<I", value)[0])
        elif syntax in (SYNTAX_SZ, SYNTAX_EXPAND_SZ):
            text = value.decode("utf-16-le").rstrip("\0")
        else:
            text = value.hex()
        print("%s=%s:%s" % (name.decode("utf-16-le").rstrip("\0"), kind, text))
        (end,) = struct.unpack_from("<I", data, pos)
        if end != ENDMARK:
            sys.exit("proplist.py: no end mark after %s" % name)
        pos += 4


def main(argv):
    if argv[:1] == ["--decode"]:
        decode(argv[1])
        return
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

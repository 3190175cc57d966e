#!/usr/bin/env python3
"""msgtable.py - the message table (resdll/imsguard_msg.mc) read on its own,
as an oracle for what Event Viewer must show on a node.

  msgtable.py specs <file.mc>            "0x<id>:<inserts>" per message, the ID
                                          as ReportEvent passes it (severity bits)
  msgtable.py check <file.mc> <probe>    compares nodeprobe's "EVENT 0x<id> <text>"
                                          lines (insert k rendered as "<k>") with
                                          each text; prints ok/FAIL lines
"""
import re
import sys

SEVERITY = {"Success": 0, "Informational": 1, "Warning": 2, "Error": 3}


def messages(path):
    """(full id, symbolic name, text) per message, in file order."""
    out, cur, body = [], {}, None
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\r\n")
        if body is not None:
            if line == ".":
                sev = SEVERITY[cur.get("Severity", "Success")]
                out.append(((sev << 30) | int(cur["MessageId"], 0), cur.get("SymbolicName", "?"),
                            " ".join(body)))
                cur, body = {}, None
            else:
                body.append(line)
            continue
        m = re.match(r"^(MessageId|Severity|SymbolicName|Language)=(\S+)", line)
        if m:
            cur[m.group(1)] = m.group(2)
            if m.group(1) == "Language":
                body = []
    return out


def inserts(text):
    return max([int(n) for n in re.findall(r"%(\d+)", text)] + [0])


def main(argv):
    if len(argv) == 3 and argv[1] == "specs":
        for ident, _, text in messages(argv[2]):
            print("0x%08X:%d" % (ident, inserts(text)))
        return 0
    if len(argv) == 4 and argv[1] == "check":
        seen = {}
        for line in open(argv[3], encoding="utf-8", errors="replace"):
            m = re.match(r"^EVENT (0x[0-9A-Fa-f]{8}) (.*)$", line.rstrip("\r\n"))
            if m:
                seen[int(m.group(1), 16)] = m.group(2)
        failed = 0
        for ident, name, text in messages(argv[2]):
            n = inserts(text)
            want = re.sub(r"%(\d+)", r"<\1>", text).strip()
            got = seen.get(ident)
            what = "event %d (%s, %d insert%s) formats from the registered file" % (
                ident & 0xFFFF, name, n, "" if n == 1 else "s")
            if got == want and all("<%d>" % k in got for k in range(1, n + 1)):
                print("ok " + what)
            else:
                failed += 1
                print("FAIL " + what)
                print("     wanted: " + want)
                print("     got:    " + (got if got is not None else "(nothing: not in the file?)"))
        return 1 if failed else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""gen.py - the resmon scripts of the race stress run (tests/stress/run.sh).

    gen.py --first SEED --count N [--res NAME]

prints one resmon script holding the interleavings SEED .. SEED+N-1. Each
interleaving is made from its own seed alone (random.Random(seed)), so a
seed names exactly one sequence of commands, whatever ran before it; its
lines sit between "echo stress seed=S begin" and "echo stress seed=S end".

An interleaving: a fault of the IMS stand-in (tests/bed/msexcimc: slow
start, slow stop, refuse-stop, hang, crash, hang-start, exit-on-stop, or
none), then 3 to 7 steps drawn from Online (and wait for it), Offline,
Offline with a Terminate while it is pending, Terminate (on the command
thread, N ms after the next command starts on another thread, or while an
entry point is inside the DLL), LooksAlive, IsAlive, Close and reopen, the
fault injected while it runs (refuse-stop, hang, crash), and short pauses;
it ends with a Terminate and a Close, so each interleaving's last Terminate
is checked too. Commands that do not fit the moment (Online while Online)
fail with FAIL lines: that is the monitor refusing, not the DLL failing.
The invariants are resmon's own checks (VIOLATION, HUNG, CRASH lines; see
tests/bed/resmon/resmon.c).
"""
import argparse
import random

PARAMS = r"HKLM\SYSTEM\CurrentControlSet\Services\MSExchangeIMC\Parameters"

# (name, weight): how often each fault opens an interleaving. The faults
# that need Terminate to kill (refuse-stop, hang, hang-start, a slow stop)
# are a good part, so a Terminate that skips the kill is caught quickly.
FAULTS = [("none", 3), ("slow-start", 2), ("slow-stop", 2), ("refuse-stop", 3),
          ("hang", 2), ("crash", 2), ("hang-start", 1), ("exit-on-stop", 1)]

ENTRIES_DURING = ["Online", "Offline", "IsAlive", "LooksAlive"]


def weighted(rng, table):
    total = sum(w for _, w in table)
    pick = rng.uniform(0, total)
    for name, w in table:
        pick -= w
        if pick <= 0:
            return name
    return table[-1][0]


def setup(q):
    """What every Open is followed by: the watch, short timeouts, fast polling."""
    return ["watch %s service MSExchangeIMC" % q, "pending-timeout %s 1500" % q,
            "interval %s 150 600" % q]


def interleaving(seed, res):
    rng = random.Random(seed)
    q = '"%s"' % res
    out = ["echo stress seed=%d begin" % seed]
    fault = weighted(rng, FAULTS)
    out.append("echo stress seed=%d fault=%s" % (seed, fault))
    # Settings the stand-in reads when it starts; the Fault value it reads
    # every 100 ms (and at STOP).
    out.append("regset %s StartDelay dword %d" % (PARAMS, rng.choice([300, 600])
                                                  if fault == "slow-start" else 0))
    out.append("regset %s StopDelay dword %d" % (PARAMS, rng.choice([300, 600, 1000])
                                                 if fault == "slow-stop" else 0))
    if fault in ("hang-start", "exit-on-stop"):
        out.append("regset %s Fault sz %s" % (PARAMS, fault))
    else:
        out.append("regdel %s Fault" % PARAMS)
    late_fault = fault in ("refuse-stop", "hang", "crash")
    injected = False
    steps = rng.randint(3, 7)
    for i in range(steps):
        # Most interleavings start by bringing the resource up, as the
        # cluster does; the rest start anywhere.
        if i == 0 and rng.random() < 0.7:
            kind = "up"
        else:
            kind = weighted(rng, [("up", 4), ("down", 2), ("down-terminate", 4),
                                  ("terminate", 2), ("terminate-after", 3),
                                  ("terminate-during", 3), ("probe", 2), ("close", 1),
                                  ("sleep", 1),
                                  ("inject", 5 if late_fault and not injected else 0)])
        if kind == "up":
            out.append("online %s" % q)
            out.append("wait %s Online 5000" % q)
        elif kind == "down":
            out.append("offline %s" % q)
        elif kind == "down-terminate":
            # Terminate while the Offline's worker still waits for the IMS,
            # most often one that will not stop by itself.
            if late_fault and not injected and rng.random() < 0.7:
                out.append("regset %s Fault sz %s" % (PARAMS, fault))
                injected = True
            if rng.random() < 0.5:
                out.append("offline %s" % q)
                out.append("sleep %d" % rng.choice([0, 50, 200, 500]))
                out.append("terminate %s" % q)
            else:
                out.append("terminate-after %s %d" % (q, rng.randint(0, 600)))
                out.append("offline %s" % q)
                out.append("wait-terminated %s 60000" % q)
        elif kind == "terminate":
            out.append("terminate %s" % q)
        elif kind == "terminate-after":
            out.append("terminate-after %s %d" % (q, rng.randint(0, 40)))
            out.append("%s %s" % (rng.choice(["online", "online", "offline", "isalive",
                                                "looksalive"]), q))
            out.append("wait-terminated %s 60000" % q)
        elif kind == "terminate-during":
            entry = rng.choice(ENTRIES_DURING)
            out.append("terminate-during %s %s" % (q, entry))
            out.append("%s %s" % (entry.lower(), q))
            out.append("wait-terminated %s 60000" % q)
        elif kind == "probe":
            out.append("%s %s" % (rng.choice(["looksalive", "isalive"]), q))
        elif kind == "close":
            out += ["close %s" % q, "open %s" % q] + setup(q)
        elif kind == "sleep":
            out.append("sleep %d" % rng.choice([0, 20, 50, 100, 250]))
        elif kind == "inject":
            out.append("regset %s Fault sz %s" % (PARAMS, fault))
            injected = True
    # The end: a Terminate (checked like every other), the fault cleared, a
    # Close and a fresh Open for the next interleaving.
    out.append("terminate %s" % q)
    out.append("regdel %s Fault" % PARAMS)
    out += ["close %s" % q, "open %s" % q] + setup(q)
    out.append("echo stress seed=%d end" % seed)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--first", type=int, required=True)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--res", default="Internet Mail Service")
    a = ap.parse_args()
    if a.first < 0 or a.count < 1:
        ap.error("--first must be 0 or more and --count 1 or more")
    q = '"%s"' % a.res
    lines = ["poll on", "deadlock 20000", "open %s" % q] + setup(q)
    for seed in range(a.first, a.first + a.count):
        lines += interleaving(seed, a.res)
    lines.append("quit")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

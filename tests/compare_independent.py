#!/usr/bin/env python3
"""Compare ccscore's JSON report with tests/independent_kpi.py's figures for the
same CSV and period: every metric both compute, for agents, teams, queues and
the organisation, to an absolute tolerance (default 1e-9).  Prints one line per
entity kind and exits 1 on any difference.

usage: compare_independent.py CCSCORE_JSON INDEPENDENT_JSON [--tol 1e-9]
"""
import json
import sys


def close(a, b, tol):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol


def main():
    args = sys.argv[1:]
    tol = 1e-9
    if "--tol" in args:
        i = args.index("--tol")
        tol = float(args[i + 1])
        del args[i:i + 2]
    ours = json.load(open(args[0]))
    theirs = json.load(open(args[1]))
    groups = {
        "agents": {c["id"]: c["metrics"] for c in ours["agents"]},
        "teams": {c["id"]: c["metrics"] for c in ours["teams"]},
        "queues": {c["id"]: c["metrics"] for c in ours["queues"]},
        "organisation": {"org": ours["organisation_scorecard"]["metrics"]},
    }
    indep = dict(theirs)
    indep["organisation"] = {"org": theirs["organisation"]}
    bad = 0
    for kind, mine in groups.items():
        compared = 0
        for ident, metrics in indep[kind].items():
            if ident not in mine:
                # Only entities with contacts in the period; ccscore also lists
                # rostered agents without data, the script does not.
                print(f"MISSING {kind} {ident}")
                bad += 1
                continue
            for name, want in metrics.items():
                if name not in mine[ident] or mine[ident][name]["value"] is None and want["value"] is None:
                    continue
                got = mine[ident][name]
                compared += 1
                for field in ("value", "n", "ci_low", "ci_high"):
                    if field in want and want[field] is not None and not close(got[field], want[field], tol):
                        print(f"DIFF {kind} {ident} {name}.{field}: ccscore {got[field]!r} independent {want[field]!r}")
                        bad += 1
        print(f"{kind}: {compared} figures compared")
    print("agree" if bad == 0 else f"{bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

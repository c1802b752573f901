#!/usr/bin/env python3
"""The core KPIs per agent and per team for one month, computed with pandas
straight from a canonical contacts.csv (bench/run's pandas contender).

usage: pandas_kpis.py --csv FILE --period YYYY-MM [--threshold S]

Prints JSON on stdout:
  {"tool": "pandas", "version", "period",
   "agents": {id: {metric: {"value", "n"}}}, "teams": {...}}
with the metrics handled, aht, acw, hold, fcr, transfer_rate, csat and
service_level (rates as fractions; n is each figure's denominator; a figure with
n = 0 has value null).

Definitions (over the month's contacts; agents by agent_id, teams by the row's
team column; abandoned contacts carry neither and so fall in no group):
  handled        answered contacts
  aht            mean(talk_s + hold_s + acw_s) over answered
  acw, hold      means over answered
  fcr            resolved == 1 / answered rows with a resolved flag
  transfer_rate  transferred == 1 / answered
  csat           csat >= 4 / answered rows with a csat answer (top-2-box)
  service_level  "offered": answered with wait_s <= T / (answered + abandoned)

Month assignment: started_at is ISO 8601 with an explicit UTC offset, written as
Europe/London local time with London's offset at that instant (for example
2026-10-05T09:14:03+01:00), so the local month is its first 7 characters.
bench/run checks that claim on every row with zoneinfo before it runs this.

The CSV is read from scratch on every run with pandas' default (C) parser,
keeping only the columns the figures need.
"""

import argparse
import json
import math
import re
import sys

import pandas as pd

COLUMNS = ["agent_id", "team", "started_at", "wait_s", "talk_s", "hold_s", "acw_s",
           "outcome", "transferred", "resolved", "csat"]
DTYPES = {
    "agent_id": "category", "team": "category", "outcome": "category", "started_at": str,
    "wait_s": "float64", "talk_s": "float64", "hold_s": "float64", "acw_s": "float64",
    "transferred": "float64", "resolved": "float64", "csat": "float64",
}
METRICS = ("handled", "aht", "acw", "hold", "fcr", "transfer_rate", "csat", "service_level")


def figures(month, key, threshold):
    """One DataFrame row per group of `key`, with each metric's value and n."""
    answered = month[month["outcome"] == "answered"]
    answered = answered.assign(
        handle_s=answered["talk_s"] + answered["hold_s"] + answered["acw_s"],
        is_resolved=answered["resolved"] == 1,
        is_transferred=answered["transferred"] == 1,
        top2=answered["csat"] >= 4,
        in_sl=answered["wait_s"] <= threshold,
    )
    per = answered.groupby(key, observed=True).agg(
        handled=("handle_s", "size"),
        aht=("handle_s", "mean"),
        acw=("acw_s", "mean"),
        hold=("hold_s", "mean"),
        fcr_k=("is_resolved", "sum"),
        fcr_n=("resolved", "count"),
        transfer_k=("is_transferred", "sum"),
        csat_k=("top2", "sum"),
        csat_n=("csat", "count"),
        sl_k=("in_sl", "sum"),
    )
    offered = month[month["outcome"].isin(["answered", "abandoned"])]
    per["sl_n"] = offered.groupby(key, observed=True).size()
    return per.fillna({"sl_n": 0})


def as_figures(per):
    def ratio(k, n):
        return {"value": float(k) / float(n) if n else None, "n": int(n)}

    def mean(v, n):
        return {"value": float(v) if n and not math.isnan(v) else None, "n": int(n)}

    out = {}
    for ident, r in per.iterrows():
        handled = int(r["handled"])
        out[str(ident)] = {
            "handled": {"value": handled, "n": handled},
            "aht": mean(r["aht"], handled),
            "acw": mean(r["acw"], handled),
            "hold": mean(r["hold"], handled),
            "fcr": ratio(r["fcr_k"], r["fcr_n"]),
            "transfer_rate": ratio(r["transfer_k"], handled),
            "csat": ratio(r["csat_k"], r["csat_n"]),
            "service_level": ratio(r["sl_k"], r["sl_n"]),
        }
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--csv", required=True)
    ap.add_argument("--period", required=True, help="YYYY-MM, the local month")
    ap.add_argument("--threshold", type=float, default=20.0,
                    help="service-level threshold in seconds (default 20)")
    args = ap.parse_args()
    if not re.fullmatch(r"\d{4}-\d{2}", args.period):
        ap.error("--period takes YYYY-MM")

    contacts = pd.read_csv(args.csv, usecols=COLUMNS, dtype=DTYPES,
                           keep_default_na=False, na_values=[""])
    month = contacts[contacts["started_at"].str[:7] == args.period]

    out = {"tool": "pandas", "version": pd.__version__, "period": args.period,
           "agents": as_figures(figures(month, "agent_id", args.threshold)),
           "teams": as_figures(figures(month, "team", args.threshold))}
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

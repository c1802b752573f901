#!/usr/bin/env python3
"""Write ccscore.policy(5) from `ccscore plugins` (read on stdin): every
section and key the engine and the bundled plugins declare, so that the page
cannot drift from the code.  tests/manpages.sh fails when the committed page
differs from this script's output; `make update-man` rewrites it."""
import re
import sys

HEAD = r""".TH CCSCORE.POLICY 5 "" "ccscore" "File formats"
.ad l
.SH NAME
ccscore.policy \- the organisation's policy file read by ccscore
.SH SYNOPSIS
.B ccscore run \-c
.I policy.ini
.SH DESCRIPTION
A policy is an INI file: sections in brackets, one
.I key " = " value
per line, comments after
.B ;
or
.BR # .
The
.B [organisation]
section loads the plugin modules; every other section is one instance of a
component, written
.BI [ "kind instance" ]
where
.I kind
is source, metric, check, feedback or sink, and the component is the one
named by the instance's
.B use
key (default: the instance's own name).
Every key is declared by the engine or by a plugin with a type, a default and
a range; an unknown key, a bad value or a missing file is reported as
.I FILE:LINE: error: message
and
.B ccscore check\-config
lists them all.
Paths are relative to the policy file's folder.
Percentages are written 85% or 0.85.
.PP
The sections and keys below are those of the bundled modules; a policy that
loads other modules has theirs too
.RB ( "ccscore plugins \-c"
.I policy
lists them).
"""

TAIL = r""".SH EXAMPLE
.EX
[organisation]
name = Acme Contact
timezone = Europe/London
modules = csv kpi_core report

[metric aht]
target = 300

[metric fcr]
target = 75%

[source contacts]
use = csv
path = data/contacts.csv
.EE
.SH SEE ALSO
.BR ccscore (1),
.BR ccscore\-plugin (7)
"""


def esc(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    text = text.replace("/", "/\\:").replace("|", "|\\:")  # may break after
    return "\\&" + text if text.startswith((".", "'")) else text


def main():
    out = [HEAD]
    key = re.compile(r"^ {6}(\S+)\s+(string|integer|number|yes/no|choice|path|percent)\s+(.*)$")
    example = False  # inside an example block (a top-level line ending in ':')
    for line in sys.stdin.read().splitlines():
        if example and (not line.strip() or not line.startswith("  ")):
            out.append(".fi\n")
            example = False
        if line.startswith("Plugin folders:") or not line.strip():
            continue
        if example:
            out.append(esc(line[2:]) + "\n")
            continue
        if re.match(r"^[A-Z].*:$", line):
            out.append(".SS %s\n.nf\n" % esc(line[:-1]))
            example = True
            continue
        m = re.match(r"^\[(\w+)\] keys:$", line)
        if m:
            out.append(".SH [%s]\n" % m.group(1))
            continue
        m = re.match(r"^module (\S+) (\S+): (.*)$", line)
        if m:
            out.append(".SH MODULE %s\n%s (version %s).\n" % (m.group(1).upper(), esc(m.group(3)),
                                                              esc(m.group(2))))
            continue
        m = re.match(r"^  \[(\w+) (\w+)\]  (.*)$", line)
        if m:
            out.append(".SS [%s %s]\n%s\n" % (m.group(1), m.group(2), esc(m.group(3))))
            continue
        m = key.match(line)
        if m:
            out.append(".TP\n.BR %s \" (%s)\"\n%s\n" % (m.group(1), m.group(2), esc(m.group(3))))
            continue
        m = re.match(r"^ {8}(\w+\.\w+)\s+(.*)$", line)
        if m:  # a check's rule
            out.append(".TP\n.B %s\n%s\n" % (esc(m.group(1)), esc(m.group(2))))
            continue
        m = re.match(r"^ +(\S.*)$", line)
        if m:  # a description, continued
            out.append(esc(m.group(1)) + "\n")
            continue
        sys.exit("gen_policy_man.py: line not understood: %r" % line)
    if example:
        out.append(".fi\n")
    out.append(TAIL)
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()

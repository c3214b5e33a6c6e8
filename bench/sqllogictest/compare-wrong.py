#!/usr/bin/env python3
"""Sets DistDB's wrong sqllogictest results beside PostgreSQL's on the same records.

    compare-wrong.py <distdb-summary.md> <postgres-report.md>

Both files are SltReport Markdown (SltBench's summary; SltOnPostgres's report, made with
PG_MAIN=io.distdb.sql.slt.SltOnPostgres bench/sqllogictest/pg-timing.sh <the files with wrong results>).
For every wrong result of DistDB it prints whether PostgreSQL passed that record, was wrong with the
same values (the script expects SQLite's answer and PostgreSQL's differs in the same way), was wrong
with other values, or failed, and a count of each. Markdown on stdout.
"""
import re
import sys

HEAD = re.compile(r"^### `([^`]+)` (.*)$")


def wrong(path):
    """location -> (kind, sql, detail) for every wrong result (and crash) listed in full."""
    out = {}
    lines = open(path, encoding="utf-8").read().split("\n")
    section = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            section = line[3:].split(" ")[0]
        m = HEAD.match(line)
        if m and section == "wrong":
            loc, kind = m.group(1), m.group(2)
            blocks = []
            j = i + 1
            while j < len(lines) and len(blocks) < 2:
                if lines[j].startswith("```"):
                    k = j + 1
                    while not lines[k].startswith("```"):
                        k += 1
                    blocks.append("\n".join(lines[j + 1:k]))
                    j = k + 1
                else:
                    j += 1
            out[loc] = (kind, blocks[0], blocks[1])
            i = j
            continue
        i += 1
    return out


def got(detail):
    return "\n".join(l for l in detail.split("\n") if l.startswith("got"))


def field(detail, name):
    for l in detail.split("\n"):
        if l.startswith(name + ":"):
            return l[len(name) + 1:].strip()
    return ""


def cell(s):
    return s.replace("|", "\\|").replace("\n", " ")


def main():
    distdb, pg = wrong(sys.argv[1]), wrong(sys.argv[2])
    counts = {}
    rows = []
    for loc, (kind, sql, detail) in distdb.items():
        if loc not in pg:
            verdict = "PostgreSQL passes: DistDB alone"
        elif got(pg[loc][2]) == got(detail):
            verdict = "PostgreSQL gives the same"
        else:
            verdict = "PostgreSQL wrong too, other values"
        counts[verdict] = counts.get(verdict, 0) + 1
        rows.append((loc, verdict))
    print("| verdict | wrong results |\n|---|---:|")
    for v, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"| {v} | {n} |")
    print()
    print("| record | SQL | expected (SQLite's) | DistDB got | PostgreSQL |\n|---|---|---|---|---|")
    for loc, v in rows:
        kind, sql, detail = distdb[loc]
        print(f"| `{loc}` | `{cell(sql)}` | {cell(field(detail, 'expected'))} | {cell(field(detail, 'got'))} | {v} |")


if __name__ == "__main__":
    main()

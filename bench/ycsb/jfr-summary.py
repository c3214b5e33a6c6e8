#!/usr/bin/env python3
"""Where a DistDB node spends its CPU, from a JFR recording: the share of execution samples whose
stack contains a frame of each code group (inclusive, so the shares add up to more than 100%), and
the hottest top frames.

    jfr print --stack-depth 256 --events jdk.ExecutionSample node.jfr > samples.txt
    python3 bench/ycsb/jfr-summary.py samples.txt [--from HH:MM:SS] [--to HH:MM:SS] [--only REGEX]

--from/--to keep the samples of one phase (times as YCSB's status lines print them); --only keeps
samples with a stack frame matching REGEX (e.g. SqlResource, ItemsResource.put).
"""
import argparse
import collections
import re

# First match wins for the top-frame table; every match counts for the inclusive table.
GROUPS = [
    ("SQL parsing (JSqlParser)", re.compile(r"net\.sf\.jsqlparser")),
    ("SQL front end in the node (io.distdb.server.sql)", re.compile(r"io\.distdb\.server\.sql")),
    ("SQL engine: parser (io.distdb.sql.parser)", re.compile(r"io\.distdb\.sql\.parser")),
    ("SQL engine: bind, plan, optimize", re.compile(r"io\.distdb\.sql\.(bind|plan|optimize|catalog)")),
    ("SQL engine: execution and table access", re.compile(r"io\.distdb\.sql\.(exec|runtime|storage|codec)")),
    ("SQL engine: all of dbnode/sql", re.compile(r"io\.distdb\.sql\.")),
    ("storage engine (LSM)", re.compile(r"io\.distdb\.storage")),
    ("items, kv and store layer", re.compile(r"io\.distdb\.server\.(items|kv|store|api)")),
    ("JSON (Jackson)", re.compile(r"com\.fasterxml\.jackson")),
    ("REST layer (RESTEasy Reactive, Quarkus)", re.compile(r"org\.jboss\.resteasy|io\.quarkus")),
    ("HTTP server (Vert.x, Netty)", re.compile(r"io\.vertx|io\.netty")),
    ("file I/O and fsync", re.compile(r"sun\.nio\.ch\.FileChannelImpl|FileDispatcherImpl")),
]


def events(lines):
    frames = None
    time = ""
    for line in lines:
        if line.startswith("jdk.ExecutionSample"):
            if frames is not None:
                yield time, frames
            frames = []
        elif line.startswith("  startTime = "):
            time = line.split("= ")[1].strip()
        elif frames is not None:
            m = re.match(r"\s+([\w$.<>/]+)\(", line)
            if m and "stackTrace" not in line:
                frames.append(m.group(1))
    if frames is not None:
        yield time, frames


def main(path, start, end, only):
    inclusive = collections.Counter()
    top = collections.Counter()
    total = 0
    with open(path) as f:
        for time, frames in events(f):
            if not frames or (start and time < start) or (end and time > end):
                continue
            if only and not any(re.search(only, fr) for fr in frames):
                continue
            total += 1
            top[frames[0]] += 1
            for name, pattern in GROUPS:
                if any(pattern.search(fr) for fr in frames):
                    inclusive[name] += 1
    print(f"{total} samples (stacks as deep as the recording's stackdepth, 64 by default)\n")
    print("| code on the stack | share of samples |\n| --- | ---: |")
    for name, _ in GROUPS:
        print(f"| {name} | {100.0 * inclusive[name] / max(total, 1):.0f}% |")
    print("\n| hottest top frames | share |\n| --- | ---: |")
    for frame, n in top.most_common(12):
        print(f"| `{frame}` | {100.0 * n / total:.1f}% |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("samples")
    parser.add_argument("--from", dest="start")
    parser.add_argument("--to", dest="end")
    parser.add_argument("--only")
    args = parser.parse_args()
    main(args.samples, args.start, args.end, args.only)

#!/usr/bin/env python3
"""Where a DistDB node spends its CPU, from a JFR recording: the share of execution samples whose
stack contains a frame of each code group (inclusive, so the shares add up to more than 100%), and
the hottest top frames.

    jfr print --stack-depth 256 --events jdk.ExecutionSample node.jfr > samples.txt
    python3 bench/ycsb/jfr-summary.py samples.txt [--from HH:MM:SS] [--to HH:MM:SS] [--only REGEX]

--from/--to keep the samples of one phase (times as YCSB's status lines or the runner's "[bench HH:MM:SS]"
progress lines print them); --only keeps samples with a stack frame matching REGEX (e.g. SqlResource,
ItemsResource.put, io.distdb.pgwire).

Two tables: inclusive shares (a sample counts for every group with a frame on its stack), and each sample
given to one owner, the group of the innermost frame that belongs to any owner group ("self time by
component": JDK code such as HashMap or String counts for whoever called it; these shares add up to 100%).
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
    ("PostgreSQL wire protocol: codec (io.distdb.pgwire.protocol, .types)",
     re.compile(r"io\.distdb\.pgwire\.(protocol|types)")),
    ("PostgreSQL wire protocol: connection, statements (PgConnection, StatementRunner, SerialQueue)",
     re.compile(r"io\.distdb\.pgwire\.[A-Z]")),
    ("PostgreSQL wire protocol: all of dbnode/pgwire", re.compile(r"io\.distdb\.pgwire\.")),
    ("Vert.x, Netty (HTTP server, sockets, event loop)", re.compile(r"io\.vertx|io\.netty")),
    ("thread hand-off (park, unpark)", re.compile(r"java\.util\.concurrent\.locks\.LockSupport\.(park|unpark)")),
    ("file I/O and fsync", re.compile(r"sun\.nio\.ch\.FileChannelImpl|FileDispatcherImpl")),
]

# Owners for the self-time table, innermost frame first; samples with none of them are "other".
OWNERS = [
    ("storage engine (io.distdb.storage)", re.compile(r"io\.distdb\.storage")),
    ("SQL engine (io.distdb.sql)", re.compile(r"io\.distdb\.sql\.")),
    ("pgwire codec (io.distdb.pgwire.protocol, .types)", re.compile(r"io\.distdb\.pgwire\.(protocol|types)")),
    ("pgwire connection, statements, queue", re.compile(r"io\.distdb\.pgwire\.")),
    ("node server code (io.distdb.server)", re.compile(r"io\.distdb\.server\.")),
    ("JSON (Jackson)", re.compile(r"com\.fasterxml\.jackson")),
    ("REST layer (RESTEasy Reactive, Quarkus)", re.compile(r"org\.jboss\.resteasy|io\.quarkus")),
    ("Vert.x, Netty", re.compile(r"io\.vertx|io\.netty")),
    ("thread pools and hand-off (executors, queues, park/unpark)",
     re.compile(r"java\.util\.concurrent\.(ThreadPoolExecutor|SynchronousQueue|LinkedBlockingQueue|CompletableFuture"
                r"|ForkJoin|locks\.)")),
    ("socket and file I/O (sun.nio.ch)", re.compile(r"sun\.nio\.ch\.")),
]


def events(lines):
    frames = None
    time = ""
    thread = ""
    for line in lines:
        if line.startswith("jdk.ExecutionSample"):
            if frames is not None:
                yield time, thread, frames
            frames = []
            thread = ""
        elif line.startswith("  startTime = "):
            time = line.split("= ")[1].strip()
        elif line.startswith("  sampledThread = "):
            m = re.match(r'\s+sampledThread = "([^"]*)"', line)
            # pool threads by pool: "pgwire-12" and "pgwire-3" are both "pgwire-N"
            thread = re.sub(r"\d+", "N", m.group(1)) if m else "?"
        elif frames is not None:
            m = re.match(r"\s+([\w$.<>/]+)\(", line)
            if m and "stackTrace" not in line:
                frames.append(m.group(1))
    if frames is not None:
        yield time, thread, frames


def main(path, start, end, only):
    inclusive = collections.Counter()
    owned = collections.Counter()
    top = collections.Counter()
    threads = collections.Counter()
    total = 0
    with open(path) as f:
        for time, thread, frames in events(f):
            if not frames or (start and time < start) or (end and time > end):
                continue
            if only and not any(re.search(only, fr) for fr in frames):
                continue
            total += 1
            top[frames[0]] += 1
            threads[thread] += 1
            for name, pattern in GROUPS:
                if any(pattern.search(fr) for fr in frames):
                    inclusive[name] += 1
            owner = "other (JDK, JIT, GC-related Java frames)"
            for fr in frames:
                hit = next((name for name, pattern in OWNERS if pattern.search(fr)), None)
                if hit:
                    owner = hit
                    break
            owned[owner] += 1
    print(f"{total} samples (stacks as deep as the recording's stackdepth, 64 by default)\n")
    print("| code on the stack | share of samples |\n| --- | ---: |")
    for name, _ in GROUPS:
        print(f"| {name} | {100.0 * inclusive[name] / max(total, 1):.0f}% |")
    print("\n| self time by component (innermost owning frame) | share of samples |\n| --- | ---: |")
    for name, n in owned.most_common():
        print(f"| {name} | {100.0 * n / max(total, 1):.0f}% |")
    print("\n| threads (digits as N) | share of samples |\n| --- | ---: |")
    for name, n in threads.most_common(10):
        print(f"| `{name}` | {100.0 * n / max(total, 1):.0f}% |")
    print("\n| hottest top frames | share |\n| --- | ---: |")
    for frame, n in top.most_common(20):
        print(f"| `{frame}` | {100.0 * n / total:.1f}% |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("samples")
    parser.add_argument("--from", dest="start")
    parser.add_argument("--to", dest="end")
    parser.add_argument("--only")
    args = parser.parse_args()
    main(args.samples, args.start, args.end, args.only)

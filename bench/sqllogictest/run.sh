#!/usr/bin/env bash
# SQLite's whole sqllogictest corpus (622 scripts under test/ of net.hydromatic:sql-logic-test, 7.4
# million records) against the dbnode/sql engine, in process, a fresh engine on an LSM store (durability
# NONE) per script: io.distdb.sql.slt.SltBench. Compiles dbnode/sql's tests, then runs. See
# docs/sql-corpus.md.
#
#   bench/sqllogictest/run.sh                          the whole corpus (about 10 minutes on 2 cores)
#   bench/sqllogictest/run.sh test/select test/index/  only the scripts under these prefixes
#   bench/sqllogictest/run.sh --jobs=2 --timeout-ms=10000 ...   options of SltBench, before the prefixes
#
# The summary (totals per directory, failure kinds with an example each, every wrong result and crash in
# full, the slowest statements) goes to bench/sqllogictest/target/sql-corpus.md, the same with a row per
# file to bench/sqllogictest/target/sql-corpus-files.md; progress to stderr. Exit status 1 when a result
# was wrong or the engine crashed. Environment: SLT_OUT (summary path), JAVA_OPTS (default -Xmx4g),
# MVNW_OPTS (extra Maven flags, such as -o when the local repository has everything).
set -euo pipefail
cd "$(dirname "$0")/../.."

out=${SLT_OUT:-bench/sqllogictest/target/sql-corpus.md}
files_report="${out%.md}-files.md"

# -am: build dbnode/storage from this tree too, rather than taking whatever snapshot is in ~/.m2.
./mvnw -B -ntp -q ${MVNW_OPTS:-} -pl dbnode/sql -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
# The run uses a copy of the compiled classes, so that rebuilding the module while a long run goes on
# does not change the classes under it.
snap=$(mktemp -d "${TMPDIR:-/tmp}/distdb-slt-classes.XXXXXX")
trap 'rm -rf "$snap"' EXIT
cp -r dbnode/sql/target/test-classes "$snap/test-classes"
cp -r dbnode/sql/target/classes "$snap/classes"
cp="$snap/test-classes:$snap/classes"
n=0
IFS=: read -ra deps < dbnode/sql/target/cp.txt || true  # the file has no final newline
for dep in "${deps[@]}"; do
  if [ -d "$dep" ]; then
    n=$((n + 1)); cp -r "$dep" "$snap/dep$n"; dep="$snap/dep$n"
  fi
  cp="$cp:$dep"
done

echo "1-minute load average before: $(cut -d' ' -f1 /proc/loadavg)" >&2
java ${JAVA_OPTS:--Xmx4g} -cp "$cp" io.distdb.sql.slt.SltBench "$out" --files-report="$files_report" "$@"

#!/usr/bin/env bash
# Times sqllogictest files on the dbnode/sql engine (in process) and on PostgreSQL, statement by statement:
# io.distdb.sql.slt.SltTiming. Installs postgresql from Debian if missing, starts a private server on a
# fresh directory under /tmp (its unix socket there too; pgjdbc connects over TCP to 127.0.0.1), runs, and
# stops and deletes the server whatever happens.
#
#   bench/sqllogictest/pg-timing.sh                       select5, select4, index/random/10/slt_good_0
#   bench/sqllogictest/pg-timing.sh --passes=3 test/select5.test
#
# Durability: DistDB runs with durability NONE (nothing synced), so PostgreSQL runs with fsync=off,
# synchronous_commit=off and full_page_writes=off; shared_buffers=256MB. The report goes to
# bench/sqllogictest/target/pg-timing.md (PG_TIMING_OUT to change it) and stdout. Environment: PG_PORT
# (default 15433), PG_OPTS (more server settings, such as "-c jit=off"), JAVA_OPTS (default -Xmx4g),
# MVNW_OPTS (extra Maven flags, such as -o).
#
# PG_MAIN=io.distdb.sql.slt.SltOnPostgres runs the given files through the sqllogictest runner with
# PostgreSQL as the engine instead (results checked against the scripts as DistDB's are), to tell which of
# DistDB's wrong results PostgreSQL gives too:
#   PG_MAIN=io.distdb.sql.slt.SltOnPostgres bench/sqllogictest/pg-timing.sh test/evidence/slt_lang_update.test
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
port=${PG_PORT:-15433}
out=${PG_TIMING_OUT:-bench/sqllogictest/target/pg-timing.md}

./mvnw -B -ntp -q ${MVNW_OPTS:-} -pl dbnode/sql -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
cp="dbnode/sql/target/test-classes:dbnode/sql/target/classes:$(cat dbnode/sql/target/cp.txt)"

dir=$(mktemp -d /tmp/distdb-pg-timing.XXXXXX)
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
started=
cleanup() {
  if [ -n "$started" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$dir/db" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT

as_pg "$pg_bin/initdb" -D "$dir/db" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log"
as_pg "$pg_bin/pg_ctl" -D "$dir/db" -l "$dir/postgres.log" -w -t 60 start -o "-p $port \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off \
  -c full_page_writes=off -c shared_buffers=256MB -c max_connections=20 ${PG_OPTS:-}" >/dev/null
started=1
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir;" \
  "1-minute load average before: $(cut -d' ' -f1 /proc/loadavg)" >&2

java ${JAVA_OPTS:--Xmx4g} -cp "$cp" "${PG_MAIN:-io.distdb.sql.slt.SltTiming}" "$out" \
  --pg-url="jdbc:postgresql://127.0.0.1:$port/" --pg-user=postgres "$@"

#!/usr/bin/env bash
# YCSB workloads A, B, C and E against one DistDB node, one Apache Cassandra node and Redis, then SQL
# point selects against the node and PostgreSQL, in one run; or against three DistDB nodes and three
# Cassandra nodes (--target=cluster). Builds the node and the benchmark, resolves Cassandra's jars from
# Maven, installs redis-server and postgresql from Debian if missing, starts and stops every server itself,
# one system at a time.
#
#   bench/ycsb/run.sh [--records=100000 --threads=8 --seconds=40 ...]   (--help lists the flags)
#   bench/ycsb/run.sh --target=cluster                                 (3 DistDB nodes, then 3 Cassandra nodes)
#   bench/ycsb/run.sh --sql-only=true                                  (only the SQL point selects)
#
# The report goes to stdout and, as Markdown, to bench/ycsb/target/results/ycsb-results.md; YCSB's
# raw outputs and the server logs stay in bench/ycsb/target/results/.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v redis-server >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server postgresql >/dev/null
fi
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

./mvnw -B -ntp -q -pl dbnode/server -am package -DskipTests
./mvnw -B -ntp -q -Pbench -pl bench/ycsb -am package -DskipTests
# Apache Cassandra runs from its Maven artifacts: their paths go to bench/ycsb/cassandra/target/cassandra.classpath.
./mvnw -B -ntp -q -f bench/ycsb/cassandra/pom.xml dependency:build-classpath

mkdir -p bench/ycsb/target/results
exec java -jar bench/ycsb/target/distdb-ycsb.jar --root=. --pg-bin="$pg_bin" \
  --out=bench/ycsb/target/results/ycsb-results.md "$@"

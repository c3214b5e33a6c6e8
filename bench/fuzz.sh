#!/usr/bin/env bash
# Fuzzes the wire protocol's Jazzer targets with fresh random seeds, for as long as asked, to find what
# the fixed-seed runs of the test suite do not reach.
#
#   bench/fuzz.sh [-t DURATION] [-r ROUNDS] [TARGET ...]
#       TARGET: decoder (FrontendDecoderFuzzTest), values (PgValuesFuzzTest), scram (ScramSha256FuzzTest);
#       all three when none is named. Each round fuzzes each target for DURATION (default 5m; Jazzer's
#       forms: 30s, 10m, 1h) from a new random seed, and prints one line per target and round:
#         values round 1: no finding (seed 1839201, 402118 runs)
#         values round 2: FINDING NumberFormatException ... (seed 77120); input: dbnode/pgwire/target/jazzer/crash-…
#
# The suite (./mvnw verify) runs the same targets from fixed seeds and a fixed number of inputs, so that
# the gate gives the same answer for the same code; this script explores. A finding's input, once the bug
# is fixed, belongs in dbnode/pgwire/src/test/resources/<package>/<Class>Inputs/<method>/, where every
# build replays it. Logs of rounds with a finding stay in target/fuzz/. Exit status: 0 when nothing found.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=5m
rounds=1
targets=()
while (($#)); do
  case "$1" in
    -t) duration="$2"; shift 2 ;;
    -r) rounds="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    decoder|values|scram) targets+=("$1"); shift ;;
    *) echo "unknown target $1: decoder, values or scram" >&2; exit 2 ;;
  esac
done
((${#targets[@]})) || targets=(decoder values scram)

logs=target/fuzz
mkdir -p "$logs"
echo "building dbnode/sql and dbnode/pgwire"
./mvnw -B -ntp -q -pl dbnode/sql,dbnode/pgwire test-compile

found=0
for round in $(seq 1 "$rounds"); do
  for target in "${targets[@]}"; do
    log="$logs/$target-$round.log"
    skips=()
    for other in decoder values scram; do
      [[ $other == "$target" ]] || skips+=("-Dfuzz.skip.$other=true")
    done
    # Seed 0 lets libFuzzer pick one (it prints it); executions 0 means no bound but the duration. The
    # default test execution runs nothing (-Dtest=NONE); -P keeps the fuzz profile that -Dtest turns off.
    status=0
    ./mvnw -B -ntp -o -pl dbnode/sql,dbnode/pgwire test -Ppgwire-fuzz -Dtest=NONE \
      -Dsurefire.failIfNoSpecifiedTests=false "${skips[@]}" \
      -Dfuzz.seed=0 -Dfuzz.duration="$duration" -Dfuzz.executions.decoder=0 -Dfuzz.executions.values=0 \
      -Dfuzz.executions.scram=0 > "$log" 2>&1 || status=$?
    seed=$(grep -m1 -o 'INFO: Seed: [0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    runs=$(grep -o '^Done [0-9]* runs' "$log" | grep -o '[0-9]*' | tail -1 || true)
    if ((status == 0)); then
      echo "$target round $round: no finding (seed $seed, ${runs:-?} runs)"
      rm -f "$log"
    else
      found=1
      what=$(grep -m1 -E '^(== Java Exception|==[0-9]+== ERROR|Caused by|com.code_intelligence.jazzer.*Exception)' "$log" \
        || echo "the build failed before fuzzing; see the log")
      input=$(grep -m1 -o 'Test unit written to [^ ]*' "$log" | sed 's/Test unit written to //' || true)
      echo "$target round $round: FINDING ${what:0:160} (seed $seed); input: ${input:-none}; log: $log"
    fi
  done
done
exit "$found"

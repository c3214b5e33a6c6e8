#!/usr/bin/env bash
# Runs tests again and again while other processes keep the CPU busy, to chase a flaky test: a test
# that fails even once in such a run either found a real bug or races its own timing.
#
#   bench/stress-tests.sh [-n RUNS] [-l BUSY] MODULE:CLASS [MODULE:CLASS ...]
#       runs each test class RUNS times (default 10) and prints "CLASS: N passed, N failed" for each;
#       a class named *IT runs through failsafe (as in "verify"), any other through surefire.
#   bench/stress-tests.sh [-n RUNS] [-l BUSY] --suite [-- MAVEN ARGS ...]
#       runs the whole "./mvnw -B -ntp verify" RUNS times (default 5) and names the test classes that
#       failed in each run; arguments after "--" go to Maven.
#
#   -l BUSY      busy-looping processes kept running meanwhile (default: the cores less one, at least 1)
#   --no-build   class mode: use what the last build installed instead of building first
#
# Examples:
#   bench/stress-tests.sh -n 20 dbnode/storage:LsmFaultTest dbnode/storage:HashLogMergeTest
#   bench/stress-tests.sh -n 5 dbnode/server:RestartIT e2e:DbNodeStatefulSetIT
#   CI=true bench/stress-tests.sh --suite -n 5 -- -pl '!e2e'
#
# The log of every failed run is kept in target/stress/. Exit status: 0 when nothing failed.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=""
busy=$(( $(nproc) > 2 ? $(nproc) - 1 : 1 ))
suite=false
build=true
targets=()
while (($#)); do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    -l) busy="$2"; shift 2 ;;
    --suite) suite=true; shift ;;
    --) shift; targets=("$@"); break ;;
    --no-build) build=false; shift ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if ! $suite && ((${#targets[@]} == 0)); then
  echo "name at least one MODULE:CLASS, or --suite (see --help)" >&2
  exit 2
fi
runs=${runs:-$($suite && echo 5 || echo 10)}

logs=target/stress
mkdir -p "$logs"

# --- The load: busy loops, stopped however this script ends ----------------------------------
busy_pids=()
stop_load() { ((${#busy_pids[@]})) && kill "${busy_pids[@]}" 2>/dev/null; wait 2>/dev/null || true; }
trap stop_load EXIT
for _ in $(seq 1 "$busy"); do
  ( while :; do :; done ) &
  busy_pids+=($!)
done
echo "load: $busy busy process(es) on $(nproc) cores; $runs run(s) each"

# --- The whole suite -------------------------------------------------------------------------
if $suite; then
  declare -A failures_by_class=()
  passed=0 failed=0
  for i in $(seq 1 "$runs"); do
    log="$logs/suite-$i.log"
    started=$(date +%s)
    touch "$logs"   # the reports of this run are those newer than this
    # --fail-at-end: a failing module does not hide the results of the modules that do not need it.
    if ./mvnw -B -ntp --fail-at-end verify "${targets[@]}" > "$log" 2>&1; then status=passed; else status=failed; fi
    # The classes with a failure or an error, from the reports this run wrote.
    failing=$(find . -path '*/target/*-reports/TEST-*.xml' -newer "$logs" -print0 2>/dev/null \
      | xargs -0 -r grep -l -E '<testsuite [^>]*(failures|errors)="[1-9]' \
      | sed -E 's#.*/TEST-(.*)\.xml#\1#; s#.*\.##' | sort -u | tr '\n' ' ' || true)   # none failed: grep finds nothing
    [[ -n "$failing" && $status == passed ]] && status=failed
    if [[ $status == passed ]]; then
      passed=$((passed + 1)); rm -f "$log"
    else
      failed=$((failed + 1))
      for c in $failing; do failures_by_class[$c]=$(( ${failures_by_class[$c]:-0} + 1 )); done
    fi
    echo "run $i: $status in $(( $(date +%s) - started )) s${failing:+; failed: $failing}"
  done
  for c in "${!failures_by_class[@]}"; do
    echo "$c: failed in ${failures_by_class[$c]} of $runs runs"
  done
  echo "suite: $passed passed, $failed failed"
  ((failed == 0))
  exit
fi

# --- Chosen classes --------------------------------------------------------------------------
modules=$(printf '%s\n' "${targets[@]}" | cut -d: -f1 | sort -u | paste -sd,)
if $build; then
  echo "building $modules and what they need (install, no tests)"
  ./mvnw -B -ntp -q -pl "$modules" -am install -DskipTests
fi

any_failed=0
results=()
for target in "${targets[@]}"; do
  module=${target%%:*}
  class=${target#*:}
  if [[ $class == *IT ]]; then
    goals=(failsafe:integration-test failsafe:verify "-Dit.test=$class")
  else
    goals=(surefire:test "-Dtest=$class")
  fi
  passed=0 failed=0
  for i in $(seq 1 "$runs"); do
    log="$logs/$class-$i.log"
    if ./mvnw -B -ntp -o -pl "$module" "${goals[@]}" -Dsurefire.failIfNoSpecifiedTests=false > "$log" 2>&1 \
        && grep -q 'Tests run: [1-9]' "$log"; then   # a run that found no test is no pass
      passed=$((passed + 1)); rm -f "$log"
    else
      failed=$((failed + 1)); any_failed=1
      echo "  $class run $i failed: $log"
    fi
  done
  results+=("$class: $passed passed, $failed failed")
  echo "${results[-1]}"
done
echo "---"
printf '%s\n' "${results[@]}"
exit "$any_failed"

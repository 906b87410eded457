#!/usr/bin/env bash
# A `bylaw plan` killed (kill -9) while it writes its outputs leaves the
# previous output set of `--out` whole and byte-identical (or, killed after
# its commit, the new set whole: never a mix), and the next run
# removes what the dead one left behind (issue 17, finding 6; docs/plan.md
# section 3). Exits 77 (skipped) if no kill landed while the outputs were
# written.
#   bash plan_kill_test.sh BYLAW_BINARY SOURCE_DIR
set -euo pipefail
bylaw=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$tmp"

python3 "$src/tools/gen_register" --seed kill --count 20000 -o register.csv
python3 "$src/tools/gen_register" --roster --seed kill --count 20000 -o roster.csv
flags=(--rules "$src/rulesets/nantong" --inspectors roster.csv --register register.csv --year 2026 --threads 1)

"$bylaw" plan "${flags[@]}" --seed first --out out > /dev/null
(cd out && sha256sum plan.jsonl plan.csv summary.json report.html) > before.sha
# The set the killed run would write: a kill that lands after its commit
# (while the old set is being removed) rightly leaves this one instead.
"$bylaw" plan "${flags[@]}" --seed second --out second > /dev/null
(cd second && sha256sum plan.jsonl plan.csv summary.json report.html) > after.sha
rm -rf second

# Kill runs at delays spread over a whole run's length, so that kills land
# in the assessment and while the outputs are written and committed, on a
# fast machine as on a slow one (a single kill after the staging directory
# appeared came too late once the plan got fast, and the test skipped).
# Every kill must leave `out` whole; at least one must land while the
# outputs were being written.
printf '%s\n' plan.csv plan.jsonl report.html summary.json | sort > want.txt
start=$(date +%s%N)
"$bylaw" plan "${flags[@]}" --seed second --out probe > /dev/null 2>&1
run_ms=$(( ($(date +%s%N) - start) / 1000000 ))
rm -rf probe
step_ms=$(( run_ms / 25 > 10 ? run_ms / 25 : 10 ))
mid_write=0
killed=0
for (( delay_ms = step_ms; delay_ms < run_ms * 3 / 2 && mid_write < 3; delay_ms += step_ms )); do
  "$bylaw" plan "${flags[@]}" --seed second --out out > /dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -9 "$pid" 2> /dev/null || true
  # kill -9 also "succeeds" on a run that has just finished and is not yet
  # reaped; only a 137 (SIGKILL) status says it died mid-run.
  status=0
  wait "$pid" 2> /dev/null || status=$?
  [ "$status" -eq 137 ] || continue
  killed=$((killed + 1))
  compgen -G ".out.staging-$pid-*" > /dev/null && mid_write=$((mid_write + 1))
  if ! (cd out && sha256sum -c --quiet ../before.sha > /dev/null 2>&1); then
    (cd out && sha256sum -c --quiet ../after.sha) ||
      fail "killed after ${delay_ms} ms: out is neither the previous output set nor the new one, whole"
  fi
  # A kill during the assessment leaves its shard directory; nothing else.
  ls -A out | sort | grep -v '^shard-1-of-1$' | diff - want.txt ||
    fail "killed after ${delay_ms} ms: unexpected entries in out: $(ls -A out)"
done
echo "a run takes ${run_ms} ms; ${killed} kills landed mid-run, ${mid_write} while the outputs were written" >&2
if [ "$mid_write" -eq 0 ]; then
  echo "skipped: no kill landed while the outputs were written" >&2
  exit 77
fi

# The next run replaces the set and removes the dead run's leftovers.
"$bylaw" plan "${flags[@]}" --seed third --out out > /dev/null
! compgen -G ".out.staging-*" > /dev/null || fail "a staging directory was left: $(ls -A)"
! compgen -G "out/.*tmp-*" > /dev/null || fail "a temporary file was left: $(ls -A out)"
ls -A out | sort | diff - want.txt || fail "out holds $(ls -A out)"
(cd out && sha256sum -c --quiet ../before.sha > /dev/null 2>&1) && fail "the third run did not replace the set"
echo "ok"

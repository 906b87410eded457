#!/usr/bin/env bash
# A `bylaw plan` killed (kill -9) while it writes its outputs leaves the
# previous output set of `--out` whole and byte-identical (or, killed after
# its commit, the new set whole: never a mix), and the next run
# removes what the dead one left behind (issue 17, finding 6; docs/plan.md
# section 3). Exits 77 (skipped) if the machine was so fast that the plan
# finished before it could be killed.
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

"$bylaw" plan "${flags[@]}" --seed second --out out > /dev/null 2>&1 &
pid=$!
# Wait (at most 120 s) for the outputs' staging directory, then kill.
for _ in $(seq 1 1200); do
  compgen -G ".out.staging-$pid-*" > /dev/null && break
  kill -0 "$pid" 2> /dev/null || break
  sleep 0.1
done
sleep 0.3
if ! kill -9 "$pid" 2> /dev/null; then
  wait "$pid" || true
  echo "skipped: the plan finished before it could be killed" >&2
  exit 77
fi
# kill -9 also "succeeds" on a run that has just finished and is not yet
# reaped; only a 137 (SIGKILL) status says it died mid-run.
status=0
wait "$pid" 2> /dev/null || status=$?
if [ "$status" -ne 137 ]; then
  echo "skipped: the plan finished before it could be killed (status $status)" >&2
  exit 77
fi
compgen -G ".out.staging-$pid-*" > /dev/null || echo "note: killed before the staging directory was made" >&2

if ! (cd out && sha256sum -c --quiet ../before.sha 2> /dev/null); then
  (cd out && sha256sum -c --quiet ../after.sha) ||
    fail "out is neither the previous output set nor the new one, whole"
  echo "note: killed after the new set was committed" >&2
fi
ls -A out | sort > names.txt
printf '%s\n' plan.csv plan.jsonl report.html summary.json | sort > want.txt
# A kill during the assessment leaves its shard directory; nothing else.
grep -v '^shard-1-of-1$' names.txt | diff - want.txt || fail "unexpected entries in out: $(cat names.txt)"

# The next run replaces the set and removes the dead run's leftovers.
"$bylaw" plan "${flags[@]}" --seed third --out out > /dev/null
! compgen -G ".out.staging-*" > /dev/null || fail "a staging directory was left: $(ls -A)"
! compgen -G "out/.*tmp-*" > /dev/null || fail "a temporary file was left: $(ls -A out)"
ls -A out | sort | diff - want.txt || fail "out holds $(ls -A out)"
(cd out && sha256sum -c --quiet ../before.sha 2> /dev/null) && fail "the third run did not replace the set"
echo "ok"

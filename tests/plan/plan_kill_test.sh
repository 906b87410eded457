#!/usr/bin/env bash
# A `bylaw plan` killed (kill -9) while it writes its outputs leaves the
# previous output set of `--out` whole and byte-identical, and the next run
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
wait "$pid" 2> /dev/null || true
compgen -G ".out.staging-$pid-*" > /dev/null || echo "note: killed before the staging directory was made" >&2

(cd out && sha256sum -c --quiet ../before.sha) || fail "the previous output set changed"
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

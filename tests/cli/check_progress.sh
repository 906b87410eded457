#!/usr/bin/env bash
# Progress of `bylaw plan` and `bylaw eval --batch` on standard error
# (tools/cli/progress.h): off a terminal, plan writes plain lines (each
# stage's end, no carriage returns) and eval --batch nothing; --quiet
# silences both; on a pseudo-terminal (script(1), when installed) the line
# is redrawn with `\r` and ends at 100 %.
#   bash check_progress.sh BYLAW_BINARY SOURCE_DIR
set -euo pipefail
bylaw=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$tmp"
shop="$src/tests/cli/cases/shop"
sample="$src/samples/nantong"
plan() {  # OUT, then extra flags
  local out=$1
  shift
  "$bylaw" plan --rules "$src/rulesets/nantong" --register "$sample/register.csv" \
    --inspectors "$sample/roster.csv" --year 2026 --seed nantong-2026 --out "$out" "$@"
}

# A batch big enough to be read in several steps.
head -n 1 "$shop/batch.jsonl" > one.jsonl
for _ in $(seq 1 12); do cat one.jsonl one.jsonl > two.jsonl && mv two.jsonl one.jsonl; done
lines=$(wc -l < one.jsonl)
[ "$lines" -ge 4096 ] || fail "the batch has only $lines lines"

# Off a terminal: eval --batch writes no progress at all.
"$bylaw" eval "$shop" --decision permit --batch one.jsonl > out.jsonl 2> err
[ -s err ] && fail "eval --batch off a terminal wrote: $(head -c 300 err)"
[ "$(wc -l < out.jsonl)" = "$lines" ] || fail "eval --batch wrote $(wc -l < out.jsonl) of $lines results"

# Off a terminal: plan writes each stage's end as a plain line, with the
# counts of the plan it wrote.
plan p1 > /dev/null 2> err
planned=$(python3 -c 'import json,sys; print(json.load(open("p1/summary.json"))["enterprises"]["planned"])')
rows=$(python3 -c 'import json,sys; print(json.load(open("p1/summary.json"))["enterprises"]["read"])')
grep -qx "reading the register  100%  $rows/$rows rows  [0-9]*/s  in [0-9]*:[0-9][0-9]" err \
  || fail "plan: no plain line for the register: $(cat err)"
grep -qx "pass 3/3: planning visits  100%  $planned/$planned enterprises  [0-9]*/s  in [0-9]*:[0-9][0-9]" err \
  || fail "plan: no plain line for the visits: $(cat err)"
grep -q $'\r' err && fail "plan off a terminal wrote carriage returns"
grep -vq -e '^reading the register ' -e '^pass [123]/3: ' err && fail "plan wrote other lines: $(cat err)"

# --quiet: nothing.
plan p2 --quiet > out 2> err
[ -s err ] && fail "plan --quiet wrote: $(cat err)"
[ -s out ] && fail "plan --quiet printed the summary"

if ! command -v script > /dev/null; then
  echo "ok (no script(1): the terminal path was not run)"
  exit 0
fi
# On a terminal: stdout to a file, stderr the pseudo-terminal script makes.
script -qec "'$bylaw' eval '$shop' --decision permit --batch one.jsonl > tty_out.jsonl" /dev/null > tty.log
[ "$(wc -l < tty_out.jsonl)" = "$lines" ] || fail "eval --batch on a terminal wrote $(wc -l < tty_out.jsonl) results"
tr '\r' '\n' < tty.log > tty.lines
grep -q "^evaluating  100%  $lines lines  " tty.lines || fail "eval --batch: no final 100% line: $(cat -A tty.log | head -c 400)"
[ "$(grep -c $'\r' tty.log)" -ge 1 ] || fail "eval --batch: the line is not redrawn with \\r"
script -qec "'$bylaw' eval '$shop' --decision permit --batch one.jsonl --quiet > tty_out.jsonl" /dev/null > tty.log
grep -q evaluating tty.log && fail "eval --batch --quiet on a terminal: $(cat -A tty.log | head -c 300)"
# Results on the terminal: no progress line among them.
script -qec "'$bylaw' eval '$shop' --decision permit --batch one.jsonl" /dev/null > tty.log
grep -q "evaluating  " tty.log && fail "eval --batch mixed progress into results on the terminal"
script -qec "'$bylaw' plan --rules '$src/rulesets/nantong' --register '$sample/register.csv' --inspectors '$sample/roster.csv' --year 2026 --seed nantong-2026 --out p3 > plan.out" /dev/null > tty.log
tr '\r' '\n' < tty.log > tty.lines
grep -q "^pass 3/3: planning visits  100%  $planned/$planned enterprises" tty.lines \
  || fail "plan on a terminal: no final 100% line: $(cat -A tty.log | head -c 400)"
cmp -s p1/plan.jsonl p3/plan.jsonl || fail "the plan differs with progress on a terminal"
echo "ok"

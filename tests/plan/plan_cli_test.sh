#!/usr/bin/env bash
# `bylaw plan` from the command line (docs/plan.md) on the shipped rules and
# the sample: the plan's files; the same flags give the same bytes; three
# `--shard I/3` runs and `plan merge` give the single run's plan; `plan
# verify` passes, then fails naming the visit after a code or a draw is
# changed; `--log` writes one record per visit that `bylaw audit verify`
# accepts; usage errors exit 2; a bad register row names file:line and the
# field, and --skip-bad skips and counts it.
#   bash plan_cli_test.sh BYLAW_BINARY SOURCE_DIR
set -euo pipefail
bylaw=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_exit() {  # CODE COMMAND...: run, check the exit code, keep stderr
  local want=$1
  shift
  set +e
  "$@" > "$tmp/out" 2> "$tmp/err"
  local got=$?
  set -e
  [ "$got" = "$want" ] || { cat "$tmp/err" >&2; fail "exit $got, wanted $want: $*"; }
}

sample="$src/samples/nantong"
flags=(--rules "$src/rulesets/nantong" --inspectors "$sample/roster.csv" --year 2026 --seed "cli test seed")
cd "$tmp"

# 1. A plan, its files and its terminal summary.
"$bylaw" plan "${flags[@]}" --register "$sample/register.csv" --out one > one.txt
for f in plan.jsonl plan.csv summary.json report.html; do
  [ -s "one/$f" ] || fail "one/$f missing or empty"
done
[ ! -e one/shard-1-of-1 ] || fail "the assessment was not removed"
grep -q "after merging" one.txt || fail "no terminal summary"
visits=$(wc -l < one/plan.jsonl)
[ "$visits" -gt 300 ] || fail "only $visits visits"
grep -q "^$visits visits for 300 enterprises written to one/" one.txt || fail "no closing line"

# 2. Same flags, same bytes; --quiet prints nothing.
"$bylaw" plan "${flags[@]}" --register "$sample/register.csv" --out two --quiet --threads 1 > two.txt
[ ! -s two.txt ] || fail "--quiet printed something"
for f in plan.jsonl plan.csv summary.json report.html; do
  cmp "one/$f" "two/$f" || fail "$f differs between two runs"
done

# 3. Three shards, in any order, merged.
for i in 3 1 2; do
  "$bylaw" plan "${flags[@]}" --register "$sample/register.csv" --shard "$i/3" --out "shard-$i" --quiet
  [ -s "shard-$i/shard.json" ] || fail "shard $i/3 wrote no shard.json"
done
"$bylaw" plan merge "${flags[@]}" --out merged --quiet shard-2 shard-3 shard-1
for f in plan.jsonl plan.csv summary.json report.html; do
  cmp "one/$f" "merged/$f" || fail "merged $f differs from the single run"
done
expect_exit 1 "$bylaw" plan merge "${flags[@]}" --out partial shard-1 shard-3
grep -q "bad_shard" "$tmp/err" || fail "a missing shard was not reported: $(cat "$tmp/err")"

# 4. verify: clean, then a changed code, then a changed draw.
"$bylaw" plan verify "${flags[@]}" --register "$sample/register.csv" --plan one > verify.txt
grep -qx "$visits visits verified" verify.txt || fail "verify said: $(cat verify.txt)"
cp -r one forged
python3 - forged/plan.jsonl <<'PY'
import json, sys
path = sys.argv[1]
lines = open(path, encoding="utf-8").read().splitlines()
visit = json.loads(lines[41])
code = visit["code"]
visit["code"] = code[:10] + ("7" if code[10] != "7" else "8") + code[11:]
lines[41] = json.dumps(visit, ensure_ascii=False, separators=(",", ":"))
open(path, "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
expect_exit 1 "$bylaw" plan verify "${flags[@]}" --register "$sample/register.csv" --plan forged
grep -q "plan.jsonl:42: visit .*check character does not verify" "$tmp/err" ||
  fail "a changed code was not named: $(cat "$tmp/err")"
cp one/plan.jsonl forged/plan.jsonl
python3 - forged/plan.jsonl "$sample/roster.csv" <<'PY'
import csv, json, sys
path, roster = sys.argv[1], sys.argv[2]
lines = open(path, encoding="utf-8").read().splitlines()
visit = json.loads(lines[9])
drawn = visit["inspectors"][0]
# Another certified inspector of the same department: a forged draw.
other = next(r["id"] for r in csv.DictReader(open(roster, encoding="utf-8"))
             if r["department"] == drawn["department"] and r["id"] != drawn["id"])
drawn["id"] = other
lines[9] = json.dumps(visit, ensure_ascii=False, separators=(",", ":"))
open(path, "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
expect_exit 1 "$bylaw" plan verify "${flags[@]}" --register "$sample/register.csv" --plan forged
grep -q "plan.jsonl:10: visit .* differs from the recomputed plan: inspectors (the draw)" "$tmp/err" ||
  fail "a changed draw was not named: $(cat "$tmp/err")"

# 5. --log: one chained record per visit, accepted by bylaw audit verify.
"$bylaw" plan "${flags[@]}" --register "$sample/register.csv" --out logged --quiet --log visits.log
records=$(wc -l < visits.log)
[ "$records" = "$visits" ] || fail "$records audit records for $visits visits"
"$bylaw" audit verify visits.log > audit.txt || fail "audit verify rejected the plan's log: $(cat audit.txt)"
grep -q "\"decision\":\"plan.visit\"" visits.log || fail "records are not plan.visit"
sed -i '5s/"quarter":[1-4]/"quarter":9/' visits.log
expect_exit 1 "$bylaw" audit verify visits.log

# 6. Usage errors exit 2; bad rows name file:line and the field.
expect_exit 2 "$bylaw" plan "${flags[@]}"
grep -q -- "--register FILE is required" "$tmp/err" || fail "no usage message: $(cat "$tmp/err")"
expect_exit 2 "$bylaw" plan "${flags[@]}" --register "$sample/register.csv" --as-of 2026-13-01
expect_exit 2 "$bylaw" plan --rules "$src/rulesets/nantong" --register "$sample/register.csv" \
  --inspectors "$sample/roster.csv" --seed s
expect_exit 2 "$bylaw" plan "${flags[@]}" --register "$sample/register.csv" --shard 4/3
expect_exit 2 "$bylaw" plan "${flags[@]}" --register "$sample/register.csv" --log x.log --log-facts
{ head -n 3 "$sample/register.csv"; head -n 5 "$sample/register.csv" | tail -n 1 | sed 's/,[ABCD],/,E,/'; 
  tail -n +6 "$sample/register.csv"; } > bad.csv
expect_exit 1 "$bylaw" plan "${flags[@]}" --register bad.csv --out bad
grep -q "bad.csv:4: field credit_class" "$tmp/err" || fail "bad row not named: $(cat "$tmp/err")"
[ ! -e bad/plan.jsonl ] || fail "a plan was written despite a bad row"
"$bylaw" plan "${flags[@]}" --register bad.csv --out skipped --skip-bad > skipped.txt 2> skipped.err
grep -q "bad.csv:4: field credit_class" skipped.err || fail "skipped row not reported"
grep -q '"bad_rows_skipped": 1' skipped/summary.json || fail "skipped row not counted"
# A register whose every row is bad is the wrong file: no empty plan.
{ head -n 1 "$sample/register.csv"; tail -n +2 "$sample/register.csv" | sed 's/,[ABCD],/,E,/'; } > allbad.csv
expect_exit 1 "$bylaw" plan "${flags[@]}" --register allbad.csv --out allbad --skip-bad
grep -q "every register row is bad" "$tmp/err" || fail "all-bad register not refused: $(cat "$tmp/err")"
[ ! -e allbad/plan.jsonl ] || fail "a plan was written from a register of bad rows"

# 7. Rules not in force in the plan's year (the Nantong plan runs from
# 2024-09-02) fail the run, even with --skip-bad: never an empty plan.
early=(--rules "$src/rulesets/nantong" --inspectors "$sample/roster.csv" --year 2023 --seed s)
expect_exit 1 "$bylaw" plan "${early[@]}" --register "$sample/register.csv" --out early --skip-bad
grep -q "not in force on 2023-01-01" "$tmp/err" || fail "rules not in force not named: $(cat "$tmp/err")"
[ ! -e early/plan.jsonl ] || fail "a plan was written under rules not in force"
echo "plan_cli_test: OK ($visits visits)"

#!/usr/bin/env bash
# tools/gen_register and the committed samples (docs/plan.md): the samples
# regenerate byte for byte; output depends only on the arguments; the
# register's columns are exactly the fields of the Enterprise record that
# `bylaw schema` derives from rulesets/nantong; ids are unique unified social
# credit codes with valid check characters; CSV and JSONL hold the same rows;
# the generator's copy of the matter list matches matters.bylaw; the roster
# can staff every visit. Once `bylaw plan` exists, a generated register and
# roster plan without a bad row.
#   bash gen_register_test.sh BYLAW_BINARY SOURCE_DIR
set -euo pipefail
bylaw=$1
src=$2
gen="$src/tools/gen_register"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. The committed samples are what the generator writes.
"$src/samples/nantong/generate" "$tmp/samples"
for f in register.csv register.jsonl roster.csv; do
  cmp "$tmp/samples/$f" "$src/samples/nantong/$f" ||
    fail "samples/nantong/$f differs from a fresh samples/nantong/generate"
done

# 2. Deterministic: same arguments, same bytes; another seed, other rows.
"$gen" --seed det --count 3000 -o "$tmp/a.csv"
"$gen" --seed det --count 3000 -o "$tmp/b.csv"
cmp "$tmp/a.csv" "$tmp/b.csv" || fail "two runs with the same seed differ"
"$gen" --seed other --count 3000 -o "$tmp/c.csv"
if cmp -s "$tmp/a.csv" "$tmp/c.csv"; then fail "different seeds gave the same register"; fi
"$gen" --seed det --count 3000 --format jsonl > "$tmp/a.jsonl"
"$gen" --roster --seed det --count 3000 -o "$tmp/roster.csv"
"$gen" --roster --seed det --count 3000 --format jsonl -o "$tmp/roster.jsonl"

# 3-7. Content checks against the rules' own schema and matter list.
"$bylaw" schema "$src/rulesets/nantong" > "$tmp/schema.json"
python3 - "$tmp" "$src" <<'PY'
import csv, json, re, sys
from importlib.machinery import SourceFileLoader
tmp, src = sys.argv[1], sys.argv[2]
gen = SourceFileLoader("gen_register", src + "/tools/gen_register").load_module()
failures = []
def check(ok, message):
    if not ok:
        failures.append(message)

# Columns: the Enterprise record's fields, in declaration order.
schema = json.load(open(tmp + "/schema.json", encoding="utf-8"))
enterprise_ref = schema["properties"]["enterprise"]["$ref"]
enterprise = schema["$defs"][enterprise_ref.rsplit("/", 1)[1]]
fields = list(enterprise["properties"])
header = next(csv.reader(open(tmp + "/a.csv", encoding="utf-8")))
check(header == fields, "CSV header %s != schema fields %s" % (header, fields))
check(set(fields) == set(enterprise["required"]), "schema: every field required")

csv_rows = list(csv.DictReader(open(tmp + "/a.csv", encoding="utf-8")))
json_rows = [json.loads(line) for line in open(tmp + "/a.jsonl", encoding="utf-8")]
check(len(csv_rows) == 3000 and len(json_rows) == 3000, "3000 rows in each format")
for row in json_rows:
    check(list(row) == fields, "JSONL keys %s" % list(row))
    break

def enum_of(prop):
    if "enum" in prop:
        return prop["enum"]
    if "$ref" in prop:
        return schema["$defs"][prop["$ref"].rsplit("/", 1)[1]].get("enum")
    for alt in prop.get("anyOf", []) + prop.get("oneOf", []):
        values = enum_of(alt)
        if values:
            return values
    return None

regions = enum_of(enterprise["properties"]["region"])
check(regions and len(regions) == 8, "Region enum: %s" % regions)

# Every cell of the CSV encodes the JSONL value (bools, enums, null, lists).
def encode(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(
            "/".join(encode(v) for v in item.values()) if isinstance(item, dict) else item
            for item in value)
    return str(value)
for i, (c, j) in enumerate(zip(csv_rows, json_rows)):
    for f in fields:
        if c[f] != encode(j[f]):
            failures.append("row %d field %s: CSV %r vs JSONL %r" % (i + 2, f, c[f], j[f]))
            break
    if len(failures) > 5:
        break

# Enum cells are members of the schema's enums.
for f in fields:
    members = enum_of(enterprise["properties"][f])
    if not members:
        continue
    members = {str(m) for m in members}
    bad = {r[f] for r in json_rows if r[f] is not None and str(r[f]) not in members}
    check(not bad, "field %s: values %s not in %s" % (f, bad, members))

# Ids: 18 characters, valid GB 11714 and GB 32100 check characters, unique.
ids = [r["id"] for r in json_rows]
check(len(set(ids)) == len(ids), "duplicate ids")
for code in ids:
    ok = (len(code) == 18 and gen.org_code_check(code[8:16]) == code[16]
          and gen.uscc_check(code[:17]) == code[17])
    if not ok:
        failures.append("bad unified social credit code " + code)
        break
check(gen.uscc_check("91350100M000100Y4") == "3", "GB 32100 example code")

# Shape of the data: food grades only for food businesses; credit mix.
for r in json_rows:
    food = r["industry"] in ("catering", "food_retail", "food_production")
    if food != (r["food_risk_grade"] is not None):
        failures.append("food grade of %s (%s)" % (r["id"], r["industry"]))
        break
share = sum(r["credit_class"] in ("A", "B") for r in json_rows) / len(json_rows)
check(0.85 < share < 0.95, "credit classes A and B: %.2f" % share)
check(any(r["penalties"] for r in json_rows), "some penalties")
check(all(p["public_since"] < "2026-01-01" for r in json_rows for p in r["penalties"]),
      "penalties published before the plan year")

# The generator's copy of the matter list matches matters.bylaw.
text = open(src + "/rulesets/nantong/matters.bylaw", encoding="utf-8").read()
declared = {}
for m in re.finditer(r'^matter (\w+) "[^"]*" \{(.*?)^\}', text, re.S | re.M):
    body = m.group(2)
    initiator = re.search(r"^\s*initiator (\w+)", body, re.M).group(1)
    cooperators = re.search(r"^\s*cooperators (.*)$", body, re.M)
    declared[m.group(1)] = (initiator, [c.strip() for c in cooperators.group(1).split(",")]
                            if cooperators else [])
check(declared == gen.MATTERS, "gen_register MATTERS %s != matters.bylaw %s"
      % (gen.MATTERS, declared))

# The roster can staff every visit: for each department taking part in a
# matter, in every region, at least 4 certified inspectors qualified for it
# (two per visit, two more when last year's pair is excluded), 10 for food
# safety (up to four visits a year, all of whose inspectors are excluded
# the next year).
for name in ("roster.csv", "roster.jsonl"):
    if name.endswith(".csv"):
        roster = list(csv.DictReader(open(tmp + "/" + name, encoding="utf-8")))
        for r in roster:
            r["certified"] = r["certified"] == "true"
    else:
        roster = [json.loads(line) for line in open(tmp + "/" + name, encoding="utf-8")]
        for r in roster:  # the JSON form: domains a list or "*", region null for all
            r["domains"] = r["domains"] if r["domains"] == "*" else ";".join(r["domains"])
            r["region"] = r["region"] or ""
    check(len({r["id"] for r in roster}) == len(roster), name + ": duplicate ids")
    check(any(not r["certified"] for r in roster), name + ": some uncertified staff")
    for matter, (initiator, cooperators) in gen.MATTERS.items():
        for department in [initiator] + cooperators:
            for region in regions:
                pool = [r for r in roster if r["certified"] and r["department"] == department
                        and r["region"] in ("", region)
                        and (r["domains"] == "*" or matter in r["domains"].split(";"))]
                need = 10 if matter == "food_safety_routine" else 4
                check(len(pool) >= need, "%s: %s in %s for %s: %d certified"
                      % (name, department, region, matter, len(pool)))

if failures:
    print("\n".join("FAIL: " + f for f in failures[:20]), file=sys.stderr)
    sys.exit(1)
print("gen_register: %d rows, %d fields, %d inspectors checked" % (len(json_rows), len(fields), len(roster)))
PY

# 8. A generated register and its roster plan without a bad row, two years
# running (the second excluding the first year's inspectors), in either
# format; only certified inspectors are drawn. Skipped while the plan verb
# is a placeholder.
if "$bylaw" plan --help 2>/dev/null | grep -q -- --register; then
  rules="$src/rulesets/nantong"
  "$bylaw" plan --rules "$rules" --register "$tmp/a.csv" --inspectors "$tmp/roster.csv" \
    --year 2026 --seed gen-register-test --out "$tmp/plan" --quiet ||
    fail "bylaw plan rejected the generated register"
  "$bylaw" plan --rules "$rules" --register "$tmp/a.jsonl" --inspectors "$tmp/roster.jsonl" \
    --year 2026 --seed gen-register-test --out "$tmp/plan-jsonl" --quiet ||
    fail "bylaw plan rejected the generated JSONL register"
  cmp "$tmp/plan/plan.jsonl" "$tmp/plan-jsonl/plan.jsonl" ||
    fail "the CSV and JSONL registers gave different plans"
  "$bylaw" plan --rules "$rules" --register "$tmp/a.csv" --inspectors "$tmp/roster.csv" \
    --year 2027 --seed gen-register-test-2027 --previous "$tmp/plan" --out "$tmp/plan-2027" \
    --quiet || fail "the roster cannot staff a second year without last year's inspectors"
  python3 - "$tmp" <<'PY'
import csv, json, sys
tmp = sys.argv[1]
certified = {r["id"] for r in csv.DictReader(open(tmp + "/roster.csv", encoding="utf-8"))
             if r["certified"] == "true"}
for plan in ("plan", "plan-2027"):
    for n, line in enumerate(open("%s/%s/plan.jsonl" % (tmp, plan), encoding="utf-8"), 1):
        for inspector in json.loads(line)["inspectors"]:
            if inspector["id"] not in certified:
                sys.exit("FAIL: %s/plan.jsonl:%d: uncertified %s drawn" % (plan, n, inspector["id"]))
PY
fi
echo "gen_register_test: ok"

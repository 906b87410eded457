#!/usr/bin/env bash
# report.html as the justice bureau's working document, checked without a
# browser against the plan it came from: every figure of the region table,
# the burden table and the departments' visit lists is recomputed here
# from plan.jsonl (and the register), none is written into this test.
#   bash report_content_test.sh BYLAW_BINARY SOURCE_DIR
set -euo pipefail
bylaw=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bylaw" plan --rules "$src/rulesets/nantong" --register "$src/samples/nantong/register.csv" \
  --inspectors "$src/samples/nantong/roster.csv" --year 2026 --seed nantong-2026 \
  --out "$tmp/plan" --quiet

python3 - "$tmp/plan" "$src/samples/nantong/register.csv" <<'PY'
import collections, csv, html.parser, json, re, sys
plan_dir, register = sys.argv[1], sys.argv[2]
raw = open(plan_dir + "/report.html", "rb").read()
page = raw.decode("utf-8")  # strict: the page is UTF-8
summary = json.load(open(plan_dir + "/summary.json", encoding="utf-8"))
visits = [json.loads(l) for l in open(plan_dir + "/plan.jsonl", encoding="utf-8") if l.strip()]
rows = list(csv.DictReader(open(register, encoding="utf-8")))
labels = summary["labels"]
failures = []
def check(ok, what):
    if not ok:
        failures.append(what)

class Tables(html.parser.HTMLParser):
    """Rows of every table, by the table's id or data- attributes."""
    def __init__(self):
        super().__init__()
        self.tables, self.stack, self.row, self.cell, self.h2 = {}, [], None, None, []
        self.in_h2 = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            key = a.get("id") or (a.get("data-department"), a.get("data-quarter"))
            self.stack.append(key)
            self.tables.setdefault(key, [])
        elif tag == "tr" and self.stack:
            self.row = {"attrs": a, "cells": []}
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""
        elif tag == "h2":
            self.in_h2, self.h2 = True, self.h2 + [""]
    def handle_endtag(self, tag):
        if tag == "table" and self.stack:
            self.stack.pop()
        elif tag == "tr" and self.row is not None:
            self.tables[self.stack[-1]].append(self.row)
            self.row = None
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row["cells"].append(self.cell.strip())
            self.cell = None
        elif tag == "h2":
            self.in_h2 = False
    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if self.in_h2:
            self.h2[-1] += data
p = Tables()
p.feed(page)
number = lambda text: int(text.replace(",", ""))

# Headings: Chinese first.
check(len(p.h2) >= 10, "only %d sections" % len(p.h2))
for h in p.h2:
    check(re.match(r"[\u4e00-\u9fff]", h) is not None, "a heading not in Chinese first: %r" % h)

# The region table against plan.jsonl and the register.
planned = collections.Counter(r["region"] for r in rows)
merged = collections.Counter(v["enterprise"]["region"] for v in visits)
visited = collections.defaultdict(set)
for v in visits:
    visited[v["enterprise"]["region"]].add(v["enterprise"]["id"])
region_rows = {r["attrs"]["data-region"]: r["cells"] for r in p.tables.get("region-table", [])
               if "data-region" in r["attrs"]}
check(set(region_rows) == set(planned), "regions %s, register has %s" % (sorted(region_rows), sorted(planned)))
separate_total = 0
for region, cells in region_rows.items():
    label = labels["region"].get(region, region)
    check(cells[0].startswith(label) and cells[0].endswith(region), "region cell %r" % cells[0])
    check(number(cells[1]) == planned[region], "%s: %s enterprises, the register has %d" % (region, cells[1], planned[region]))
    check(number(cells[2]) == len(visited[region]), "%s: %s visited, plan.jsonl has %d" % (region, cells[2], len(visited[region])))
    check(number(cells[4]) == merged[region], "%s: %s merged, plan.jsonl has %d" % (region, cells[4], merged[region]))
    separate_total += number(cells[3])
    want = "%.1f%%" % (100 * (1 - merged[region] / number(cells[3])))
    check(cells[5] == want, "%s: reduction %s, expected %s" % (region, cells[5], want))
check(separate_total == summary["visits_separate"], "regions' separate visits add to %d, not %d" % (separate_total, summary["visits_separate"]))

# The burden table: after merging from plan.jsonl; before, consistent with
# the plan's separate total.
per_enterprise = collections.Counter(v["enterprise"]["id"] for v in visits)
after = collections.Counter(per_enterprise.values())
after[0] += len(rows) - len(per_enterprise)
if after[0] == 0:
    del after[0]
burden = {number(r["attrs"]["data-visits"]): r["cells"] for r in p.tables.get("burden-table", [])
          if "data-visits" in r["attrs"]}
check(burden, "no burden rows")
got_after = {k: number(c[2]) for k, c in burden.items() if number(c[2]) > 0}
check(got_after == dict(after), "after merging %s, plan.jsonl gives %s" % (got_after, dict(after)))
before = {k: number(c[1]) for k, c in burden.items()}
check(sum(before.values()) == len(rows), "before merging counts %d enterprises" % sum(before.values()))
check(sum(k * n for k, n in before.items()) == summary["visits_separate"],
      "before merging adds to %d visits, not %d" % (sum(k * n for k, n in before.items()), summary["visits_separate"]))
check(before and after and max(before) > max(after), "merging did not lower the highest burden")

# Each department's list per quarter: exactly the visits it leads or joins.
listed = {key: [r for r in t if "data-code" in r["attrs"]] for key, t in p.tables.items()
          if isinstance(key, tuple) and key[0] is not None}
expected = collections.defaultdict(list)
for v in visits:
    for d in [v["lead"]] + v["cooperators"]:
        expected[(d, str(v["quarter"]))].append(v)
check(set(listed) == set(expected), "lists %s, plan.jsonl %s" % (sorted(listed), sorted(expected)))
methods = {"on_site": "现场检查", "joint": "联合检查", "remote": "非现场检查"}
for key, want in expected.items():
    got = listed.get(key, [])
    check([r["attrs"]["data-code"] for r in got] == [v["code"] for v in want], "%s Q%s: codes differ" % key)
    for r, v in zip(got, want):
        cells = r["cells"]
        check(cells[1] == v["code"], "code cell %r" % cells[1])
        check(cells[2].startswith(v["enterprise"]["name"]) and cells[2].endswith(v["enterprise"]["id"]), "enterprise cell %r" % cells[2])
        check(cells[4].startswith(methods[v["method"]]), "method cell %r for %s" % (cells[4], v["method"]))
        check(cells[5].startswith("牵头" if v["lead"] == key[0] else "配合"), "role cell %r" % cells[5])
        for m in v["matters"]:
            check(labels["matter"][m["id"]] + " " + m["id"] in cells[6], "matter %s not by its label in %r" % (m["id"], cells[6]))

# The document: number, approval, print layout.
check(re.search(r"文号.*〔%d〕.*号" % summary["year"], page) is not None, "no document number with the year")
for part in ("@media print", "@page", 'id="approval"', "批准", "印章", '<meta charset="utf-8">'):
    check(part in page, "missing %r" % part)
if failures:
    sys.exit("FAIL: " + "\n  ".join(failures[:20]))
print("report_content_test: ok (%d regions, %d burden rows, %d visit lists)" % (len(region_rows), len(burden), len(listed)))
PY

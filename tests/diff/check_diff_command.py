#!/usr/bin/env python3
"""`bylaw diff` on copies of the shipped rulesets.

A realistic edit (the Rudong work-safety cap for high-risk, grade-1
enterprises raised from 2 to 3 a year) must be reported as exactly that
region of `frequency.max_per_year`, with both answers and the row, and exit
1; identical copies exit 0; bad usage exits 2.

Usage: check_diff_command.py BYLAW_BINARY REPOSITORY_ROOT
"""
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL:", message)


def run(bylaw, *args):
    return subprocess.run([bylaw, "diff", *args], capture_output=True, text=True)


def copy_rulesets(root, into):
    target = Path(into) / "rulesets"
    shutil.copytree(Path(root) / "rulesets", target)
    return target


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def output(report, decision, name):
    for d in report["decisions"]:
        if d["name"] == decision:
            for o in d["outputs"]:
                if o["name"] == name:
                    return o
    return None


def main():
    bylaw, root = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        old = copy_rulesets(root, Path(tmp) / "old")
        same = copy_rulesets(root, Path(tmp) / "same")
        new = copy_rulesets(root, Path(tmp) / "new")
        edit(new / "nantong" / "rudong" / "caps.bylaw",
             "@high_grade_1  | true      | 1     || 2 ",
             "@high_grade_1  | true      | 1     || 3 ")

        # Identical copies: nothing differs, exit 0.
        r = run(bylaw, str(old), str(same))
        check(r.returncode == 0, f"identical copies: exit {r.returncode}\n{r.stdout}{r.stderr}")
        check("no answer differs" in r.stdout, "identical copies: summary line")

        # The edit: exactly the region of frequency, exit 1.
        r = run(bylaw, str(old), str(new), "--format", "json")
        check(r.returncode == 1, f"edited cap: exit {r.returncode}\n{r.stderr}")
        report = json.loads(r.stdout)
        check(report["answers_differ"] is True, "edited cap: answers_differ")
        decls = [(d["kind"], d["name"], d["change"]) for d in report["declarations"]]
        check(decls == [("table", "nantong.rudong.work_safety_cap", "changed")],
              f"edited cap: declarations {decls}")
        freq = output(report, "nantong.contract.frequency", "max_per_year")
        check(freq is not None, "frequency.max_per_year explored")
        if freq is not None:
            check(freq["complete"], "frequency.max_per_year fully explored")
            check(len(freq["regions"]) == 1, f"one region, got {len(freq['regions'])}")
            if freq["regions"]:
                region = freq["regions"][0]
                where = {w["field"]: w["test"] for w in region["where"]}
                check(where == {
                    "enterprise.region": "= rudong",
                    "inspection.matter": "= work_safety",
                    "enterprise.high_risk_sector": "= true",
                    "enterprise.safety_standardization_grade": "= 1",
                }, f"region: {where}")
                check((region["old"], region["new"]) == ("2", "3"),
                      f"answers: {region['old']} -> {region['new']}")
                rows = [i["old_detail"] for i in region["involved"]
                        if (i["new"] or {}).get("id") == "nantong.rudong.work_safety_cap"]
                check(rows and rows[0].startswith("row high_grade_1 (nantong/rudong/caps.bylaw:"),
                      f"involved row: {rows}")
                facts = region["example_facts"]
                check(facts["enterprise"]["region"] == "rudong" and
                      facts["inspection"]["matter"] == "work_safety",
                      "example facts are a facts document of frequency")
        # The other outputs of frequency that reach the table keep their answers.
        for d in report["decisions"]:
            if d["name"] != "nantong.contract.frequency":
                continue
            for o in d["outputs"]:
                if o["name"] != "max_per_year":
                    check(o["complete"] and not o["regions"],
                          f"frequency.{o['name']} should keep its answers")
        # Decisions that cannot reach the table are not explored at all.
        for d in report["decisions"]:
            if d["name"] in ("nantong.contract.assignment", "nantong.contract.credit_repair"):
                check(d["change"] == "unchanged" and not d["outputs"], f"{d['name']} unchanged")
        table = [t for t in report["tables"] if t["name"] == "nantong.rudong.work_safety_cap"]
        check(len(table) == 1 and len(table[0]["regions"]) == 1, "table region")

        # Text output, one decision.
        r = run(bylaw, str(old), str(new), "--decision", "frequency")
        check(r.returncode == 1, f"--decision frequency: exit {r.returncode}")
        check("where enterprise.region = rudong" in r.stdout, "text region")
        check("old: 2" in r.stdout and "new: 3" in r.stdout, "text answers")
        r = run(bylaw, str(old), str(new), "--decision", "assignment")
        check(r.returncode == 0, f"--decision assignment: exit {r.returncode}\n{r.stdout}")

        # Usage errors exit 2.
        check(run(bylaw, str(old)).returncode == 2, "one path: exit 2")
        check(run(bylaw, str(old), str(new), "--decision", "nope").returncode == 2,
              "unknown decision: exit 2")
        check(run(bylaw, str(old), str(new), "--as-of", "2025-13-40").returncode == 2,
              "bad date: exit 2")
        # A version that does not compile: exit 1, nothing compared.
        broken = Path(tmp) / "broken.bylaw"
        broken.write_text("ruleset broken\n  level national\n\ndecision d (n: int) {\n"
                          "  output a: bool = n + 1\n}\n", encoding="utf-8")
        r = run(bylaw, str(old), str(broken))
        check(r.returncode == 1 and "does not compile" in r.stderr,
              f"broken version: exit {r.returncode}")
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

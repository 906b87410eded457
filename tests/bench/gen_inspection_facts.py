#!/usr/bin/env python3
"""may_inspect facts documents for `bylaw eval --batch` throughput, one a line.

    tools/gen_register --seed D --count 100000 --format jsonl -o ent.jsonl
    tests/bench/gen_inspection_facts.py ent.jsonl > inspections.jsonl

Each enterprise of the register (tools/gen_register's JSONL) becomes the
`enterprise` of the contract's example document
(tests/rulesets/example_facts.json), whose `inspection` is varied by line
number (matter, department, approval, code, visits done, inspectors) so that the
decision takes its different paths. Deterministic: the output depends only
on the input.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "rulesets", "example_facts.json")

MATTERS = [("food_safety_routine", "market"), ("market_general", "market"),
           ("fire_safety", "fire"), ("work_safety", "emergency"),
           ("special_equipment", "market")]


def main():
    base = json.load(open(EXAMPLE, encoding="utf-8"))
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    out = sys.stdout
    with open(sys.argv[1], encoding="utf-8") as register:
        for n, line in enumerate(register):
            if not line.strip():
                continue
            doc = dict(base)
            doc["enterprise"] = json.loads(line)
            inspection = dict(base["inspection"])
            matter, department = MATTERS[n % len(MATTERS)]
            inspection["matter"] = matter
            inspection["department"] = department
            inspection["done_this_year"] = {"by_department": n % 3, "by_matter": (n // 5) % 3}
            inspection["head_approved"] = n % 17 != 0
            inspection["code_scanned"] = n % 23 != 0
            if n % 7 != 0:  # two inspectors, the second now and then uncertified
                inspection["inspectors"] = inspection["inspectors"] + [
                    {"id": "P002", "certified": n % 29 != 0, "shows_certificate": True}]
            doc["inspection"] = inspection
            out.write(dumps(doc))
            out.write("\n")


if __name__ == "__main__":
    main()

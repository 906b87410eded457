#!/usr/bin/env python3
"""Checks the Nantong host contract (docs/rulesets/contract.md) end to end.

  check_contract.py schema BYLAW RULESETS EXAMPLE_JSON
      `bylaw schema RULESETS/nantong` is a draft 2020-12 schema that accepts
      the issue's example document and rejects unknown fields, missing
      fields and bad enum values (validated with a small validator for the
      subset `bylaw schema` emits, so the test needs no extra package).
  check_contract.py eval BYLAW RULESETS EXAMPLE_JSON
      `bylaw eval RULESETS/nantong` answers the example document (and small
      variations of it) as the contract documents, and the `penalty` and
      `route_clue` documents built from its enterprise.

Exits 0 when every check holds, 1 with the failures listed otherwise.
"""
import atexit
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

# Facts documents written for `bylaw eval`, removed when the check ends.
SCRATCH = tempfile.mkdtemp(prefix="bylaw-rulesets-")
atexit.register(shutil.rmtree, SCRATCH, True)

FAILURES = []


def check(condition, what):
    if not condition:
        FAILURES.append(what)


def run(args, expect_ok=True):
    done = subprocess.run(args, capture_output=True, text=True)
    if expect_ok and done.returncode != 0:
        FAILURES.append("%s exited %d: %s" % (" ".join(args), done.returncode,
                                             done.stderr.strip()))
    return done


# ------------------------------------------------------------------ schema


class Validator:
    """Validates against the keywords `bylaw schema` emits: type, enum,
    properties, required, additionalProperties, items, uniqueItems, anyOf,
    pattern and $ref into #/$defs."""

    TYPES = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "boolean": lambda v: isinstance(v, bool),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "null": lambda v: v is None,
    }
    KNOWN = {"$schema", "$defs", "$ref", "title", "description", "type", "enum",
             "properties", "required", "additionalProperties", "items",
             "uniqueItems", "anyOf", "pattern", "format", "x-labels"}

    def __init__(self, schema):
        self.schema = schema

    def errors(self, value, schema=None, path="$"):
        schema = self.schema if schema is None else schema
        out = []
        unknown = set(schema) - self.KNOWN
        if unknown:
            out.append("%s: schema uses keywords this validator lacks: %s" % (path, sorted(unknown)))
        if "$ref" in schema:
            name = schema["$ref"][len("#/$defs/"):]
            out += self.errors(value, self.schema["$defs"][name], path)
        if "anyOf" in schema:
            if all(self.errors(value, s, path) for s in schema["anyOf"]):
                out.append("%s: matches no alternative" % path)
        if "type" in schema and not self.TYPES[schema["type"]](value):
            return out + ["%s: not of type %s" % (path, schema["type"])]
        if "enum" in schema and not any(
                value == e and type(value) is type(e) for e in schema["enum"]):
            out.append("%s: %r is not one of %r" % (path, value, schema["enum"]))
        if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
            out.append("%s: %r does not match %s" % (path, value, schema["pattern"]))
        if isinstance(value, dict):
            props = schema.get("properties", {})
            for name in schema.get("required", []):
                if name not in value:
                    out.append("%s: missing required `%s`" % (path, name))
            for name, item in value.items():
                if name in props:
                    out += self.errors(item, props[name], "%s.%s" % (path, name))
                elif schema.get("additionalProperties") is False:
                    out.append("%s: unknown field `%s`" % (path, name))
        if isinstance(value, list):
            for i, item in enumerate(value):
                out += self.errors(item, schema.get("items", {}), "%s[%d]" % (path, i))
            if schema.get("uniqueItems") and len(set(map(json.dumps, value))) != len(value):
                out.append("%s: items are not unique" % path)
        return out


def defs_enum(schema, name):
    return schema.get("$defs", {}).get(name, {}).get("enum")


def check_schema(bylaw, rulesets, example):
    done = run([bylaw, "schema", rulesets + "/nantong"])
    if done.returncode != 0:
        return
    schema = json.loads(done.stdout)
    check(schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema",
          "schema: $schema is not draft 2020-12")
    # The ruleset's schema serves every decision, so it requires every
    # decision's document fields; the inspection document the example is
    # is the schema of `--decision may_inspect` (checked below).
    check(schema.get("required") == ["as_of", "enterprise", "inspection", "violation", "clue"],
          "schema: top-level required is %r" % schema.get("required"))
    for decision, fields in [("penalty", ["as_of", "enterprise", "violation"]),
                             ("route_clue", ["as_of", "enterprise", "clue"])]:
        own = run([bylaw, "schema", rulesets + "/nantong", "--decision", decision])
        if own.returncode == 0:
            check(json.loads(own.stdout).get("required") == fields,
                  "schema --decision %s: required %r" % (decision, json.loads(own.stdout).get("required")))
    check(defs_enum(schema, "Harm") == ["none", "minor", "serious"], "schema: Harm enum")
    check(defs_enum(schema, "ClueSource") == ["hotline_12345", "warning_model", "iot_alarm",
                                              "referral", "inspection_finding"],
          "schema: ClueSource enum")
    inspection_only = run([bylaw, "schema", rulesets + "/nantong", "--decision", "may_inspect"])
    if inspection_only.returncode != 0:
        return
    schema = json.loads(inspection_only.stdout)
    defs = schema.get("$defs", {})
    for name, d in defs.items():
        if d.get("type") == "object":
            check(d.get("additionalProperties") is False,
                  "schema: $defs/%s allows unknown fields" % name)
    # Enum values with their labels, as the contract lists them.
    check(defs.get("Region", {}).get("enum", [])[:4] == ["chongchuan", "tongzhou", "haimen", "rudong"],
          "schema: Region enum is %r" % defs.get("Region", {}).get("enum"))
    check("如东县" in defs.get("Region", {}).get("description", ""),
          "schema: Region description lacks the labels")
    check(set(defs.get("CreditClass", {}).get("enum", [])) == {"A", "B", "C", "D"},
          "schema: CreditClass enum")
    for matter in ["market_general", "food_safety_routine", "special_equipment", "work_safety",
                   "fire_safety", "ebike_fire", "offcampus_training", "script_venue"]:
        check(matter in defs.get("Matter", {}).get("enum", []), "schema: matter %s missing" % matter)
    grade = defs.get("Enterprise", {}).get("properties", {}).get("food_risk_grade", {})
    check({"type": "null"} in grade.get("anyOf", []), "schema: food_risk_grade does not allow null")
    places = defs.get("Enterprise", {}).get("properties", {}).get("key_places", {})
    check(places.get("type") == "array" and places.get("uniqueItems") is True,
          "schema: key_places is not a set-like array")

    v = Validator(schema)
    doc = json.load(open(example))
    check(v.errors(doc) == [], "schema: example rejected: %s" % v.errors(doc))

    def rejected(mutate, what):
        bad = copy.deepcopy(doc)
        mutate(bad)
        check(v.errors(bad) != [], "schema: accepted %s" % what)

    rejected(lambda d: d.__setitem__("extra", 1), "an unknown top-level field")
    rejected(lambda d: d["enterprise"].__setitem__("color", "red"), "an unknown enterprise field")
    rejected(lambda d: d["inspection"]["inspectors"][0].__setitem__("rank", 1),
             "an unknown inspector field")
    rejected(lambda d: d["enterprise"].pop("region"), "a missing region")
    rejected(lambda d: d["enterprise"].__setitem__("region", "suzhou"), "region suzhou")
    rejected(lambda d: d["enterprise"].__setitem__("credit_class", "E"), "credit class E")
    rejected(lambda d: d["inspection"].__setitem__("matter", "gas_safety"), "an unknown matter")
    rejected(lambda d: d.__setitem__("as_of", "1 July 2025"), "a malformed as_of")
    rejected(lambda d: d["enterprise"].__setitem__("high_risk_sector", "no"), "a string for a bool")
    ok = copy.deepcopy(doc)
    ok["enterprise"]["food_risk_grade"] = None
    ok["enterprise"]["key_places"] = ["school", "mall"]
    ok["enterprise"]["safety_standardization_grade"] = "2"
    check(v.errors(ok) == [], "schema: rejected a valid variation: %s" % v.errors(ok))

    # The bylaw runtime agrees: the example evaluates, an unknown field does not.
    bad = copy.deepcopy(doc)
    bad["enterprise"]["color"] = "red"
    path = os.path.join(SCRATCH, "unknown_%d.json" % id(bad))
    json.dump(bad, open(path, "w"))
    done = run([bylaw, "eval", rulesets + "/nantong", "--decision", "may_inspect",
                "--facts", path], expect_ok=False)
    check(done.returncode != 0 and "unknown field" in done.stderr,
          "eval: accepted an unknown field (rc %d, %s)" % (done.returncode, done.stderr.strip()))

    one = run([bylaw, "schema", rulesets + "/nantong", "--decision", "may_inspect"])
    if one.returncode == 0:
        s = json.loads(one.stdout)
        check(list(s["properties"]) == ["as_of", "enterprise", "inspection"],
              "schema --decision may_inspect: properties %r" % list(s["properties"]))
    missing = run([bylaw, "schema", rulesets + "/nantong", "--decision", "no_such"], expect_ok=False)
    check(missing.returncode == 1, "schema --decision no_such: exit %d" % missing.returncode)


# -------------------------------------------------------------------- eval


def evaluate(bylaw, rulesets, decision, doc, *extra):
    path = os.path.join(SCRATCH, "facts_%s_%d.json" % (decision, abs(hash(json.dumps(doc)))))
    json.dump(doc, open(path, "w"), ensure_ascii=False)
    done = run([bylaw, "eval", rulesets + "/nantong", "--decision", decision, "--facts", path]
               + list(extra))
    return json.loads(done.stdout) if done.returncode == 0 else {"outputs": {}, "errors": []}


def check_eval(bylaw, rulesets, example):
    doc = json.load(open(example))

    # The example as written has one inspector: A5 stands against it, alone.
    r = evaluate(bylaw, rulesets, "may_inspect", doc)
    out = r["outputs"]
    check(out.get("proceed") is False, "example: proceed %r" % out.get("proceed"))
    check([x["code"] for x in out.get("reasons", [])] == ["TOO_FEW_INSPECTORS"],
          "example: reasons %r" % out.get("reasons"))
    check([x["rule"] for x in out.get("reasons", [])] == ["national.enough_certified_inspectors"],
          "example: reason rule %r" % out.get("reasons"))
    check(all(x.get("basis") and x.get("message") for x in out.get("reasons", [])),
          "example: a reason without basis or message")
    check(out.get("enterprise_may_refuse") is False, "example: enterprise_may_refuse")
    check(out.get("followups") == [] and out.get("join") is None, "example: followups/join")
    check(r.get("complete") is True and r.get("errors") == [], "example: not complete")

    # With a second certified inspector the inspection may proceed (D1: a
    # C-grade caterer needs 2 a year, which suspends B4's 1 and C1's class A).
    two = copy.deepcopy(doc)
    two["inspection"]["inspectors"].append({"id": "P002", "certified": True, "shows_certificate": True})
    out = evaluate(bylaw, rulesets, "may_inspect", two)["outputs"]
    check(out.get("proceed") is True and out.get("reasons") == [],
          "two inspectors: %r" % out)

    # Every violation is listed, with followups for urgent exceptions.
    many = copy.deepcopy(two)
    many["inspection"].update({"head_approved": False, "code_scanned": False, "urgent": True,
                               "remote_feasible": True, "other_departments_due": ["fire"]})
    out = evaluate(bylaw, rulesets, "may_inspect", many)["outputs"]
    check([x["code"] for x in out.get("reasons", [])] == ["REMOTE_FIRST", "MERGE_REQUIRED"],
          "many: reasons %r" % out.get("reasons"))
    check(out.get("followups") == ["approve_afterwards", "register_code_afterwards"],
          "many: followups %r" % out.get("followups"))
    check(out.get("join") == {"lead": "market", "cooperators": ["fire"]}, "many: join %r" % out.get("join"))

    out = evaluate(bylaw, rulesets, "frequency", doc)["outputs"]
    check(out.get("min_per_year") == 2 and out.get("max_per_year") == 2,
          "frequency: %r" % out)
    check(out.get("sampling_ratio") is None and out.get("exempt_unless_triggered") is False,
          "frequency: ratio/exempt %r" % out)

    out = evaluate(bylaw, rulesets, "assignment", doc)["outputs"]
    check(out == {"cooperators": [], "delegable": False, "joint": False, "lead": "market",
                  "competent": "market"},
          "assignment: %r" % out)

    out = evaluate(bylaw, rulesets, "credit_repair", doc)["outputs"]
    check(out.get("eligible") is False and out.get("eligible_from") == "2025-10-01",
          "credit_repair: %r" % out)
    out = evaluate(bylaw, rulesets, "credit_repair", doc, "--as-of", "2025-10-01")["outputs"]
    check(out.get("eligible") is True, "credit_repair on 2025-10-01: %r" % out)

    # Fail closed: before the plan, and on a fact a decision reads.
    r = evaluate(bylaw, rulesets, "may_inspect", two, "--as-of", "2024-09-01")
    check(r["outputs"].get("proceed") is False
          and [x["code"] for x in r["outputs"].get("reasons", [])] == ["NOT_IN_FORCE"],
          "before the plan: %r" % r["outputs"])
    for side, field in [("enterprise", "region"), ("enterprise", "credit_class"),
                        ("inspection", "head_approved"), ("inspection", "inspectors")]:
        gone = copy.deepcopy(two)
        del gone[side][field]
        r = evaluate(bylaw, rulesets, "may_inspect", gone)
        check(r["outputs"].get("proceed") is False
              and [x["code"] for x in r["outputs"].get("reasons", [])] == ["MISSING_FACT"]
              and any(e.get("code") == "MISSING_FACT" and field in e.get("message", "")
                      for e in r.get("errors", [])),
              "missing %s.%s: %r" % (side, field, r))
    gone = copy.deepcopy(doc)
    del gone["as_of"]
    r = evaluate(bylaw, rulesets, "may_inspect", gone)
    check(r["outputs"].get("proceed") is False, "missing as_of: %r" % r["outputs"])
    # Decisions without a safe default fail as a whole, naming the fact.
    gone = copy.deepcopy(doc)
    del gone["enterprise"]["new_business_form"]
    r = evaluate(bylaw, rulesets, "frequency", gone)
    check(r.get("complete") is False
          and any("new_business_form" in e.get("message", "") for e in r.get("errors", [])),
          "frequency without new_business_form: %r" % r)
    gone = copy.deepcopy(doc)
    del gone["enterprise"]["penalties"]
    r = evaluate(bylaw, rulesets, "credit_repair", gone)
    check(r["outputs"].get("eligible") is False
          and any("penalties" in e.get("message", "") for e in r.get("errors", [])),
          "credit_repair without penalties: %r" % r)

    # penalty and route_clue take the enterprise with their own record.
    violation = {"matter": "food_safety_routine", "department": "market",
                 "committed_on": "2023-03-10", "ended_on": None, "discovered_on": "2025-03-10",
                 "minor": False, "harm": "minor", "corrected_in_time": True, "first_offence": True,
                 "no_fault_proven": False, "life_health_or_financial": False,
                 "already_fined_by": ["fire"]}
    pen = {"as_of": doc["as_of"], "enterprise": doc["enterprise"], "violation": violation}
    out = evaluate(bylaw, rulesets, "penalty", pen)["outputs"]
    check(out.get("penalty") == "may_waive" and out.get("fine_allowed") is False
          and [x["code"] for x in out.get("reasons", [])] == ["FIRST_OFFENCE_MINOR", "ALREADY_FINED"]
          and [m["kind"] for m in out.get("measures", [])] == ["education", "order_correct", "guidance", "talk"]
          and all(m["deadline"] is None for m in out.get("measures", [])),
          "penalty: %r" % out)
    late = copy.deepcopy(pen)
    late["violation"]["discovered_on"] = "2025-03-11"
    out = evaluate(bylaw, rulesets, "penalty", late)["outputs"]
    check(out.get("penalty") == "forbidden"
          and "TIME_BARRED" in [x["code"] for x in out.get("reasons", [])],
          "penalty one day past two years: %r" % out)
    gone = copy.deepcopy(pen)
    del gone["violation"]["first_offence"]
    r = evaluate(bylaw, rulesets, "penalty", gone)
    check(r["outputs"].get("penalty") == "forbidden"
          and [x["code"] for x in r["outputs"].get("reasons", [])] == ["MISSING_FACT"],
          "penalty without first_offence: %r" % r)
    clue = {"as_of": doc["as_of"], "enterprise": doc["enterprise"],
            "clue": {"source": "hotline_12345", "matters": ["food_safety_routine", "fire_safety"]}}
    out = evaluate(bylaw, rulesets, "route_clue", clue)["outputs"]
    check(out.get("lead") == "market" and out.get("cooperators") == ["fire"]
          and out.get("joint") is True and out.get("trigger") == "complaint",
          "route_clue: %r" % out)


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("schema", "eval"):
        print(__doc__)
        return 2
    mode, bylaw, rulesets, example = sys.argv[1:]
    (check_schema if mode == "schema" else check_eval)(bylaw, rulesets, example)
    for f in FAILURES:
        print("FAIL:", f)
    print("%s: %d failure(s)" % (mode, len(FAILURES)))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())

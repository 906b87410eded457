#!/usr/bin/env python3
"""The Python module `bylaw` (tools/python, docs/python.md), imported from
build/python with the interpreter it was built for.

  python_test.py MODULE_DIR BYLAW RULESETS EXAMPLE_JSON WORK_DIR

bylaw.compile gives the CLI's bundle; Rulebook.load and from_bytes load it;
evaluate on a dict and on a str answers `may_inspect` as `bylaw eval` does
(with as_of and trace too); evaluate_many equals evaluate item by item,
marks bad items in place, and releases the GIL (another Python thread runs
meanwhile); every error is a bylaw.Error with the runtime's code. Exits 1
listing the failures.
"""
import copy
import json
import os
import subprocess
import sys
import threading
import time

module_dir, bylaw_cli, rulesets, example, work = sys.argv[1:6]
sys.path.insert(0, module_dir)
import bylaw  # noqa: E402

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


def raises(code, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except bylaw.Error as e:
        check(e.code == code and isinstance(e.details, list) and e.message,
              "%s: raised %s (%s)" % (code, e.code, e))
        return e
    except Exception as e:  # noqa: BLE001 - any other type is the failure
        failures.append("%s: raised %r instead of bylaw.Error" % (code, e))
        return None
    failures.append("%s: nothing raised" % code)
    return None


os.makedirs(work, exist_ok=True)
nantong = os.path.join(rulesets, "nantong")
bundle = bylaw.compile([nantong], root=rulesets)
bundle_path = os.path.join(work, "nantong.json")
subprocess.run([bylaw_cli, "compile", nantong, "--root", rulesets, "-o", bundle_path],
               check=True, capture_output=True)
check(bundle == open(bundle_path, "rb").read(), "bylaw.compile differs from bylaw compile")
book = bylaw.Rulebook.from_bytes(bundle)
loaded = bylaw.Rulebook.load(bundle_path)
check(book.hash == loaded.hash == json.loads(bundle)["hash"], "hash")
check("nantong.contract.may_inspect" in book.decisions, "decisions %r" % book.decisions)
check(any(r.startswith("nantong@") for r in book.rulesets), "rulesets %r" % book.rulesets)
check(book.schema("may_inspect")["required"] == ["as_of", "enterprise", "inspection"],
      "schema")
check(bylaw.__version__.count(".") == 2, "__version__ %r" % bylaw.__version__)


def cli_eval(doc, extra=()):
    path = os.path.join(work, "facts.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    done = subprocess.run([bylaw_cli, "eval", "--bundle", bundle_path, "--decision",
                           "may_inspect", "--facts", path, *extra],
                          capture_output=True, text=True, check=True)
    out = json.loads(done.stdout)
    if out.get("trace") is None:
        out.pop("trace", None)  # the CLI prints "trace": null
    return out


base = json.load(open(example, encoding="utf-8"))
variants = [base]
v = copy.deepcopy(base)
v["inspection"]["inspectors"].append({"id": "P002", "certified": True, "shows_certificate": True})
variants.append(v)
v = copy.deepcopy(base)
del v["enterprise"]["credit_class"]
variants.append(v)
v = copy.deepcopy(base)
v["as_of"] = "2024-01-01"
variants.append(v)
expected = [cli_eval(d) for d in variants]
for i, doc in enumerate(variants):
    check(book.evaluate("may_inspect", doc) == expected[i], "variant %d (dict)" % i)
    check(loaded.evaluate("nantong.contract.may_inspect",
                          json.dumps(doc, ensure_ascii=False)) == expected[i],
          "variant %d (str)" % i)
check(expected[0]["outputs"]["proceed"] is False and expected[1]["outputs"]["proceed"] is True,
      "the variants do not give both answers")
traced = book.evaluate("may_inspect", base, as_of="2025-08-01", trace=True)
check(traced == cli_eval(base, ["--trace", "--as-of", "2025-08-01"]) and traced["trace"],
      "traced evaluation differs from bylaw eval --trace")

# trace_tables_and_rules_only (rt::EvaluateOptions, the C API's key of the
# same name): the trace holds exactly the full trace's table and rule
# events, in its order; the outputs are the same.
steps = [e for e in traced["trace"] if e["kind"] in ("table", "rule")]
for evaluate in (lambda **kw: book.evaluate("may_inspect", base, **kw),
                 lambda **kw: book.evaluate_many("may_inspect", [base], **kw)[0]):
    only = evaluate(as_of="2025-08-01", trace=True, trace_tables_and_rules_only=True)
    check(steps and only["trace"] == steps,
          "trace_tables_and_rules_only: %r, not the full trace's table and rule events"
          % only.get("trace"))
    check({k: v for k, v in only.items() if k != "trace"} ==
          {k: v for k, v in traced.items() if k != "trace"},
          "trace_tables_and_rules_only changed the outcome")
# An option of the wrong type is refused, never read as its truth value.
for kwargs in ({"trace_tables_and_rules_only": "yes"}, {"trace_tables_and_rules_only": 1},
               {"trace": "yes"}, {"as_of": 20250801}):
    e = raises("invalid_options", book.evaluate, "may_inspect", base, **dict({"trace": True},
                                                                           **kwargs))
    check(e is not None and next(iter(kwargs)) in e.message,
          "%r: the error does not name the option: %s" % (kwargs, e))
    raises("invalid_options", book.evaluate_many, "may_inspect", [base], **kwargs)

many = book.evaluate_many("may_inspect", iter(variants + ["{bad", {"colour": 1}]))
check(many[:len(variants)] == expected, "evaluate_many differs from evaluate")
check(many[-2]["error"]["code"] == "facts_not_json" and
      many[-1]["error"]["code"] == "facts_invalid" and many[-1]["error"]["details"],
      "evaluate_many bad items: %r" % many[-2:])
check(book.evaluate_many("may_inspect", []) == [], "evaluate_many of nothing")

# The GIL is released while evaluate_many runs: a Python thread counting
# meanwhile gets far (with the GIL held it could not run at all).
docs = [json.dumps(variants[i % len(variants)], ensure_ascii=False) for i in range(20000)]
count = [0]
running = [True]


def counter():
    while running[0]:
        count[0] += 1


t = threading.Thread(target=counter)
t.start()
time.sleep(0.05)
before = count[0]
started = time.perf_counter()
out = book.evaluate_many("may_inspect", docs)
elapsed = time.perf_counter() - started
during = count[0] - before
running[0] = False
t.join()
check(len(out) == len(docs) and out[1] == expected[1], "evaluate_many of 20000")
check(during > 1000, "a Python thread advanced only %d steps during %.3f s of "
      "evaluate_many: the GIL was held" % (during, elapsed))

raises("unknown_decision", book.evaluate, "no_such", {})
raises("unknown_decision", book.evaluate_many, "no_such", [{}])
raises("facts_not_json", book.evaluate, "may_inspect", "{not json")
e = raises("facts_invalid", book.evaluate, "may_inspect", {"colour": "red"})
check(e is not None and "colour" in " ".join(e.details), "facts_invalid details")
try:
    book.evaluate("may_inspect", base, as_of="2025-02-30")
    failures.append("a bad as_of was accepted")
except bylaw.Error as err:
    check(err.code != "", "bad as_of: empty code")
raises("bundle_not_json", bylaw.Rulebook.from_bytes, bundle[:100])
raises("bundle_hash_mismatch", bylaw.Rulebook.from_bytes,
       bundle.replace("如东县".encode(), "如东縣".encode(), 1))
raises("bundle_unreadable", bylaw.Rulebook.load, os.path.join(work, "missing.json"))
bad_rules = os.path.join(work, "bad.bylaw")
open(bad_rules, "w").write("ruleset broken\nthis is not bylaw\n")
e = raises("compile_failed", bylaw.compile, [bad_rules])
check(e is not None and any("bad.bylaw:" in d for d in e.details),
      "compile_failed details do not cite the file: %r" % (e and e.details))

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("python module: %d variants equal to bylaw eval; evaluate_many of %d in %.3f s "
      "without the GIL; errors carry their codes" % (len(variants), len(docs), elapsed))

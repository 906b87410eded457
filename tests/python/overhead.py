#!/usr/bin/env python3
"""Per-call cost of the Python module against the C++ API (docs/python.md).

  overhead.py MODULE_DIR BUNDLE FACTS.json [N]

Prints microseconds a call of Rulebook.evaluate on a dict and on a str, and
a item of evaluate_many; compare with python_cpp_baseline on the same
arguments. Not run by ctest.
"""
import json
import sys
import time

sys.path.insert(0, sys.argv[1])
import bylaw  # noqa: E402

book = bylaw.Rulebook.load(sys.argv[2])
doc = json.load(open(sys.argv[3], encoding="utf-8"))
text = json.dumps(doc, ensure_ascii=False)
n = int(sys.argv[4]) if len(sys.argv) > 4 else 20000


def timed(what, fn, count):
    fn()
    start = time.perf_counter()
    fn_count = fn(count) if count else None
    del fn_count
    us = (time.perf_counter() - start) * 1e6 / n
    print("%-36s %8.2f us a call" % (what, us))


timed("evaluate(decision, dict)", lambda k=0: [book.evaluate("may_inspect", doc)
                                               for _ in range(k)], n)
timed("evaluate(decision, str)", lambda k=0: [book.evaluate("may_inspect", text)
                                              for _ in range(k)], n)
timed("evaluate_many(decision, [dict]*N)", lambda k=0: book.evaluate_many(
    "may_inspect", [doc] * k), n)
timed("evaluate_many(decision, [str]*N)", lambda k=0: book.evaluate_many(
    "may_inspect", [text] * k), n)

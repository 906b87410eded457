#!/usr/bin/env python3
"""A Python host of libbylaw.so through ctypes (runtime/shared), as a JNA
or cgo host would use it: the C API of bylaw.h and nothing else.

  ctypes_test.py LIB BYLAW RULESETS EXAMPLE_JSON WORK_DIR

Compiles the shipped Nantong rulesets with the CLI, loads the bundle into
an engine through the library, and checks that `may_inspect` answers the
example document (and variations of it) exactly as `bylaw eval --bundle`
does; that errors come back as the documented JSON objects with their
codes; and the additions for FFI hosts: the decision list, bundle info,
the facts JSON Schema (which accepts the example and refuses an unknown
field), the version, and appending decisions to an audit log that `bylaw
audit verify` accepts. Exits 1 listing the failures.
"""
import copy
import ctypes
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "rulesets"))
from check_contract import Validator  # noqa: E402  (the schema subset)

lib_path, bylaw, rulesets, example, work = sys.argv[1:6]
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
bundle_path = os.path.join(work, "nantong.bundle.json")
subprocess.run([bylaw, "compile", os.path.join(rulesets, "nantong"), "--root",
                rulesets, "-o", bundle_path], check=True)

lib = ctypes.CDLL(lib_path)
c_str = ctypes.c_char_p
out_str = ctypes.POINTER(ctypes.c_void_p)
lib.bylaw_engine_new.restype = ctypes.c_void_p
lib.bylaw_engine_free.argtypes = [ctypes.c_void_p]
lib.bylaw_engine_load.argtypes = [ctypes.c_void_p, c_str, ctypes.c_size_t, out_str]
lib.bylaw_engine_evaluate.argtypes = [ctypes.c_void_p, c_str, c_str, c_str, out_str]
lib.bylaw_engine_hash.argtypes = [ctypes.c_void_p]
lib.bylaw_engine_hash.restype = ctypes.c_void_p
lib.bylaw_string_free.argtypes = [ctypes.c_void_p]
lib.bylaw_version.restype = c_str
lib.bylaw_engine_decisions.argtypes = [ctypes.c_void_p, out_str]
lib.bylaw_engine_bundle_info.argtypes = [ctypes.c_void_p, out_str]
lib.bylaw_engine_facts_schema.argtypes = [ctypes.c_void_p, c_str, out_str]
lib.bylaw_audit_open.argtypes = [c_str, c_str, out_str]
lib.bylaw_audit_open.restype = ctypes.c_void_p
lib.bylaw_audit_evaluate.argtypes = [ctypes.c_void_p, ctypes.c_void_p, c_str,
                                     c_str, c_str, out_str]
lib.bylaw_audit_close.argtypes = [ctypes.c_void_p]


def take(ptr):
    """The library's string as Python text, freed with bylaw_string_free."""
    if not ptr:
        return None
    text = ctypes.cast(ptr, ctypes.c_char_p).value.decode("utf-8")
    lib.bylaw_string_free(ptr)
    return text


def call(fn, *args):
    """(return code, parsed JSON of the out-string) of a C API call."""
    out = ctypes.c_void_p()
    rc = fn(*args, ctypes.byref(out))
    text = take(out.value)
    return rc, (json.loads(text) if text is not None else None)


def enc(s):
    return s.encode("utf-8")


engine = lib.bylaw_engine_new()
check(engine, "bylaw_engine_new returned NULL")

# Before a load: the documented code, no crash.
rc, err = call(lib.bylaw_engine_decisions, engine)
check(rc != 0 and err and err["code"] == "no_rulebook",
      "decisions before a load: %r %r" % (rc, err))

bundle = open(bundle_path, "rb").read()
rc, err = call(lib.bylaw_engine_load, engine, bundle, len(bundle))
check(rc == 0, "load failed: %r" % err)
# A corrupt bundle is refused, and the loaded one stays.
rc, err = call(lib.bylaw_engine_load, engine, bundle[:-40], len(bundle) - 40)
check(rc != 0 and err["code"] == "bundle_not_json", "truncated bundle: %r" % err)

hash_text = take(lib.bylaw_engine_hash(engine))
check(hash_text == json.loads(bundle)["hash"], "hash %r" % hash_text)
check(lib.bylaw_version().decode() == subprocess.run(
    [bylaw, "--version"], capture_output=True, text=True).stdout.strip().split()[-1],
    "bylaw_version %r differs from the CLI's" % lib.bylaw_version())


def cli_eval(doc, extra=()):
    facts = os.path.join(work, "facts.json")
    with open(facts, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    done = subprocess.run([bylaw, "eval", "--bundle", bundle_path, "--decision",
                           "may_inspect", "--facts", facts, *extra],
                          capture_output=True, text=True)
    check(done.returncode == 0, "bylaw eval exited %d: %s" %
          (done.returncode, done.stderr))
    return json.loads(done.stdout) if done.returncode == 0 else None


def lib_eval(doc, options=None):
    rc, out = call(lib.bylaw_engine_evaluate, engine, b"may_inspect",
                   enc(json.dumps(doc, ensure_ascii=False)),
                   enc(json.dumps(options)) if options else None)
    check(rc == 0, "evaluate failed: %r" % out)
    return out


base = json.load(open(example, encoding="utf-8"))
variants = [("example", base)]
v = copy.deepcopy(base)
v["inspection"]["inspectors"].append(
    {"id": "P002", "certified": True, "shows_certificate": True})
variants.append(("two inspectors", v))
v = copy.deepcopy(base)
v["inspection"]["code_scanned"] = False
variants.append(("code not scanned", v))
v = copy.deepcopy(base)
v["inspection"]["inspectors"] = []
variants.append(("no inspectors", v))
v = copy.deepcopy(base)
del v["enterprise"]["credit_class"]
variants.append(("credit class missing", v))
v = copy.deepcopy(base)
v["as_of"] = "2024-01-01"
variants.append(("before the plan", v))

answers = set()
for name, doc in variants:
    mine = lib_eval(doc)
    theirs = cli_eval(doc)
    if mine is None or theirs is None:
        continue
    # `bylaw eval` prints "trace": null when untraced; the C API omits it.
    theirs.pop("trace", None)
    check(mine == theirs, "%s: ctypes %r != bylaw eval %r" % (name, mine, theirs))
    answers.add(json.dumps(mine["outputs"], sort_keys=True))
check(len(answers) >= 3, "the variants gave only %d distinct answers" % len(answers))
check(lib_eval(variants[1][1])["outputs"]["proceed"] is True,
      "two certified inspectors may not proceed")
check(lib_eval(base)["outputs"]["proceed"] is False,
      "one certified inspector may proceed")

# A traced evaluation with as_of from the options.
traced = lib_eval(base, {"trace": True, "as_of": "2025-08-01"})
cli_traced = cli_eval(base, ["--trace", "--as-of", "2025-08-01"])
check(traced == cli_traced, "traced: ctypes and bylaw eval differ")
check(traced and traced.get("as_of") == "2025-08-01" and traced.get("trace"),
      "traced: %r" % (traced and traced.get("as_of")))

# Errors: JSON objects with the documented codes.
for decision, facts, code in [(b"no_such", b"{}", "unknown_decision"),
                              (b"may_inspect", b"{not json", "facts_not_json"),
                              (b"may_inspect", b'{"colour": 1}', "facts_invalid")]:
    rc, err = call(lib.bylaw_engine_evaluate, engine, decision, facts, None)
    check(rc != 0 and err["code"] == code, "%s: %r" % (code, err))
# Text that is not JSON: the message says where it stops being JSON.
rc, err = call(lib.bylaw_engine_evaluate, engine, b"may_inspect", b'{\n  "a": 1,\n  nope}', None)
check(rc != 0 and err["message"].startswith("the facts are not valid JSON at line 3, column 4: "),
      "not JSON, no line and column: %r" % (err,))

# Decisions, bundle info.
rc, names = call(lib.bylaw_engine_decisions, engine)
check(rc == 0 and "nantong.contract.may_inspect" in names, "decisions: %r" % names)
rc, info = call(lib.bylaw_engine_bundle_info, engine)
check(rc == 0 and info["hash"] == hash_text and info["decisions"] == names
      and any(r.startswith("nantong@") for r in info["rulesets"]),
      "bundle info: %r" % info)

# The facts schema validates the example and refuses what the runtime does.
rc, schema = call(lib.bylaw_engine_facts_schema, engine, b"may_inspect")
check(rc == 0, "schema: %r" % schema)
if rc == 0:
    validator = Validator(schema)
    check(schema["required"] == ["as_of", "enterprise", "inspection"],
          "schema required: %r" % schema["required"])
    check(validator.errors(base) == [], "schema rejects the example: %s" %
          validator.errors(base))
    for mutate, what in [(lambda d: d.__setitem__("extra", 1), "unknown field"),
                         (lambda d: d["enterprise"].__setitem__("credit_class", "Z"),
                          "unknown enum member"),
                         (lambda d: d["enterprise"].pop("id"), "missing field")]:
        bad = copy.deepcopy(base)
        mutate(bad)
        check(validator.errors(bad) != [], "schema accepts a document with an %s" % what)
rc, err = call(lib.bylaw_engine_facts_schema, engine, b"no_such")
check(rc != 0 and err["code"] == "unknown_decision", "schema of no_such: %r" % err)

# The audit log: appended through the library, verified by the CLI.
log_path = os.path.join(work, "decisions.jsonl")
err = ctypes.c_void_p()
log = lib.bylaw_audit_open(enc(log_path), b'{"keep_facts": true}', ctypes.byref(err))
check(log, "audit open: %r" % take(err.value))
if log:
    for _, doc in variants[:3]:
        rc, out = call(lib.bylaw_audit_evaluate, log, engine, b"may_inspect",
                       enc(json.dumps(doc, ensure_ascii=False)), None)
        check(rc == 0 and "trace" not in out, "audit evaluate: %r" % out)
    rc, out = call(lib.bylaw_audit_evaluate, log, engine, b"may_inspect", b"{", None)
    check(rc != 0 and out["code"] == "facts_not_json", "audit bad facts: %r" % out)
    lib.bylaw_audit_close(log)
    lines = open(log_path, encoding="utf-8").read().splitlines()
    check(len(lines) == 3, "the log has %d records, expected 3" % len(lines))
    done = subprocess.run([bylaw, "audit", "verify", log_path],
                          capture_output=True, text=True)
    check(done.returncode == 0, "audit verify: %s %s" % (done.stdout, done.stderr))
err = ctypes.c_void_p()
bad = lib.bylaw_audit_open(enc(os.path.join(work, "no", "such", "dir", "x.jsonl")),
                           None, ctypes.byref(err))
e = json.loads(take(err.value) or "{}")
check(not bad and e.get("code") == "audit_log_io", "audit open in a missing dir: %r" % e)

lib.bylaw_engine_free(engine)
if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ctypes host: %d variants equal to bylaw eval; schema, info, audit ok" %
      len(variants))

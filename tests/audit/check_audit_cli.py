#!/usr/bin/env python3
"""The audit verbs end to end: `bylaw eval --log` (single and batch) writes a
log that `bylaw audit verify` accepts; each kind of tampering makes verify
exit 1 naming its line; a cut log reports its last line; `bylaw audit
replay` under the same rules finds nothing and under v2 finds the changed
row; `--log-level` messages go to stderr, never into the log.

usage: check_audit_cli.py BYLAW CASES_DIR WORK_DIR
"""
import json
import os
import shutil
import subprocess
import sys

BYLAW, CASES, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []


def run(*args):
    p = subprocess.run([BYLAW, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def write_lines(path, lines):
    with open(path, "w") as f:
        f.write("".join(l + "\n" for l in lines))


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
log = os.path.join(WORK, "decisions.jsonl")
v1, v2 = os.path.join(CASES, "v1"), os.path.join(CASES, "v2")
batch = os.path.join(CASES, "batch.jsonl")
with open(batch) as f:
    facts = [l for l in f.read().splitlines() if l]

# eval --batch --log --log-facts, then a single eval --log on the same log.
code, out, err = run("eval", v1, "--decision", "permit", "--batch", batch,
                     "--log", log, "--log-facts", "--log-level", "info")
check(code == 0, f"eval --batch --log exits 0 (got {code}: {err})")
outcomes = [json.loads(l) for l in out.splitlines()]
check(len(outcomes) == len(facts), "one outcome line per facts line")
check(all(o["trace"] is None for o in outcomes),
      "logging does not put a trace into the answer")
check("audit log" in err and "[info]" in err,
      "--log-level info reports the log on stderr")
single = os.path.join(WORK, "single.json")
with open(single, "w") as f:
    f.write(facts[0])
code, out, err = run("eval", v1, "--decision", "permit", "--facts", single,
                     "--log", log, "--log-facts")
check(code == 0, f"eval --facts --log exits 0 (got {code}: {err})")
check(json.loads(out)["trace"] is None, "single eval prints no trace")
with open(log) as f:
    lines = f.read().splitlines()
n = len(facts) + 1
check(len(lines) == n, f"{n} records in the log (got {len(lines)})")
records = [json.loads(l) for l in lines]
check([r["seq"] for r in records] == list(range(1, n + 1)), "seq 1..n")
check(all(records[i]["outputs"] == outcomes[i]["outputs"]
          for i in range(len(outcomes))), "records hold the printed outputs")
check(not any("[info]" in l for l in lines), "no operational message in the log")

code, out, err = run("audit", "verify", log)
check(code == 0 and f"{n} record(s), chain intact" in out,
      f"clean log verifies with its count (got {code}: {out}{err})")

# Each kind of tampering: exit 1, the line named with the problem's code.
def tamper(name, change, code_name, line):
    bad = os.path.join(WORK, name + ".jsonl")
    ls = list(lines)
    change(ls)
    write_lines(bad, ls)
    code, out, _ = run("audit", "verify", bad)
    check(code == 1, f"{name}: verify exits 1 (got {code})")
    check(f"{bad}:{line}: error[{code_name}]" in out,
          f"{name}: reports {code_name} at line {line} (got {out})")


def edit(ls):
    r = json.loads(ls[2])
    r["outputs"]["allowed"] = not r["outputs"]["allowed"]
    ls[2] = json.dumps(r, separators=(",", ":"), sort_keys=True,
                       ensure_ascii=False)


tamper("edit", edit, "audit_record_edited", 3)
tamper("delete", lambda ls: ls.pop(3), "audit_record_missing", 4)
tamper("insert", lambda ls: ls.insert(4, ls[1]), "audit_record_inserted", 5)
tamper("reorder", lambda ls: ls.__setitem__(slice(2, 4), [ls[3], ls[2]]),
       "audit_record_reordered", 3)

# A log cut in the middle of its last record.
cut = os.path.join(WORK, "cut.jsonl")
text = "".join(l + "\n" for l in lines)
with open(cut, "w") as f:
    f.write(text[: len(text) - len(lines[-1]) // 2])
code, out, _ = run("audit", "verify", cut)
check(code == 1 and f"{cut}:{n}: error[audit_truncated]" in out
      and f"the {n - 1} record(s) before it are checked" in out,
      f"cut log reports its truncated last line (got {code}: {out})")

# Replay: the same rules change nothing; v2 changes grade B's row.
code, out, err = run("audit", "replay", log, "--rules", v1)
check(code == 0 and " 0 differ" in out,
      f"replay under v1 finds no difference (got {code}: {out}{err})")
code, out, err = run("audit", "replay", log, "--rules", v2)
changed = sum(1 for r in records if r["facts"]["shop"]["grade"] == "B")
check(code == 1, f"replay under v2 exits 1 (got {code}: {err})")
check(f"{changed} differ" in out, f"{changed} decisions differ (got {out})")
check("per_year: 2 -> 3" in out, "the changed output is shown before and after")
check("line 1 (seq 1) shop.permit: differs" in out,
      "the differing decision is named by line and seq")

# Records without facts cannot be replayed: they are counted, not failed.
bare = os.path.join(WORK, "bare.jsonl")
code, _, _ = run("eval", v1, "--decision", "permit", "--batch", batch,
                 "--log", bare)
code, out, _ = run("audit", "replay", bare, "--rules", v2)
check(code == 0 and f"{len(facts)} kept no facts" in out,
      f"records without facts are skipped (got {code}: {out})")

code, _, err = run("audit", "replay", log)
check(code == 2, f"replay without rules is a usage error (got {code}: {err})")

# A record edited by hand with fields of the wrong type is named, not an
# "internal error" (nlohmann's type_error escaped before).
odd = os.path.join(WORK, "odd.jsonl")
edited = [json.loads(l) for l in open(log, encoding="utf-8").read().splitlines()]
edited[0]["decision"] = 5
edited[1]["fired"] = [1, 2]
write_lines(odd, [json.dumps(r) for r in edited])
code, out, err = run("audit", "replay", odd, "--rules", v1)
check(code == 1 and "internal error" not in err
      and "line 1: cannot replay: field `decision` is not what bylaw writes" in out
      and "line 2: cannot replay: field `fired` is not what bylaw writes" in out,
      f"hand-edited records are named (got {code}: {out}{err})")

# One writer per log: a second `eval --log` on a log another writer holds
# fails clearly instead of forking the chain (docs/audit.md).
import fcntl
held = os.path.join(WORK, "held.jsonl")
run("eval", v1, "--decision", "permit", "--batch", batch, "--log", held)
with open(held, "a") as holder:
    fcntl.flock(holder, fcntl.LOCK_EX)
    code, out, err = run("eval", v1, "--decision", "permit", "--batch", batch, "--log", held)
    check(code != 0 and "audit_log_locked" in err,
          f"a second writer is refused (got {code}: {err})")
v = run("audit", "verify", held)
check(v[0] == 0, f"the held log still verifies (got {v})")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("audit CLI: all checks passed")

#!/usr/bin/env python3
"""Checks the code examples of a Markdown document with the built `bylaw`.

A block that is a whole rule file (it starts with `ruleset`) must check
clean. Any other block that looks like bylaw source is a fragment: it is
put under a minimal header and must have no syntax diagnostics (names it
borrows from other examples may be unknown there). Blocks of shell commands
or diagnostics output are skipped.

usage: check_doc_examples.py BYLAW_BINARY DOC.md [DOC.md...]
"""
import json
import os
import re
import subprocess
import sys
import tempfile

SYNTAX_CODES = {
    "syntax_error", "unterminated_string", "invalid_character", "invalid_utf8",
    "invalid_escape", "bad_date", "number_out_of_range", "missing_ruleset_header",
    "duplicate_rule_condition", "nesting_too_deep",
}
DECLARATION = re.compile(r"(import|enum|facts|record|param|scenario|reason|matter|table|rule|"
                         r"scorecard|def|let|decision|test)\b")
NOT_SOURCE = re.compile(r"^\s*(\$|bylaw |tools/|build/|cmake |\{|\[|[\w./-]+:\d+:\d+:)", re.M)


def blocks(path):
    text = open(path, encoding="utf-8").read()
    for match in re.finditer(r"^```([a-z]*)\n(.*?)^```", text, re.S | re.M):
        line = text.count("\n", 0, match.start()) + 2
        yield match.group(1), match.group(2), line


def check(binary, directory, source):
    path = os.path.join(directory, "example.bylaw")
    with open(path, "w", encoding="utf-8") as f:
        f.write(source)
    run = subprocess.run([binary, "check", "--root", directory, "--format", "json", path],
                         capture_output=True, text=True)
    try:
        return json.loads(run.stdout or "[]")
    except json.JSONDecodeError:
        return [{"code": "no_json_output", "message": run.stderr.strip()}]


def main():
    binary, docs = sys.argv[1], sys.argv[2:]
    failures = checked = 0
    for doc in docs:
        for lang, body, line in blocks(doc):
            if lang not in ("", "bylaw") or NOT_SOURCE.match(body) or "error[" in body:
                continue
            code = "\n".join(l for l in body.splitlines() if not l.lstrip().startswith("#"))
            has_header = code.lstrip().startswith("ruleset")
            # A whole file states its level; other files of a ruleset repeat
            # only the `ruleset` line and are checked as fragments.
            whole = has_header and re.search(r"^\s+level ", code, re.M) is not None
            if has_header:
                source = body
            elif DECLARATION.match(code.lstrip()):
                source = "ruleset doc_example\n  level national\n\n" + body
            else:
                continue  # a row, an expression or another piece of a declaration
            with tempfile.TemporaryDirectory() as directory:
                diagnostics = check(binary, directory, source)
            bad = [d for d in diagnostics
                   if d.get("severity") == "error" and (whole or d["code"] in SYNTAX_CODES)]
            checked += 1
            if bad:
                failures += 1
                print(f"{doc}:{line}: example {'file' if whole else 'fragment'} has errors:")
                for d in bad:
                    at = f"{d.get('line', '?')}:{d.get('column', '?')}"
                    print(f"  {at}: {d['code']}: {d['message']}")
    print(f"{checked - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

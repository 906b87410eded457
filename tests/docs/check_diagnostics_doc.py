#!/usr/bin/env python3
"""Every diagnostic code the compiler can emit has an entry in
docs/diagnostics.md (a heading "### `code`").

Codes are found where the compiler reports them: calls like
`Error("code", ...)`, `Warning("code", ...)` and diagnostics built with a
`"code"` literal in dsl/src.

usage: check_diagnostics_doc.py REPO_ROOT
"""
import os
import re
import sys

REPORT = re.compile(r'(?:Error|Warning|Report\w*|Emit\w*)\(\s*"([a-z]+(?:_[a-z]+)+)"')


def emitted_codes(root):
    codes = {}
    for directory, _, files in os.walk(os.path.join(root, "dsl", "src")):
        for name in files:
            if not name.endswith((".cpp", ".h")):
                continue
            path = os.path.join(directory, name)
            text = open(path, encoding="utf-8").read()
            for match in REPORT.finditer(text):
                codes.setdefault(match.group(1), os.path.relpath(path, root))
    return codes


def main():
    root = sys.argv[1]
    doc = open(os.path.join(root, "docs", "diagnostics.md"), encoding="utf-8").read()
    documented = set(re.findall(r"^###\s+`([a-z_]+)`", doc, re.M))
    codes = emitted_codes(root)
    missing = sorted(c for c in codes if c not in documented)
    for code in missing:
        print(f"{codes[code]}: code `{code}` has no entry in docs/diagnostics.md")
    print(f"{len(codes) - len(missing)} passed, {len(missing)} failed")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

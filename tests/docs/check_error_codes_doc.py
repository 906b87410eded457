#!/usr/bin/env python3
"""Every error code the runtime can return has a row in docs/embedding.md's
table "Every `Result` error code", and every row names a code the runtime
returns: a host branches on these codes, so the list must be whole and true.

Codes are found where the runtime makes them: `Error{"code", ...}`,
`Fail("code", ...)`, `CatchExceptions("code", ...)` and the bundle reader's
`constexpr const char* kName = "bundle_..."` constants, in runtime/.

usage: check_error_codes_doc.py REPO_ROOT
"""
import os
import re
import sys

MADE = re.compile(r'(?:Error\{|Error\(|Fail\(|CatchExceptions\()\s*"([a-z]+(?:_[a-z]+)*)"')
CONSTANT = re.compile(r'constexpr const char\*\s+k\w+\s*=\s*"(bundle_[a-z_]+)"')
SECTION = "### Every `Result` error code"


def returned_codes(root):
    codes = {}
    for directory, _, files in os.walk(os.path.join(root, "runtime")):
        for name in files:
            if not name.endswith((".cpp", ".h")):
                continue
            path = os.path.join(directory, name)
            text = open(path, encoding="utf-8").read()
            for pattern in (MADE, CONSTANT):
                for match in pattern.finditer(text):
                    codes.setdefault(match.group(1), os.path.relpath(path, root))
    return codes


def documented_codes(doc):
    start = doc.find(SECTION)
    if start < 0:
        return None
    end = doc.find("\n## ", start)
    codes = set()
    for line in doc[start:end].splitlines():
        if line.startswith("| `"):
            codes.update(re.findall(r"`([a-z_]+)`", line.split("|")[1]))
    return codes


def main():
    root = sys.argv[1]
    doc = open(os.path.join(root, "docs", "embedding.md"), encoding="utf-8").read()
    documented = documented_codes(doc)
    if documented is None:
        print(f"docs/embedding.md has no section `{SECTION}`")
        return 1
    codes = returned_codes(root)
    failed = 0
    for code in sorted(set(codes) - documented):
        print(f"{codes[code]}: code `{code}` has no row in docs/embedding.md ({SECTION})")
        failed += 1
    for code in sorted(documented - set(codes)):
        print(f"docs/embedding.md: code `{code}` is listed but the runtime never returns it")
        failed += 1
    print(f"{len(set(codes) | documented) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

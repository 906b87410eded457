#!/usr/bin/env python3
"""Every `docs/....md` that the sources, scripts and documents name exists.

Comments and messages send a reader to the documentation by path ("codes in
docs/diagnostics.md", "docs/design/semantics.md"); when a document moves or
is merged into another, such a pointer silently leads nowhere. This check
reads every tracked text file of the repository and fails naming each path
that does not exist, with the file and line that names it.

usage: check_doc_paths.py REPO_ROOT
"""
import os
import re
import subprocess
import sys

# A docs path as written in prose or code, `docs/<name>.md` or one in a
# subfolder, read from the repository root; the lookbehind keeps a longer
# folder name (`mydocs/`) out.
DOC_PATH = re.compile(r"(?<![\w-])docs/[\w./-]*?\w\.md\b")
TEXT_SUFFIXES = (".c", ".cc", ".cpp", ".h", ".hpp", ".py", ".sh", ".md", ".txt",
                 ".cmake", ".bylaw", ".json", ".js", ".ts", ".el", ".vim", ".toml",
                 ".yml", ".yaml", ".in")


def tracked_files(root):
    """The files git tracks; outside a git checkout (a source archive), every
    file except build and dot directories."""
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z"], check=True,
                             capture_output=True).stdout.decode("utf-8")
        return [name for name in out.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        names = []
        for directory, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith((".", "build"))]
            names += [os.path.relpath(os.path.join(directory, f), root) for f in files]
        return names


def is_text(name):
    base = os.path.basename(name)
    return name.endswith(TEXT_SUFFIXES) or base in ("CMakeLists.txt", "run") or (
        name.startswith("tools/") and "." not in base)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    missing = []
    for name in tracked_files(root):
        if not is_text(name):
            continue
        try:
            text = open(os.path.join(root, name), encoding="utf-8").read()
        except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            for match in DOC_PATH.finditer(line):
                if not os.path.isfile(os.path.join(root, match.group(0))):
                    missing.append(f"{name}:{number}: names {match.group(0)}, which does not exist")
    for entry in missing:
        print(entry)
    if missing:
        print(f"{len(missing)} reference(s) to missing documents: fix the path or "
              "restore the document", file=sys.stderr)
        return 1
    print("every docs/ path named in the repository exists")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Checks what libbylaw.so exports (runtime/shared/CMakeLists.txt).

  check_exports.py LIB SOVERSION BYLAW_H

The SONAME is libbylaw.so.SOVERSION; the defined dynamic symbols are
exactly the functions bylaw.h declares (BYLAW_API), each in the version
node BYLAW_<SOVERSION>; nothing of nlohmann/json, the C++ runtime or the
standard library leaks out. Exits 1 listing what is wrong.
"""
import re
import subprocess
import sys

lib, soversion, header = sys.argv[1:4]
failures = []

dynamic = subprocess.run(["readelf", "-d", lib], capture_output=True,
                         text=True, check=True).stdout
soname = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", dynamic)
if not soname or soname.group(1) != "libbylaw.so." + soversion:
    failures.append("SONAME is %s, expected libbylaw.so.%s" %
                    (soname.group(1) if soname else "missing", soversion))

declared = set(re.findall(r"BYLAW_API[^;(]*?\b(bylaw_\w+)\s*\(",
                          open(header, encoding="utf-8").read()))
if len(declared) < 7:
    failures.append("found only %d BYLAW_API functions in %s" %
                    (len(declared), header))

# `nm -D --defined-only --with-symbol-versions`: "ADDR T name@@BYLAW_0.1".
nm = subprocess.run(["nm", "-D", "--defined-only", "--with-symbol-versions",
                     lib], capture_output=True, text=True, check=True).stdout
exported = {}
for line in nm.splitlines():
    parts = line.split()
    if len(parts) < 3:
        continue
    name, _, version = parts[2].partition("@")
    exported[name] = version.lstrip("@")
node = "BYLAW_" + soversion
for name, version in sorted(exported.items()):
    if name == node:
        continue  # the version node's own symbol
    if name not in declared:
        failures.append("exports `%s`, which bylaw.h does not declare" % name)
    elif version != node:
        failures.append("`%s` is in version node `%s`, expected `%s`" %
                        (name, version, node))
for name in sorted(declared - set(exported)):
    failures.append("bylaw.h declares `%s` but the library does not export it"
                    % name)

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("libbylaw.so.%s exports the %d functions of bylaw.h and nothing else"
      % (soversion, len(declared)))

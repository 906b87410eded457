#!/usr/bin/env bash
# Fails when the layering rule is broken: tools -> dsl -> runtime, with ANTLR
# generated code confined to dsl/src/parse. CMake cannot enforce this.
set -u
root=${1:?usage: check_layering.sh REPO_ROOT}
cd "$root" || exit 2
status=0
if hits=$(grep -rlE '#include *[<"](antlr4|.*Bylaw(Lexer|Parser|Visitor|BaseVisitor))|#include *[<"]bylaw/dsl/|#include *[<"]spdlog' runtime 2>/dev/null) && [ -n "$hits" ]; then
  echo "runtime/ must not include ANTLR, dsl/ or spdlog headers:"; echo "$hits"; status=1
fi
if hits=$(grep -rlE '#include *[<"](antlr4|.*Bylaw(Lexer|Parser|Visitor|BaseVisitor)\.h)' dsl tools 2>/dev/null | grep -v '^dsl/src/parse/') && [ -n "$hits" ]; then
  echo "ANTLR headers used outside dsl/src/parse:"; echo "$hits"; status=1
fi
if hits=$(grep -rlE '#include *[<"]bylaw/dsl/' runtime dsl/include 2>/dev/null | grep '^runtime/') && [ -n "$hits" ]; then
  echo "runtime/ depends on the compiler:"; echo "$hits"; status=1
fi
[ $status -eq 0 ] && echo "layering ok"
exit $status

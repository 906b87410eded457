#!/usr/bin/env bash
# Fails when a layering arrow is broken (docs/architecture.md). May include:
#   base/          nothing of ours outside base/
#   runtime/       base/ and itself; never dsl/, tools/, ANTLR or spdlog
#   dsl/           base/, runtime's public headers and the bundle schema
#                  (runtime/src/bundle/include/bylaw/bundle/schema.h, the
#                  format's names, shared but never installed; the writer
#                  needs no reader, so nothing else of that folder), itself;
#                  never tools/;
#                  ANTLR's generated code only in dsl/src/parse
#   tools/files, tools/plan, tools/review, tools/lsp, tools/booklet
#                  base/ and only the PUBLIC headers of dsl/ and runtime/
#                  (bylaw/dsl/*.h, bylaw/runtime*.h, bylaw/audit_log.h,
#                  bylaw.h), the bundle folder (the schema and the typed
#                  reader: bylaw/bundle/schema.h, reader.h, type.h ...),
#                  tools/files, plus their own include/ and src/
# CMake cannot enforce this: a quoted include is checked against the folder
# it must resolve in.
set -u
root=${1:?usage: check_layering.sh REPO_ROOT}
cd "$root" || exit 2
status=0

# Quoted includes of the C/C++ files under the given folders, as
# `file:header`.
includes() {
  grep -rHoE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]+"' --include='*.h' \
    --include='*.cpp' --include='*.c' "$@" 2>/dev/null |
    sed -E 's/^([^:]*):.*"([^"]+)"$/\1:\2/'
}
fail() { echo "$1"; shift; printf '  %s\n' "$@"; status=1; }

if hits=$(grep -rlE '#include *[<"](antlr4|.*Bylaw(Lexer|Parser|Visitor|BaseVisitor)\.h)' \
            base runtime dsl tools 2>/dev/null | grep -v '^dsl/src/parse/') && [ -n "$hits" ]; then
  fail "ANTLR headers used outside dsl/src/parse:" $hits
fi
if hits=$(grep -rlE '#include *[<"]spdlog' base runtime 2>/dev/null) && [ -n "$hits" ]; then
  fail "base/ and runtime/ must not use spdlog:" $hits
fi

# base/: only itself.
if hits=$(includes base | grep -vE ':bylaw/base/[a-z0-9_]+\.h$') && [ -n "$hits" ]; then
  fail "base/ includes something outside base/:" $hits
fi

# Every quoted include of the files under $1 must resolve in the file's own
# folder or in one of the folders after the label (a trailing `*` matches
# one level of subfolders). $skip: `file:header` lines that need not.
skip='^$'
resolves_in() {
  local tree=$1 label=$2; shift 2
  local hit file header dir ok
  while IFS= read -r hit; do
    [ -n "$hit" ] || continue
    file=${hit%%:*}
    header=${hit#*:}
    ok=0
    [ -f "$(dirname "$file")/$header" ] && ok=1
    for dir in "$@"; do
      [ $ok -eq 1 ] && break
      for d in $dir; do
        [ -f "$d/$header" ] && { ok=1; break; }
      done
    done
    [ $ok -eq 1 ] || fail "$label" "$file: $header"
  done < <(includes "$tree" | grep -vE "$skip")
}

# runtime/: its own headers and the toolkit; nothing of dsl/ or tools/.
resolves_in runtime "runtime/ includes a header outside runtime/ and base/:" \
  runtime/include runtime/src runtime/src/bundle/include base/include

# dsl/: its own headers, the runtime's public ones and the toolkit; nothing
# of tools/. ANTLR's generated headers (Bylaw*.h) are built in parse.
skip='^dsl/src/parse/[^:]*:(antlr4-runtime|Bylaw(Lexer|Parser|Visitor|BaseVisitor))\.h$'
resolves_in dsl "dsl/ includes a header outside dsl/, runtime/include and base/:" \
  dsl/include 'dsl/src/*' runtime/include runtime/src/bundle/include base/include
skip='^$'
if hits=$(includes dsl | grep -E ':bylaw/(plan|review)/') && [ -n "$hits" ]; then
  fail "dsl/ depends on the tools:" $hits
fi
if hits=$(includes dsl | grep -E ':bylaw/bundle/' | grep -vE ':bylaw/bundle/schema\.h$') &&
   [ -n "$hits" ]; then
  fail "dsl/ uses the bundle reader (it writes bundles; only bylaw/bundle/schema.h):" $hits
fi

# tools/files, tools/plan, tools/review, tools/lsp and tools/booklet: the
# public headers of dsl/ and runtime/, the toolkit, tools/files (the one
# file writer), and their own; and their builds see no private folder of
# another layer.
for lib in tools/files tools/plan tools/review tools/lsp tools/booklet; do
  [ -d "$lib" ] || continue
  resolves_in "$lib" "$lib uses a header that is not public:" \
    "$lib/include" "$lib/src" dsl/include runtime/include runtime/src/bundle/include base/include \
    tools/files/include
  if hits=$(grep -nHE '(runtime|dsl)/src' "$lib/CMakeLists.txt") && [ -n "$hits" ]; then
    fail "$lib reaches into a private folder of another layer:" "$hits"
  fi
done

[ $status -eq 0 ] && echo "layering ok"
exit $status

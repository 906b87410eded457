#!/usr/bin/env bash
# The layering check (check_layering.sh) catches each broken arrow: on a
# copy of the tree it passes; with the includes below injected (each into a
# file of its own) it fails and names every one of them.
set -u
root=${1:?usage: check_layering_selftest.sh REPO_ROOT}
check="$root/tests/cli/check_layering.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
mkdir -p "$work/tree"
(cd "$root" && cp -r base runtime dsl tools "$work/tree/")

if ! out=$(bash "$check" "$work/tree"); then
  echo "the unmodified tree fails:"; echo "$out"; status=1
fi

# file | line to add | message expected
cases=(
  "runtime/src/audit_chain.cpp|#include \"bylaw/dsl/ast.h\"|runtime/ includes a header outside"
  "runtime/src/audit_log.cpp|#include \"bylaw/review/diff.h\"|runtime/ includes a header outside"
  "runtime/src/audit_record.cpp|#include \"bylaw/plan/planner.h\"|runtime/ includes a header outside"
  "runtime/src/bundle_hash.cpp|#include <antlr4-runtime.h>|ANTLR headers used outside"
  "runtime/src/c_api.cpp|#include <spdlog/spdlog.h>|must not use spdlog"
  "base/include/bylaw/base/utf8.h|#include \"bylaw/runtime.h\"|base/ includes something outside"
  "dsl/src/check/checker.cpp|#include \"bylaw/review/diff.h\"|dsl/ depends on the tools"
  "dsl/src/check/type_rules.cpp|#include \"model.h\"|dsl/ includes a header outside"
  "dsl/src/lower/lower.cpp|#include \"BylawParser.h\"|ANTLR headers used outside"
  "tools/plan/src/assess_shard.cpp|#include \"model.h\"|tools/plan uses a header that is not public"
  "tools/review/src/change_set.cpp|#include \"type_checker.h\"|tools/review uses a header that is not public"
  "tools/booklet/src/booklet_builder.cpp|#include \"evaluator.h\"|tools/booklet uses a header that is not public"
  "dsl/src/lower/bundle_seal.cpp|#include \"bundle_hash.h\"|dsl/ includes a header outside"
  "dsl/src/lower/expr_lowering.cpp|#include \"bylaw/bundle/reader.h\"|dsl/ uses the bundle reader"
  "tools/booklet/src/contract_view.cpp|#include \"loader_internal.h\"|tools/booklet uses a header that is not public"
  "tools/review/src/bundle_view.cpp|#include \"bundle/schema.h\"|tools/review uses a header that is not public"
  "tools/files/src/atomic_file.cpp|#include \"bylaw/plan/inputs.h\"|tools/files uses a header that is not public"
  "tools/review/CMakeLists.txt|target_include_directories(bylaw_review PRIVATE \${PROJECT_SOURCE_DIR}/runtime/src)|reaches into a private folder"
)
for c in "${cases[@]}"; do
  IFS='|' read -r file line message <<<"$c"
  echo "$line" >>"$work/tree/$file"
done
if out=$(bash "$check" "$work/tree"); then
  echo "no broken arrow caught"; status=1
fi
for c in "${cases[@]}"; do
  IFS='|' read -r file line message <<<"$c"
  # The message, then the offending file among the indented lines under it.
  if ! awk -v m="$message" -v f="$file" '
        index($0, m) { under = 1; next }
        under && /^  / && index($0, f) { found = 1 }
        !/^  / { under = 0 }
        END { exit !found }' <<<"$out"; then
    echo "not caught: $line in $file"; status=1
  fi
done
[ $status -eq 0 ] && echo "layering check catches all ${#cases[@]} cases"
[ $status -eq 0 ] || echo "$out"
exit $status

#!/usr/bin/env bash
# `bylaw booklet` on the command line: one page, --all (a page per
# industry and index.html), and the usage errors (an unknown industry lists
# the known ones).
#   bash booklet_cli_test.sh BYLAW_BINARY SOURCE_DIR
set -euo pipefail
bylaw=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bylaw" booklet --rules "$src/rulesets/nantong" --root "$src/rulesets" --industry catering \
  --as-of 2025-07-01 --out "$tmp/one" > "$tmp/one.log" || fail "booklet catering: $(cat "$tmp/one.log")"
[ -s "$tmp/one/catering.html" ] || fail "no catering.html"
grep -q "wrote $tmp/one/catering.html" "$tmp/one.log" || fail "did not say what it wrote"
grep -q '餐饮服务行业涉企行政检查指南' "$tmp/one/catering.html" || fail "no title"

"$bylaw" compile "$src/rulesets/nantong" --root "$src/rulesets" -o "$tmp/bundle.json" > /dev/null 2>&1
"$bylaw" booklet --bundle "$tmp/bundle.json" --all --as-of 2025-07-01 --out "$tmp/all" > "$tmp/all.log" ||
  fail "booklet --all: $(cat "$tmp/all.log")"
pages=$(ls "$tmp/all" | grep -vc '^index.html$' || true)
[ "$pages" -eq 14 ] || fail "--all wrote $pages industry pages, not 14"
for industry in catering hazardous_chemicals script_venue; do
  grep -q "href=\"$industry.html\"" "$tmp/all/index.html" || fail "index.html does not link $industry.html"
done
# The same bundle and date give the same bytes, alone or with --all.
"$bylaw" booklet --bundle "$tmp/bundle.json" --industry catering --as-of 2025-07-01 --out "$tmp/two" > /dev/null
cmp -s "$tmp/two/catering.html" "$tmp/all/catering.html" || fail "the --all page differs from the single one"

set +e
"$bylaw" booklet --bundle "$tmp/bundle.json" --industry bakery --as-of 2025-07-01 --out "$tmp/x" 2> "$tmp/err"
code=$?
set -e
[ $code -eq 2 ] || fail "unknown industry exited $code, not 2"
grep -q 'unknown_industry' "$tmp/err" || fail "no code: $(cat "$tmp/err")"
grep -q 'catering (餐饮服务)' "$tmp/err" || fail "the known industries are not listed: $(cat "$tmp/err")"
[ ! -e "$tmp/x" ] || fail "an error still wrote the out directory"

set +e
"$bylaw" booklet --bundle "$tmp/bundle.json" --industry catering --all --out "$tmp/y" 2> "$tmp/err2"
code=$?
set -e
[ $code -eq 2 ] || fail "--industry with --all exited $code, not 2"
echo "booklet_cli_test: ok"

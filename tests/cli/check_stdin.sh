#!/usr/bin/env bash
# `-` for standard input in `bylaw check` and `bylaw fmt`: diagnostics name
# `<stdin>`, `fmt -` writes the formatted text to standard output (and
# touches no file), `fmt --check -` exits 1 when the input is not canonical.
#   bash check_stdin.sh BYLAW_BINARY SOURCE_DIR
set -euo pipefail
bylaw=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$tmp"
shop="$src/tests/cli/cases/shop/shop.bylaw"
broken="$src/tests/cli/cases/broken/broken.bylaw"

# check: a clean file from stdin passes, a broken one fails naming <stdin>.
"$bylaw" check - < "$shop" > out 2> err || fail "check - on a clean file: $(cat err)"
grep -q "^ok: 0 error(s)" err || fail "check - does not say ok: $(cat err)"
set +e
"$bylaw" check - < "$broken" > out 2> err
code=$?
set -e
[ "$code" = 1 ] || fail "check - on a broken file exits $code, not 1"
grep -q "^<stdin>:6:[0-9]*: error\[" err || fail "diagnostics do not name <stdin>: $(cat err)"
grep -q "broken.bylaw" err && fail "diagnostics name the file, not <stdin>: $(cat err)"
# ... and as JSON diagnostics, the file is <stdin> too.
set +e
"$bylaw" check --format json - < "$broken" > out.json 2> err
set -e
python3 -c 'import json,sys; d=json.load(open("out.json")); sys.exit(0 if d and all(x["file"]=="<stdin>" for x in d) else 1)' \
  || fail "json diagnostics do not name <stdin>: $(cat out.json)"

# fmt: the canonical text of a badly laid-out file goes to stdout.
sed -e 's/^  //' "$shop" > messy.bylaw
cmp -s messy.bylaw "$shop" && fail "the test input is already canonical"
cp "$shop" canonical.bylaw
"$bylaw" fmt canonical.bylaw  # the shipped file, in the formatter's layout
"$bylaw" fmt - < messy.bylaw > formatted.bylaw 2> err || fail "fmt - failed: $(cat err)"
cp messy.bylaw by_file.bylaw
"$bylaw" fmt by_file.bylaw
cmp -s formatted.bylaw by_file.bylaw || fail "fmt - differs from fmt FILE: $(diff formatted.bylaw by_file.bylaw | head)"
ls | grep -q '<stdin>' && fail "fmt - wrote a file named <stdin>"
# An already canonical input comes back unchanged.
"$bylaw" fmt - < by_file.bylaw > again.bylaw
cmp -s again.bylaw by_file.bylaw || fail "fmt - changed a canonical input"

# fmt --check -: 1 and `<stdin>` listed when not canonical, 0 and silent when it is.
set +e
"$bylaw" fmt --check - < messy.bylaw > out 2> err
code=$?
set -e
[ "$code" = 1 ] || fail "fmt --check - on a messy input exits $code, not 1"
[ "$(cat out)" = "<stdin>" ] || fail "fmt --check - lists '$(cat out)', not <stdin>"
"$bylaw" fmt --check - < by_file.bylaw > out 2> err || fail "fmt --check - on a canonical input fails"
[ -s out ] && fail "fmt --check - on a canonical input prints: $(cat out)"

# fmt - on a syntax error: 1, diagnostics naming <stdin>, nothing on stdout.
printf 'ruleset x\n  level national\ndecision (\n' > syntax.bylaw
set +e
"$bylaw" fmt - < syntax.bylaw > out 2> err
code=$?
set -e
[ "$code" = 1 ] || fail "fmt - on a syntax error exits $code"
grep -q "^<stdin>:3:" err || fail "fmt - diagnostics do not name <stdin>: $(cat err)"
[ -s out ] && fail "fmt - printed text for a file with errors"
echo "ok"

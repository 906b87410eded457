#!/usr/bin/env bash
# The catering booklet renders in a real browser: headless Chromium parses
# the page (its DOM must hold the grids and a figure of the food matter),
# takes a screenshot (a PNG of the window's size with something drawn on
# it) and prints it to PDF through the print stylesheet. Chromium is not
# part of tools/bootstrap (too heavy for CI): without it this test says so
# and is skipped (exit 77, tests/booklet/CMakeLists.txt).
#   bash booklet_render_test.sh BYLAW_BINARY SOURCE_DIR
set -euo pipefail
bylaw=$1
src=$2
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "booklet_render_test: SKIPPED (no chromium; apt-get install chromium to run it)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bylaw" booklet --rules "$src/rulesets/nantong" --root "$src/rulesets" --industry catering \
  --as-of 2025-07-01 --out "$tmp/out" > /dev/null
page="$tmp/out/catering.html"
# --no-sandbox: the sandbox cannot start as root (containers, CI).
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile")
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$page" > "$tmp/dom.html" 2> "$tmp/dom.err" ||
  fail "chromium --dump-dom failed: $(tail -3 "$tmp/dom.err")"
timeout 120 "$browser" "${flags[@]}" --screenshot="$tmp/page.png" --window-size=1200,2000 \
  "file://$page" > /dev/null 2> "$tmp/shot.err" || fail "chromium --screenshot failed: $(tail -3 "$tmp/shot.err")"
timeout 120 "$browser" "${flags[@]}" --print-to-pdf="$tmp/page.pdf" --no-pdf-header-footer \
  "file://$page" > /dev/null 2> "$tmp/pdf.err" || fail "chromium --print-to-pdf failed: $(tail -3 "$tmp/pdf.err")"

python3 - "$tmp" <<'PY'
import struct, sys
tmp = sys.argv[1]
dom = open(tmp + "/dom.html", encoding="utf-8").read()
failures = []
if dom.count('<table class="grid"') < 5:
    failures.append("the parsed page has %d frequency grids" % dom.count('<table class="grid"'))
for text in ("餐饮服务行业涉企行政检查指南", ">每年2–3次<", "CERTIFICATE_NOT_SHOWN", "第三十三条"):
    if text not in dom:
        failures.append("%r is not on the parsed page" % text)
if "<script" in dom:
    failures.append("a script in the page")
png = open(tmp + "/page.png", "rb").read()
if png[:8] != b"\x89PNG\r\n\x1a\n":
    failures.append("the screenshot is not a PNG")
else:
    width, height = struct.unpack(">II", png[16:24])
    if (width, height) != (1200, 2000):
        failures.append("screenshot %dx%d, not 1200x2000" % (width, height))
if len(png) < 30000:
    failures.append("the screenshot looks blank (%d bytes)" % len(png))
pdf = open(tmp + "/page.pdf", "rb").read()
pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
if not pdf.startswith(b"%PDF") or pages < 6:
    failures.append("the print has %d pages (each section starts one)" % pages)
if failures:
    sys.exit("FAIL: " + "; ".join(failures))
print("booklet_render_test: ok (screenshot %d bytes, %d printed pages)" % (len(png), pages))
PY

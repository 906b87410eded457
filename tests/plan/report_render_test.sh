#!/usr/bin/env bash
# report.html renders in a real browser: plans the sample, then has headless
# Chromium parse the page (its DOM must hold the charts and the figures of
# summary.json) and take a screenshot (a PNG of the window's size with
# something drawn on it), and print it to PDF (the print layout starts each
# department's visit list on a new page). Chromium is not part of tools/bootstrap (too heavy
# for CI): without it this test says so and passes.
#   bash report_render_test.sh BYLAW_BINARY SOURCE_DIR
set -euo pipefail
bylaw=$1
src=$2
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "report_render_test: SKIPPED (no chromium; apt-get install chromium to run it)"
  exit 77  # ctest reports it as skipped (SKIP_RETURN_CODE, tests/plan/CMakeLists.txt)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bylaw" plan --rules "$src/rulesets/nantong" --register "$src/samples/nantong/register.csv" \
  --inspectors "$src/samples/nantong/roster.csv" --year 2026 --seed nantong-2026 \
  --out "$tmp/plan" --quiet
report="$tmp/plan/report.html"
[ -s "$report" ] || fail "no report.html"

# --no-sandbox: the sandbox cannot start as root (containers, CI).
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile")
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$report" > "$tmp/dom.html" 2> "$tmp/dom.err" ||
  fail "chromium --dump-dom failed: $(tail -3 "$tmp/dom.err")"
timeout 120 "$browser" "${flags[@]}" --screenshot="$tmp/report.png" --window-size=1200,2000 \
  "file://$report" > /dev/null 2> "$tmp/shot.err" ||
  fail "chromium --screenshot failed: $(tail -3 "$tmp/shot.err")"

# The print layout: A4 pages (@page), the department lists each from a new
# page, so a printed plan has more pages than the screen's sections.
timeout 120 "$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$tmp/report.pdf" \
  "file://$report" > /dev/null 2> "$tmp/pdf.err" ||
  fail "chromium --print-to-pdf failed: $(tail -3 "$tmp/pdf.err")"

python3 - "$tmp" <<'PY'
import json, re, struct, sys
tmp = sys.argv[1]
dom = open(tmp + "/dom.html", encoding="utf-8").read()
summary = json.load(open(tmp + "/plan/summary.json", encoding="utf-8"))
failures = []
if dom.count("<svg") < 4:
    failures.append("the parsed page has %d charts" % dom.count("<svg"))
for key in ("visits_separate", "visits_merged"):
    figure = "{:,}".format(summary[key])
    if ">%s<" % figure not in dom:
        failures.append("%s (%s) is not on the page" % (key, figure))
if "<script" in dom:
    failures.append("a script in the page")
for part in ('id="region-table"', 'id="burden-table"', 'class="visits"', 'id="approval"'):
    if part not in dom:
        failures.append("the parsed page has no %s" % part)
pdf = open(tmp + "/report.pdf", "rb").read()
pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
departments = len({d["department"] for d in summary["departments"] if d["merged"] > 0})
if not pdf.startswith(b"%PDF") or pages < departments + 2:
    failures.append("the printed report has %d pages for %d departments' lists" % (pages, departments))
png = open(tmp + "/report.png", "rb").read()
if png[:8] != b"\x89PNG\r\n\x1a\n":
    failures.append("the screenshot is not a PNG")
else:
    width, height = struct.unpack(">II", png[16:24])
    if (width, height) != (1200, 2000):
        failures.append("screenshot %dx%d, not 1200x2000" % (width, height))
# A blank 1200x2000 page compresses to a few kilobytes; text and charts do not.
if len(png) < 30000:
    failures.append("the screenshot looks blank (%d bytes)" % len(png))
if failures:
    sys.exit("FAIL: " + "; ".join(failures))
print("report_render_test: ok (%d charts, screenshot %d bytes, %d printed pages)" % (dom.count("<svg"), len(png), pages))
PY

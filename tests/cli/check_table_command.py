#!/usr/bin/env python3
"""`bylaw table` prints a golden table for review: Markdown with row ids,
cells as written, enum labels and row basis; CSV that parses back to the
same rows; exit 1 and the known names for an unknown table; a scorecard
as its indicators and its bands in order (Markdown and CSV).

usage: check_table_command.py BYLAW REPO_ROOT
"""
import csv
import io
import subprocess
import sys


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True)


def main():
    bylaw, root = sys.argv[1], sys.argv[2]
    source = f"{root}/tests/golden/lower/tables.bylaw"
    failures = []

    md = run(bylaw, "table", source, "--decision", "frequency")
    expect_md = [
        "### tables.frequency 检查频次",
        "| row | f.grade | f.staff | f.score | f.safety | f.key | min | max | ratio | basis |",
        "| r2 | A, B（低） | >= 10 | [0.5..1.0) | 1, none | - | 0 | 1 | floor |  |",
        "| r4 | C | < -1 | - | - | - | 1 | 3 | 30% | 临时 |",
        "| r5 | default |  |  |  |  | 0 | none | 3% |  |",
    ]
    if md.returncode != 0:
        failures.append(f"md: exit {md.returncode}: {md.stderr}")
    for line in expect_md:
        if line not in md.stdout.splitlines():
            failures.append(f"md: missing line {line!r}")

    out = run(bylaw, "table", source, "--decision", "frequency", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out.stdout)))
    if out.returncode != 0 or len(rows) != 6:
        failures.append(f"csv: exit {out.returncode}, {len(rows)} rows")
    elif rows[1][:3] != ["tables.frequency", "key", "-"] or rows[4][-1] != "临时":
        failures.append(f"csv: unexpected rows {rows[1]} / {rows[4]}")

    missing = run(bylaw, "table", source, "--decision", "nope")
    if missing.returncode != 1 or "tables.frequency" not in missing.stderr:
        failures.append(f"unknown table: exit {missing.returncode}, {missing.stderr!r}")

    # A scorecard: its indicators, then its bands in order.
    scoring = f"{root}/tests/golden/lower/scoring.bylaw"
    card = run(bylaw, "table", scoring, "--table", "credit")
    expect_card = [
        "### scoring.credit 信用评分",
        "| indicator | label | weight | value |",
        "| late | 逾期 | 2 | f.late |",
        "| band | score | grade |",
        "| 1 | < 10 | A |",
        "| 3 | >= 20 | C |",
    ]
    if card.returncode != 0:
        failures.append(f"scorecard md: exit {card.returncode}: {card.stderr}")
    for line in expect_card:
        if line not in card.stdout.splitlines():
            failures.append(f"scorecard md: missing line {line!r}")
    card_csv = run(bylaw, "table", scoring, "--table", "credit", "--format", "csv")
    card_rows = list(csv.reader(io.StringIO(card_csv.stdout)))
    if card_csv.returncode != 0 or len(card_rows) != 6:
        failures.append(f"scorecard csv: exit {card_csv.returncode}, {len(card_rows)} rows")
    elif card_rows[1][:3] != ["scoring.credit", "indicator", "late"] or \
            card_rows[5][6:] != [">= 20", "C"]:
        failures.append(f"scorecard csv: unexpected rows {card_rows[1]} / {card_rows[5]}")

    for f in failures:
        print(f)
    print(f"{5 - min(5, len(failures))} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

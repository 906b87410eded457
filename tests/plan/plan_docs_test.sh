#!/usr/bin/env bash
# The sharding examples of docs/plan.md work as written: the Kubernetes
# Indexed Job's command runs for every JOB_COMPLETION_INDEX, the Slurm array
# script for every SLURM_ARRAY_TASK_ID, each followed by its merge job, on
# the sample (paths mapped to a temporary directory), and both give the plan
# of a single run byte for byte.
#   bash plan_docs_test.sh BYLAW_BINARY SOURCE_DIR
set -euo pipefail
bylaw=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The documents call `bylaw` by name, and read rulesets/ and data/.
mkdir -p "$tmp/bin" "$tmp/work/data" "$tmp/work/logs"
ln -s "$(cd "$(dirname "$bylaw")" && pwd)/$(basename "$bylaw")" "$tmp/bin/bylaw"
ln -s "$src/rulesets" "$tmp/work/rulesets"
cp "$src/samples/nantong/register.csv" "$src/samples/nantong/roster.csv" "$tmp/work/data/"
export PATH="$tmp/bin:$PATH"

python3 - "$src/docs/plan.md" "$tmp" <<'PY'
import re, sys
doc, tmp = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
yaml = re.findall(r"```yaml\n(.*?)```", doc, re.S)
scripts = re.findall(r"```sh\n(#!/bin/bash\n.*?)```", doc, re.S)
if len(yaml) != 1 or len(scripts) != 2:
    sys.exit("FAIL: expected one Kubernetes manifest and two Slurm scripts in docs/plan.md")
jobs = yaml[0].split("\n---\n")
def job(text):
    # The folded (`>-`) shell command of the container, and the env values.
    lines = re.search(r"args:\n\s+- >-\n((?:\s{14,}.*\n)+)", text).group(1)
    command = " ".join(line.strip() for line in lines.splitlines())
    env = dict(re.findall(r"- name: (\w+)\n\s+value: \"([^\"]*)\"", text))
    completions = re.search(r"completions: (\d+)", text)
    command = command.replace("/rules/", "rulesets/").replace("/data/", "data/")
    return command, env, int(completions.group(1)) if completions else None
with open(tmp + "/k8s.sh", "w") as out:
    out.write("set -e\ncd %s/work\n" % tmp)
    assess, env, n = job(jobs[0])
    merge, merge_env, _ = job(jobs[1])
    for name, value in {**env, **merge_env}.items():
        out.write("export %s='%s'\n" % (name, value))
    for index in range(n):
        out.write("JOB_COMPLETION_INDEX=%d /bin/sh -c '%s' > /dev/null\n" % (index, assess))
    out.write("/bin/sh -c '%s' > /dev/null\n" % merge.replace("data/plan-2026", "k8s-plan"))
open(tmp + "/assess.sbatch", "w").write(scripts[0])
open(tmp + "/merge.sbatch", "w").write(scripts[1].replace("--out plan-2026", "--out slurm-plan"))
array = re.search(r"--array=1-(\d+)", scripts[0]).group(1)
open(tmp + "/array", "w").write(array)
PY

bash "$tmp/k8s.sh" || fail "the Kubernetes example failed"
rm -rf "$tmp/work/shards"
(
  cd "$tmp/work"
  for i in $(seq 1 "$(cat "$tmp/array")"); do
    SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=$(cat "$tmp/array") SLURM_CPUS_PER_TASK=2 \
      bash "$tmp/assess.sbatch" > /dev/null || fail "assess.sbatch, task $i"
  done
  bash "$tmp/merge.sbatch" > /dev/null || fail "merge.sbatch"
)
seed=$(grep -o 'value: "[^"]*"' "$src/docs/plan.md" | head -1 | cut -d'"' -f2)
"$bylaw" plan --rules "$src/rulesets/nantong" --register "$tmp/work/data/register.csv" \
  --inspectors "$tmp/work/data/roster.csv" --year 2026 --seed "$seed" --out "$tmp/single" --quiet
for plan in k8s-plan slurm-plan; do
  for f in plan.jsonl plan.csv; do
    cmp "$tmp/single/$f" "$tmp/work/$plan/$f" || fail "$plan/$f differs from a single run"
  done
done
echo "plan_docs_test: ok (Kubernetes and Slurm examples give the single run's plan)"

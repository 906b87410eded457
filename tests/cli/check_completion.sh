#!/usr/bin/env bash
# `bylaw completion bash|zsh|fish`: every subcommand and every option that
# `bylaw ... --help` lists appears in each script (they are made from the
# same command tree, so this fails if they drift), the scripts parse in
# their shell (zsh and fish when installed), and the bash one completes
# subcommands, options and option values when called as bash calls it.
#   bash check_completion.sh BYLAW_BINARY
set -euo pipefail
bylaw=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for shell in bash zsh fish; do
  "$bylaw" completion "$shell" > "$tmp/$shell" || fail "bylaw completion $shell failed"
  [ -s "$tmp/$shell" ] || fail "bylaw completion $shell printed nothing"
done
set +e
"$bylaw" completion tcsh > /dev/null 2>&1
code=$?
set -e
[ "$code" = 2 ] || fail "an unknown shell exits $code, not 2"

# The subcommands of a command, from its --help ("Subcommands:" section).
subcommands() {
  "$bylaw" "$@" --help | awk '/^Subcommands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on = 0}'
}
# Its long options, from --help.
options() {
  "$bylaw" "$@" --help | grep -oE '(^|[ ,])--[a-z][a-z-]*' | sed 's/^[ ,]//' | sort -u
}

top=$(subcommands)
[ "$(echo "$top" | wc -l)" -ge 10 ] || fail "too few subcommands read from --help: $top"
paths=()
for sub in $top; do
  paths+=("$sub")
  for nested in $(subcommands "$sub"); do paths+=("$sub $nested"); done
done
printf '%s\n' "${paths[@]}" | grep -qx "plan merge" || fail "plan merge not found in --help"
printf '%s\n' "${paths[@]}" | grep -qx "completion" || fail "completion itself not listed"

for shell in bash zsh fish; do
  script="$tmp/$shell"
  for path in "${paths[@]}"; do
    last=${path##* }
    grep -qw -- "$last" "$script" || fail "$shell: subcommand '$path' missing"
    for opt in $(options $path); do
      case $shell in
        fish) grep -q -- "-l ${opt#--}\b" "$script" || fail "fish: '$path $opt' missing" ;;
        *) grep -q -- "/${path// //} $opt\"" "$script" || grep -q -- "$opt" "$script" \
             || fail "$shell: '$path $opt' missing" ;;
      esac
    done
  done
done
# In bash, each command's own options are listed on its case line.
for path in "${paths[@]}"; do
  line=$(grep -F "    \"/${path// //}\") subs=" "$tmp/bash") || fail "bash: no case for '$path'"
  for opt in $(options $path); do
    [[ " $line " == *" $opt "* || "$line" == *"\"$opt "* || "$line" == *" $opt\""* ]] \
      || fail "bash: '$path' does not offer $opt"
  done
done

bash -n "$tmp/bash" || fail "the bash script does not parse"
if command -v zsh > /dev/null; then zsh -n "$tmp/zsh" || fail "the zsh script does not parse"; fi
if command -v fish > /dev/null; then fish -n "$tmp/fish" || fail "the fish script does not parse"; fi

# The bash function as bash calls it: COMP_WORDS up to the cursor.
mkdir "$tmp/files"  # where file names are completed: nothing but rules.bylaw
complete_bash() {  # WORDS...: prints the candidates, one a line
  (
    set +e  # compgen fails when nothing matches, as bash lets it
    # shellcheck disable=SC1090
    source "$tmp/bash"
    cd "$tmp/files"
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _bylaw
    printf '%s\n' "${COMPREPLY[@]}"
  )
}
complete_bash bylaw pl | grep -qx plan || fail "bash: 'bylaw pl' does not complete to plan"
complete_bash bylaw plan me | grep -qx merge || fail "bash: 'bylaw plan me' does not complete to merge"
complete_bash bylaw check --for | grep -qx -- --format || fail "bash: 'check --for' does not give --format"
[ "$(complete_bash bylaw check --format '' | sort | tr '\n' ' ')" = "json text " ] \
  || fail "bash: check --format values: $(complete_bash bylaw check --format '')"
[ "$(complete_bash bylaw completion '' | sort | tr '\n' ' ')" = "bash fish zsh " ] \
  || fail "bash: completion's shells: $(complete_bash bylaw completion '')"
complete_bash bylaw plan merge --o | grep -qx -- --out || fail "bash: plan merge --out missing"
complete_bash bylaw check --sum | grep -qx -- --summary || fail "bash: check --summary missing"
! complete_bash bylaw eval --sum | grep -qx -- --summary || fail "bash: eval offers check's --summary"
# A flag takes no value: after it come options and files, not values.
touch "$tmp/files/rules.bylaw"
complete_bash bylaw check --werror --sum | grep -qx -- --summary || fail "bash: a flag is taken for an option with a value"
! grep -q '"/check --werror")' "$tmp/bash" || fail "bash: --werror completes a value"
grep -q '"/check --root")' "$tmp/bash" || fail "bash: --root completes no value"
complete_bash bylaw check rul | grep -qx rules.bylaw || fail "bash: files are not completed"
# fish, when installed, completes the same way (its own `complete -C`).
if command -v fish > /dev/null; then
  fish_complete() { fish -c "source '$tmp/fish'; complete -C '$1'" | cut -f1; }
  fish_complete "bylaw pl" | grep -qx plan || fail "fish: 'bylaw pl' does not complete to plan"
  fish_complete "bylaw plan me" | grep -qx merge || fail "fish: 'bylaw plan me' does not give merge"
  [ "$(fish_complete "bylaw check --format " | sort | tr '\n' ' ')" = "json text " ] \
    || fail "fish: check --format values: $(fish_complete "bylaw check --format ")"
  fish_complete "bylaw eval --sum" | grep -qx -- --summary && fail "fish: eval offers check's --summary"
fi
echo "ok"

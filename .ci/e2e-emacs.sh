#!/usr/bin/env bash
# Emacs end-to-end test: a real Emacs (batch) with editors/emacs/caixun.el and
# Eglot talks to the real `caixun lsp --stdio`; the checks use Emacs's own
# machinery (auto-mode-alist and mode hooks, Flymake, Eglot's requests and code
# actions, typing into the buffer). Installs Debian's emacs-nox, elpa-eglot and
# elpa-markdown-mode with apt when one is missing. Usage: bash .ci/e2e-emacs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
source .ci/lib.sh
start=$SECONDS

EMACS="${EMACS:-emacs}"
eglot_ok() { # Emacs runs and finds Eglot (built in from 29, a package before)
  command -v "$EMACS" >/dev/null 2>&1 &&
    "$EMACS" --batch -Q --eval '(progn (require (quote package))
      (add-to-list (quote package-directory-list) "/usr/share/emacs/site-lisp/elpa")
      (package-initialize) (require (quote eglot)) (require (quote markdown-mode)))' >/dev/null 2>&1
}
if ! eglot_ok; then
  echo "installing emacs-nox, elpa-eglot and elpa-markdown-mode (apt)"
  apt_opts=(-o DPkg::Lock::Timeout=600 -qq)
  retry 3 apt-get "${apt_opts[@]}" update
  DEBIAN_FRONTEND=noninteractive retry 3 apt-get "${apt_opts[@]}" install -y --no-install-recommends emacs-nox elpa-eglot elpa-markdown-mode >/dev/null ||
    { echo "apt-get install emacs-nox elpa-eglot elpa-markdown-mode failed" >&2; exit 1; }
  eglot_ok || { echo "$EMACS cannot load Eglot" >&2; exit 1; }
fi
echo "emacs: $(command -v "$EMACS") ($("$EMACS" --version | head -1))"

cargo build --release --quiet
export CAIXUN_BIN="${CAIXUN_BIN:-$repo/target/release/caixun}"   # override to test another build
echo "caixun: $CAIXUN_BIN ($("$CAIXUN_BIN" --version))"

home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
# caixun.el byte-compiles without a warning (the .elc goes to the temporary folder).
HOME="$home" "$EMACS" --batch -Q --eval "(progn (require 'package)
    (add-to-list 'package-directory-list \"/usr/share/emacs/site-lisp/elpa\")
    (package-initialize)
    (setq byte-compile-error-on-warn t
          byte-compile-dest-file-function (lambda (_) \"$home/caixun.elc\"))
    (unless (byte-compile-file \"editors/emacs/caixun.el\") (kill-emacs 1)))"
echo "caixun.el byte-compiles cleanly"

status=0
# A clean Emacs: -Q and an empty HOME, so no user configuration leaks in.
HOME="$home" timeout 300 "$EMACS" --batch -Q -l editors/emacs/test/e2e.el "$repo" || status=$?
echo "e2e-emacs finished in $((SECONDS - start)) s (exit $status)"
exit "$status"

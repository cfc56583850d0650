# Helpers shared by the .ci scripts (sourced, not run).

retry() { # retry N CMD...: for network installs
  local n=$1 i; shift
  for ((i = 1; i <= n; i++)); do
    "$@" && return 0
    [ "$i" -lt "$n" ] && { echo "retrying ($i/$((n - 1))): $*" >&2; sleep $((i * 5)); }
  done
  return 1
}

pip_install() { # pip_install PACKAGE: from PyPI, quietly, with retries; exits when it fails
  echo "installing $1"
  retry 3 python3 -m pip install --quiet --disable-pip-version-check "$1" ||
    { echo "pip install $1 failed" >&2; exit 1; }
}

#!/usr/bin/env bash
# Installs everything EngageQC needs on a Debian machine, reusing what is already there:
# system packages (when run as root), a Python >= 3.12 venv with the locked dependencies
# (uv + uv.lock), and the front-end packages (npm + package-lock.json).
#   scripts/setup.sh          what `make run` needs
#   scripts/setup.sh --test   also what the test suite needs (Chromium, poppler-utils)
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.9
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

# --- System packages ----------------------------------------------------------------------
apt_packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext nodejs npm)
[ "$want_test" = 1 ] && apt_packages+=(chromium poppler-utils)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi
# npm may come with a nodejs that is not Debian's; only ask apt for it when npm is absent.
if command -v npm >/dev/null 2>&1; then
  filtered=(); for pkg in "${missing[@]}"; do [[ "$pkg" == nodejs || "$pkg" == npm ]] || filtered+=("$pkg"); done
  missing=("${filtered[@]}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    log "WARNING: missing system packages (install them as root): ${missing[*]}"
  fi
fi

# --- Python >= 3.12 -----------------------------------------------------------------------
is_good_python() { "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
find_python() {
  local cand path root dir
  for cand in "${PYTHON:-}" python3.13 python3.12 python3; do
    [ -n "$cand" ] || continue
    path=$(command -v "$cand" 2>/dev/null) || continue
    is_good_python "$path" && { echo "$path"; return 0; }
  done
  # pyenv keeps interpreters whose shims fail unless PYENV_VERSION names them: use full paths.
  root=$( (pyenv root 2>/dev/null) || echo "${PYENV_ROOT:-$HOME/.pyenv}")
  for dir in $(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -rV); do
    for cand in "$dir"/bin/python3.1[2-9] "$dir"/bin/python3; do
      [ -x "$cand" ] && is_good_python "$cand" && { echo "$cand"; return 0; }
    done
  done
  return 1
}
if [ -x .venv/bin/python ] && is_good_python .venv/bin/python; then
  PY=$(readlink -f .venv/bin/python)
else
  PY=$(find_python) || die "No Python >= 3.12 found. Install python3.12 or newer (or set PYTHON=/path/to/python3.12)."
fi
log "Python: $PY ($("$PY" -c 'import platform; print(platform.python_version())'))"

if [ ! -x .tools/bin/uv ] || [ "$(.tools/bin/uv --version 2>/dev/null | awk '{print $2}')" != "$UV_VERSION" ]; then
  log "installing uv $UV_VERSION into .tools/"
  rm -rf .tools
  "$PY" -m venv .tools
  .tools/bin/pip install -q --disable-pip-version-check "uv==$UV_VERSION"
fi
export UV_PYTHON_DOWNLOADS=never UV_PYTHON="$PY"
log "syncing Python packages from uv.lock"
.tools/bin/uv sync --frozen --quiet

# --- Front-end packages -------------------------------------------------------------------
command -v npm >/dev/null 2>&1 || die "npm is required (apt-get install nodejs npm)."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing front-end packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
mkdir -p var
log "ready"

#!/usr/bin/env bash
# Chromium for the HTML-report tests (test/report/browser.ts drives it through
# playwright-core) and for scripts/report-screenshot.ts.
#
#   scripts/chromium.sh install
#       installs Debian's chromium if it is missing (as root; otherwise says how)
#   scripts/chromium.sh path
#       prints the executable the tests use: $CHROMIUM_PATH if set
#       (CHROMIUM_PATH=none: treat Chromium as absent), else the first of
#       chromium, chromium-browser, google-chrome on PATH
#
# Debian's package rather than `playwright install`: it comes from the
# distribution's signed archive, and apt-get keeps it patched.
set -euo pipefail

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# the same search as chromiumPath() in scripts/browser-page.ts
find_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    [ "$CHROMIUM_PATH" != none ] && [ -x "$CHROMIUM_PATH" ] && echo "$CHROMIUM_PATH"
    return
  fi
  local name
  for name in chromium chromium-browser google-chrome; do
    if command -v "$name" >/dev/null; then
      command -v "$name"
      return
    fi
  done
}

install() {
  local found
  found="$(find_chromium || true)"
  if [ -n "$found" ]; then
    echo "chromium is installed: $("$found" --version 2>/dev/null || echo "$found")"
  elif [ "$(id -u)" -eq 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
  else
    echo "chromium is missing: install it with  sudo apt-get install chromium" >&2
    exit 1
  fi
}

path() {
  local found
  found="$(find_chromium || true)"
  if [ -z "$found" ]; then
    echo "chromium is missing: run $0 install (or set CHROMIUM_PATH)" >&2
    exit 1
  fi
  echo "$found"
}

case "${1:-}" in
  install) install ;;
  path) path ;;
  *) usage ;;
esac

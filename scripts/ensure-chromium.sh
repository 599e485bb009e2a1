#!/usr/bin/env bash
# Functional tests drive Debian's Chromium (never a downloaded browser). CI installs it if missing.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "${CI:-}" = "true" ] || [ "$(id -u)" = "0" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "Chromium is needed for the functional tests: sudo apt-get install chromium" >&2
  exit 1
fi

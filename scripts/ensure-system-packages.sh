#!/usr/bin/env bash
# The Debian packages the suite needs beyond Python: Chromium for the browser tests, poppler's
# pdftoppm/pdftotext to check meeting packs, and Pango for WeasyPrint's PDFs.
# Installs what is missing when running as root (CI runs as root); otherwise says what to install.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "The tests need these Debian packages: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

#!/usr/bin/env bash
# Install Debian's Chromium for the widget's browser test (Playwright drives it; it downloads no browser).
# Idempotent: does nothing when /usr/bin/chromium is there.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [[ -x "$CHROMIUM" ]]; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  SUDO=sudo
else
  SUDO=
fi
echo "Installiere Chromium für den Browser-Test des Widgets (apt-get) ..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
"$CHROMIUM" --version

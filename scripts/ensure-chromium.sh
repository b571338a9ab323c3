#!/bin/sh
# Install Debian's chromium for the real-browser tests (tests/browser/) when it is missing.
# Playwright drives /usr/bin/chromium; never `playwright install` (browser downloads fail
# on closed networks). Needs root (or sudo) and an apt mirror.
set -eu
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "ensure-chromium: /usr/bin/chromium is missing and this user cannot install it;" >&2
    echo "ensure-chromium: run as root: apt-get update -qq && apt-get install -y -qq chromium" >&2
    exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
test -x /usr/bin/chromium

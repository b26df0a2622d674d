#!/usr/bin/env bash
# Prepare a machine to grade and test: a browser for the dashboard checks, Terraform's
# AWS provider reachable offline when the machine carries a mirror, and local copies of
# the dashboard's CDN libraries. Safe to run again; changes nothing already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian's chromium for the dashboard checks"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq chromium >/dev/null
    else
        echo "no Chromium found: install your system's chromium package, or set" \
             "ISSLAB_CHROMIUM to a Chrome/Chromium binary (dashboard checks skip without one)"
    fi
fi

bash scripts/terraform-offline.sh

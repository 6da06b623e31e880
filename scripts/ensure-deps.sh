#!/usr/bin/env bash
# Installs the system packages tieout needs to build, or says which ones are missing.
# Usage: scripts/ensure-deps.sh [--test]   (--test adds what the test suite uses)
set -euo pipefail

need=()
pkg-config --exists xlsxwriter 2>/dev/null || need+=(libxlsxwriter-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
if [ "${1:-}" = "--test" ]; then
  locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$' || need+=(locales)
fi

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${need[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "tieout needs these packages: ${need[*]}" >&2
    echo "install them with: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

if [ "${1:-}" = "--test" ]; then
  # The locale test writes a workbook under de_DE.UTF-8.
  if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
    if [ "$(id -u)" = 0 ]; then
      sed -i 's/^# *de_DE.UTF-8 UTF-8/de_DE.UTF-8 UTF-8/' /etc/locale.gen
      grep -q '^de_DE.UTF-8 UTF-8' /etc/locale.gen || echo 'de_DE.UTF-8 UTF-8' >> /etc/locale.gen
      locale-gen >/dev/null
    else
      echo "note: the de_DE.UTF-8 locale is missing; the locale test will be skipped" >&2
    fi
  fi
  # Workbooks are read back with openpyxl.
  if ! python3 -c 'import openpyxl' 2>/dev/null; then
    python3 -m pip install -q openpyxl 2>/dev/null || echo "note: openpyxl is missing; read-back tests will be skipped (pip install openpyxl)" >&2
  fi
fi
command -v swift >/dev/null 2>&1 || { echo "tieout needs Swift 6 (swift.org/install)" >&2; exit 1; }

#!/usr/bin/env bash
# Make sure the Debian packages reportkit's renderers need are present.
#
# As root it installs what is missing with apt-get; as anyone else it prints the exact
# apt-get line and fails, so `make` stops before a half-working install.
set -euo pipefail

packages=(
    libpango-1.0-0        # WeasyPrint's text layout
    libpangoft2-1.0-0
    libharfbuzz-subset0   # fast font subsetting; without it WeasyPrint is 2-3x slower
    fontconfig
    fonts-dejavu-core     # Latin, Cyrillic, Greek, Arabic
    fonts-dejavu-extra
    fonts-noto-color-emoji  # emoji (the last family of every brand's font chain)
)
# `system-deps.sh --test` adds what the test suite uses to read reports back as a real
# client would: qpdf (--check), poppler-utils (pdftotext, pdftoppm), LibreOffice (opens
# the DOCX and converts it to PDF), pandoc (reads the DOCX as text) and Chromium (lays
# out the HTML as a browser does).
if [ "${1:-}" = "--test" ]; then
    packages+=(qpdf poppler-utils libreoffice-writer-nogui pandoc chromium)
fi
# `system-deps.sh --bench` adds pandoc, the baseline `make bench` compares reportkit with.
# It is optional there: if it cannot be installed (not root, no apt-get, no network) this
# says so and exits 0, and the benchmark runs with its pandoc rows "pandoc: not installed".
bench=0
if [ "${1:-}" = "--bench" ]; then
    packages+=(pandoc)
    bench=1
fi
# Debian's own python3 needs python3-venv for `python3 -m venv` to bootstrap pip.
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    packages+=(python3-venv)
fi
[ -n "${REPORTKIT_EXTRA_DEBS:-}" ] && read -r -a extra <<<"$REPORTKIT_EXTRA_DEBS" && packages+=("${extra[@]}")

missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "reportkit needs these system packages (Debian names): ${missing[*]}" >&2
    echo "Install their equivalents with your package manager, then run make again." >&2
    [ "$bench" = 1 ] && [ "${missing[*]}" = pandoc ] && exit 0
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "reportkit needs these Debian packages, which are not installed:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    if [ "$bench" = 1 ] && [ "${missing[*]}" = pandoc ]; then
        echo "make bench runs without it: its pandoc rows will say 'pandoc: not installed'." >&2
        exit 0
    fi
    exit 1
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if [ "$bench" = 1 ] && [ "${missing[*]}" = pandoc ]; then
    if ! { apt-get update -qq &&
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
        echo "pandoc could not be installed; make bench runs without it." >&2
    fi
    exit 0
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

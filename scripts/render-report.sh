#!/usr/bin/env bash
# Renders labelcheck's HTML report in headless Chromium (Debian's `chromium` package) to a PNG,
# to look at the page as a browser draws it. Usage:
#
#   scripts/render-report.sh [REGIMEN.toml] [OUT.png] [WIDTHxHEIGHT]
#
# Defaults: the example regimen, docs/report.png, 900x3000 (a tall window holds the whole
# page). Extra options for `labelcheck report` can be given in LABELCHECK_REPORT_ARGS, e.g.
# LABELCHECK_REPORT_ARGS="--audience professional". Install Chromium with
# `apt-get install -y chromium` when it is missing. The page is loaded from a file and fetches
# nothing; Chromium's own background networking is turned off.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
regimen="${1:-$root/examples/regimens/calcium-d-softgel-regimen.toml}"
png="${2:-$root/docs/report.png}"
size="${3:-900x3000}"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
    echo "render-report: chromium is not installed (apt-get install -y chromium)" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

bin="${LABELCHECK_BIN:-$root/target/debug/labelcheck}"
if [[ ! -x "$bin" ]]; then
    (cd "$root" && cargo build --quiet)
fi

# A fixed date, built-in rules only: the picture does not change from one day or machine to
# the next.
# shellcheck disable=SC2086
HOME="$work" XDG_CONFIG_HOME="$work/config" LABELCHECK_RULES="" \
    "$bin" report --date 2026-01-15 ${LABELCHECK_REPORT_ARGS:-} "$regimen" -o "$work/report.html"

"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$work/profile" \
    --window-size="${size/x/,}" --screenshot="$png" "file://$work/report.html" \
    2> "$work/chromium.log" || { cat "$work/chromium.log" >&2; exit 2; }
echo "render-report: wrote $png"

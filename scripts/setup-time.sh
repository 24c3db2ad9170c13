#!/usr/bin/env bash
# Times what a newcomer does from a fresh clone: the README's two commands, the app build
# (`cargo run --release`, here with `-- --version` so that it exits instead of opening the app;
# the compile is the same) and then the test command. The clone gets an empty target/; the
# cargo registry (~/.cargo) is kept, as on a machine that has fetched crates before.
#
#   scripts/setup-time.sh [REPO]      # REPO defaults to this checkout (its committed HEAD)
set -euo pipefail
repo=${1:-$(cd "$(dirname "$0")/.." && pwd)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/labelcheck"
cd "$work/labelcheck"
unset CARGO_TARGET_DIR

# The test command, exactly as README.md's Quick start prints it.
test_cmd=$(sed -n '/^## Quick start/,/^## /p' README.md | grep -m1 -E '^cargo test' | sed 's/ *#.*//')
echo "commit:        $(git rev-parse --short HEAD)"
echo "machine:       $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "test command:  $test_cmd"

t0=$(date +%s.%N)
cargo fetch --locked -q
t1=$(date +%s.%N)
cargo run --release -q -- --version >/dev/null
t2=$(date +%s.%N)
$test_cmd -q >/dev/null 2>"$work/test.err" || { cat "$work/test.err"; exit 1; }
t3=$(date +%s.%N)

secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", b - a }'; }
run=$(secs "$t1" "$t2")
tst=$(secs "$t2" "$t3")
echo "fetch:         $(secs "$t0" "$t1") s (crates already in ~/.cargo)"
echo "cargo run --release: ${run} s"
echo "$test_cmd:   ${tst} s"
echo "both:          $((run + tst)) s  (target: 360 s)"
echo "target/:       $(du -sh target | cut -f1)"

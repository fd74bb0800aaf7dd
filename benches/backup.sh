#!/usr/bin/env bash
# `checkpoint` and `backup` against `cp -r` of the same store (issue 16):
# N seed-shaped records (benches/records.py, random order) imported into a
# store, then, alternately for ROUNDS rounds with `sync` and the page cache
# warm between runs: `cp -r` (not synced), `cp -r` + `sync`, `checkpoint`
# (tables hard-linked), `checkpoint --copy`, `backup create` into a new
# repository and into one that holds the store already, `backup restore`,
# and, for restore's reference, `import` of an `export` of the store.
# Prints a markdown table: operation, time (min–max over ROUNDS), median,
# ratio of the medians to `cp -r` + `sync`, peak RSS.
#
#   benches/backup.sh [N]            # default 1,000,000 records, 5 rounds
#   ROUNDS=9 BIN=/path/to/storectl benches/backup.sh
# Needs: python3, /usr/bin/time.
set -euo pipefail
N=${1:-1000000}
ROUNDS=${ROUNDS:-5}
cd "$(dirname "$0")/.."
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=$PWD/target/release/storectl
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "== preparing $N seed-shaped records (random order)" >&2
python3 benches/records.py "$N" "$WORK" random
"$BIN" --db "$WORK/db" --create --quiet import "$WORK/records.ndjson" > /dev/null
"$BIN" --db "$WORK/db" --quiet backup create "$WORK/repo-full" > /dev/null
"$BIN" --db "$WORK/db" --quiet export "$WORK/store.dump" > /dev/null
du -sh "$WORK/db" >&2

declare -A times rss
# run NAME OUT CMD...: removes OUT (the last round's output), then times
# one run of CMD (seconds, appended to times[NAME]).
run() {
  local name=$1 out=$2
  shift 2
  rm -rf "$out"
  sync
  local start end
  start=$(date +%s%N)
  /usr/bin/time -o "$WORK/time" -f "%M" "$@" > /dev/null 2>&1
  end=$(date +%s%N)
  times[$name]+="$(python3 -c "print(($end - $start) / 1e9)") "
  rss[$name]=$(tail -1 "$WORK/time")
}
copy_synced() { cp -r "$1" "$2" && sync; }
export -f copy_synced

for _ in $(seq "$ROUNDS"); do
  run "cp -r" "$WORK/cp" cp -r "$WORK/db" "$WORK/cp"
  run "cp -r + sync" "$WORK/cps" bash -c "copy_synced $WORK/db $WORK/cps"
  run "checkpoint" "$WORK/ck" "$BIN" --db "$WORK/db" --quiet checkpoint "$WORK/ck"
  run "checkpoint --copy" "$WORK/ckc" "$BIN" --db "$WORK/db" --quiet checkpoint --copy "$WORK/ckc"
  run "backup create (first)" "$WORK/repo" "$BIN" --db "$WORK/db" --quiet backup create "$WORK/repo"
  run "backup create (unchanged store)" "$WORK/none" \
    "$BIN" --db "$WORK/db" --quiet backup create "$WORK/repo-full"
  run "backup restore" "$WORK/restored" "$BIN" --quiet backup restore "$WORK/repo" 1 "$WORK/restored"
  run "import of an export" "$WORK/imported" \
    "$BIN" --db "$WORK/imported" --create --quiet import "$WORK/store.dump"
done

median() { python3 -c "import sys, statistics; print(f'{statistics.median(map(float, sys.argv[1:])):.3f}')" "$@"; }
span() { python3 -c "import sys; v=sorted(map(float, sys.argv[1:])); print(f'{v[0]:.3f}–{v[-1]:.3f}')" "$@"; }
# shellcheck disable=SC2086
base=$(median ${times["cp -r + sync"]})
echo "| operation ($N records, $(du -sh "$WORK/db" | cut -f1)) | time (s) | median | ratio to \`cp -r\` + \`sync\` | peak RSS |"
echo "|---|---|---|---|---|"
for name in "cp -r" "cp -r + sync" "checkpoint" "checkpoint --copy" "backup create (first)" \
  "backup create (unchanged store)" "backup restore" "import of an export"; do
  # shellcheck disable=SC2086
  m=$(median ${times[$name]})
  # shellcheck disable=SC2086
  echo "| $name | $(span ${times[$name]}) | $m | $(python3 -c "print(f'{$m / $base:.2f}×')") | $((${rss[$name]} / 1024)) MB |"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

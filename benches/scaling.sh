#!/usr/bin/env bash
# How storectl's time and memory grow with the store: N seed-shaped records
# in random order (benches/records.py, as for benches/compare.sh: block:<hash>,
# root:<hash>, unpadded height:<n> naming its block, state sub-keys,
# ~200-byte JSON values: a consistent store, on which verify finds nothing)
# for each N given, and per operation the wall time, the time per record and
# the peak RSS. storectl only (the peers are compared in compare.sh).
#
#   benches/scaling.sh                        # 100k, 1M, 3M and 10M records
#   benches/scaling.sh 100000 1000000         # chosen sizes
# 10M records need about 12 GB of disk and, for `snapshot create --all`
# (one 2.1 GB value, held once), about 2.3 GB of memory.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${*:-100000 1000000 3000000 10000000}
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=$PWD/target/release/storectl
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/storectl-scaling.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

measure() { # label N cmd... -> one table cell group
  local label=$1 n=$2 start end rc=0
  shift 2
  start=$(date +%s%N)
  /usr/bin/time -o "$WORK/time" -f "%M" "$@" > /dev/null 2> "$WORK/stderr" || rc=$?
  end=$(date +%s%N)
  # Any failure, a verify finding included, stops the run.
  if [ "$rc" != 0 ]; then cat "$WORK/stderr" >&2; exit 1; fi
  python3 -c "
s = ($end - $start) / 1e9
print(f'| $label | {s:.2f} s | {s / $n * 1e6:.2f} µs | {int(open(\"$WORK/time\").read().split()[-1]) // 1024} MB |')"
}

for N in $SIZES; do
  echo "== $N records" >&2
  python3 benches/records.py "$N" "$WORK" random --ndjson-only
  echo "| operation, $N records | time | per record | peak RSS |"
  echo "|---|---|---|---|"
  measure "import (new store)" "$N" "$BIN" --db "$WORK/s" --create --quiet import "$WORK/records.ndjson"
  rm -f "$WORK/records.ndjson"
  measure "scan --count" "$N" "$BIN" --db "$WORK/s" --quiet scan --count
  measure "scan -o ndjson" "$N" "$BIN" --db "$WORK/s" --quiet scan -o ndjson
  measure "verify (all checks)" "$N" "$BIN" --db "$WORK/s" --quiet verify -o ndjson
  measure "hash" "$N" "$BIN" --db "$WORK/s" --quiet hash
  measure "export" "$N" "$BIN" --db "$WORK/s" --quiet export "$WORK/s.dump"
  rm -f "$WORK/s.dump"
  measure "snapshot create --all" "$N" "$BIN" --db "$WORK/s" --quiet snapshot create --all --id scale
  echo
  rm -rf "$WORK/s"
done

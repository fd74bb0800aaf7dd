#!/usr/bin/env bash
# Block lookup latency on a large chain: builds a store of N blocks (default
# 1,000,000) with `storectl block put`, then times whole `storectl` processes
# (open included) for `block latest` and `block get --height`.
#
#   benches/blocks.sh [N]        # needs hyperfine (apt-get install hyperfine)
set -euo pipefail
N=${1:-1000000}
cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=$PWD/target/release/storectl
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 - "$N" > "$WORK/blocks.ndjson" <<'PY'
import sys
w = sys.stdout.write
for i in range(int(sys.argv[1])):
    w('{"stateRoot":"0x%064x","height":%d,"transactions":["tx%d"],"timestamp":%d}\n'
      % (i, i, i, 1700000000000 + i))
PY
echo "== loading $N blocks"
/usr/bin/time -f "load: %e s wall, %M KB max RSS" \
  "$BIN" --db "$WORK/db" --create --quiet block put "$WORK/blocks.ndjson"
du -sh "$WORK/db"

MID=$((N / 2))
echo "== latency of whole processes (open + lookup)"
hyperfine -N --warmup 3 --runs 50 \
  "$BIN --db $WORK/db block latest -o json" \
  "$BIN --db $WORK/db block get --height $MID -o json" \
  "$BIN --db $WORK/db block latest --height-only --exact"

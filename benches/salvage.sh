#!/usr/bin/env bash
# `storectl salvage` against C++ LevelDB's RepairDB (plyvel.repair_db) on
# copies of the same stores, run alternately: N seed-shaped records
# (benches/records.py, random order) written two ways — by `storectl import`
# (sorted tables, one level, no overlap) and by C++ LevelDB itself in random
# order (levels 0-2 overlapping, as a node's store is) — each undamaged and
# with one byte flipped in the middle of one table. Prints a markdown table:
# store, salvage (min-max over ROUNDS), RepairDB (the call alone, timed in
# Python), ratio of the medians, salvage's peak RSS.
#
#   benches/salvage.sh [N]          # default 1,000,000 records, 3 rounds
#   ROUNDS=5 BIN=/path/to/storectl benches/salvage.sh
# Needs: python3 with plyvel (pip install plyvel==1.5.1), /usr/bin/time.
set -euo pipefail
N=${1:-1000000}
ROUNDS=${ROUNDS:-3}
cd "$(dirname "$0")/.."
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=$PWD/target/release/storectl
fi
PEER="python3 $PWD/benches/peer_leveldb.py"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "== preparing $N seed-shaped records (random order)" >&2
python3 benches/records.py "$N" "$WORK" random
"$BIN" --db "$WORK/imported" --create --quiet import "$WORK/records.ndjson" > /dev/null
$PEER load "$WORK/cpp" "$WORK/records.tsv" > /dev/null
# damage DIR: one byte flipped in the middle of the middle table.
damage() {
  local table
  table=$(ls "$1"/*.ldb | sort | sed -n "$(( $(ls "$1"/*.ldb | wc -l) / 2 + 1 ))p")
  python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[len(b)//2]^=0xff; open(p,'wb').write(b)" "$table"
}
for s in imported cpp; do
  cp -r "$WORK/$s" "$WORK/$s-damaged"
  damage "$WORK/$s-damaged"
done

median() { python3 -c "import sys, statistics; print(f'{statistics.median(map(float, sys.argv[1:])):.3f}')" "$@"; }
span() { python3 -c "import sys; v=sorted(map(float, sys.argv[1:])); print(f'{v[0]:.2f}–{v[-1]:.2f}')" "$@"; }

echo "| store ($N records) | salvage (s) | RepairDB (s) | ratio (medians) | salvage peak RSS |"
echo "|---|---|---|---|---|"
for s in imported imported-damaged cpp cpp-damaged; do
  salv=() rep=() rss=0
  for _ in $(seq "$ROUNDS"); do
    rm -rf "$WORK/out" "$WORK/copy"
    start=$(date +%s%N)
    # Exit 5 (something skipped or uncertain) is the damaged stores' answer.
    /usr/bin/time -o "$WORK/time" -f "%M" "$BIN" --db "$WORK/$s" --quiet salvage --to "$WORK/out" > /dev/null 2>&1 || [ $? = 5 ]
    end=$(date +%s%N)
    salv+=("$(python3 -c "print(($end - $start) / 1e9)")")
    rss=$(tail -1 "$WORK/time")
    cp -r "$WORK/$s" "$WORK/copy"
    sync
    rep+=("$($PEER repair "$WORK/copy")")
  done
  ms=$(median "${salv[@]}") mr=$(median "${rep[@]}")
  printf '| %s | %s | %s | %s | %s MB |\n' "$s" "$(span "${salv[@]}")" "$(span "${rep[@]}")" \
    "$(python3 -c "print(f'{$ms/$mr:.2f}')")" "$(( rss / 1024 ))"
done

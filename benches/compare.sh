#!/usr/bin/env bash
# storectl against C++ LevelDB (plyvel) on the same seed-shaped data, in the
# same run on the same machine, and RocksDB's `ldb` (Debian package
# rocksdb-tools) where it applies (load, scan) when it is installed. Prints a
# markdown table: operation, storectl, C++ LevelDB, ratio (storectl/C++ for
# times), RocksDB ldb, peak RSS of storectl.
#
#   benches/compare.sh [N]     # N records, default 1,000,000
#   DATA=sorted benches/compare.sh   # keys written in key order (the easy case)
#   BIN=/path/to/other/storectl benches/compare.sh   # measure another build
#   BLOCKS=0 benches/compare.sh   # skip the block chain rows
#   ROUNDS=5 benches/compare.sh   # alternating rounds of the ratio rows (default 3)
#   FINDINGS=0 benches/compare.sh   # skip the rows of verify on a damaged copy
# `ldb` comes with Debian's rocksdb-tools (apt-get install rocksdb-tools).
# The default data is what the system writes: block:<hash> and root:<hash>
# in random order, unpadded height:<n> naming its block, state sub-keys,
# shuffled — a consistent store (verify finds nothing). verify is also
# timed on a damaged copy whose height entries name no block.
# Needs: python3 with plyvel (pip install plyvel==1.5.1), /usr/bin/time.
set -euo pipefail
N=${1:-1000000}
cd "$(dirname "$0")/.."
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=$PWD/target/release/storectl
fi
PEER="python3 $PWD/benches/peer_leveldb.py"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

DATA=${DATA:-random}
echo "== preparing $N seed-shaped records ($DATA order)" >&2
python3 benches/records.py "$N" "$WORK" "$DATA"
# The generated files' writeback must not run under the first timings.
sync
LOOKUPS=$(wc -l < "$WORK/keys.txt")
MID_KEY=$(sed -n '1p' "$WORK/keys.txt")

# time_cmd CMD...: wall seconds and peak RSS (KB) of one process.
time_cmd() {
  local start end
  start=$(date +%s%N)
  local rc=0
  /usr/bin/time -o "$WORK/time" -f "%M" "$@" > /dev/null 2> "$WORK/stderr" || rc=$?
  if [ "$rc" != 0 ] && [ "$rc" != "${CODE_OK:-0}" ]; then cat "$WORK/stderr" >&2; return 1; fi
  end=$(date +%s%N)
  echo "$(python3 -c "print(f'{($end - $start) / 1e9:.3f}')") $(tail -1 "$WORK/time")"
}
row() { # op storectl_s peer_s rss_kb [rocksdb_s]
  local ratio="—" lratio="—"
  if [ "$3" != "—" ]; then ratio=$(python3 -c "print(f'{$2/$3:.2f}')"); fi
  if [ "${5:-—}" != "—" ]; then lratio=$(python3 -c "print(f'{$2/$5:.2f}')"); fi
  printf '| %s | %s | %s | %s | %s | %s | %s MB |\n' "$1" "$2" "$3" "$ratio" "${5:-—}" "$lratio" "$(( $4 / 1024 ))"
}
HAVE_LDB=$(command -v ldb || true)
ldb_time() { # ldb args... (stdin/stdout redirected by the caller)
  local start end
  start=$(date +%s%N)
  ldb "$@" > "$WORK/ldb.out" 2>&1 < "${LDB_IN:-/dev/null}"
  end=$(date +%s%N)
  python3 -c "print(f'{($end - $start) / 1e9:.3f}')"
}

echo "| operation ($N records) | storectl (s) | C++ LevelDB (s) | ratio | RocksDB ldb (s) | ratio to ldb | storectl peak RSS |"
echo "|---|---|---|---|---|---|---|"

read -r s rss < <(time_cmd "$BIN" --db "$WORK/s" --create --quiet import "$WORK/records.ndjson")
p=$($PEER load "$WORK/p" "$WORK/records.tsv")
r="—"
if [ -n "$HAVE_LDB" ]; then r=$(LDB_IN="$WORK/records.ldb" ldb_time --db="$WORK/r" --create_if_missing load --disable_wal --bulk_load --compact); fi
row "import, new store (C++: records prepared in memory, batches of 1000; ldb: load --bulk_load --compact)" "$s" "$(printf %.2f "$p")" "$rss" "$r"
p2=$($PEER parseload "$WORK/p2" "$WORK/records.ndjson")
rm -rf "$WORK/p2"
row "import, new store (C++: parses the same NDJSON and loads it)" "$s" "$(printf %.2f "$p2")" "$rss"

read -r s rss < <(time_cmd "$BIN" --db "$WORK/s" --quiet scan --count)
COUNT_S=$s
row "scan --count (target < 0.5 s at 1M)" "$s" "—" "$rss"

read -r s rss < <(time_cmd sh -c "$BIN --db $WORK/s --quiet scan -o ndjson > $WORK/s.scan")
p=$($PEER scan "$WORK/p" "$WORK/p.scan")
r="—"
if [ -n "$HAVE_LDB" ]; then r=$(ldb_time --db="$WORK/r" scan); fi
row "full scan to NDJSON file (ldb: its own text format)" "$s" "$(printf %.2f "$p")" "$rss" "$r"
echo "  (scan output: $(du -m "$WORK/s.scan" | cut -f1) MB)" >&2

read -r s rss < <(time_cmd "$BIN" --db "$WORK/s" --quiet batch --dry-run -o ndjson "$WORK/ops.ndjson")
p=$($PEER gets "$WORK/p" "$WORK/keys.txt")
row "$LOOKUPS random point gets in one process" "$s" "$(printf %.2f "$p")" "$rss"

read -r s rss < <(time_cmd "$BIN" --db "$WORK/s" --quiet get "${MID_KEY#:}")
read -r p _ < <(time_cmd $PEER get "$WORK/p" "$MID_KEY")
row "one cold get process (open included)" "$s" "$p" "$rss"

read -r s rss < <(time_cmd "$BIN" --db "$WORK/s" --quiet verify --checks storage,values)
p=$($PEER verify "$WORK/p")
row "verify (checksums + values) vs checksummed scan" "$s" "$(printf %.2f "$p")" "$rss"

median() { python3 -c "import sys, statistics; print(f'{statistics.median(map(float, sys.argv[1:])):.3f}')" "$@"; }
# verify_rounds DB [verify args...]: verify and `scan --count` of DB in
# alternating rounds (a single pair swings by 20% on this machine kind);
# sets V (median verify seconds), C (median count seconds), VRSS.
verify_rounds() {
  local db=$1 v c verifies=() counts=()
  shift
  for _ in $(seq "${ROUNDS:-3}"); do
    read -r v VRSS < <(time_cmd "$BIN" --db "$db" --quiet verify "$@")
    read -r c _ < <(time_cmd "$BIN" --db "$db" --quiet scan --count)
    verifies+=("$v") counts+=("$c")
  done
  V=$(median "${verifies[@]}") C=$(median "${counts[@]}")
}
# The random data is a consistent store: verify finds nothing (a finding
# fails the run). The sorted keys are not the seed's (findings expected).
if [ "$DATA" = sorted ]; then CODE_OK=5 verify_rounds "$WORK/s"; else verify_rounds "$WORK/s"; fi
row "verify, all checks (C++ column: storectl scan --count of the store; medians of ${ROUNDS:-3} alternating rounds; target ratio ≤ 1.5)" "$V" "$C" "$VRSS"
if [ "${FINDINGS:-1}" = 1 ] && [ "$DATA" != sorted ]; then
  # The same records with every height entry an object instead of a
  # block's hash: every entry and every block is a finding.
  mkdir "$WORK/u"
  python3 benches/records.py "$N" "$WORK/u" "$DATA" --ndjson-only --unindexed
  "$BIN" --db "$WORK/u/s" --create --quiet import "$WORK/u/records.ndjson"
  FINDS=$("$BIN" --db "$WORK/u/s" --quiet verify -o ndjson 2>/dev/null | wc -l || true)
  CODE_OK=5 verify_rounds "$WORK/u/s"
  row "verify, all checks, on a damaged copy ($FINDS findings: height entries that name no block; the table counts past the first 1,000) vs its scan --count" "$V" "$C" "$VRSS"
  CODE_OK=5 verify_rounds "$WORK/u/s" -o ndjson
  row "verify -o ndjson on the damaged copy (every finding worded) vs its scan --count" "$V" "$C" "$VRSS"
  rm -rf "$WORK/u"
fi

read -r s rss < <(time_cmd "$BIN" --db "$WORK/s" --quiet hash)
row "hash" "$s" "—" "$rss"

read -r s rss < <(time_cmd "$BIN" --db "$WORK/s" --quiet export "$WORK/s.dump")
row "export" "$s" "—" "$rss"

read -r s rss < <(time_cmd "$BIN" --db "$WORK/s" --quiet compact)
row "compact" "$s" "—" "$rss"

read -r s rss < <(time_cmd "$BIN" --db "$WORK/s" --quiet snapshot create --all --id bench)
p=$($PEER snapshot "$WORK/p" bench)
SNAP_MB=$("$BIN" --db "$WORK/s" --quiet get snapshot:bench -o plain | wc -c | awk '{printf "%d", $1 / 1048576}')
SNAP_RSS_TARGET=$(( SNAP_MB * 3 / 2 + 30 ))
row "snapshot create --all (stored value $SNAP_MB MB; RSS target < $SNAP_RSS_TARGET MB; C++: read, parse, one JSON value)" "$s" "$(printf %.2f "$p")" "$rss"
"$BIN" --db "$WORK/s" --quiet batch "$WORK/ops.ndjson"
$PEER delete "$WORK/p" "$WORK/keys.txt"
read -r s rss < <(time_cmd "$BIN" --db "$WORK/s" --quiet snapshot restore bench)
p=$($PEER restore "$WORK/p" bench)
row "snapshot restore (re-creates $LOOKUPS keys; RSS target < $SNAP_RSS_TARGET MB; C++: parse, compare, write)" "$s" "$(printf %.2f "$p")" "$rss"

if [ "${BLOCKS:-1}" = 1 ]; then
  echo "== preparing $N blocks" >&2
  python3 - "$N" "$WORK" <<'PY'
import json, random, sys
n, work = int(sys.argv[1]), sys.argv[2]
random.seed(11)
heights = list(range(n))
random.shuffle(heights)
with open(f"{work}/blocks.ndjson", "w") as blocks, open(f"{work}/block_records.ndjson", "w") as recs:
    for h in heights:
        root = "0x%064x" % random.getrandbits(256)
        block = json.dumps({"stateRoot": root, "height": h, "parentRoot": None, "transactions": [],
                            "timestamp": 1700000000000 + h}, separators=(",", ":"))
        blocks.write(block + "\n")
        recs.write('{"key":"block:%s","value":%s}\n' % (root, block))
        recs.write('{"key":"height:%d","value":"%s"}\n' % (h, root))
PY
  sync
  # A ratio of two storectl runs: alternating rounds, medians (a single
  # pair swings by 20% on this machine kind).
  puts=() imports=()
  for _ in $(seq "${ROUNDS:-3}"); do
    rm -rf "$WORK/b" "$WORK/bi"
    read -r s rss < <(time_cmd "$BIN" --db "$WORK/b" --create --quiet block put "$WORK/blocks.ndjson")
    read -r i _ < <(time_cmd "$BIN" --db "$WORK/bi" --create --quiet import "$WORK/block_records.ndjson")
    puts+=("$s") imports+=("$i")
  done
  s=$(median "${puts[@]}") i=$(median "${imports[@]}")
  row "block put, $N blocks in shuffled height order, new store (C++ column: storectl import of the same records; medians of ${ROUNDS:-3} alternating rounds; target ≤ 1.0)" "$s" "$i" "$rss"
  rm -rf "$WORK/bi"
  read -r s rss < <(time_cmd "$BIN" --db "$WORK/b" --quiet block latest --exact --height-only)
  cp -r "$WORK/b" "$WORK/bp"
  p=$($PEER heights "$WORK/bp")
  row "block latest --exact on $N blocks (C++: one pass over the height index)" "$s" "$(printf %.2f "$p")" "$rss"
  # verify on a consistent chain (no findings: the store above), against
  # the count of the same store.
  verify_rounds "$WORK/b"
  row "verify, all checks, on the chain of $N blocks (no findings; C++ column: storectl scan --count of it; medians of ${ROUNDS:-3} alternating rounds; target ratio ≤ 1.5)" "$V" "$C" "$VRSS"
fi

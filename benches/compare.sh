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
# The default data is what the system writes: block:<hash> and root:<hash>
# in random order, unpadded height:<n>, state sub-keys, shuffled.
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
python3 - "$N" "$WORK" "$DATA" <<'PY'
import json, random, sys
n, work, order = int(sys.argv[1]), sys.argv[2], sys.argv[3]
random.seed(7)
kinds = ["block", "height", "state", "root"]
records = []
for i in range(n):
    kind = kinds[i % 4]
    h = "0x%064x" % random.getrandbits(256)
    if order == "sorted":
        key = f"{kind}:{i:016x}"            # ~24-byte keys written in key order
    elif kind == "block":
        key = f"block:{h}"                  # random-order hashes, as the system writes them
    elif kind == "height":
        key = f"height:{i // 4}"            # unpadded decimal heights
    elif kind == "root":
        key = f"root:{h}"
    else:
        key = f"state:m{i % 97}:acct:{random.getrandbits(40):x}"   # state sub-keys
    value = json.dumps({"stateRoot": h, "height": i // 4, "kind": kind,
                        "data": "%032x" % random.getrandbits(128), "ts": 1700000000000 + i},
                       separators=(",", ":"))   # ~200-byte JSON values
    records.append((key, value))
if order != "sorted":
    random.shuffle(records)
with open(f"{work}/records.tsv", "w") as tsv, open(f"{work}/records.ndjson", "w") as nd, open(f"{work}/keys.txt", "w") as keys, open(f"{work}/records.ldb", "w") as ldb:
    chosen = []
    for key, value in records:
        tsv.write(f":{key}\t{value}\n")
        ldb.write(f":{key} ==> {value}\n")
        nd.write('{"key":%s,"value":%s}\n' % (json.dumps(key), value))
        if random.random() < 100000 / n:
            chosen.append(key)
    for k in chosen:
        keys.write(f":{k}\n")
    with open(f"{work}/ops.ndjson", "w") as ops:
        for k in chosen:
            ops.write('{"type":"delete","key":%s}\n' % json.dumps(k))
PY
LOOKUPS=$(wc -l < "$WORK/keys.txt")
MID_KEY=$(sed -n '1p' "$WORK/keys.txt")

# time_cmd CMD...: wall seconds and peak RSS (KB) of one process.
time_cmd() {
  local start end
  start=$(date +%s%N)
  /usr/bin/time -o "$WORK/time" -f "%M" "$@" > /dev/null 2> "$WORK/stderr" || { cat "$WORK/stderr" >&2; return 1; }
  end=$(date +%s%N)
  echo "$(python3 -c "print(f'{($end - $start) / 1e9:.3f}')") $(tail -1 "$WORK/time")"
}
row() { # op storectl_s peer_s rss_kb [rocksdb_s]
  local ratio="—"
  if [ "$3" != "—" ]; then ratio=$(python3 -c "print(f'{$2/$3:.2f}')"); fi
  printf '| %s | %s | %s | %s | %s | %s MB |\n' "$1" "$2" "$3" "$ratio" "${5:-—}" "$(( $4 / 1024 ))"
}
HAVE_LDB=$(command -v ldb || true)
ldb_time() { # ldb args... (stdin/stdout redirected by the caller)
  local start end
  start=$(date +%s%N)
  ldb "$@" > "$WORK/ldb.out" 2>&1 < "${LDB_IN:-/dev/null}"
  end=$(date +%s%N)
  python3 -c "print(f'{($end - $start) / 1e9:.3f}')"
}

echo "| operation ($N records) | storectl (s) | C++ LevelDB (s) | ratio | RocksDB ldb (s) | storectl peak RSS |"
echo "|---|---|---|---|---|---|"

read -r s rss < <(time_cmd "$BIN" --db "$WORK/s" --create --quiet import "$WORK/records.ndjson")
p=$($PEER load "$WORK/p" "$WORK/records.tsv")
r="—"
if [ -n "$HAVE_LDB" ]; then r=$(LDB_IN="$WORK/records.ldb" ldb_time --db="$WORK/r" --create_if_missing load --disable_wal --bulk_load --compact); fi
row "bulk load (import / write batches of 1000)" "$s" "$(printf %.2f "$p")" "$rss" "$r"

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

read -r s rss < <(time_cmd "$BIN" --db "$WORK/s" --quiet export "$WORK/s.dump")
row "export" "$s" "—" "$rss"

read -r s rss < <(time_cmd "$BIN" --db "$WORK/s" --quiet compact)
row "compact" "$s" "—" "$rss"

read -r s rss < <(time_cmd "$BIN" --db "$WORK/s" --quiet snapshot create --all --id bench)
row "snapshot create --all" "$s" "—" "$rss"
"$BIN" --db "$WORK/s" --quiet batch "$WORK/ops.ndjson"
read -r s rss < <(time_cmd "$BIN" --db "$WORK/s" --quiet snapshot restore bench)
row "snapshot restore (re-creates $LOOKUPS keys)" "$s" "—" "$rss"

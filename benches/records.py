#!/usr/bin/env python3
"""Seed-shaped records for the benchmarks: N records (a quarter each of
block:<hash>, unpadded height:<n>, state:<machine>:<sub-key> and root:<hash>,
~200-byte JSON values), shuffled (ORDER "random", the default) or with
~24-byte keys written in key order (ORDER "sorted"). In random order the
records are a consistent store, as the seed writes one: each height:<n>
holds the hash (a JSON string) of the block at height n, each block's and
root's stateRoot is its key's hash. With --unindexed each height:<n> holds
a ~200-byte object instead, so every height entry and every block is a
verify finding (a damaged store: the data set of earlier sessions' runs).
Writes into WORK:

  records.ndjson  {"key","value"} lines, as `scan -o ndjson` prints them
  records.tsv     ":key<TAB>value" lines (benches/peer_leveldb.py load)
  records.ldb     ":key ==> value" lines (RocksDB `ldb load`)
  keys.txt        about 100,000 of the keys, for point lookups
  ops.ndjson      a delete operation for each of those keys

  python3 benches/records.py N WORK [random|sorted] [--ndjson-only] [--unindexed]
"""
import json, random, sys
args = [a for a in sys.argv[1:] if not a.startswith("--")]
n, work = int(args[0]), args[1]
order = args[2] if len(args) > 2 else "random"
ndjson_only = "--ndjson-only" in sys.argv
indexed = order != "sorted" and "--unindexed" not in sys.argv
random.seed(7)
kinds = ["block", "height", "state", "root"]
records = []
block_hash = None   # of the block at height i // 4 (written just before its entry)
for i in range(n):
    kind = kinds[i % 4]
    h = "0x%064x" % random.getrandbits(256)
    if kind == "block":
        block_hash = h
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
    if kind == "height" and indexed:
        value = json.dumps(block_hash)      # the height index: the block's hash
    else:
        value = json.dumps({"stateRoot": h, "height": i // 4, "kind": kind,
                            "data": "%032x" % random.getrandbits(128), "ts": 1700000000000 + i},
                           separators=(",", ":"))   # ~200-byte JSON values
    records.append((key, value))
if order != "sorted":
    random.shuffle(records)
if ndjson_only:
    with open(f"{work}/records.ndjson", "w") as nd:
        for key, value in records:
            nd.write('{"key":%s,"value":%s}\n' % (json.dumps(key), value))
    sys.exit(0)
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

#!/usr/bin/env python3
"""The C++ LevelDB side of benches/compare.sh, through plyvel (the real C++
engine with Snappy). Each command prints "<seconds>" of its own work (data
preparation excluded) on stdout.

  load DIR RECORDS     create DIR from "key<TAB>value" lines, batches of 1000
                       (records prepared in memory first, not timed)
  parseload DIR NDJSON create DIR from {"key","value"} NDJSON lines: parse
                       each line (json.loads, value re-serialised) and load
                       in batches of 1000, all timed
  scan DIR OUT         write every entry as an NDJSON line to OUT
  gets DIR KEYS        look up every key listed in KEYS (one per line)
  get DIR KEY          one lookup (run as its own process for the cold case)
  verify DIR           read everything with checksum verification
  snapshot DIR ID      the analogue of `snapshot create --all`: read every
                       key of the namespace, parse each value, write them
                       as one JSON object {"id","timestamp","data"} under
                       ":snapshot:ID"
  restore DIR ID       the analogue of `snapshot restore`: read and parse
                       that value, write every key whose value differs (or
                       that is missing) in batches of 1000
  delete DIR KEYS      delete every key listed in KEYS (not timed)
  heights DIR          the latest block height: one forward pass over the
                       ":height:" keys (unpadded, so numeric max)
"""
import json
import sys
import time

import plyvel


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    if cmd == "load":
        records = [line.rstrip("\n").split("\t", 1) for line in open(sys.argv[3], encoding="utf-8")]
        records = [(k.encode(), v.encode()) for k, v in records]
        start = time.perf_counter()
        db = plyvel.DB(path, create_if_missing=True, compression="snappy")
        for i in range(0, len(records), 1000):
            with db.write_batch() as wb:
                for k, v in records[i:i + 1000]:
                    wb.put(k, v)
        db.close()
        print(time.perf_counter() - start)
    elif cmd == "parseload":
        start = time.perf_counter()
        db = plyvel.DB(path, create_if_missing=True, compression="snappy")
        with open(sys.argv[3], encoding="utf-8") as lines:
            batch = []
            for line in lines:
                rec = json.loads(line)
                batch.append((b":" + rec["key"].encode(),
                              json.dumps(rec["value"], separators=(",", ":")).encode()))
                if len(batch) == 1000:
                    with db.write_batch() as wb:
                        for k, v in batch:
                            wb.put(k, v)
                    batch = []
            with db.write_batch() as wb:
                for k, v in batch:
                    wb.put(k, v)
        db.close()
        print(time.perf_counter() - start)
    elif cmd == "snapshot":
        start = time.perf_counter()
        db = plyvel.DB(path)
        data = {}
        for k, v in db.iterator(prefix=b":"):
            if not k.startswith(b":snapshot:"):
                data[k[1:].decode()] = json.loads(v)
        value = json.dumps({"id": sys.argv[3], "timestamp": int(time.time() * 1000), "data": data},
                           separators=(",", ":")).encode()
        db.put(b":snapshot:" + sys.argv[3].encode(), value, sync=True)
        db.close()
        print(time.perf_counter() - start)
    elif cmd == "restore":
        start = time.perf_counter()
        db = plyvel.DB(path)
        snap = json.loads(db.get(b":snapshot:" + sys.argv[3].encode()))
        batch = []
        for k, v in snap["data"].items():
            key, value = b":" + k.encode(), json.dumps(v, separators=(",", ":")).encode()
            if db.get(key) != value:
                batch.append((key, value))
            if len(batch) == 1000:
                with db.write_batch() as wb:
                    for bk, bv in batch:
                        wb.put(bk, bv)
                batch = []
        with db.write_batch(sync=True) as wb:
            for bk, bv in batch:
                wb.put(bk, bv)
        db.close()
        print(time.perf_counter() - start)
    elif cmd == "delete":
        keys = [line.rstrip("\n").encode() for line in open(sys.argv[3], encoding="utf-8")]
        db = plyvel.DB(path)
        with db.write_batch() as wb:
            for k in keys:
                wb.delete(k)
        db.close()
    elif cmd == "heights":
        start = time.perf_counter()
        db = plyvel.DB(path)
        latest = max(int(k[8:]) for k in db.iterator(prefix=b":height:", include_value=False))
        db.close()
        assert latest >= 0
        print(time.perf_counter() - start)
    elif cmd == "scan":
        start = time.perf_counter()
        db = plyvel.DB(path)
        with open(sys.argv[3], "w", encoding="utf-8") as out:
            for k, v in db:
                out.write('{"key":%s,"value":%s}\n' % (json.dumps(k.decode()), v.decode()))
        db.close()
        print(time.perf_counter() - start)
    elif cmd == "gets":
        keys = [line.rstrip("\n").encode() for line in open(sys.argv[3], encoding="utf-8")]
        start = time.perf_counter()
        db = plyvel.DB(path)
        found = sum(1 for k in keys if db.get(k) is not None)
        db.close()
        assert found == len(keys), (found, len(keys))
        print(time.perf_counter() - start)
    elif cmd == "get":
        db = plyvel.DB(path)
        assert db.get(sys.argv[3].encode()) is not None
        db.close()
    elif cmd == "verify":
        start = time.perf_counter()
        db = plyvel.DB(path)
        n = sum(1 for _ in db.iterator(verify_checksums=True))
        db.close()
        print(time.perf_counter() - start)
    elif cmd == "repair":
        # RepairDB in place (the caller passes a copy), the call alone timed.
        start = time.perf_counter()
        plyvel.repair_db(path)
        print(time.perf_counter() - start)
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()

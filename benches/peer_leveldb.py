#!/usr/bin/env python3
"""The C++ LevelDB side of benches/compare.sh, through plyvel (the real C++
engine with Snappy). Each command prints "<seconds>" of its own work (data
preparation excluded) on stdout.

  load DIR RECORDS     create DIR from "key<TAB>value" lines, batches of 1000
  scan DIR OUT         write every entry as an NDJSON line to OUT
  gets DIR KEYS        look up every key listed in KEYS (one per line)
  get DIR KEY          one lookup (run as its own process for the cold case)
  verify DIR           read everything with checksum verification
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
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()

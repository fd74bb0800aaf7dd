#!/usr/bin/env python3
"""The C++ LevelDB side of storectl's interop tests, through plyvel.

plyvel's wheel bundles the real C++ LevelDB engine with Snappy. Commands:

  write DIR N     create DIR with the seed's key shapes (":block:<h>",
                  ":height:<n>", ":state:<m>", ":root:<r>") plus a binary
                  key and a non-JSON value; most entries end up in
                  Snappy-compressed tables, the last ones only in the log.
  load DIR        create DIR from "hexkey hexvalue" lines on stdin.
  dump DIR        print every key/value as "hexkey hexvalue" lines, in order.
  hold DIR        open DIR (taking its LOCK), print "ready", and keep it
                  open until stdin closes.
  snappy DIR      exit 0 if any table file holds a Snappy-compressed block.
  seed DIR        write a store exactly as the seed's TypeScript classes do
                  (LevelStorageService + BlockStorage + MachineStateStorage +
                  SnapshotManager), under the default prefix "" and under
                  "chain7": 1,200 and 1,050 blocks, machines with sub-keys,
                  states written with two separate puts, and a snapshot whose
                  Map data was serialised by JSON.stringify as {}.
  rewrite DIR     open DIR with paranoid checks and change it through the
                  engine: delete every 5th key, overwrite every 3rd other
                  one with "rewritten", add 2,000 keys ":zz:new:NNNN",
                  then compact the whole key range.
  bigchurn DIR    churn over 60,000 keys of ~250 random bytes (about
                  15 MB of tables), every one written before "ready".
  churn DIR       keep DIR open and overwrite keys in a loop with a tiny
                  write buffer (constant flushes and compactions, tables
                  created and deleted), printing "ready" once started, until
                  stdin closes. 528 keys ":stable:NNNN" never change.
"""
import json
import os
import sys

import plyvel


def write(path, n):
    db = plyvel.DB(path, create_if_missing=True, write_buffer_size=64 * 1024,
                   compression="snappy")
    with db.write_batch() as wb:
        for i in range(n):
            root = "0x%064x" % i
            block = {"stateRoot": root, "height": i, "transactions": ["tx%d" % i] * 3,
                     "timestamp": 1700000000000 + i}
            wb.put((":block:%s" % root).encode(), json.dumps(block, separators=(",", ":")).encode())
            wb.put((":height:%d" % i).encode(), json.dumps(root).encode())
    db.put(b":state:m1", json.dumps({"stateRoot": "0xabc", "counter": 7}).encode())
    db.put(b":root:0xabc", json.dumps({"stateRoot": "0xabc", "counter": 7}).encode())
    db.put(b"\x00bin\xffkey", b"\x01\x02\xff not json")
    db.close()
    # Reopen and leave a few writes only in the log (no table yet).
    db = plyvel.DB(path, write_buffer_size=64 * 1024 * 1024)
    db.put(b":tail:unflushed", b'{"in":"log only"}')
    db.close()


def rewrite(path):
    db = plyvel.DB(path, paranoid_checks=True, write_buffer_size=256 * 1024)
    keys = [k for k, _ in db.iterator(fill_cache=False)]
    for j, k in enumerate(keys):
        if j % 5 == 0:
            db.delete(k)
        elif j % 3 == 0:
            db.put(k, b'"rewritten"')
    with db.write_batch() as wb:
        for i in range(2000):
            wb.put(b":zz:new:%04d" % i, b"1")
    db.compact_range()
    db.close()


def dump(path):
    db = plyvel.DB(path)
    for k, v in db:
        sys.stdout.write("%s %s\n" % (k.hex(), v.hex()))
    db.close()


def stringify(value):
    """JSON.stringify: compact, non-ASCII kept as is."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def seed(path):
    db = plyvel.DB(path, create_if_missing=True, write_buffer_size=256 * 1024)

    def full_key(prefix, key):  # LevelStorageService.getFullKey
        return ("%s:%s" % (prefix, key)).encode()

    for prefix, blocks, machines in (("", 1200, ["alpha", "beta", "gamma"]), ("chain7", 1050, ["m1", "m2"])):
        for h in range(blocks):  # BlockStorage.saveBlock: one batch
            root = "0x%s%060x" % (prefix.encode().hex()[:4].ljust(4, "0"), h)
            block = {"stateRoot": root, "height": h, "parentRoot": None if h == 0 else "prev",
                     "transactions": [{"id": "tx-%d-%d" % (h, t)} for t in range(h % 4)],
                     "timestamp": 1700000000000 + h * 1000}
            with db.write_batch() as wb:
                wb.put(full_key(prefix, "block:" + root), stringify(block))
                wb.put(full_key(prefix, "height:%d" % h), stringify(root))
        for i, m in enumerate(machines):
            for version in range(3):  # MachineStateStorage.saveState: two separate puts
                state = {"stateRoot": "0x%s-%s-%d" % (prefix or "default", m, version), "machineId": m,
                         "balances": {"acct%d" % k: k * version for k in range(3)}, "note": "é"}
                db.put(full_key(prefix, "state:" + m), stringify(state))
                db.put(full_key(prefix, "root:" + state["stateRoot"]), stringify(state))
            for k in range(i + 2):
                db.put(full_key(prefix, "state:%s:account:%d" % (m, k)), stringify({"balance": k}))
        # SnapshotManager.createSnapshot: the Map serialises as {}.
        db.put(full_key(prefix, "snapshot:seed-snap-1"),
               stringify({"id": "seed-snap-1", "timestamp": 1700000000000, "data": {}}))
        # IncrementalSnapshotManager.createIncremental stores only the link.
        db.put(full_key(prefix, "snapshot:seed-snap-2:base"), stringify("seed-snap-1"))
    db.close()


def churn(path, keys=5000, pad=100, fill=False, noise=False):
    """`noise`: pads are random hex (tables as large as the data)."""
    import threading

    def padding():
        return os.urandom(pad // 2).hex() if noise else "p" * pad

    db = plyvel.DB(path, create_if_missing=True, write_buffer_size=32 * 1024)
    # Keys that never change while the churn goes on around them.
    with db.write_batch() as wb:
        for k in range(528):
            wb.put((":stable:%04d" % k).encode(), json.dumps({"stable": k}).encode())
    if fill:
        # Every churn key exists before "ready": a consistent view holds
        # exactly keys + 528 keys, whatever the churn does.
        for start in range(0, keys, 1000):
            with db.write_batch() as wb:
                for k in range(start, min(start + 1000, keys)):
                    wb.put((":churn:%06d" % k).encode(),
                           json.dumps({"round": -1, "pad": padding()}).encode())
    stop = threading.Event()

    def wait_stdin():
        sys.stdin.read()
        stop.set()

    threading.Thread(target=wait_stdin, daemon=True).start()
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    i = 0
    while not stop.is_set():
        with db.write_batch() as wb:
            for j in range(200):
                k = (i * 200 + j) % keys
                wb.put((":churn:%06d" % k).encode(), json.dumps({"round": i, "pad": padding()}).encode())
        i += 1
    db.close()


def load(path):
    db = plyvel.DB(path, create_if_missing=True)
    with db.write_batch() as wb:
        for line in sys.stdin:
            k, v = line.split()
            wb.put(bytes.fromhex(k), bytes.fromhex(v))
    db.close()


def hold(path):
    db = plyvel.DB(path)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    sys.stdin.read()
    db.close()


def snappy(path):
    # A table block trailer is 1 type byte + 4 CRC bytes; type 1 is Snappy.
    # Parse the footer's index handle, then walk the index block's handles.
    for name in os.listdir(path):
        if name.endswith(".ldb") or name.endswith(".sst"):
            data = open(os.path.join(path, name), "rb").read()
            footer = data[-48:]
            off, pos = varint(footer, 0)
            _, pos = varint(footer, pos)
            ioff, pos = varint(footer, pos)
            isize, pos = varint(footer, pos)
            if data[ioff + isize] == 1:
                return 0
            # Data blocks: check the first one (offset 0) via its index entry.
            first_size = None
            blk = data[ioff:ioff + isize]
            if data[ioff + isize] == 0:
                # Uncompressed index: first entry's value is the first block handle.
                p = 0
                _, p = varint(blk, p)
                unshared, p = varint(blk, p)
                vlen, p = varint(blk, p)
                p += unshared
                boff, p2 = varint(blk, p)
                first_size, _ = varint(blk, p2)
                if data[boff + first_size] == 1:
                    return 0
    return 1


def varint(buf, pos):
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


if __name__ == "__main__":
    cmd, path = sys.argv[1], sys.argv[2]
    if cmd == "write":
        write(path, int(sys.argv[3]))
    elif cmd == "load":
        load(path)
    elif cmd == "dump":
        dump(path)
    elif cmd == "hold":
        hold(path)
    elif cmd == "seed":
        seed(path)
    elif cmd == "rewrite":
        rewrite(path)
    elif cmd == "bigchurn":
        churn(path, keys=60000, pad=200, fill=True, noise=True)
    elif cmd == "churn":
        churn(path)
    elif cmd == "snappy":
        sys.exit(snappy(path))
    else:
        sys.exit("unknown command " + cmd)

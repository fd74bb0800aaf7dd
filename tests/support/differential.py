#!/usr/bin/env python3
"""Differential test stores: C++ LevelDB (plyvel) writes a store from a
seeded random operation sequence, then reads it back as the reference.

  gen DIR SEED [SCALE]   build DIR and write DIR.expected.json:
                         {"entries": [[key_hex, value_hex], ...]   (plyvel's forward iteration)
                          "probes":  [[key_hex, value_hex or null], ...]  (plyvel's get)
                          "hash":    "sha256:..."  (storectl's content digest of every entry)
                          "options": {...}}
  repro DIR NAME         build one of the reproduction stores of issue 11.

The sequence mixes puts, overwrites, deletions of neighbouring keys,
values from 0 bytes to several MB, keys that are prefixes of each other and
binary keys, batches, compact_range at random points, small write buffers
(several levels) and small blocks (many block boundaries), and sometimes
leaves the last writes only in the log.
"""
import hashlib
import json
import os
import random
import shutil
import struct
import sys
import tempfile
import time

import plyvel


def key_space(rng, n):
    keys = []
    for i in range(n):
        kind = rng.random()
        if kind < 0.25:
            keys.append(b":block:0x%064x" % rng.getrandbits(256))
        elif kind < 0.45:
            keys.append(b":height:%d" % rng.randrange(0, 5000))
        elif kind < 0.6:
            keys.append(b":state:m%d:acct:%d" % (rng.randrange(8), rng.randrange(400)))
        elif kind < 0.75:
            base = bytes(rng.choice(b"ab") for _ in range(rng.randrange(1, 5)))
            keys.append(b":k:" + base)
        elif kind < 0.85:
            keys.append(bytes(rng.choice([0, 1, 0x7F, 0x80, 0xFE, 0xFF, 0x61]) for _ in range(rng.randrange(1, 6))))
        else:
            keys.append(b":root:0x%04x" % rng.randrange(0, 2000))
    return keys


def value(rng, big_ok):
    r = rng.random()
    if r < 0.05:
        return b""
    if r < 0.75:
        return json.dumps({"v": rng.randrange(10 ** 9), "s": "x" * rng.randrange(0, 600)}).encode()
    if r < 0.97:
        return b'"' + b"y" * rng.randrange(100, 6000) + b'"'
    if big_ok and r < 0.985:
        return b'"' + bytes(rng.choice(b"abcdef") for _ in range(64)) * (rng.randrange(16, 60) * 1024) + b'"'
    return bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 300)))


def neighbours(key):
    out = [key + b"\x00", key + b"\xff"]
    if len(key) > 1:
        out.append(key[:-1])
        out.append(key[:-1] + bytes([(key[-1] + 1) % 256]))
    return out


def gen(path, seed, scale=1.0):
    rng = random.Random(seed)
    options = {
        "write_buffer_size": rng.choice([16 * 1024, 64 * 1024, 256 * 1024, 4 * 1024 * 1024]),
        "block_size": rng.choice([128, 1024, 4096]),
        "compression": rng.choice(["snappy", "snappy", None]),
        "bloom_filter_bits": rng.choice([0, 10, 10]),
        "block_restart_interval": rng.choice([1, 4, 16]),
        "max_file_size": rng.choice([8 * 1024, 32 * 1024, 2 * 1024 * 1024]),
    }
    n_ops = int(rng.randrange(1500, 4000) * scale)
    big_ok = rng.random() < 0.3
    keys = key_space(rng, max(50, n_ops))
    hot = keys[:rng.randrange(5, 40)]

    def pick_key():
        # Hot keys are overwritten again and again, so that their versions
        # spread over the log, several level-0 tables and deeper levels.
        return rng.choice(hot) if rng.random() < 0.35 else rng.choice(keys)
    written = set()
    db = plyvel.DB(path, create_if_missing=True, **options)
    i = 0
    while i < n_ops:
        r = rng.random()
        if r < 0.1:
            with db.write_batch() as wb:
                for _ in range(rng.randrange(2, 30)):
                    k = pick_key()
                    if rng.random() < 0.3:
                        wb.delete(k)
                    else:
                        wb.put(k, value(rng, False))
                    written.add(k)
                    i += 1
        elif r < 0.8:
            k = pick_key()
            db.put(k, value(rng, big_ok))
            written.add(k)
            i += 1
        elif r < 0.995:
            k = pick_key()
            target = rng.choice([k] + neighbours(k)) if rng.random() < 0.5 else k
            db.delete(target)
            written.add(target)
            i += 1
        else:
            if rng.random() < 0.05:
                db.compact_range()
            else:
                a, b = sorted([rng.choice(keys), rng.choice(keys)])
                db.compact_range(start=a, stop=b)
            i += 1
    db.close()
    # Fresh level-0 tables over the hot keys (fewer than the 4 that start
    # a compaction), so versions of one key sit in several tables.
    db = plyvel.DB(path, write_buffer_size=16 * 1024, **{k: v for k, v in options.items() if k != "write_buffer_size"})
    for _ in range(rng.randrange(0, 3)):
        for _ in range(40):
            k = rng.choice(hot)
            if rng.random() < 0.2:
                db.delete(k)
            else:
                db.put(k, value(rng, False) + b" " * 400)
            written.add(k)
    db.close()
    if rng.random() < 0.5:
        # Leave the last writes in the log only.
        db = plyvel.DB(path, write_buffer_size=64 * 1024 * 1024)
        for _ in range(rng.randrange(1, 200)):
            k = pick_key()
            if rng.random() < 0.3:
                db.delete(k)
            else:
                db.put(k, value(rng, False))
            written.add(k)
        db.close()
    expect(path, written, options)


def expect(path, written, options):
    # plyvel's open recovers the log into a table: read a copy, so that
    # storectl reads the store exactly as the writer left it.
    copy = tempfile.mkdtemp()
    shutil.rmtree(copy)
    shutil.copytree(path, copy)
    options = dict(options, log_bytes=sum(
        os.path.getsize(os.path.join(path, f)) for f in os.listdir(path) if f.endswith(".log")))
    db = plyvel.DB(copy)
    options = dict(options, files_per_level_after_recovery=[
        int(db.get_property(b"leveldb.num-files-at-level%d" % level)) for level in range(7)])
    entries = [[k.hex(), v.hex()] for k, v in db]
    probe_keys = set(written)
    for k in list(written):
        probe_keys.update(neighbours(k))
    probe_keys.discard(b"")
    probes = []
    for k in sorted(probe_keys):
        v = db.get(k)
        probes.append([k.hex(), None if v is None else v.hex()])
    db.close()
    shutil.rmtree(copy)
    h = hashlib.sha256()
    for kh, vh in entries:
        k, v = bytes.fromhex(kh), bytes.fromhex(vh)
        h.update(struct.pack("<Q", len(k)) + k + struct.pack("<Q", len(v)) + v)
    with open(path + ".expected.json", "w") as f:
        json.dump({"entries": entries, "probes": probes, "hash": "sha256:" + h.hexdigest(),
                   "options": options}, f)


def repro(path, name):
    if name == "neighbour-deletion":
        db = plyvel.DB(path, create_if_missing=True)
        db.put(b":b", b"1")
        db.put(b":c", b"1")
        db.compact_range()
        db.put(b":a", b"1")
        db.delete(b":c")
        db.close()
        expect(path, {b":a", b":b", b":c"}, {})
    elif name == "index-key":
        db = plyvel.DB(path, create_if_missing=True)
        db.put(b":k:B", b"1")
        db.put(b":k:A", b'"' + b"x" * 5000 + b'"')
        db.compact_range()
        db.close()
        expect(path, {b":k:A", b":k:B"}, {})
    elif name.startswith("shuffled-blocks-"):
        # The seed's saveBlock (block + height index in one batch) called in
        # shuffled height order, as a parallel sync does.
        n = int(name.rsplit("-", 1)[1])
        rng = random.Random(11)
        heights = list(range(n))
        rng.shuffle(heights)
        db = plyvel.DB(path, create_if_missing=True)
        for h in heights:
            root = "0x%064x" % rng.getrandbits(256)
            block = {"stateRoot": root, "height": h, "timestamp": 1700000000000 + h,
                     "transactions": ["tx%d" % h]}
            with db.write_batch() as wb:
                wb.put((":block:" + root).encode(), json.dumps(block, separators=(",", ":")).encode())
                wb.put((":height:%d" % h).encode(), json.dumps(root).encode())
        db.close()
    elif name == "layered":
        # One key in three places: an older version deep in the tree, a
        # newer one in a level-0 table, and a deletion in the log.
        db = plyvel.DB(path, create_if_missing=True, write_buffer_size=64 * 1024)
        db.put(b":k", b'"v1"')                      # sequence 1
        db.compact_range()
        db.put(b":k", b'"v2"')                      # sequence 2
        for i in range(100):                         # sequences 3..102
            db.put(b":f%04d" % i, b'"' + b"x" * 1000 + b'"')
        db.delete(b":k")                             # sequence 103
        db.close()
    elif name == "salvage-base":
        # Several tables over several levels with overwrites and deletions,
        # and the last writes only in the log.
        rng = random.Random(21)
        db = plyvel.DB(path, create_if_missing=True, write_buffer_size=32 * 1024,
                       max_file_size=16 * 1024)
        keys = [b":k:%05d" % i for i in range(3000)]
        for round_ in range(3):
            order = keys[:]
            rng.shuffle(order)
            for k in order[: 1500 + 500 * round_]:
                db.put(k, b'{"round":%d,"pad":"%s"}' % (round_, b"p" * rng.randrange(20, 120)))
            for k in rng.sample(keys, 150):
                db.delete(k)
        db.close()
        db = plyvel.DB(path, write_buffer_size=64 << 20)
        for k in rng.sample(keys, 200):
            if rng.random() < 0.3:
                db.delete(k)
            else:
                db.put(k, b'{"round":"log"}')
        db.close()
    elif name == "deleted-then-stale":
        # A key deleted long ago (its tombstone compacted away) whose old
        # table survives in the directory, as a crash mid-compaction leaves it.
        import glob
        db = plyvel.DB(path, create_if_missing=True)
        for i in range(200):
            db.put(b":keep:%03d" % i, b'"v"')
        db.put(b":gone", b'"old value"')
        db.compact_range()
        old = {f: open(f, "rb").read() for f in glob.glob(os.path.join(path, "*.ldb"))}
        db.delete(b":gone")
        db.compact_range()
        db.close()
        for i, data in enumerate(old.values()):
            with open(os.path.join(path, "%06d.ldb" % (900 + i)), "wb") as f:
                f.write(data)
    elif name == "compaction-inputs-left-behind":
        # A crash after a compaction recorded its output but before it
        # deleted its inputs: the inputs stay, under their own (lower)
        # numbers, holding the very versions the output holds (half the
        # keys are overwritten first, so the output keeps the other half's
        # versions as they are in the inputs).
        import glob
        # Keys in random order: every table spans the key range, so a
        # compaction cannot just move a table down a level.
        rng = random.Random(11)
        order = list(range(3000))
        db = plyvel.DB(path, create_if_missing=True, write_buffer_size=64 * 1024)
        for r in range(2):
            rng.shuffle(order)
            for i in order:
                db.put(b":k:%05d" % i, b'{"v": %d, "r": %d, "pad": "%s"}' % (i, r, b"p" * 200))
        db.close()
        inputs = {f: open(f, "rb").read() for f in glob.glob(os.path.join(path, "*.ldb"))}
        left = []
        for attempt in range(5):
            db = plyvel.DB(path, write_buffer_size=64 * 1024)
            rng.shuffle(order)
            for i in order[:1500]:
                db.put(b":k:%05d" % i, b'{"v": %d, "attempt": %d}' % (i, attempt))
            db.compact_range()
            db.close()
            left = [f for f in inputs if not os.path.exists(f)]
            if left:
                break
        assert left, "the compactions deleted no table"
        for f in left:
            with open(f, "wb") as out:
                out.write(inputs[f])
    elif name == "flushed-log-left-behind":
        # A crash after a log was flushed into a table but before the log
        # was deleted: the log holds the very versions the table holds.
        import glob
        db = plyvel.DB(path, create_if_missing=True)
        for i in range(200):
            db.put(b":k:%04d" % i, b'{"v": %d, "pad": "%s"}' % (i, b"x" * 200))
        for i in range(0, 200, 3):
            db.delete(b":k:%04d" % i)
        db.close()
        log = sorted(glob.glob(os.path.join(path, "*.log")))[-1]
        data = open(log, "rb").read()
        db = plyvel.DB(path)  # recovers the log into a table, starts a new log
        db.put(b":after", b"1")
        db.close()
        assert not os.path.exists(log)
        with open(log, "wb") as out:
            out.write(data)
    elif name == "many-tables":
        # Over a hundred small tables, to run a reader out of descriptors.
        db = plyvel.DB(path, create_if_missing=True, write_buffer_size=16 * 1024,
                       max_file_size=8 * 1024)
        rng = random.Random(5)
        for i in range(20000):
            db.put(b":k:%08d" % (i * 7919 % 20000), b'"%032x"' % rng.getrandbits(128))
        db.close()
    else:
        raise SystemExit("unknown reproduction " + name)


def crash_writer(path, seed):
    """Writes random batches to `path` until killed, printing a line after
    each (small buffers and tables: flushes and compactions all along)."""
    rng = random.Random(seed)
    keys = key_space(rng, 3000)
    hot = keys[:20]
    db = plyvel.DB(path, create_if_missing=True, write_buffer_size=rng.choice([16, 64]) * 1024,
                   max_file_size=rng.choice([8, 32]) * 1024, block_size=rng.choice([256, 4096]))
    n = 0
    while True:
        with db.write_batch() as wb:
            for _ in range(rng.randrange(1, 20)):
                k = rng.choice(hot) if rng.random() < 0.3 else rng.choice(keys)
                if rng.random() < 0.25:
                    wb.delete(k)
                else:
                    wb.put(k, value(rng, False))
        n += 1
        if n % 97 == 0:
            a, b = sorted(rng.sample(keys, 2))
            db.compact_range(start=a, stop=b)
        print(n, flush=True)


def crash(path, seed):
    """A store as a C++ LevelDB writer killed (SIGKILL) mid-work leaves it:
    the writer runs in a child process, killed after a random number of
    batches; DIR.expected.json is what C++ LevelDB's recovery reads."""
    import signal
    import subprocess
    rng = random.Random(seed ^ 0x5EED)
    child = subprocess.Popen([sys.executable, __file__, "crash-writer", path, str(seed)],
                             stdout=subprocess.PIPE)
    for _ in range(rng.randrange(100, 1500)):
        if not child.stdout.readline():
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    keys = key_space(random.Random(seed), 3000)
    expect(path, set(keys), {"crash": True, "seed": seed})


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "gen":
        gen(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]) if len(sys.argv) > 4 else 1.0)
    elif cmd == "crash":
        crash(sys.argv[2], int(sys.argv[3]))
    elif cmd == "crash-writer":
        crash_writer(sys.argv[2], int(sys.argv[3]))
    elif cmd == "repro":
        repro(sys.argv[2], sys.argv[3])
    elif cmd == "repair":
        plyvel.repair_db(sys.argv[2])
    elif cmd == "counter":
        # Batches of sequential counter keys until stdin closes: batch i puts
        # :n:<i> and :last = i and deletes :n:<i-100>; a small write buffer
        # makes flushes and compactions constant.
        import threading
        db = plyvel.DB(sys.argv[2], create_if_missing=True, write_buffer_size=16 * 1024)
        stop = threading.Event()
        threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
        print("ready", flush=True)
        i = 0
        while not stop.is_set():
            i += 1
            with db.write_batch() as wb:
                wb.put(b":n:%08d" % i, b"%d" % i)
                wb.put(b":last", b"%d" % i)
                wb.put(b":pad:%08d" % (i % 500), b'"' + b"p" * 200 + b'"')
                if i > 100:
                    wb.delete(b":n:%08d" % (i - 100))
        db.close()
    elif cmd == "batches":
        # N write batches of varied sizes (puts, deletes, values up to 40 KB
        # that span log blocks), a small write buffer (flushes and log
        # switches); each batch is recorded as a JSON line in OUT.
        path, n, out = sys.argv[2], int(sys.argv[3]), sys.argv[4]
        rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 3)
        db = plyvel.DB(path, create_if_missing=True, write_buffer_size=512 * 1024)
        with open(out, "w") as record:
            for i in range(n):
                ops = []
                with db.write_batch() as wb:
                    for _ in range(rng.randrange(1, 8)):
                        k = b":k%05d" % rng.randrange(3000)
                        if rng.random() < 0.2:
                            wb.delete(k)
                            ops.append(["delete", k.hex()])
                        else:
                            size = rng.choice([0, 10, 100, 1000, 40000]) if rng.random() < 0.1 else rng.randrange(0, 200)
                            v = b'"' + b"v" * size + b'"'
                            wb.put(k, v)
                            ops.append(["put", k.hex(), v.hex()])
                record.write(json.dumps(ops) + "\n")
        db.close()
    elif cmd == "chain":
        # Blocks (with their height index, timestamps now) every 30 ms
        # until stdin closes.
        import threading
        db = plyvel.DB(sys.argv[2], create_if_missing=True)
        stop = threading.Event()
        threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
        print("ready", flush=True)
        h = 0
        while not stop.is_set():
            root = "0x%064x" % (h + 1)
            block = {"stateRoot": root, "height": h, "timestamp": int(time.time() * 1000)}
            with db.write_batch() as wb:
                wb.put((":block:" + root).encode(), json.dumps(block).encode())
                wb.put(b":height:%d" % h, json.dumps(root).encode())
            h += 1
            time.sleep(0.03)
        db.close()
    elif cmd == "write":
        # Puts KEY_HEX = VALUE_HEX, or deletes KEY_HEX when the value is "-".
        db = plyvel.DB(sys.argv[2])
        if sys.argv[4] == "-":
            db.delete(bytes.fromhex(sys.argv[3]))
        else:
            db.put(bytes.fromhex(sys.argv[3]), bytes.fromhex(sys.argv[4]))
        db.close()
    elif cmd == "put-compact":
        # Puts one key, reopens, compacts everything, prints the key's value.
        path, key, val = sys.argv[2], bytes.fromhex(sys.argv[3]), bytes.fromhex(sys.argv[4])
        db = plyvel.DB(path)
        db.put(key, val)
        db.close()
        db = plyvel.DB(path)
        db.compact_range()
        v = db.get(key)
        db.close()
        print("none" if v is None else v.hex())
    elif cmd == "get":
        db = plyvel.DB(sys.argv[2])
        v = db.get(bytes.fromhex(sys.argv[3]))
        db.close()
        print("none" if v is None else v.hex())
    else:
        raise SystemExit(__doc__)

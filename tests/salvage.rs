//! `salvage` on copies of a store of known contents, damaged in each way
//! the issue lists, compared with the truth (what C++ LevelDB read before
//! the damage) and with C++ LevelDB's RepairDB on the same copies.

mod common;

use common::{copy_dir, cpp_dump, files_of, storectl, unhex, TestEnv};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn support(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support")
        .join(name)
}

use common::support::differential as python;

/// The store's content as C++ LevelDB reads it, from a copy (its open
/// recovers the log and deletes left-behind files: the store itself stays
/// as it is).
fn cpp_truth(db: &Path) -> BTreeMap<Vec<u8>, Vec<u8>> {
    let pristine = db.with_extension("pristine");
    copy_dir(db, &pristine);
    cpp_dump(&pristine).into_iter().collect()
}

fn files_with(db: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(db)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

/// The bytes of every table of a store (to tell a copied table by).
fn table_bytes(db: &Path) -> Vec<Vec<u8>> {
    files_with(db, "ldb")
        .iter()
        .map(|t| std::fs::read(t).unwrap())
        .collect()
}

/// The keys (exact bytes) of a table's entries, by data block offset.
fn keys_by_block(table: &Path) -> BTreeMap<u64, BTreeSet<Vec<u8>>> {
    let out = storectl()
        .args(["--raw", "inspect", "table"])
        .arg(table)
        .args(["--entries", "-o", "ndjson"])
        .output()
        .unwrap();
    let mut map: BTreeMap<u64, BTreeSet<Vec<u8>>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let key = json_key(&v["key"]);
        map.entry(v["block"].as_u64().unwrap())
            .or_default()
            .insert(key);
    }
    map
}

/// A key in the lossless encoding: a string, or `{"bytes": base64}`.
fn json_key(v: &serde_json::Value) -> Vec<u8> {
    use base64::Engine as _;
    match v.as_str() {
        Some(s) => s.as_bytes().to_vec(),
        None => base64::engine::general_purpose::STANDARD
            .decode(v["bytes"].as_str().unwrap())
            .unwrap(),
    }
}

struct Outcome {
    code: i32,
    recovered: BTreeMap<Vec<u8>, Vec<u8>>,
    uncertain: BTreeSet<Vec<u8>>,
    report: serde_json::Value,
}

fn salvage(damaged: &Path, to: &Path) -> Outcome {
    let before = files_of(damaged);
    let out = storectl()
        .arg("--db")
        .arg(damaged)
        .args(["salvage", "-o", "json", "--to"])
        .arg(to)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    assert!(
        code == 0 || code == 5,
        "salvage failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        files_of(damaged) == before,
        "salvage changed the damaged store"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let uncertain = report["uncertain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| json_key(&u["key"]))
        .collect();
    // C++ LevelDB opens the result, and its files are sound (its values
    // are the damaged store's bytes: JSON or not, as they were).
    let recovered = cpp_dump(to).into_iter().collect();
    storectl()
        .arg("--db")
        .arg(to)
        .args(["verify", "--checks", "storage"])
        .assert()
        .success();
    Outcome {
        code,
        recovered,
        uncertain,
        report,
    }
}

/// What RepairDB keeps of the same damage, on its own copy.
fn repair_db(damaged: &Path) -> BTreeMap<Vec<u8>, Vec<u8>> {
    let copy = damaged.with_extension("repairdb");
    copy_dir(damaged, &copy);
    python(&["repair", copy.to_str().unwrap()]);
    cpp_dump(&copy).into_iter().collect()
}

/// The checks every damage case shares; `lost` are the keys the damage may
/// take away.
fn check(
    case: &str,
    truth: &BTreeMap<Vec<u8>, Vec<u8>>,
    damaged: &Path,
    lost: &BTreeSet<Vec<u8>>,
) -> Outcome {
    check_against_repair_db(case, truth, damaged, lost, true)
}

/// [`check`]; `compare_damaged`: RepairDB's count of correct records
/// includes the damaged keys too.
fn check_against_repair_db(
    case: &str,
    truth: &BTreeMap<Vec<u8>, Vec<u8>>,
    damaged: &Path,
    lost: &BTreeSet<Vec<u8>>,
    compare_damaged: bool,
) -> Outcome {
    let to = damaged.with_extension("salvaged");
    let o = salvage(damaged, &to);
    for (k, v) in &o.recovered {
        // A key whose newest entry was in the damaged part may come back
        // with an older value (flagged where the damaged bytes still name it).
        if o.uncertain.contains(k) || lost.contains(k) {
            continue;
        }
        assert_eq!(
            truth.get(k),
            Some(v),
            "{case}: {} recovered wrong (and not flagged uncertain)",
            String::from_utf8_lossy(k)
        );
    }
    for k in truth.keys() {
        if !o.recovered.contains_key(k) {
            assert!(
                lost.contains(k) || o.uncertain.contains(k),
                "{case}: {} is missing though the damage did not touch it",
                String::from_utf8_lossy(k)
            );
        }
    }
    let repaired = repair_db(damaged);
    // RepairDB reads blocks without checking their checksums: from a block
    // with a flipped bit it may keep entries that still decode, most of
    // them right. salvage skips a block whose checksum fails (and flags its
    // keys), so the count is compared over the records outside the damaged
    // block wherever a randomly placed flip may leave the block decodable.
    let correct = |m: &BTreeMap<Vec<u8>, Vec<u8>>| {
        m.iter()
            .filter(|(k, v)| truth.get(*k) == Some(*v))
            .filter(|(k, _)| compare_damaged || !lost.contains(*k))
            .count()
    };
    assert!(
        correct(&o.recovered) >= correct(&repaired),
        "{case}: storectl recovered {} correct records, RepairDB {}",
        correct(&o.recovered),
        correct(&repaired)
    );
    for k in repaired.keys().filter(|k| !truth.contains_key(*k)) {
        assert!(
            !o.recovered.contains_key(k) || o.uncertain.contains(k),
            "{case}: RepairDB brings back deleted {}, storectl too without flagging it",
            String::from_utf8_lossy(k)
        );
    }
    o
}

#[test]
fn salvage_recovers_every_readable_record_of_each_kind_of_damage() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base");
    python(&["repro", base.to_str().unwrap(), "salvage-base"]);
    // The truth, read by C++ LevelDB from an untouched copy.
    let truth = cpp_truth(&base);
    assert!(truth.len() > 1000);
    let tables = files_with(&base, "ldb");
    assert!(tables.len() >= 2, "{tables:?}");
    // The table with the most data blocks (the layout C++ LevelDB's
    // background compactions leave can vary from run to run).
    let newest = tables
        .iter()
        .max_by_key(|t| keys_by_block(t).len())
        .unwrap()
        .clone();
    let blocks = keys_by_block(&newest);
    assert!(
        blocks.len() >= 2,
        "the biggest table has {} block(s)",
        blocks.len()
    );
    let everything: BTreeSet<Vec<u8>> = blocks.values().flatten().cloned().collect();
    let case = |name: &str| {
        let d = dir.path().join(name);
        copy_dir(&base, &d);
        d
    };

    // Flipped bytes inside one data block: only its keys may be lost.
    let d = case("flipped");
    let victim = d.join(newest.file_name().unwrap());
    let mut bytes = std::fs::read(&victim).unwrap();
    let (&offset, block_keys) = blocks.iter().nth(1).unwrap();
    bytes[offset as usize + 10] ^= 0xFF;
    std::fs::write(&victim, &bytes).unwrap();
    let o = check("flipped block", &truth, &d, block_keys);
    assert_eq!(o.code, 5);
    assert_eq!(o.report["skipped"][0]["offset"], offset);
    let lost = truth
        .keys()
        .filter(|k| !o.recovered.contains_key(*k))
        .count();
    assert!(lost <= block_keys.len());

    // A truncated table: the blocks before the cut are found by checksum.
    let d = case("truncated");
    let victim = d.join(newest.file_name().unwrap());
    let len = std::fs::metadata(&victim).unwrap().len();
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&victim)
        .unwrap();
    f.set_len(len / 2).unwrap();
    let o = check("truncated table", &truth, &d, &everything);
    assert_eq!(o.code, 5);
    let kept = o.report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["file"]
                .as_str()
                .unwrap()
                .ends_with(&*newest.file_name().unwrap().to_string_lossy())
        })
        .unwrap()["entries"]
        .as_u64()
        .unwrap();
    assert!(kept > 0, "no block before the cut was recovered");

    // A deleted table: its keys may be lost, and are flagged.
    let d = case("deleted");
    std::fs::remove_file(d.join(newest.file_name().unwrap())).unwrap();
    let o = check("deleted table", &truth, &d, &everything);
    assert_eq!(o.report["missingTables"].as_array().unwrap().len(), 1);
    let deleted = o;

    // A table none of whose bytes can be read (here a directory in its
    // place) hides its key range as a deleted one does: the same keys are
    // flagged uncertain (before, none were).
    let d = case("unreadable");
    let victim = d.join(newest.file_name().unwrap());
    std::fs::remove_file(&victim).unwrap();
    std::fs::create_dir(&victim).unwrap();
    let o = check("unreadable table", &truth, &d, &everything);
    assert_eq!(o.code, 5);
    assert_eq!(o.uncertain, deleted.uncertain);
    assert_eq!(o.recovered, deleted.recovered);

    // No manifest, garbage CURRENT, a stray garbage file: nothing is lost.
    let d = case("no-manifest");
    for m in std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().path()) {
        if m.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("MANIFEST-")
        {
            std::fs::remove_file(m).unwrap();
        }
    }
    let o = check("deleted manifest", &truth, &d, &BTreeSet::new());
    assert_eq!(o.recovered, truth);
    let d = case("garbage-current");
    std::fs::write(d.join("CURRENT"), b"\x00garbage").unwrap();
    let o = check("garbage CURRENT", &truth, &d, &BTreeSet::new());
    assert_eq!(o.recovered, truth);
    let d = case("stray");
    std::fs::write(d.join("000999.ldb"), vec![0x5Au8; 5000]).unwrap();
    std::fs::write(d.join("notes.txt"), b"hello").unwrap();
    let o = check("garbage file", &truth, &d, &BTreeSet::new());
    assert_eq!(o.recovered, truth);

    // A log with a corrupt record in the middle: later records are kept,
    // and the writes lost are counted by sequence number.
    let d = case("log");
    let log = files_with(&d, "log")
        .into_iter()
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap();
    let mut bytes = std::fs::read(&log).unwrap();
    assert!(bytes.len() > 1000, "the log holds records");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xFF;
    std::fs::write(&log, &bytes).unwrap();
    // The keys of the damaged record (read from the undamaged copy): only
    // they may come out wrong unflagged; the other records of the block are
    // read (reading resumes at the next valid record).
    let original_log = base.join(log.file_name().unwrap());
    let out = storectl()
        .args(["inspect", "log"])
        .arg(&original_log)
        .args(["-o", "ndjson"])
        .output()
        .unwrap();
    let records: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let hit = records
        .iter()
        .rev()
        .find(|r| r["offset"].as_u64().unwrap() <= mid as u64)
        .unwrap();
    let record_keys: BTreeSet<Vec<u8>> = hit["ops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|op| json_key(&op["key"]))
        .collect();
    let o = check("corrupt log record", &truth, &d, &record_keys);
    assert_eq!(o.code, 5);
    assert!(
        !o.report["lostLogWrites"].as_array().unwrap().is_empty()
            || !o.report["skipped"].as_array().unwrap().is_empty()
    );
}

#[test]
fn salvage_never_writes_in_place_and_dry_run_writes_nothing() {
    let env = TestEnv::new();
    env.run(&["put", "a", "1"]).assert().success();
    let before = files_of(&env.db);
    // The destination must be new or empty.
    let occupied = env.path("occupied");
    std::fs::create_dir(&occupied).unwrap();
    std::fs::write(occupied.join("keep"), b"x").unwrap();
    env.run(&["salvage", "--to", occupied.to_str().unwrap()])
        .assert()
        .code(1);
    assert!(occupied.join("keep").exists());
    // --dry-run: the report, nothing written anywhere; its scratch store
    // in $TMPDIR is gone afterwards, and so is one a killed dry run left
    // (it stayed in /tmp as `.tmpXXXXXX` forever), never a live one's.
    let target = env.path("never");
    let tmp = env.path("tmp");
    let stale = tmp.join("storectl-salvage-dry-run-999999999-x");
    let live = tmp.join(format!("storectl-salvage-dry-run-{}-y", std::process::id()));
    std::fs::create_dir_all(stale.join("salvaged")).unwrap();
    std::fs::create_dir_all(&live).unwrap();
    let out = env
        .run(&["salvage", "--dry-run", "-o", "json"])
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("left by a salvage --dry-run that was killed"),
        "{stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["recovered"], 1);
    assert!(!target.exists());
    assert!(files_of(&env.db) == before);
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(left, vec![live]);
    // An undamaged store is recovered completely: exit 0.
    let to = env.path("copy");
    env.run(&["salvage", "--to", to.to_str().unwrap()])
        .assert()
        .success();
    let _ = unhex("00");
    assert_eq!(
        env.stdout(&["hash"]),
        storectl()
            .arg("--db")
            .arg(&to)
            .arg("hash")
            .output()
            .unwrap()
            .stdout
            .iter()
            .map(|b| *b as char)
            .collect::<String>()
    );
}

#[test]
fn a_deleted_key_in_a_left_behind_table_does_not_come_back() {
    // RepairDB reads the stale table and brings `:gone` back (Level/levelup#520).
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base");
    python(&["repro", base.to_str().unwrap(), "deleted-then-stale"]);
    let damaged = dir.path().join("stale");
    copy_dir(&base, &damaged);
    let truth = cpp_truth(&base);
    assert!(!truth.contains_key(&b":gone"[..]));
    // RepairDB puts every table in level 0 and trusts file numbers: a get
    // of the key returns the old value (its scan hides it behind the
    // tombstone, so the two disagree).
    let repaired = damaged.with_extension("get-check");
    copy_dir(&damaged, &repaired);
    python(&["repair", repaired.to_str().unwrap()]);
    let out = std::process::Command::new("python3")
        .arg(support("differential.py"))
        .args(["get", repaired.to_str().unwrap(), "3a676f6e65"])
        .output()
        .unwrap();
    assert_ne!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "none",
        "RepairDB no longer resurrects it: the test needs another case"
    );
    let o = check("stale table", &truth, &damaged, &BTreeSet::new());
    assert!(!o.recovered.contains_key(&b":gone"[..]));
    assert_eq!(o.recovered, truth);
}

/// Entries of a generated store as C++ LevelDB read them (its
/// `DIR.expected.json`).
fn generated_truth(db: &Path) -> BTreeMap<Vec<u8>, Vec<u8>> {
    let text = std::fs::read_to_string(format!("{}.expected.json", db.display())).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (unhex(e[0].as_str().unwrap()), unhex(e[1].as_str().unwrap())))
        .collect()
}

#[test]
fn salvage_of_random_cpp_stores_matches_what_cpp_leveldb_reads() {
    // Stores C++ LevelDB wrote from random operation sequences (overwrites,
    // deletions, several levels, writes left in the log, values up to
    // megabytes): salvage of an undamaged copy is exactly its content;
    // with one data block of one table damaged, every key outside that
    // block is exact, the block's keys are lost or flagged.
    let dir = tempfile::tempdir().unwrap();
    let seeds = if std::env::var_os("STORECTL_HEAVY").is_some() {
        24u64
    } else {
        4
    };
    for seed in 0..seeds {
        let db = dir.path().join(format!("s{seed}"));
        python(&["gen", db.to_str().unwrap(), &(100 + seed).to_string(), "1"]);
        let truth = generated_truth(&db);
        let whole = salvage(&db, &db.with_extension("whole"));
        assert_eq!(whole.code, 0, "seed {seed}: {}", whole.report);
        assert!(whole.uncertain.is_empty(), "seed {seed}");
        assert!(
            whole.recovered == truth,
            "seed {seed}: salvage of an undamaged store differs from it ({} vs {} keys)",
            whole.recovered.len(),
            truth.len()
        );
        // One byte flipped inside one data block of one live table (the
        // writer may have left a table no manifest names: damage there
        // loses nothing).
        let tables: Vec<PathBuf> = whole.report["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["kind"] == "table" && f["live"] == true)
            .map(|f| PathBuf::from(f["file"].as_str().unwrap()))
            .collect();
        let table = &tables[seed as usize % tables.len()];
        let blocks = keys_by_block(table);
        let (offset, keys) = blocks
            .iter()
            .nth(seed as usize % blocks.len())
            .map(|(o, k)| (*o, k.clone()))
            .unwrap();
        let damaged = dir.path().join(format!("d{seed}"));
        copy_dir(&db, &damaged);
        let path = damaged.join(table.file_name().unwrap());
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[offset as usize + 3] ^= 0x40;
        std::fs::write(&path, bytes).unwrap();
        let o = check_against_repair_db(&format!("seed {seed}"), &truth, &damaged, &keys, false);
        assert_eq!(o.code, 5, "seed {seed}: the damage went unreported");
    }
}

#[test]
fn a_table_left_half_written_by_a_compaction_is_not_damage() {
    // C++ LevelDB closed (or crashed) during a compaction leaves the
    // output table it was writing, truncated and named by no manifest;
    // its next open deletes it. verify calls such a store sound; salvage
    // said "1 part skipped" and exited 5, as if something had been lost.
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base");
    python(&["repro", base.to_str().unwrap(), "salvage-base"]);
    let truth = cpp_truth(&base);
    let table = files_with(&base, "ldb").pop().unwrap();
    let bytes = std::fs::read(&table).unwrap();
    let leftover = base.join("900000.ldb");
    std::fs::write(&leftover, &bytes[..bytes.len() / 2]).unwrap();
    storectl()
        .arg("--db")
        .arg(&base)
        .args(["verify", "--checks", "storage"])
        .assert()
        .success();
    let o = salvage(&base, &dir.path().join("salvaged"));
    assert_eq!(o.code, 0, "{}", o.report);
    assert_eq!(o.report["complete"], true);
    assert!(o.uncertain.is_empty());
    assert_eq!(o.recovered, truth);
    // The unreadable part is still reported, as in a file the live version
    // does not use (the writer may have left another such file itself).
    let skipped = o.report["skipped"].as_array().unwrap();
    assert!(
        skipped
            .iter()
            .any(|s| s["file"] == leftover.display().to_string()),
        "{}",
        o.report
    );
    assert!(skipped.iter().all(|s| s["live"] == false), "{}", o.report);
}

#[test]
fn files_a_crash_left_behind_lose_no_key() {
    // A crash between recording a compaction's output (or a log's flush)
    // and deleting its inputs leaves files the live version no longer uses
    // that hold the very versions (same keys, same sequence numbers) the
    // live files hold. The merge took the left-behind copy first (it sorts
    // first by name), dropped it as stale and skipped the live copy as the
    // same version: 393 of 3000 keys recovered, exit 0 and "complete".
    let dir = tempfile::tempdir().unwrap();
    for case in ["compaction-inputs-left-behind", "flushed-log-left-behind"] {
        let db = dir.path().join(case);
        python(&["repro", db.to_str().unwrap(), case]);
        // C++ LevelDB reads the live version (and deletes the leftovers).
        let truth = cpp_truth(&db);
        assert!(truth.len() > 100, "{case}");
        let o = salvage(&db, &dir.path().join(format!("{case}.salvaged")));
        assert_eq!(o.code, 0, "{case}: {}", o.report);
        assert!(o.uncertain.is_empty(), "{case}: {}", o.report);
        assert_eq!(
            o.recovered.len(),
            truth.len(),
            "{case}: {} of {} keys recovered",
            o.recovered.len(),
            truth.len()
        );
        assert_eq!(o.recovered, truth, "{case}");
        let stale = o.report["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["live"] == false)
            .count();
        assert!(stale > 0, "{case}: no file left behind: {}", o.report);
    }
}

#[test]
fn a_damaged_log_the_live_version_no_longer_uses_loses_nothing() {
    // A log already flushed into tables (a lower number than the
    // manifest's log) holds nothing the live version lacks: its damaged
    // records are listed, but flag no key and make no exit 5.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    python(&["repro", db.to_str().unwrap(), "flushed-log-left-behind"]);
    let truth = cpp_truth(&db);
    // Damage one record in the middle of the flushed log.
    let log = files_with(&db, "log").into_iter().min().unwrap();
    let mut bytes = std::fs::read(&log).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&log, bytes).unwrap();
    let o = salvage(&db, &dir.path().join("salvaged"));
    assert_eq!(o.code, 0, "{}", o.report);
    assert!(o.uncertain.is_empty(), "{}", o.report);
    assert_eq!(o.recovered, truth);
    let skipped = o.report["skipped"].as_array().unwrap();
    assert!(
        !skipped.is_empty(),
        "the damaged record went unlisted: {}",
        o.report
    );
    assert!(skipped.iter().all(|s| s["live"] == false), "{}", o.report);
}

/// An undamaged table no other file's keys overlap is copied into the
/// salvaged store byte for byte instead of rebuilt; the table a newer write
/// (in the log) overlaps is rebuilt. The result holds exactly what C++
/// LevelDB reads, and a write made to it afterwards wins over the copied
/// tables' versions once compacted (the new store's sequence numbers start
/// after theirs).
#[test]
fn salvage_copies_tables_no_other_file_overlaps_and_later_writes_win() {
    let env = TestEnv::empty();
    // Three 2 MiB tables in one level (storectl's import writes sorted
    // tables directly).
    let input = env.file("records.ndjson", &noise_records(70_000));
    env.run(&["import", "--create", input.to_str().unwrap()])
        .assert()
        .success();
    let tables = files_with(&env.db, "ldb");
    assert!(tables.len() >= 3, "{} tables", tables.len());
    // C++ LevelDB overwrites and deletes two keys of one table (neither
    // first nor last): the log now overlaps that table.
    let overlapped = tables
        .iter()
        .find(|t| {
            keys_by_block(t)
                .values()
                .any(|keys| keys.contains(&b":k:020000"[..]))
        })
        .expect("a table holds k:020000")
        .clone();
    let db = env.db.to_str().unwrap();
    python(&[
        "write",
        db,
        &common::hex(b":k:020000"),
        &common::hex(b"\"rewritten\""),
    ]);
    python(&["write", db, &common::hex(b":k:020001"), "-"]);
    let truth = cpp_truth(&env.db);
    let to = env.path("salvaged");
    let outcome = salvage(&env.db, &to);
    assert_eq!(outcome.code, 0, "{}", outcome.report);
    assert!(
        outcome.recovered == truth,
        "C++ LevelDB reads {} keys of the salvaged store, {} of the original",
        outcome.recovered.len(),
        truth.len()
    );
    assert_eq!(
        truth.get(&b":k:020000"[..]).map(Vec::as_slice),
        Some(&b"\"rewritten\""[..])
    );
    assert!(!truth.contains_key(&b":k:020001"[..]));
    // Which source tables are in the result byte for byte.
    let copies = table_bytes(&to);
    for table in &tables {
        let copied = copies.contains(&std::fs::read(table).unwrap());
        assert_eq!(
            copied,
            *table != overlapped,
            "{}: copied {copied}",
            table.display()
        );
    }
    // A later write to a key of a copied table wins, in C++ LevelDB after
    // a full compaction and in storectl.
    let key = common::hex(b":k:000005");
    let read = common::support::differential_out(&[
        "put-compact",
        to.to_str().unwrap(),
        &key,
        &common::hex(b"\"later\""),
    ]);
    assert_eq!(read.trim(), common::hex(b"\"later\""));
    let got = storectl()
        .arg("--db")
        .arg(&to)
        .args(["get", "k:000005"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&got.stdout).trim(), "\"later\"");
}

/// Copied tables beside each kind of damage, on a store `import` wrote
/// (tables that do not overlap) with newer writes in a log: every case
/// recovers what C++ LevelDB read minus the damaged part, at least what
/// RepairDB keeps, and the untouched tables nothing else overlaps are in
/// the result byte for byte (with a manifest; without one, as long as every
/// file's keys are known).
#[test]
fn tables_copied_whole_beside_each_kind_of_damage() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base");
    let input = dir.path().join("records.ndjson");
    std::fs::write(&input, noise_records(70_000)).unwrap();
    storectl()
        .arg("--db")
        .arg(&base)
        .args(["import", "--create"])
        .arg(&input)
        .assert()
        .success();
    // Written one at a time by C++ LevelDB (each open flushes the last
    // write's log into a level-0 table of its own); a key before every
    // other shifts the sequence numbers a rebuild gives, so a table in the
    // result is a copy exactly when it is byte-identical.
    let db = base.to_str().unwrap();
    python(&["write", db, &common::hex(b":a"), &common::hex(b"1")]);
    python(&[
        "write",
        db,
        &common::hex(b":k:030000"),
        &common::hex(b"\"new\""),
    ]);
    python(&["write", db, &common::hex(b":k:030001"), "-"]);
    let truth = cpp_truth(&base);
    let tables = files_with(&base, "ldb");
    let keys: Vec<BTreeSet<Vec<u8>>> = tables
        .iter()
        .map(|t| keys_by_block(t).into_values().flatten().collect())
        .collect();
    // The tables holding the rewritten keys (the imported one, and the
    // level-0 table C++ LevelDB flushed the first write's log into when it
    // opened the store again) overlap each other.
    let overlapped: Vec<usize> = (0..tables.len())
        .filter(|&i| keys[i].contains(&b":k:030000"[..]))
        .collect();
    assert!(!overlapped.is_empty());
    let victim = (0..tables.len()).find(|i| !overlapped.contains(i)).unwrap();
    let name = |i: usize| tables[i].file_name().unwrap().to_owned();
    let case = |case: &str, damage: &dyn Fn(&Path), lost: &BTreeSet<Vec<u8>>, copied: &[usize]| {
        let d = dir.path().join(case);
        copy_dir(&base, &d);
        damage(&d);
        // RepairDB keeps what still decodes of a block with a flipped byte
        // (it checks no checksum): counts are compared outside it there.
        let o = check_against_repair_db(case, &truth, &d, lost, case != "flipped");
        let out = table_bytes(&d.with_extension("salvaged"));
        // The report says which tables were copied.
        let said: usize = o.report["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["copied"] == true)
            .count();
        assert_eq!(said, copied.len(), "{case}: {}", o.report["files"]);
        assert_eq!(o.report["tablesCopied"], copied.len());
        for (i, t) in tables.iter().enumerate() {
            let whole = out.contains(&std::fs::read(t).unwrap());
            assert_eq!(
                whole,
                copied.contains(&i),
                "{case}: table {i} copied: {whole}"
            );
        }
        o
    };
    let untouched: Vec<usize> = (0..tables.len())
        .filter(|i| !overlapped.contains(i) && *i != victim)
        .collect();
    let all_but_overlapped: Vec<usize> = (0..tables.len())
        .filter(|i| !overlapped.contains(i))
        .collect();
    assert!(!untouched.is_empty());
    let none = BTreeSet::new();
    let o = case("undamaged", &|_| {}, &none, &all_but_overlapped);
    assert_eq!(o.recovered, truth);
    let flip = |d: &Path| {
        let path = d.join(name(victim));
        let mut bytes = std::fs::read(&path).unwrap();
        let at = bytes.len() / 3;
        bytes[at] ^= 0xFF;
        std::fs::write(&path, &bytes).unwrap();
    };
    let o = case("flipped", &flip, &keys[victim], &untouched);
    assert_eq!(o.code, 5);
    let gone = |d: &Path| std::fs::remove_file(d.join(name(victim))).unwrap();
    let o = case("deleted", &gone, &keys[victim], &untouched);
    assert_eq!(o.code, 5);
    // Without a manifest every table counts as live; the same ones are
    // copied (their keys are all known).
    let no_manifest = |d: &Path| {
        for m in std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()) {
            if m.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("MANIFEST-")
            {
                std::fs::remove_file(m).unwrap();
            }
        }
    };
    let o = case("no-manifest", &no_manifest, &none, &all_but_overlapped);
    assert_eq!(o.recovered, truth);
    let garbage = |d: &Path| std::fs::write(d.join("CURRENT"), b"\x00garbage").unwrap();
    let o = case("garbage-current", &garbage, &none, &all_but_overlapped);
    assert_eq!(o.recovered, truth);
    // A stray file that is no table: its keys are unknown, so nothing is
    // copied whole (every table is rebuilt), and nothing is lost.
    let stray = |d: &Path| std::fs::write(d.join("000999.ldb"), vec![0x5Au8; 5000]).unwrap();
    let o = case("stray", &stray, &none, &[]);
    assert_eq!(o.recovered, truth);
}

/// NDJSON records `k:000000`… with 64 hex digits of noise each (tables of
/// about as many bytes as the data).
fn noise_records(n: u32) -> String {
    let mut records = String::new();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..n {
        let mut hex = String::new();
        for _ in 0..4 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            hex.push_str(&format!("{x:016x}"));
        }
        records.push_str(&format!("{{\"key\":\"k:{i:06}\",\"value\":\"{hex}\"}}\n"));
    }
    records
}

/// salvage runs verify's model checks as it reads the damaged store (not
/// by reading the new one again): on the tables it copies whole as their
/// blocks are read, on the rest as the merge writes them. Its findings are
/// exactly what `verify` finds on the salvaged store, in a namespace beside
/// another, with machine states in the log and their roots in a table.
#[test]
fn salvage_reports_the_model_findings_verify_makes_on_its_result() {
    let env = TestEnv::empty();
    let records = r#"{"key":"block:0xaa","value":{"stateRoot":"0xaa","height":0}}
{"key":"block:0xbb","value":{"stateRoot":"0xcc","height":1}}
{"key":"block:0xee","value":{"stateRoot":"0xee","height":7}}
{"key":"height:0","value":"0xaa"}
{"key":"height:1","value":"0xbb"}
{"key":"height:3","value":"0xdd"}
{"key":"height:4","value":"0xee"}
{"key":"root:0xr1","value":{"stateRoot":"0xr1"}}
{"key":"root:0xr2","value":{"stateRoot":"0xzz"}}
"#;
    let later = r#"{"key":"state:m1","value":{"stateRoot":"0xnone"}}
{"key":"state:m2","value":{"stateRoot":"0xr1"}}
{"key":"state:m2:sub","value":1}
{"key":"state:m3","value":[1]}
{"key":"snapshot:s1:base","value":"gone"}
{"key":"snapshot:s2","value":{"id":"s2","timestamp":1,"data":{}}}
{"key":"snapshot:s3:base","value":"s2"}
"#;
    // The first import writes a table; the later ones go through the
    // engine, into the log.
    let first = env.file("records.ndjson", records);
    let later = env.file("later.ndjson", later);
    for (prefix, input, how) in [
        ("app", &first, "--create"),
        ("app", &later, "--merge"),
        ("other", &first, "--create"),
    ] {
        env.run(&["--prefix", prefix, "import", how, input.to_str().unwrap()])
            .assert()
            .success();
    }
    assert!(!files_with(&env.db, "log").is_empty());
    let to = env.path("salvaged");
    let out = storectl()
        .arg("--db")
        .arg(&env.db)
        .args(["--prefix", "app", "salvage", "-o", "json", "--to"])
        .arg(&to)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The table holding the roots was copied whole (its checks made as it
    // was read), the states came through the merge.
    let copies = table_bytes(&to);
    assert!(files_with(&env.db, "ldb")
        .iter()
        .any(|t| copies.contains(&std::fs::read(t).unwrap())));
    let (code, verified) = model_verify(&to, &["--prefix", "app"]);
    assert_eq!(code, Some(5));
    let set = |v: &serde_json::Value| -> BTreeSet<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|f| f.to_string())
            .collect()
    };
    let found = set(&report["modelFindings"]);
    assert_eq!(found, set(&verified["findings"]));
    // Every planted problem, each once.
    for needle in [
        "not the key's hash 0xbb",
        "0xdd, which does not exist",
        "has no root:0xnone entry",
        "not 0xr2",
        "base gone does not exist",
        "gap: height 2 ",
        "orphan",
        "whose height is 7",
        "not a JSON object",
    ] {
        assert_eq!(
            found.iter().filter(|f| f.contains(needle)).count(),
            1,
            "{needle}: {found:#?}"
        );
    }
}

/// `verify` of the model's checks (those salvage reports) on the store at
/// `db`, with `args` before the command: its exit code and JSON report.
fn model_verify(db: &Path, args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let out = storectl()
        .arg("--db")
        .arg(db)
        .args(args)
        .args([
            "verify",
            "--checks",
            "blocks,states,snapshots",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

/// Past the first 1000 model findings salvage counts without wording
/// them, and the count is exactly what `verify` finds on the result.
#[test]
fn salvage_counts_every_model_finding_past_those_it_shows() {
    let env = TestEnv::empty();
    let mut records = String::new();
    for h in 0..1500u32 {
        // Blocks without a height entry (orphans), and height entries
        // naming blocks that do not exist.
        records.push_str(&format!(
            "{{\"key\":\"block:0x{h:04x}\",\"value\":{{\"stateRoot\":\"0x{h:04x}\",\"height\":{h}}}}}\n"
        ));
        records.push_str(&format!(
            "{{\"key\":\"height:{}\",\"value\":\"0xgone{h}\"}}\n",
            h + 2000
        ));
    }
    let input = env.file("records.ndjson", &records);
    env.run(&["import", "--create", input.to_str().unwrap()])
        .assert()
        .success();
    let to = env.path("salvaged");
    let out = storectl()
        .arg("--db")
        .arg(&env.db)
        .args(["salvage", "-o", "json", "--to"])
        .arg(&to)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let shown = report["modelFindings"].as_array().unwrap();
    assert_eq!(shown.len(), 1001);
    let last = shown[1000]["message"].as_str().unwrap();
    let more: usize = last
        .strip_prefix("... and ")
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{last}"));
    let (_, verified) = model_verify(&to, &[]);
    let findings = verified["findings"].as_array().unwrap();
    assert_eq!(1000 + more, findings.len());
    // The ones shown are verify's first thousand.
    for (a, b) in shown[..1000].iter().zip(findings) {
        assert_eq!(a["message"], b["message"]);
        assert_eq!(a["key"], b["key"]);
    }
}

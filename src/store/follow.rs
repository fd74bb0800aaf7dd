//! Tailing a live store's write-ahead logs: every write batch as the owner
//! writes it, without the lock and without writing anything.
//!
//! The reader keeps the log it is reading open (so a log the owner deletes
//! after a flush is still read to its end), reads whole records from the
//! last record boundary on each poll, waits for a record still being
//! written, and moves to the next log (by file number) once one appears.

use super::ldb::log::{read_tolerant, LogEvent, LOG_BLOCK_SIZE};
use super::ldb::manifest::{read_current, Manifest};
use super::ldb::memtable::decode_batch;
use super::ldb::ReadError;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// One operation of a write batch (exact key bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TailOp {
    /// A put (else a deletion).
    pub put: bool,
    /// The exact LevelDB key.
    pub key: Vec<u8>,
    /// The value (empty for a deletion).
    pub value: Vec<u8>,
}

/// What a poll found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TailEvent {
    /// A write batch.
    Batch {
        /// Its first sequence number.
        seq: u64,
        /// Its operations, in order.
        ops: Vec<TailOp>,
    },
    /// Writes that are in no log (ingested as a table, see `store::ingest`),
    /// or in no log any more (flushed into tables before they
    /// were read): sequence numbers `from..=to`.
    Gap {
        /// First missing sequence number.
        from: u64,
        /// Last missing sequence number.
        to: u64,
    },
    /// A damaged record, skipped.
    Damage {
        /// The log.
        file: PathBuf,
        /// Its offset.
        offset: u64,
        /// What is wrong.
        message: String,
    },
}

/// Where a tail starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TailStart {
    /// Only writes made from now on.
    End,
    /// Everything the live logs still hold.
    Beginning,
    /// Writes after this sequence number.
    AfterSeq(u64),
}

/// A tail of a store's logs.
pub struct LogTail {
    dir: PathBuf,
    current: Option<(u64, PathBuf, File)>,
    /// Offset of the first record not yet consumed in the current log.
    pos: u64,
    /// The next sequence number expected (0: unknown yet).
    next_seq: u64,
    /// Batches at or below this sequence number are not reported.
    skip_through: u64,
    start: TailStart,
    started: bool,
    /// Newer logs, opened as soon as they are seen (so the owner deleting
    /// one after a flush cannot hide it), oldest first.
    queued: std::collections::VecDeque<(u64, PathBuf, File)>,
    /// Logs opened by the watcher thread the moment they appear.
    pins: Option<std::sync::mpsc::Receiver<(u64, PathBuf, File)>>,
    /// The live manifest as last read: name, length, last sequence.
    manifest: Option<(String, u64, u64)>,
}

fn logs_in(dir: &Path) -> Result<Vec<(u64, PathBuf)>, ReadError> {
    super::ldb::manifest::log_files(dir)
}

impl LogTail {
    /// A tail of the store in `dir` starting at `start`.
    pub fn new(dir: &Path, start: TailStart) -> LogTail {
        LogTail {
            dir: dir.to_path_buf(),
            current: None,
            pos: 0,
            skip_through: match start {
                TailStart::AfterSeq(n) => n,
                _ => 0,
            },
            // Resuming: the next write expected is the one after.
            next_seq: match start {
                TailStart::AfterSeq(n) => n + 1,
                _ => 0,
            },
            start,
            started: false,
            queued: std::collections::VecDeque::new(),
            pins: None,
            manifest: None,
        }
    }

    /// Opens new logs from a watcher thread the moment the directory
    /// changes (inotify), however long the caller takes between polls: an
    /// owner that flushes fast creates and deletes logs within milliseconds.
    pub fn watch(&mut self) {
        let Some(watch) = DirWatch::new(&self.dir) else {
            return;
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let dir = self.dir.clone();
        std::thread::spawn(move || {
            let mut seen = 0u64;
            loop {
                if let Ok(logs) = logs_in(&dir) {
                    for (n, path) in logs {
                        if n <= seen {
                            continue;
                        }
                        if let Ok(f) = File::open(&path) {
                            seen = n;
                            if tx.send((n, path, f)).is_err() {
                                return;
                            }
                        }
                    }
                }
                watch.wait(std::time::Duration::from_millis(1000));
            }
        });
        self.pins = Some(rx);
    }

    /// The first log to read: the oldest live one (by the manifest), or the
    /// newest when starting at the end.
    fn first_log(&mut self) -> Result<Option<(u64, PathBuf)>, ReadError> {
        let logs = logs_in(&self.dir)?;
        if self.start == TailStart::End {
            return Ok(logs.last().cloned());
        }
        let log_number = read_current(&self.dir)
            .and_then(|name| {
                let path = self.dir.join(name);
                let data = std::fs::read(&path).map_err(|e| ReadError::io(&path, "read", &e))?;
                Manifest::replay(&path, &data)
            })
            .map(|m| m.log_number)
            .unwrap_or(0);
        Ok(logs.into_iter().find(|(n, _)| *n >= log_number))
    }

    fn open(&mut self, number: u64, path: PathBuf) -> Result<bool, ReadError> {
        match File::open(&path) {
            Ok(f) => {
                self.current = Some((number, path, f));
                self.pos = 0;
                Ok(true)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(ReadError::io(&path, "open", &e)),
        }
    }

    /// Reads the new whole records of the current log.
    fn read_current(&mut self, events: &mut Vec<TailEvent>) -> Result<(), ReadError> {
        let Some((_, path, file)) = self.current.as_ref() else {
            return Ok(());
        };
        let block_start = self.pos - self.pos % LOG_BLOCK_SIZE as u64;
        let len = file
            .metadata()
            .map_err(|e| ReadError::io(path, "stat", &e))?
            .len();
        if len <= self.pos {
            return Ok(());
        }
        let mut data = vec![0u8; (len - block_start) as usize];
        let mut done = 0;
        while done < data.len() {
            match file.read_at(&mut data[done..], block_start + done as u64) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(ReadError::io(path, "read", &e)),
            }
        }
        data.truncate(done);
        let path = path.clone();
        let skip_before = self.pos - block_start;
        let mut consumed = data.len() as u64;
        let mut batches = Vec::new();
        read_tolerant(&data, |event| match event {
            LogEvent::Record { offset, data } if offset >= skip_before => {
                batches.push((offset, data))
            }
            LogEvent::Record { .. } => {}
            LogEvent::Damage {
                offset, message, ..
            } if offset >= skip_before => events.push(TailEvent::Damage {
                file: path.clone(),
                offset: block_start + offset,
                message,
            }),
            LogEvent::Damage { .. } => {}
            LogEvent::TornTail { offset } => consumed = consumed.min(offset),
        });
        for (offset, batch) in batches {
            if offset >= consumed {
                continue;
            }
            let mut ops = Vec::new();
            match decode_batch(&batch, |_, kind, key, value| {
                ops.push(TailOp {
                    put: kind == 1,
                    key: key.to_vec(),
                    value: value.to_vec(),
                })
            }) {
                Ok(seq) => self.emit(seq, ops, events),
                Err(message) => events.push(TailEvent::Damage {
                    file: path.clone(),
                    offset: block_start + offset,
                    message,
                }),
            }
        }
        self.pos = block_start + consumed;
        Ok(())
    }

    fn emit(&mut self, seq: u64, ops: Vec<TailOp>, events: &mut Vec<TailEvent>) {
        let count = ops.len() as u64;
        // Writes between the last seen (or, resuming, the one asked for)
        // and this one are in no log: a gap. (0: nothing seen yet.)
        if self.next_seq > 0 && seq > self.next_seq {
            events.push(TailEvent::Gap {
                from: self.next_seq,
                to: seq - 1,
            });
        }
        self.next_seq = self.next_seq.max(seq + count.max(1));
        // --from-seq N: batches the caller has seen (a batch is identified
        // by its first sequence number, as printed).
        if seq <= self.skip_through {
            return;
        }
        events.push(TailEvent::Batch { seq, ops });
    }

    /// The last sequence number the live manifest records (read again
    /// only when `CURRENT` or the manifest's length changed); `None` when
    /// it cannot be read.
    fn tables_sequence(&mut self) -> Option<u64> {
        let name = read_current(&self.dir).ok()?;
        let path = self.dir.join(&name);
        let len = std::fs::metadata(&path).ok()?.len();
        if let Some((seen, seen_len, seq)) = &self.manifest {
            if *seen == name && *seen_len == len {
                return Some(*seq);
            }
        }
        let data = std::fs::read(&path).ok()?;
        let seq = Manifest::replay(&path, &data).ok()?.last_sequence;
        self.manifest = Some((name, len, seq));
        Some(seq)
    }

    /// Reads what was written since the last poll.
    pub fn poll(&mut self) -> Result<Vec<TailEvent>, ReadError> {
        let mut events = Vec::new();
        if !self.started {
            let Some((number, path)) = self.first_log()? else {
                return Ok(events);
            };
            if !self.open(number, path)? {
                return Ok(events);
            }
            self.started = true;
            if self.start == TailStart::End {
                // Skip what is there now (up to the last whole record).
                let mut ignored = Vec::new();
                self.read_current(&mut ignored)?;
                if let Some(TailEvent::Batch { seq, ops }) = ignored
                    .iter()
                    .rev()
                    .find(|e| matches!(e, TailEvent::Batch { .. }))
                {
                    self.next_seq = seq + ops.len() as u64;
                }
                if self.next_seq == 0 {
                    // An empty log: every write so far is in the tables.
                    self.next_seq = self.tables_sequence().map_or(0, |m| m + 1);
                }
                return Ok(events);
            }
        }
        // The tables' last sequence, when it says writes were made that no
        // log read so far holds: the logs are read once more, then what is
        // still missing is a gap.
        let mut recheck: Option<u64> = None;
        loop {
            // Logs the watcher opened, then any newer ones listed now.
            if let Some(rx) = &self.pins {
                while let Ok((n, path, f)) = rx.try_recv() {
                    let newest = self
                        .queued
                        .back()
                        .or(self.current.as_ref())
                        .map_or(0, |(n, _, _)| *n);
                    if n > newest {
                        self.queued.push_back((n, path, f));
                    }
                }
            }
            let newest = self
                .queued
                .back()
                .or(self.current.as_ref())
                .map_or(0, |(n, _, _)| *n);
            for (n, path) in logs_in(&self.dir)?.into_iter().filter(|(n, _)| *n > newest) {
                if let Ok(f) = File::open(&path) {
                    self.queued.push_back((n, path, f));
                }
            }
            self.read_current(&mut events)?;
            let Some(next) = self.queued.pop_front() else {
                // Writes that never were in a log (ingested as a table of
                // their own, see `store::ingest`) or left it before it was
                // read: reported now, not when the next logged write comes.
                if self.next_seq == 0 {
                    // From the start, with no batch in the live logs: the
                    // writes so far are all in the tables, before the tail.
                    self.next_seq = self.tables_sequence().map_or(0, |m| m + 1);
                    return Ok(events);
                }
                match recheck {
                    None => {
                        if let Some(m) = self.tables_sequence().filter(|m| *m >= self.next_seq) {
                            recheck = Some(m);
                            continue;
                        }
                    }
                    Some(m) if m >= self.next_seq => {
                        events.push(TailEvent::Gap {
                            from: self.next_seq,
                            to: m,
                        });
                        self.next_seq = m + 1;
                    }
                    _ => {}
                }
                return Ok(events);
            };
            // The owner moved on: the current log was read to its end
            // through its open descriptor; go on with the next.
            self.read_current(&mut events)?;
            self.current = Some(next);
            self.pos = 0;
        }
    }
}

/// Wakes a tail as soon as the store directory changes (Linux inotify: a
/// file created, written or renamed), instead of sleeping a fixed time: new
/// logs are opened at once, before an owner that flushes quickly deletes them.
pub struct DirWatch {
    fd: i32,
}

impl DirWatch {
    /// Watches `dir`; `None` where inotify is unavailable (then poll).
    pub fn new(dir: &Path) -> Option<DirWatch> {
        use std::os::unix::ffi::OsStrExt;
        let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
        // SAFETY: plain system calls on a descriptor this struct owns.
        unsafe {
            let fd = libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC);
            if fd < 0 {
                return None;
            }
            let mask = libc::IN_CREATE | libc::IN_MODIFY | libc::IN_MOVED_TO | libc::IN_CLOSE_WRITE;
            if libc::inotify_add_watch(fd, path.as_ptr(), mask) < 0 {
                libc::close(fd);
                return None;
            }
            Some(DirWatch { fd })
        }
    }

    /// Waits up to `timeout` for a change; true when one happened.
    pub fn wait(&self, timeout: std::time::Duration) -> bool {
        let mut pfd = libc::pollfd {
            fd: self.fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one pollfd, and a read into a local buffer of its size.
        unsafe {
            let ready = libc::poll(
                &mut pfd,
                1,
                timeout.as_millis().min(i32::MAX as u128) as i32,
            );
            if ready <= 0 {
                return false;
            }
            let mut buf = [0u8; 4096];
            while libc::read(self.fd, buf.as_mut_ptr().cast(), buf.len()) > 0 {}
        }
        true
    }
}

impl Drop for DirWatch {
    fn drop(&mut self) {
        // SAFETY: the descriptor is ours and closed once.
        unsafe {
            libc::close(self.fd);
        }
    }
}

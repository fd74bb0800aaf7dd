//! What `verify` found, in bounded memory: counts per check, the first
//! findings in memory, and the rest spilled to an anonymous temporary file
//! (removed by the system when the report is dropped), so a store with
//! millions of bad keys is reported whole without holding it in memory.

use super::verify::{Check, Finding};
use crate::store::codec::escape_bytes;
use crate::{Result, StoreError};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, Write};

/// Findings kept in memory; later ones are spilled to disk.
pub const KEPT_FINDINGS: usize = 1000;

/// The outcome: items checked per check, and every finding.
#[derive(Debug, Default)]
pub struct VerifyReport {
    /// Items examined by each check that ran.
    pub items: BTreeMap<Check, u64>,
    counts: BTreeMap<Check, usize>,
    kept: Vec<Finding>,
    /// Findings past the kept ones, or why they could not be written.
    spill: Option<std::result::Result<BufWriter<File>, String>>,
    /// Findings past the kept ones are only counted, not written.
    count_only: bool,
    /// Findings counted and not kept or written (with `count_only`).
    dropped: BTreeMap<Check, usize>,
}

impl VerifyReport {
    /// A report that keeps the first [`KEPT_FINDINGS`] findings and only
    /// counts the rest (for a summary that shows no more: salvage).
    pub fn counting_past_kept() -> VerifyReport {
        VerifyReport {
            count_only: true,
            ..VerifyReport::default()
        }
    }

    /// Whether further findings are only counted: a checker may count
    /// them with [`VerifyReport::count_more`] instead of wording them.
    pub fn is_full(&self) -> bool {
        self.count_only && self.kept.len() >= KEPT_FINDINGS
    }

    /// How many more findings this report will keep and word (`None`: all).
    pub fn room(&self) -> Option<usize> {
        self.count_only
            .then(|| KEPT_FINDINGS.saturating_sub(self.kept.len()))
    }

    /// Counts `n` findings of `check` that a full report does not word.
    pub fn count_more(&mut self, check: Check, n: usize) {
        *self.counts.entry(check).or_default() += n;
        *self.dropped.entry(check).or_default() += n;
    }

    /// Findings of one check.
    pub fn count(&self, check: Check) -> usize {
        self.counts.get(&check).copied().unwrap_or(0)
    }

    /// Findings of every check.
    pub fn len(&self) -> usize {
        self.counts.values().sum()
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The first findings (up to [`KEPT_FINDINGS`]), in the order found.
    pub fn first(&self) -> &[Finding] {
        &self.kept
    }

    /// Records a finding.
    pub fn push(&mut self, finding: Finding) {
        if self.is_full() {
            return self.count_more(finding.check, 1);
        }
        *self.counts.entry(finding.check).or_default() += 1;
        if self.kept.len() < KEPT_FINDINGS {
            self.kept.push(finding);
            return;
        }
        let spill = self.spill.get_or_insert_with(|| {
            tempfile::tempfile()
                .map(BufWriter::new)
                .map_err(|e| format!("create a temporary file for verify findings: {e}"))
        });
        if let Ok(writer) = spill {
            // Each finding as three length-prefixed strings.
            let mut write = || -> std::io::Result<()> {
                for part in [finding.check.name(), &finding.key, &finding.message] {
                    writer.write_all(&(part.len() as u64).to_le_bytes())?;
                    writer.write_all(part.as_bytes())?;
                }
                Ok(())
            };
            if let Err(e) = write() {
                *spill = Err(format!("spill verify findings to a temporary file: {e}"));
            }
        }
    }

    /// [`VerifyReport::add`] with a message worded only when the report
    /// keeps it (a full report only counts: a million findings are not
    /// each worded and dropped).
    pub(crate) fn add_with(&mut self, check: Check, key: &[u8], message: impl FnOnce() -> String) {
        if self.is_full() {
            return self.count_more(check, 1);
        }
        self.add(check, key, message());
    }

    /// Records a finding about a key.
    pub(crate) fn add(&mut self, check: Check, key: &[u8], message: impl Into<String>) {
        if self.is_full() {
            return self.count_more(check, 1);
        }
        self.push(Finding {
            check,
            key: escape_bytes(key),
            message: message.into(),
        });
    }

    /// Moves every finding and item count of `other` into this report.
    pub fn append(&mut self, mut other: VerifyReport) -> Result<()> {
        for (check, n) in std::mem::take(&mut other.items) {
            *self.items.entry(check).or_default() += n;
        }
        if self.is_empty() {
            // Nothing here yet: take the other's findings as they are
            // (kept and spilled), rather than reading them back one by one.
            self.counts = other.counts;
            self.kept = other.kept;
            self.spill = other.spill;
            self.dropped = other.dropped;
            return Ok(());
        }
        other.for_each(|f| {
            self.push(f);
            Ok::<(), StoreError>(())
        })?;
        for (check, n) in std::mem::take(&mut other.dropped) {
            self.count_more(check, n);
        }
        Ok(())
    }

    /// Calls `each` with every finding, in the order found; an error
    /// reading the spilled findings back is returned, never a shorter list.
    pub fn for_each<E: From<StoreError>>(
        &mut self,
        mut each: impl FnMut(Finding) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        for f in &self.kept {
            each(f.clone())?;
        }
        let writer = match &mut self.spill {
            None => return Ok(()),
            Some(Err(e)) => {
                return Err(StoreError::Io {
                    context: "verify findings".into(),
                    message: e.clone(),
                }
                .into())
            }
            Some(Ok(writer)) => writer,
        };
        let io = |e: std::io::Error| StoreError::Io {
            context: "read back spilled verify findings".into(),
            message: e.to_string(),
        };
        writer.flush().map_err(io)?;
        let mut file = writer.get_ref().try_clone().map_err(io)?;
        file.rewind().map_err(io)?;
        let mut input = BufReader::new(&file);
        let part = |input: &mut BufReader<&File>| -> std::io::Result<String> {
            let mut len = [0u8; 8];
            input.read_exact(&mut len)?;
            let mut bytes = vec![0u8; u64::from_le_bytes(len) as usize];
            input.read_exact(&mut bytes)?;
            String::from_utf8(bytes).map_err(std::io::Error::other)
        };
        // The file ends between findings; one cut inside a finding is an error.
        while !input.fill_buf().map_err(io)?.is_empty() {
            let name = part(&mut input).map_err(io)?;
            let check = Check::parse(&name).expect("a check name this report wrote");
            let key = part(&mut input).map_err(io)?;
            let message = part(&mut input).map_err(io)?;
            each(Finding {
                check,
                key,
                message,
            })?;
        }
        // Further findings are appended after what was read.
        file.seek(std::io::SeekFrom::End(0)).map_err(io)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_counting_past_the_kept_findings_counts_every_one() {
        let mut report = VerifyReport::counting_past_kept();
        let n = KEPT_FINDINGS + 250;
        for i in 0..n {
            assert_eq!(report.is_full(), i >= KEPT_FINDINGS);
            report.add(Check::Blocks, format!("k{i}").as_bytes(), "m");
        }
        report.count_more(Check::States, 5);
        assert_eq!(report.len(), n + 5);
        assert_eq!(report.first().len(), KEPT_FINDINGS);
        assert!(report.spill.is_none(), "nothing written past the kept ones");
        // Joined into another report (empty or not), nothing is lost.
        let mut other = VerifyReport::counting_past_kept();
        other.add(Check::Values, b"first", "m");
        other.append(report).unwrap();
        assert_eq!(other.len(), n + 6);
        assert_eq!(other.count(Check::States), 5);
        assert_eq!(other.first()[0].key, "first");
        let mut empty = VerifyReport::counting_past_kept();
        empty.append(other).unwrap();
        assert_eq!(empty.len(), n + 6);
        assert_eq!(empty.count(Check::Blocks), n);
    }

    #[test]
    fn findings_past_the_kept_ones_spill_and_come_back_in_order() {
        let mut report = VerifyReport::default();
        let n = KEPT_FINDINGS * 3 + 7;
        for i in 0..n {
            let check = if i % 2 == 0 {
                Check::Values
            } else {
                Check::Blocks
            };
            report.add(check, format!("k{i}\t\n").as_bytes(), format!("m{i} \"q\""));
        }
        assert_eq!(report.len(), n);
        assert_eq!(report.first().len(), KEPT_FINDINGS);
        assert_eq!(report.count(Check::Values), n.div_ceil(2));
        let mut seen = Vec::new();
        report
            .for_each(|f| {
                seen.push(f);
                Ok::<(), StoreError>(())
            })
            .unwrap();
        assert_eq!(seen.len(), n);
        for (i, f) in seen.iter().enumerate() {
            assert_eq!(f.message, format!("m{i} \"q\""));
            assert_eq!(f.key, escape_bytes(format!("k{i}\t\n").as_bytes()));
        }
        // Appending after a read keeps every finding.
        let mut more = VerifyReport::default();
        more.add(Check::States, b"late", "after");
        report.append(more).unwrap();
        let mut last = None;
        let mut total = 0;
        report
            .for_each(|f| {
                total += 1;
                last = Some(f);
                Ok::<(), StoreError>(())
            })
            .unwrap();
        assert_eq!(total, n + 1);
        assert_eq!(last.unwrap().message, "after");

        // Appended into an empty report, every finding is still there, in order.
        let mut empty = VerifyReport::default();
        empty.items.insert(Check::Blocks, 3);
        empty.append(report).unwrap();
        assert_eq!(empty.len(), n + 1);
        assert_eq!(empty.items[&Check::Blocks], 3);
        let mut messages = Vec::new();
        empty
            .for_each(|f| {
                messages.push(f.message);
                Ok::<(), StoreError>(())
            })
            .unwrap();
        assert_eq!(messages.len(), n + 1);
        assert_eq!(messages[0], "m0 \"q\"");
        assert_eq!(messages[n], "after");
    }
}

//! `LogWriter`: appends records in the log format that
//! [`super::log`] reads (32 KiB blocks of `crc | length | type | payload`
//! fragments). storectl writes manifests with it when it builds a store
//! from sorted tables; the engine writes every other log.

use super::format::{crc32c, mask};
use super::log::{FIRST, FULL, LAST, LOG_BLOCK_SIZE, LOG_HEADER_LEN, MIDDLE};
use std::io::{self, Write};

/// Writes logical records to `out`, fragmenting them across blocks.
pub struct LogWriter<W: Write> {
    out: W,
    block_offset: usize,
}

impl<W: Write> LogWriter<W> {
    /// A writer at the start of an empty file.
    pub fn new(out: W) -> LogWriter<W> {
        LogWriter {
            out,
            block_offset: 0,
        }
    }

    /// Appends one logical record.
    pub fn add_record(&mut self, mut data: &[u8]) -> io::Result<()> {
        let mut first = true;
        loop {
            let left = LOG_BLOCK_SIZE - self.block_offset;
            if left < LOG_HEADER_LEN {
                // Too small for a header: pad the block with zeros.
                self.out.write_all(&[0; LOG_HEADER_LEN][..left])?;
                self.block_offset = 0;
                continue;
            }
            let room = left - LOG_HEADER_LEN;
            let n = data.len().min(room);
            let last = n == data.len();
            let kind = match (first, last) {
                (true, true) => FULL,
                (true, false) => FIRST,
                (false, true) => LAST,
                (false, false) => MIDDLE,
            };
            let crc = crc32c::crc32c_append(crc32c(&[kind]), &data[..n]);
            self.out.write_all(&mask(crc).to_le_bytes())?;
            self.out.write_all(&(n as u16).to_le_bytes())?;
            self.out.write_all(&[kind])?;
            self.out.write_all(&data[..n])?;
            self.block_offset += LOG_HEADER_LEN + n;
            data = &data[n..];
            first = false;
            if last {
                return Ok(());
            }
        }
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ldb::log::read_records;
    use std::path::Path;

    #[test]
    fn records_of_every_size_read_back_across_block_boundaries() {
        let sizes = [
            0usize,
            1,
            100,
            LOG_BLOCK_SIZE - 14,
            7,
            LOG_BLOCK_SIZE * 2 + 3,
            5,
        ];
        let mut writer = LogWriter::new(Vec::new());
        let records: Vec<Vec<u8>> = sizes
            .iter()
            .enumerate()
            .map(|(i, n)| (0..*n).map(|j| (i * 31 + j) as u8).collect())
            .collect();
        for r in &records {
            writer.add_record(r).unwrap();
        }
        let data = writer.into_inner();
        let mut got = Vec::new();
        read_records(Path::new("test.log"), &data, |_, r| {
            got.push(r.to_vec());
            Ok(())
        })
        .unwrap();
        assert_eq!(got, records);
    }
}

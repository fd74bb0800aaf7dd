//! Decompression of a large Snappy block as it is read: the compressed
//! bytes are taken a piece at a time from the file, so reading a block of
//! hundreds of megabytes (a snapshot of a whole store is one value) needs
//! its decompressed size in memory, not that plus the compressed size.
//! Blocks of ordinary size are decompressed whole by the `snap` crate; this
//! decoder is tested against it.
//!
//! The format (Snappy's `format_description.txt`): the decompressed length
//! as a varint, then elements — a literal (its length in the tag or in the
//! 1–4 bytes after it, then its bytes) or a copy of earlier output (length
//! and an offset back of 1, 2 or 4 bytes).

/// The most output one byte of a Snappy stream can stand for: an element
/// is a literal (at least one byte of input per byte of output) or a copy
/// of at most 64 bytes written in at least 3 (two-byte offset; 11 bytes
/// in 2 with a one-byte offset), so no stream expands more than 64/3.
const MAX_EXPANSION: usize = 22;

/// The longest output `compressed` bytes of Snappy can decompress to: a
/// length declared beyond it is damage (or a forgery), refused before
/// anything that large is allocated.
pub fn max_decompressed_len(compressed: usize) -> usize {
    compressed.saturating_mul(MAX_EXPANSION)
}

/// Where the compressed bytes come from: fills `buf` from the stream's
/// next bytes, returning how many (0 at its end).
pub trait Source {
    /// Reads the next bytes of the stream into `buf`.
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, String>;
}

/// The compressed stream, buffered.
struct Input<'a, S: Source> {
    source: &'a mut S,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
}

impl<S: Source> Input<'_, S> {
    /// Makes `n` bytes available (fewer only at the end of the stream).
    fn fill(&mut self, n: usize) -> Result<usize, String> {
        if self.end - self.pos < n {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
            while self.end < n {
                let got = self.source.read(&mut self.buf[self.end..])?;
                if got == 0 {
                    break;
                }
                self.end += got;
            }
        }
        Ok((self.end - self.pos).min(n))
    }

    fn byte(&mut self) -> Result<Option<u8>, String> {
        if self.fill(1)? == 0 {
            return Ok(None);
        }
        self.pos += 1;
        Ok(Some(self.buf[self.pos - 1]))
    }

    /// The next `n` (≤ 4) bytes as a little-endian number.
    fn number(&mut self, n: usize) -> Result<usize, String> {
        if self.fill(n)? < n {
            return Err("the stream ends inside an element".into());
        }
        let mut v = 0usize;
        for (i, b) in self.buf[self.pos..self.pos + n].iter().enumerate() {
            v |= (*b as usize) << (8 * i);
        }
        self.pos += n;
        Ok(v)
    }
}

/// Decompresses the Snappy stream `source` delivers, reading it `chunk`
/// bytes at a time. Fails on anything malformed: a length over `max_len`,
/// a copy reaching before the start, output longer or shorter than the
/// stream declares, or a stream that ends inside an element.
pub fn decompress<S: Source>(
    source: &mut S,
    chunk: usize,
    max_len: usize,
) -> Result<Vec<u8>, String> {
    decompress_until(source, chunk, max_len, |_| false).map(|(out, _)| out)
}

/// [`decompress`], asking `enough` after each element whether the output
/// so far suffices; when it says so, stops there and returns that output
/// and `true` (the rest of the stream is left unread and unchecked).
pub fn decompress_until<S: Source>(
    source: &mut S,
    chunk: usize,
    max_len: usize,
    mut enough: impl FnMut(&[u8]) -> bool,
) -> Result<(Vec<u8>, bool), String> {
    let mut input = Input {
        source,
        buf: vec![0; chunk.max(16)],
        pos: 0,
        end: 0,
    };
    let mut len = 0usize;
    for shift in (0..35).step_by(7) {
        let b = input.byte()?.ok_or("the stream ends in its length")?;
        len |= ((b & 0x7f) as usize) << shift;
        if b & 0x80 == 0 {
            break;
        }
        if shift == 28 {
            return Err("the stream's length is not a varint32".into());
        }
    }
    if len > max_len {
        return Err(format!(
            "the stream declares {len} bytes, more than {max_len}"
        ));
    }
    let mut out: Vec<u8> = Vec::with_capacity(len);
    while let Some(tag) = input.byte()? {
        let (copy_len, offset) = match tag & 3 {
            0 => {
                let mut n = (tag >> 2) as usize;
                if n >= 60 {
                    n = input.number(n - 59)?;
                }
                let mut n = n + 1;
                if n > len - out.len() {
                    return Err("a literal runs past the declared length".into());
                }
                while n > 0 {
                    let have = input.fill(n.min(input.buf.len()))?;
                    if have == 0 {
                        return Err("the stream ends inside a literal".into());
                    }
                    out.extend_from_slice(&input.buf[input.pos..input.pos + have]);
                    input.pos += have;
                    n -= have;
                }
                if enough(&out) {
                    return Ok((out, true));
                }
                continue;
            }
            1 => {
                let low = input.number(1)?;
                (
                    4 + ((tag >> 2) & 7) as usize,
                    ((tag as usize >> 5) << 8) | low,
                )
            }
            2 => (1 + (tag >> 2) as usize, input.number(2)?),
            _ => (1 + (tag >> 2) as usize, input.number(4)?),
        };
        if offset == 0 || offset > out.len() {
            return Err(format!(
                "a copy reaches {offset} bytes back, before the start"
            ));
        }
        if copy_len > len - out.len() {
            return Err("a copy runs past the declared length".into());
        }
        let from = out.len() - offset;
        if offset >= copy_len {
            out.extend_from_within(from..from + copy_len);
        } else {
            // Overlapping: the copy repeats the last `offset` bytes.
            for i in 0..copy_len {
                out.push(out[from + i]);
            }
        }
        if enough(&out) {
            return Ok((out, true));
        }
    }
    if out.len() != len {
        return Err(format!(
            "the stream decompresses to {} bytes, not the {len} it declares",
            out.len()
        ));
    }
    Ok((out, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A slice delivered at most `step` bytes per read.
    struct Slice<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Source for Slice<'_> {
        fn read(&mut self, buf: &mut [u8]) -> Result<usize, String> {
            let n = buf.len().min(self.step).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    fn ours(data: &[u8], chunk: usize, step: usize) -> Result<Vec<u8>, String> {
        decompress(&mut Slice { data, step }, chunk, u32::MAX as usize)
    }

    /// Data with runs, repeats at every distance and noise.
    fn sample() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 0..300),
                (any::<u8>(), 1..2000usize).prop_map(|(b, n)| vec![b; n]),
                (0..70_000usize).prop_map(|n| b"{\"block\":\"0x12ab\"},".repeat(n / 18 + 1)),
            ],
            0..12,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn decompresses_what_snap_compresses(data in sample(), chunk in 16usize..5000, step in 1usize..9000) {
            let compressed = snap::raw::Encoder::new().compress_vec(&data).unwrap();
            // Within the bound a block's declared length is held to.
            prop_assert!(data.len() <= max_decompressed_len(compressed.len()));
            prop_assert_eq!(ours(&compressed, chunk, step).unwrap(), data);
        }

        /// Damaged streams: never a panic, and never an answer snap would
        /// not give.
        #[test]
        fn damaged_streams_fail_or_agree_with_snap(
            data in sample(),
            flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
            cut in any::<prop::sample::Index>(),
            truncate in any::<bool>(),
        ) {
            let mut compressed = snap::raw::Encoder::new().compress_vec(&data).unwrap();
            for (at, b) in flips {
                let i = at.index(compressed.len());
                compressed[i] ^= b;
            }
            if truncate {
                compressed.truncate(cut.index(compressed.len() + 1));
            }
            let theirs = snap::raw::Decoder::new().decompress_vec(&compressed);
            match ours(&compressed, 64, 7) {
                Ok(out) => prop_assert_eq!(Some(out), theirs.ok()),
                Err(_) => prop_assert!(theirs.is_err()),
            }
        }
    }

    #[test]
    fn a_declared_length_over_the_limit_is_refused() {
        let compressed = snap::raw::Encoder::new()
            .compress_vec(&[7u8; 1000])
            .unwrap();
        let err = decompress(
            &mut Slice {
                data: &compressed,
                step: 100,
            },
            64,
            999,
        )
        .unwrap_err();
        assert!(err.contains("more than 999"), "{err}");
    }
}

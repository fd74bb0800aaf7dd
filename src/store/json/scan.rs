//! The validating scanner under [`super`]: JSON text as bytes, checked
//! token by token, with UTF-8 checked inside strings (the only place valid
//! JSON holds bytes above 0x7F), so stored bytes need no separate UTF-8
//! pass. A scan returns where the token ends, or a [`Fault`] that fits in
//! a register, and allocates nothing below 64 levels of nesting.

use super::JsonError;

/// What is wrong with the text; the messages are [`Kind::message`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    ExpectedString,
    Unterminated,
    ShortUnicodeEscape,
    BadUnicodeEscape,
    BadEscape,
    ControlCharacter,
    NotUtf8,
    ExpectedDigit,
    BadNumber,
    ExpectedValue,
    ExpectedColon,
    ExpectedCommaOrEnd,
    ExpectedCommaOrBrace,
    ExpectedMemberName,
    TrailingText,
    ExpectedObject,
    ExpectedArray,
}

impl Kind {
    pub(super) fn message(self) -> &'static str {
        match self {
            Kind::ExpectedString => "expected a string",
            Kind::Unterminated => "unterminated string",
            Kind::ShortUnicodeEscape => "short \\u escape",
            Kind::BadUnicodeEscape => "bad \\u escape",
            Kind::BadEscape => "bad escape",
            Kind::ControlCharacter => "control character in a string",
            Kind::NotUtf8 => "invalid UTF-8 in a string",
            Kind::ExpectedDigit => "expected a digit",
            Kind::BadNumber => "bad number",
            Kind::ExpectedValue => "expected a value",
            Kind::ExpectedColon => "expected ':'",
            Kind::ExpectedCommaOrEnd => "expected ',' or the end of the container",
            Kind::ExpectedCommaOrBrace => "expected ',' or '}'",
            Kind::ExpectedMemberName => "expected a member name",
            Kind::TrailingText => "unexpected text after the JSON value",
            Kind::ExpectedObject => "expected a JSON object",
            Kind::ExpectedArray => "expected a JSON array",
        }
    }
}

/// Where a scan stopped and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Fault {
    pub offset: usize,
    pub kind: Kind,
}

impl From<Fault> for JsonError {
    fn from(f: Fault) -> JsonError {
        JsonError {
            offset: f.offset,
            message: f.kind.message(),
        }
    }
}

/// The end of a token, or why there is none.
pub(super) type Scan = Result<usize, Fault>;

#[cold]
#[inline(never)]
fn fault(offset: usize, kind: Kind) -> Fault {
    Fault { offset, kind }
}

/// The byte at `i`, or 0 past the end (0 is never valid where a scan
/// looks, so the end needs no test of its own).
#[inline(always)]
fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

/// The first index from `i` that is not JSON whitespace.
#[inline(always)]
pub(super) fn ws(b: &[u8], mut i: usize) -> usize {
    while matches!(at(b, i), b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of the word `w` that is below `n` (n ≤ 0x80),
/// exact for the lowest such byte (a flag above a true one may be false).
#[inline(always)]
fn below_flags(w: u64, n: u8) -> u64 {
    w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH
}

/// The high bit of each byte of `w` equal to `c`, exact for the lowest.
#[inline(always)]
pub(super) fn byte_flags(w: u64, c: u8) -> u64 {
    below_flags(w ^ (ONES * u64::from(c)), 1)
}

/// Length of the leading run of `b` that holds no `"`, `\\`, control
/// character or (with `ASCII`) byte above 0x7F: sixteen bytes at a time
/// where SSE2 is there (every x86-64), then eight at a time, where for each
/// test a byte-wise "has zero / has less than" bit trick flags the first
/// matching byte exactly (false flags only ever follow a true one), so the
/// lowest flag of all is the first byte that needs a look.
#[inline(always)]
pub(super) fn plain_run<const ASCII: bool>(b: &[u8]) -> usize {
    let mut i = wide_plain_run::<ASCII>(b);
    if i < b.len() && !is_plain::<ASCII>(b[i]) {
        return i;
    }
    while let Some(chunk) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let mut flags = byte_flags(w, b'"') | byte_flags(w, b'\\') | below_flags(w, 0x20);
        if ASCII {
            flags |= w & HIGH;
        }
        if flags != 0 {
            return i + (flags.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + b[i..]
        .iter()
        .position(|&c| !is_plain::<ASCII>(c))
        .unwrap_or(b.len() - i)
}

#[inline(always)]
fn is_plain<const ASCII: bool>(c: u8) -> bool {
    !(c == b'"' || c == b'\\' || c < 0x20 || (ASCII && c >= 0x80))
}

/// The run of [`plain_run`] over whole 16-byte blocks of `b`: the first
/// byte that needs a look, or the start of the last, partial block.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn wide_plain_run<const ASCII: bool>(b: &[u8]) -> usize {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    let mut i = 0;
    while i + 16 <= b.len() {
        // SAFETY: SSE2 is part of the x86-64 baseline; the load is
        // unaligned and reads b[i..i + 16], inside `b`.
        let mask = unsafe {
            let v = _mm_loadu_si128(b.as_ptr().add(i).cast::<__m128i>());
            let stops = _mm_or_si128(
                _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8)),
                _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8)),
            );
            // Signed: a byte above 0x7F is negative, so below 0x20 too.
            let low = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
            let low = if ASCII {
                low
            } else {
                _mm_and_si128(low, _mm_cmpgt_epi8(v, _mm_set1_epi8(-1)))
            };
            _mm_movemask_epi8(_mm_or_si128(stops, low)) as u32
        };
        if mask != 0 {
            return i + mask.trailing_zeros() as usize;
        }
        i += 16;
    }
    i
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn wide_plain_run<const ASCII: bool>(_: &[u8]) -> usize {
    0
}

/// Scans a string token starting at the `"` at `i`; returns its end and
/// whether it holds an escape.
#[inline(always)]
pub(super) fn string(b: &[u8], i: usize) -> Result<(usize, bool), Fault> {
    if at(b, i) != b'"' {
        return Err(fault(i, Kind::ExpectedString));
    }
    let mut i = i + 1;
    let mut escapes = false;
    loop {
        // Plain characters in one tight pass; stop at what needs a look.
        i += plain_run::<true>(b.get(i..).unwrap_or_default());
        match at(b, i) {
            b'"' => return Ok((i + 1, escapes)),
            b'\\' => {
                escapes = true;
                i = escape(b, i)?;
            }
            c if c >= 0x80 => i = non_ascii(b, i)?,
            _ if i >= b.len() => return Err(fault(i, Kind::Unterminated)),
            _ => return Err(fault(i, Kind::ControlCharacter)),
        }
    }
}

/// The escape at `i` (a backslash); returns where it ends.
fn escape(b: &[u8], i: usize) -> Scan {
    match at(b, i + 1) {
        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Ok(i + 2),
        b'u' => {
            let hex = b
                .get(i + 2..i + 6)
                .ok_or_else(|| fault(i, Kind::ShortUnicodeEscape))?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return Err(fault(i, Kind::BadUnicodeEscape));
            }
            Ok(i + 6)
        }
        _ => Err(fault(i, Kind::BadEscape)),
    }
}

/// The run of bytes above 0x7F at `i`, checked as UTF-8 (an ASCII byte is
/// never inside a character, so the run holds whole characters); returns
/// where it ends.
fn non_ascii(b: &[u8], i: usize) -> Scan {
    let run = &b[i..];
    let len = run.iter().position(|&c| c < 0x80).unwrap_or(run.len());
    match std::str::from_utf8(&run[..len]) {
        Ok(_) => Ok(i + len),
        Err(e) => Err(fault(i + e.valid_up_to(), Kind::NotUtf8)),
    }
}

/// Length of the leading run of ASCII digits in `b`, eight bytes at a
/// time: a byte is a digit when its high nibble is 3 and its low nibble
/// plus 6 stays below 16 (no carry crosses a byte in either test).
#[inline(always)]
pub(super) fn digit_run(b: &[u8]) -> usize {
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let bad = ((w & (ONES * 0xf0)) ^ (ONES * 0x30))
            | (((w & (ONES * 0x0f)) + ONES * 6) & (ONES * 0x10));
        // The high bit of each byte of `bad` that is not zero.
        let flags = (((bad & !HIGH) + !HIGH) | bad) & HIGH;
        if flags != 0 {
            return i + (flags.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + b[i..]
        .iter()
        .position(|c| !c.is_ascii_digit())
        .unwrap_or(b.len() - i)
}

#[inline(always)]
fn digits(b: &[u8], mut i: usize) -> Scan {
    let start = i;
    i += digit_run(b.get(i..).unwrap_or_default());
    if i == start {
        return Err(fault(i, Kind::ExpectedDigit));
    }
    Ok(i)
}

/// Scans a number token starting at `i`; returns its end.
#[inline]
fn number(b: &[u8], mut i: usize) -> Scan {
    if at(b, i) == b'-' {
        i += 1;
    }
    match at(b, i) {
        b'0' => i += 1,
        b'1'..=b'9' => i = digits(b, i)?,
        _ => return Err(fault(i, Kind::BadNumber)),
    }
    if at(b, i) == b'.' {
        i = digits(b, i + 1)?;
    }
    if matches!(at(b, i), b'e' | b'E') {
        i += 1;
        if matches!(at(b, i), b'+' | b'-') {
            i += 1;
        }
        i = digits(b, i)?;
    }
    Ok(i)
}

#[inline(always)]
fn literal(b: &[u8], i: usize, word: &'static [u8]) -> Scan {
    if b.get(i..i + word.len()) == Some(word) {
        Ok(i + word.len())
    } else {
        Err(fault(i, Kind::ExpectedValue))
    }
}

/// After `{` or `,` inside an object: the member name and its colon;
/// returns where the member's value starts.
#[inline]
fn member_name(b: &[u8], i: usize) -> Scan {
    let (i, _) = string(b, ws(b, i))?;
    let i = ws(b, i);
    if at(b, i) != b':' {
        return Err(fault(i, Kind::ExpectedColon));
    }
    Ok(ws(b, i + 1))
}

/// The open containers of a scan, one bit each (set: an object): the
/// innermost 64 in a word, the outer ones spilled 64 to a word, so that
/// any depth is scanned and the common value allocates nothing.
#[derive(Default)]
struct Nesting {
    depth: usize,
    top: u64,
    spilled: Vec<u64>,
}

impl Nesting {
    #[inline(always)]
    fn push(&mut self, object: bool) {
        if self.depth > 0 && self.depth.is_multiple_of(64) {
            self.spilled.push(self.top);
            self.top = 0;
        }
        self.top = (self.top << 1) | u64::from(object);
        self.depth += 1;
    }

    #[inline(always)]
    fn pop(&mut self) {
        self.depth -= 1;
        self.top >>= 1;
        if self.depth > 0 && self.depth.is_multiple_of(64) {
            self.top = self.spilled.pop().expect("a spilled word per 64 levels");
        }
    }

    /// The closing byte of the innermost open container, if any.
    #[inline(always)]
    fn close(&self) -> Option<u8> {
        match (self.depth, self.top & 1) {
            (0, _) => None,
            (_, 1) => Some(b'}'),
            _ => Some(b']'),
        }
    }
}

/// Scans one value starting at `i` (no leading whitespace); returns its end.
pub(super) fn value(b: &[u8], mut i: usize) -> Scan {
    // A lone scalar, the most common member value, needs no nesting.
    match at(b, i) {
        b'"' => return string(b, i).map(|(end, _)| end),
        b'-' | b'0'..=b'9' => return number(b, i),
        _ => {}
    }
    let mut open = Nesting::default();
    loop {
        // A value starts at `i`.
        match at(b, i) {
            b'"' => i = string(b, i)?.0,
            b'-' | b'0'..=b'9' => i = number(b, i)?,
            b'{' => {
                let j = ws(b, i + 1);
                if at(b, j) == b'}' {
                    i = j + 1;
                } else {
                    open.push(true);
                    i = member_name(b, j)?;
                    continue;
                }
            }
            b'[' => {
                let j = ws(b, i + 1);
                if at(b, j) == b']' {
                    i = j + 1;
                } else {
                    open.push(false);
                    i = j;
                    continue;
                }
            }
            b't' => i = literal(b, i, b"true")?,
            b'f' => i = literal(b, i, b"false")?,
            b'n' => i = literal(b, i, b"null")?,
            _ => return Err(fault(i, Kind::ExpectedValue)),
        }
        // A value ended at `i`: close containers or go on to the next value.
        loop {
            let Some(close) = open.close() else {
                return Ok(i);
            };
            i = ws(b, i);
            match at(b, i) {
                b',' => {
                    i = if close == b'}' {
                        member_name(b, i + 1)?
                    } else {
                        ws(b, i + 1)
                    };
                    break;
                }
                c if c == close => {
                    open.pop();
                    i += 1;
                }
                _ => return Err(fault(i, Kind::ExpectedCommaOrEnd)),
            }
        }
    }
}

/// Checks that `b` is one JSON value, optionally surrounded by whitespace,
/// as `JSON.parse` requires of UTF-8 text.
pub(super) fn document(b: &[u8]) -> Result<(), Fault> {
    let end = ws(b, value(b, ws(b, 0))?);
    if end != b.len() {
        return Err(fault(end, Kind::TrailingText));
    }
    Ok(())
}

//! JSON text exactly as JavaScript's `JSON.parse` accepts it, read without
//! building a tree: any nesting depth (an explicit stack, no recursion) and
//! lone UTF-16 surrogate escapes (`"\ud83d"`, which `JSON.stringify`
//! writes), both of which `serde_json` refuses. Values are validated and
//! taken apart into raw slices, never re-serialised, so they round-trip
//! byte for byte.

use std::borrow::Cow;
use std::fmt;

/// Why text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong.
    pub message: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for JsonError {}

impl JsonError {
    /// The 1-based line of the problem in `text` (the text that was read).
    pub fn line(&self, text: &str) -> usize {
        text.as_bytes()[..self.offset.min(text.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }
}

type Scan = Result<usize, JsonError>;

fn err(offset: usize, message: &'static str) -> JsonError {
    JsonError { offset, message }
}

fn ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of the word `w` that is below `n` (n ≤ 0x80),
/// exact for the lowest such byte (a flag above a true one may be false).
fn below_flags(w: u64, n: u8) -> u64 {
    w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH
}

/// The high bit of each byte of `w` equal to `c`, exact for the lowest.
fn byte_flags(w: u64, c: u8) -> u64 {
    below_flags(w ^ (ONES * u64::from(c)), 1)
}

/// Length of the leading run of `b` that holds no `"`, `\\` or control
/// character, eight bytes at a time: for each test a byte-wise
/// "has zero / has less than" bit trick flags the first matching byte
/// exactly (false flags only ever follow a true one), so the lowest flag
/// of the three is the first byte that needs a look.
fn plain_run(b: &[u8]) -> usize {
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let flags = byte_flags(w, b'"') | byte_flags(w, b'\\') | below_flags(w, 0x20);
        if flags != 0 {
            return i + (flags.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + b[i..]
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
        .unwrap_or(b.len() - i)
}

/// Whether `b` holds a line feed or carriage return, eight bytes at a time.
pub fn has_line_break(b: &[u8]) -> bool {
    let mut words = b.chunks_exact(8);
    for chunk in &mut words {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if byte_flags(w, b'\n') | byte_flags(w, b'\r') != 0 {
            return true;
        }
    }
    words.remainder().iter().any(|c| matches!(c, b'\n' | b'\r'))
}

/// Scans a string token starting at the `"` at `i`; returns its end.
fn scan_string(b: &[u8], i: usize) -> Scan {
    scan_string_escapes(b, i).map(|(end, _)| end)
}

/// [`scan_string`], also saying whether the string holds an escape.
fn scan_string_escapes(b: &[u8], mut i: usize) -> Result<(usize, bool), JsonError> {
    if b.get(i) != Some(&b'"') {
        return Err(err(i, "expected a string"));
    }
    i += 1;
    let mut escapes = false;
    loop {
        // Plain characters in one tight pass; stop at what needs a look.
        i += plain_run(&b[i.min(b.len())..]);
        match b.get(i) {
            None => return Err(err(i, "unterminated string")),
            Some(b'"') => return Ok((i + 1, escapes)),
            Some(b'\\') => match b.get(i + 1) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                    escapes = true;
                    i += 2
                }
                Some(b'u') => {
                    escapes = true;
                    let hex = b
                        .get(i + 2..i + 6)
                        .ok_or_else(|| err(i, "short \\u escape"))?;
                    if !hex.iter().all(u8::is_ascii_hexdigit) {
                        return Err(err(i, "bad \\u escape"));
                    }
                    i += 6;
                }
                _ => return Err(err(i, "bad escape")),
            },
            Some(c) if *c < 0x20 => return Err(err(i, "control character in a string")),
            Some(_) => i += 1,
        }
    }
}

fn scan_digits(b: &[u8], mut i: usize) -> Scan {
    let start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if i == start {
        return Err(err(i, "expected a digit"));
    }
    Ok(i)
}

fn scan_number(b: &[u8], mut i: usize) -> Scan {
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i = scan_digits(b, i)?,
        _ => return Err(err(i, "bad number")),
    }
    if b.get(i) == Some(&b'.') {
        i = scan_digits(b, i + 1)?;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        i = scan_digits(b, i)?;
    }
    Ok(i)
}

fn scan_literal(b: &[u8], i: usize, word: &'static [u8]) -> Scan {
    if b.get(i..i + word.len()) == Some(word) {
        Ok(i + word.len())
    } else {
        Err(err(i, "expected a value"))
    }
}

/// After `{` or `,` inside an object: the member name and its colon.
fn scan_member_name(b: &[u8], i: usize) -> Scan {
    let i = scan_string(b, ws(b, i))?;
    let i = ws(b, i);
    if b.get(i) != Some(&b':') {
        return Err(err(i, "expected ':'"));
    }
    Ok(ws(b, i + 1))
}

/// Scans one value starting at `i` (no leading whitespace); returns its end.
fn scan_value(b: &[u8], mut i: usize) -> Scan {
    let mut stack: Vec<u8> = Vec::new();
    loop {
        // A value starts at `i`.
        match b.get(i) {
            Some(b'{') => {
                let j = ws(b, i + 1);
                if b.get(j) == Some(&b'}') {
                    i = j + 1;
                } else {
                    stack.push(b'}');
                    i = scan_member_name(b, j)?;
                    continue;
                }
            }
            Some(b'[') => {
                let j = ws(b, i + 1);
                if b.get(j) == Some(&b']') {
                    i = j + 1;
                } else {
                    stack.push(b']');
                    i = j;
                    continue;
                }
            }
            Some(b'"') => i = scan_string(b, i)?,
            Some(b't') => i = scan_literal(b, i, b"true")?,
            Some(b'f') => i = scan_literal(b, i, b"false")?,
            Some(b'n') => i = scan_literal(b, i, b"null")?,
            Some(b'-' | b'0'..=b'9') => i = scan_number(b, i)?,
            _ => return Err(err(i, "expected a value")),
        }
        // A value ended at `i`: close containers or go on to the next value.
        loop {
            let Some(&close) = stack.last() else {
                return Ok(i);
            };
            i = ws(b, i);
            match b.get(i) {
                Some(b',') => {
                    i = if close == b'}' {
                        scan_member_name(b, i + 1)?
                    } else {
                        ws(b, i + 1)
                    };
                    break;
                }
                Some(c) if *c == close => {
                    stack.pop();
                    i += 1;
                }
                _ => return Err(err(i, "expected ',' or the end of the container")),
            }
        }
    }
}

/// Checks that `text` is one JSON value, optionally surrounded by
/// whitespace, as `JSON.parse` requires.
pub fn validate(text: &str) -> Result<(), JsonError> {
    let b = text.as_bytes();
    let end = scan_value(b, ws(b, 0))?;
    let end = ws(b, end);
    if end != b.len() {
        return Err(err(end, "unexpected text after the JSON value"));
    }
    Ok(())
}

/// Whether `bytes` are UTF-8 JSON text.
pub fn is_json(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|t| validate(t).is_ok())
}

/// The members of a JSON object, as (decoded name, raw value text), in
/// order. `Err` when `text` is not JSON; `Ok(None)` when it is JSON but not
/// an object.
pub fn members(text: &str) -> Result<Option<Vec<(String, &str)>>, JsonError> {
    let mut out = Vec::new();
    let is_object = visit_members(text, |name, value| {
        out.push((name.into_owned(), value));
        true
    })?;
    Ok(is_object.then_some(out))
}

/// Calls `each` with every member of a JSON object, in order, as (decoded
/// name — borrowed from `text` when it has no escapes — and raw value
/// text), without collecting them; `each` returns `false` to stop early.
/// Returns whether `text` is an object (`Err` when it is not JSON). Every
/// member is scanned, and so validated, as it is taken.
pub fn visit_members<'t>(
    text: &'t str,
    mut each: impl FnMut(Cow<'t, str>, &'t str) -> bool,
) -> Result<bool, JsonError> {
    let Some(mut members) = Members::new(text)? else {
        return Ok(false);
    };
    for member in &mut members {
        let (name, value) = member?;
        if !each(name, value) {
            break;
        }
    }
    Ok(true)
}

/// The members of a JSON object taken one at a time, as
/// [`visit_members`] gives them; an item is `Err` when the text is not
/// JSON from there on (nothing follows it).
pub struct Members<'t> {
    text: &'t str,
    /// Where the next member (or the closing brace) starts.
    at: usize,
    done: bool,
}

impl<'t> Members<'t> {
    /// The members of `text`; `Ok(None)` when it is JSON but not an object.
    pub fn new(text: &'t str) -> Result<Option<Members<'t>>, JsonError> {
        let b = text.as_bytes();
        let i = ws(b, 0);
        if b.get(i) != Some(&b'{') {
            validate(text)?;
            return Ok(None);
        }
        Ok(Some(Members {
            text,
            at: ws(b, i + 1),
            done: false,
        }))
    }

    fn step(&mut self) -> Result<Option<(Cow<'t, str>, &'t str)>, JsonError> {
        let (text, b) = (self.text, self.text.as_bytes());
        let mut i = self.at;
        if b.get(i) == Some(&b'}') {
            let end = ws(b, i + 1);
            if end != b.len() {
                return Err(err(end, "unexpected text after the JSON value"));
            }
            return Ok(None);
        }
        let (name_end, escapes) = scan_string_escapes(b, i)?;
        // A name without escapes is its text between the quotes.
        let name = if escapes {
            decode_str(&text[i..name_end]).unwrap_or_default()
        } else {
            Cow::Borrowed(&text[i + 1..name_end - 1])
        };
        let colon = ws(b, name_end);
        if b.get(colon) != Some(&b':') {
            return Err(err(colon, "expected ':'"));
        }
        let value_start = ws(b, colon + 1);
        let value_end = scan_value(b, value_start)?;
        i = ws(b, value_end);
        match b.get(i) {
            Some(b'}') => self.at = i,
            Some(b',') => {
                self.at = ws(b, i + 1);
                if b.get(self.at) == Some(&b'}') {
                    return Err(err(self.at, "expected a member name"));
                }
            }
            _ => return Err(err(i, "expected ',' or '}'")),
        }
        Ok(Some((name, &text[value_start..value_end])))
    }
}

impl<'t> Iterator for Members<'t> {
    type Item = Result<(Cow<'t, str>, &'t str), JsonError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let step = self.step();
        self.done = !matches!(step, Ok(Some(_)));
        step.transpose()
    }
}

/// The elements of a JSON array as raw texts; `Ok(None)` when `text` is JSON
/// but not an array.
pub fn elements(text: &str) -> Result<Option<Vec<&str>>, JsonError> {
    validate(text)?;
    let b = text.as_bytes();
    let mut i = ws(b, 0);
    if b[i] != b'[' {
        return Ok(None);
    }
    let mut out = Vec::new();
    i = ws(b, i + 1);
    if b[i] == b']' {
        return Ok(Some(out));
    }
    loop {
        let end = scan_value(b, i)?;
        out.push(&text[i..end]);
        i = ws(b, end);
        if b[i] == b']' {
            return Ok(Some(out));
        }
        i = ws(b, i + 1);
    }
}

/// The raw text of member `name` of a JSON object (the last one, as
/// `JSON.parse` keeps); `None` when absent or `text` is not an object.
pub fn field<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    members(text)
        .ok()
        .flatten()?
        .into_iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
}

/// [`decode_string`], borrowing the text between the quotes when there is
/// nothing to decode (no escape, quote or control character).
pub fn decode_str(raw: &str) -> Option<Cow<'_, str>> {
    match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        // Nothing to decode: no quote, backslash or control character
        // (found eight bytes at a time).
        Some(inner) if plain_run(inner.as_bytes()) == inner.len() => Some(Cow::Borrowed(inner)),
        _ => decode_string(raw).map(Cow::Owned),
    }
}

/// Decodes a raw JSON string token (with its quotes). A lone surrogate
/// escape becomes U+FFFD, as Node.js encodes such a string to UTF-8 (so a
/// key built from it matches the key the seed wrote). `None` when `raw` is
/// not one string token.
pub fn decode_string(raw: &str) -> Option<String> {
    let b = raw.as_bytes();
    if scan_string(b, 0).ok()? != b.len() {
        return None;
    }
    let inner = &raw[1..raw.len() - 1];
    if !inner.contains('\\') {
        return Some(inner.to_string());
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices().peekable();
    let hex = |at: usize| u32::from_str_radix(&inner[at..at + 4], 16).ok();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let (_, e) = chars.next()?;
        match e {
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'u' => {
                let unit = hex(at + 2)?;
                for _ in 0..4 {
                    chars.next();
                }
                let c = if (0xD800..0xDC00).contains(&unit)
                    && inner.get(at + 6..at + 8) == Some("\\u")
                    && hex(at + 8).is_some_and(|low| (0xDC00..0xE000).contains(&low))
                {
                    let low = hex(at + 8)?;
                    for _ in 0..6 {
                        chars.next();
                    }
                    char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                } else {
                    char::from_u32(unit)
                };
                out.push(c.unwrap_or('\u{FFFD}'));
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// A JSON value's exact text inside a larger document (what serde_json's
/// `RawValue` is, without its depth limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raw<'a>(pub &'a str);

impl<'a> Raw<'a> {
    /// The value's text.
    pub fn get(&self) -> &'a str {
        self.0
    }
}

/// The members of a JSON object by name (the last of duplicates, as
/// `JSON.parse` keeps); an error when `text` is not a JSON object.
pub fn object(text: &str) -> Result<std::collections::BTreeMap<String, Raw<'_>>, JsonError> {
    match members(text)? {
        Some(m) => Ok(m.into_iter().map(|(k, v)| (k, Raw(v))).collect()),
        None => Err(err(ws(text.as_bytes(), 0), "expected a JSON object")),
    }
}

/// The elements of a JSON array; an error when `text` is not a JSON array.
pub fn array(text: &str) -> Result<Vec<Raw<'_>>, JsonError> {
    match elements(text)? {
        Some(e) => Ok(e.into_iter().map(Raw).collect()),
        None => Err(err(ws(text.as_bytes(), 0), "expected a JSON array")),
    }
}

/// A raw JSON number token that is a non-negative integer (digits only).
pub fn as_u64(raw: &str) -> Option<u64> {
    if raw.is_empty()
        || !raw.bytes().all(|c| c.is_ascii_digit())
        || (raw.len() > 1 && raw.starts_with('0'))
    {
        return None;
    }
    raw.parse().ok()
}

/// Whether valid JSON `text` has no whitespace outside strings (the layout
/// `JSON.stringify` writes without an indent).
pub fn is_compact(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => i = scan_string(b, i).unwrap_or(b.len()),
            b' ' | b'\t' | b'\n' | b'\r' => return false,
            _ => i += 1,
        }
    }
    true
}

/// Valid JSON `text` laid out with two-space indentation (as
/// `JSON.stringify(v, null, 2)` and serde_json's pretty printer do), each
/// line after the first prefixed by `indent`. Strings, numbers and member
/// order are kept exactly, so removing the whitespace outside strings gives
/// back the compact text.
pub fn pretty(text: &str, indent: &str) -> String {
    let mut out = Vec::with_capacity(text.len() * 2);
    write_pretty(&mut out, text, indent).expect("writing to memory");
    String::from_utf8(out).expect("pretty JSON of UTF-8 text is UTF-8")
}

/// [`pretty`], written to `out` as it goes (no copy of the whole value).
pub fn write_pretty(out: &mut dyn std::io::Write, text: &str, indent: &str) -> std::io::Result<()> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let newline = |out: &mut dyn std::io::Write, depth: usize| -> std::io::Result<()> {
        out.write_all(b"\n")?;
        out.write_all(indent.as_bytes())?;
        for _ in 0..depth {
            out.write_all(b"  ")?;
        }
        Ok(())
    };
    let mut i = ws(b, 0);
    while i < b.len() {
        match b[i] {
            b'"' => {
                let end = scan_string(b, i).unwrap_or(b.len());
                out.write_all(&b[i..end])?;
                i = end;
                continue;
            }
            c @ (b'{' | b'[') => {
                let close = if c == b'{' { b'}' } else { b']' };
                let j = ws(b, i + 1);
                if b.get(j) == Some(&close) {
                    out.write_all(&[c, close])?;
                    i = j + 1;
                    continue;
                }
                out.write_all(&[c])?;
                depth += 1;
                newline(out, depth)?;
            }
            c @ (b'}' | b']') => {
                depth = depth.saturating_sub(1);
                newline(out, depth)?;
                out.write_all(&[c])?;
            }
            b',' => {
                out.write_all(b",")?;
                newline(out, depth)?;
            }
            b':' => out.write_all(b": ")?,
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => {
                // A number or literal: copy up to the next structural byte.
                let start = i;
                while i < b.len()
                    && !matches!(
                        b[i],
                        b',' | b'}' | b']' | b':' | b' ' | b'\t' | b'\n' | b'\r'
                    )
                {
                    i += 1;
                }
                out.write_all(&b[start..i])?;
                continue;
            }
        }
        i += 1;
    }
    Ok(())
}

/// The nesting depth of valid JSON `text` (0 for a scalar).
pub fn depth(text: &str) -> usize {
    let b = text.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = scan_string(b, i).unwrap_or(b.len());
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    max
}

/// Whether the raw value is a JSON string token.
pub fn is_string(raw: &str) -> bool {
    raw.starts_with('"')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The word-at-a-time line-break test agrees with a byte-wise one.
        #[test]
        fn has_line_break_agrees_with_a_bytewise_scan(
            b in proptest::collection::vec(
                prop_oneof![20 => 0u8..=0xff, 1 => Just(b'\n'), 1 => Just(b'\r')],
                0..64,
            )
        ) {
            prop_assert_eq!(
                has_line_break(&b),
                b.iter().any(|c| matches!(c, b'\n' | b'\r'))
            );
        }

        /// The word-at-a-time run finder stops where a byte-wise one does,
        /// whatever the bytes (every byte value near the three stops, at
        /// every offset within a word).
        #[test]
        fn plain_run_stops_where_a_bytewise_scan_does(
            b in proptest::collection::vec(
                prop_oneof![
                    20 => 0x20u8..=0xff,
                    1 => Just(b'"'),
                    1 => Just(b'\\'),
                    1 => 0u8..0x20,
                ],
                0..64,
            )
        ) {
            let naive = b
                .iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                .unwrap_or(b.len());
            prop_assert_eq!(plain_run(&b), naive);
        }
    }

    #[test]
    fn decode_str_borrows_only_what_needs_no_decoding() {
        assert!(matches!(
            decode_str(r#""0xab""#),
            Some(Cow::Borrowed("0xab"))
        ));
        assert!(matches!(decode_str(r#""0x\u0061b""#), Some(Cow::Owned(s)) if s == "0xab"));
        assert_eq!(decode_str(r#""a"b""#), None);
        assert_eq!(decode_str("\"a\u{1}\""), None);
        assert_eq!(decode_str("plain"), None);
    }

    #[test]
    fn accepts_what_json_parse_accepts() {
        for ok in [
            "0",
            "-0.5e+3",
            "\"x\\ud83d\"",
            "\"\\udc00\\ud800\"",
            " {\"a\" : [1, {\"b\":null}] } ",
            "[]",
            "{}",
            "true",
            "\"\\u00e9\\/\"",
            "[[[[]]]]",
        ] {
            assert!(validate(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "01",
            "1.",
            "-",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "\"\t\"",
            "\"\\x\"",
            "[1] 2",
            "nul",
            "\"\\u12\"",
            "{\"a\" 1}",
            "[",
            "{",
        ] {
            assert!(validate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn any_depth_without_recursion() {
        let deep = "[".repeat(200_000) + &"]".repeat(200_000);
        assert!(validate(&deep).is_ok());
        let deep_obj = "{\"a\":".repeat(50_000) + "1" + &"}".repeat(50_000);
        assert_eq!(
            field(&deep_obj, "a").map(str::len),
            Some(deep_obj.len() - 6)
        );
        assert!(validate(&deep[1..]).is_err());
    }

    #[test]
    fn pretty_printing_compacts_back_exactly() {
        let compact = "{\"a\":[1,{\"b\":\"x, y: [z]\\ud83d\"},[]],\"c\":{},\"d\":-1.5e3}";
        let pretty = pretty(compact, "  ");
        assert_eq!(
            pretty,
            "{\n    \"a\": [\n      1,\n      {\n        \"b\": \"x, y: [z]\\ud83d\"\n      },\n      []\n    ],\n    \"c\": {},\n    \"d\": -1.5e3\n  }"
        );
        assert!(validate(&pretty).is_ok());
        assert!(is_compact(compact));
        assert!(!is_compact(&pretty));
        let deep = "[".repeat(1000) + &"]".repeat(1000);
        assert!(validate(&super::pretty(&deep, "")).is_ok());
        assert_eq!(depth(&deep), 1000);
        assert_eq!(depth("{\"a\":\"[[[\"}"), 1);
    }

    #[test]
    fn members_fields_and_strings() {
        let text = "{\"stateRoot\":\"x\\ud83d\",\"height\":2,\"h\\u0065ight\":3,\"t\":[1,{}]}";
        assert_eq!(field(text, "stateRoot"), Some("\"x\\ud83d\""));
        assert_eq!(field(text, "height"), Some("3"), "the last duplicate wins");
        assert_eq!(field(text, "t"), Some("[1,{}]"));
        assert_eq!(decode_string("\"x\\ud83d\"").as_deref(), Some("x\u{FFFD}"));
        assert_eq!(
            decode_string("\"\\ud83d\\ude00\\n\"").as_deref(),
            Some("\u{1F600}\n")
        );
        assert_eq!(decode_string("\"a\" "), None);
        assert_eq!(as_u64("42"), Some(42));
        assert_eq!(as_u64("4.0"), None);
        assert_eq!(
            elements("[1, \"a\" ,[2]]").unwrap(),
            Some(vec!["1", "\"a\"", "[2]"])
        );
        assert_eq!(members("[1]").unwrap(), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Member names, with and without escapes, decode as serde_json
        /// decodes them.
        #[test]
        fn member_names_agree_with_serde_json(
            names in proptest::collection::vec("([a-z]|\\\\[nt\"/\\\\]|\\\\u00[4-6][0-9a-f]){0,6}", 1..5)
        ) {
            let text = format!(
                "{{{}}}",
                names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| format!("\"{n}\": {i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let ours: Vec<String> = members(&text).unwrap().unwrap().into_iter().map(|(n, _)| n).collect();
            let theirs: Vec<String> = names
                .iter()
                .map(|n| serde_json::from_str::<String>(&format!("\"{n}\"")).unwrap())
                .collect();
            proptest::prop_assert_eq!(ours, theirs, "{}", text);
        }

        /// Never panics; accepts everything serde_json accepts; members and
        /// pretty printing keep every byte that is not layout.
        #[test]
        fn agrees_with_serde_json(text in "[\\[\\]{}\",:0-9a-z\\\\. \n-]{0,40}") {
            let ours = validate(&text).is_ok();
            let serde = serde_json::from_str::<&serde_json::value::RawValue>(&text).is_ok();
            if serde {
                proptest::prop_assert!(ours, "serde accepts {text:?}");
            }
            if ours {
                let _ = members(&text);
                let _ = elements(&text);
                let compact = crate::store::codec::compact_valid_json(&text);
                proptest::prop_assert_eq!(
                    crate::store::codec::compact_valid_json(&pretty(&compact, "  ")),
                    compact
                );
            }
        }
    }
}

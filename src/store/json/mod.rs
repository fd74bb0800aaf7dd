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

mod scan;

use scan::{ws, Fault, Kind};

fn err(offset: usize, kind: Kind) -> JsonError {
    Fault { offset, kind }.into()
}

/// Whether `b` holds a line feed or carriage return, eight bytes at a time.
pub fn has_line_break(b: &[u8]) -> bool {
    let mut words = b.chunks_exact(8);
    for chunk in &mut words {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if scan::byte_flags(w, b'\n') | scan::byte_flags(w, b'\r') != 0 {
            return true;
        }
    }
    words.remainder().iter().any(|c| matches!(c, b'\n' | b'\r'))
}

/// The end of the string token at `i` of valid JSON (the end of the text
/// when it is not one).
fn string_end(b: &[u8], i: usize) -> usize {
    scan::string(b, i).map_or(b.len(), |(end, _)| end)
}

/// Checks that `text` is one JSON value, optionally surrounded by
/// whitespace, as `JSON.parse` requires.
pub fn validate(text: &str) -> Result<(), JsonError> {
    Ok(scan::document(text.as_bytes())?)
}

/// Whether `bytes` are UTF-8 JSON text (checked in one pass: the scan
/// checks UTF-8 inside strings, the only place JSON holds non-ASCII).
pub fn is_json(bytes: &[u8]) -> bool {
    scan::document(bytes).is_ok()
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

/// One member of an object held as bytes, as [`visit_member_bytes`] gives it.
#[derive(Debug, Clone, Copy)]
pub struct MemberBytes<'b> {
    /// The name token, quotes included.
    pub name: &'b [u8],
    /// Whether the name holds an escape.
    pub name_escapes: bool,
    /// The raw value.
    pub value: &'b [u8],
    /// Whether the value is a string holding an escape.
    pub value_escapes: bool,
}

impl<'b> MemberBytes<'b> {
    /// Whether the member's name is `want`, as `JSON.parse` decodes it.
    #[inline(always)]
    pub fn is_named(&self, want: &str) -> bool {
        name_is(self.name, self.name_escapes, want)
    }

    /// The value decoded when it is a string (as UTF-8 bytes: borrowed
    /// when it holds no escape); `None` when it is another JSON value.
    pub fn string(&self) -> Option<Cow<'b, [u8]>> {
        if self.value.first() != Some(&b'"') {
            return None;
        }
        decoded(self.value, self.value_escapes)
    }
}

/// Calls `each` with every member of a JSON object held as bytes, in
/// order; [`visit_members`] for stored values, with no UTF-8 pass of its
/// own (the scan checks it). Returns whether `b` is an object.
pub fn visit_member_bytes<'b>(
    b: &'b [u8],
    mut each: impl FnMut(MemberBytes<'b>) -> bool,
) -> Result<bool, JsonError> {
    let Some(mut spans) = MemberSpans::new(b)? else {
        return Ok(false);
    };
    while let Some(m) = spans.next_span()? {
        let member = MemberBytes {
            name: &b[m.name.0..m.name.1],
            name_escapes: m.name_escapes,
            value: &b[m.value.0..m.value.1],
            value_escapes: m.value_escapes,
        };
        if !each(member) {
            break;
        }
    }
    Ok(true)
}

/// Where one member of an object lies.
struct MemberSpan {
    /// The name token, quotes included.
    name: (usize, usize),
    name_escapes: bool,
    value: (usize, usize),
    value_escapes: bool,
}

/// The members of an object in bytes, one at a time, each scanned (and so
/// validated) as it is taken.
struct MemberSpans<'b> {
    b: &'b [u8],
    /// Where the next member (or the closing brace) starts.
    at: usize,
}

impl<'b> MemberSpans<'b> {
    /// `Ok(None)` when `b` is JSON but not an object.
    fn new(b: &'b [u8]) -> Result<Option<Self>, JsonError> {
        let i = ws(b, 0);
        if b.get(i) != Some(&b'{') {
            scan::document(b)?;
            return Ok(None);
        }
        Ok(Some(MemberSpans {
            b,
            at: ws(b, i + 1),
        }))
    }

    #[inline(always)]
    fn next_span(&mut self) -> Result<Option<MemberSpan>, JsonError> {
        let b = self.b;
        let i = self.at;
        if b.get(i) == Some(&b'}') {
            let end = ws(b, i + 1);
            if end != b.len() {
                return Err(err(end, Kind::TrailingText));
            }
            return Ok(None);
        }
        let (name_end, name_escapes) = scan::string(b, i)?;
        let colon = ws(b, name_end);
        if b.get(colon) != Some(&b':') {
            return Err(err(colon, Kind::ExpectedColon));
        }
        let value_start = ws(b, colon + 1);
        let (value_end, value_escapes) = if b.get(value_start) == Some(&b'"') {
            scan::string(b, value_start)?
        } else {
            (scan::value(b, value_start)?, false)
        };
        let next = ws(b, value_end);
        match b.get(next) {
            Some(b'}') => self.at = next,
            Some(b',') => {
                self.at = ws(b, next + 1);
                if b.get(self.at) == Some(&b'}') {
                    return Err(err(self.at, Kind::ExpectedMemberName));
                }
            }
            _ => return Err(err(next, Kind::ExpectedCommaOrBrace)),
        }
        Ok(Some(MemberSpan {
            name: (i, name_end),
            name_escapes,
            value: (value_start, value_end),
            value_escapes,
        }))
    }
}

/// The members of a JSON object taken one at a time, as
/// [`visit_members`] gives them; an item is `Err` when the text is not
/// JSON from there on (nothing follows it).
pub struct Members<'t> {
    text: &'t str,
    spans: MemberSpans<'t>,
    done: bool,
}

impl<'t> Members<'t> {
    /// The members of `text`; `Ok(None)` when it is JSON but not an object.
    pub fn new(text: &'t str) -> Result<Option<Members<'t>>, JsonError> {
        Ok(MemberSpans::new(text.as_bytes())?.map(|spans| Members {
            text,
            spans,
            done: false,
        }))
    }

    fn step(&mut self) -> Result<Option<(Cow<'t, str>, &'t str)>, JsonError> {
        let Some(m) = self.spans.next_span()? else {
            return Ok(None);
        };
        let text = self.text;
        // A name without escapes is its text between the quotes.
        let name = if m.name_escapes {
            decode_str(&text[m.name.0..m.name.1]).unwrap_or_default()
        } else {
            Cow::Borrowed(&text[m.name.0 + 1..m.name.1 - 1])
        };
        Ok(Some((name, &text[m.value.0..m.value.1])))
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
        let end = scan::value(b, i)?;
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

/// A stored value that is one JSON string (whitespace around it allowed),
/// decoded: borrowed from `value` when it holds no escape. `None` when the
/// value is anything else (not JSON, not UTF-8, another JSON value). One
/// pass: the scan checks UTF-8 and finds escapes as it validates.
pub fn string_bytes(value: &[u8]) -> Option<Cow<'_, [u8]>> {
    let start = ws(value, 0);
    let (end, escapes) = scan::string(value, start).ok()?;
    if ws(value, end) != value.len() {
        return None;
    }
    decoded(&value[start..end], escapes)
}

/// A string token the scan accepted (quotes included; `escapes`: it holds
/// one), decoded as UTF-8 bytes: the text between the quotes when there is
/// no escape.
fn decoded(token: &[u8], escapes: bool) -> Option<Cow<'_, [u8]>> {
    if !escapes {
        return Some(Cow::Borrowed(&token[1..token.len() - 1]));
    }
    let text = std::str::from_utf8(token).ok()?;
    decode_string(text).map(|s| Cow::Owned(s.into_bytes()))
}

/// Decoded string bytes ([`string_bytes`], [`MemberBytes::string`]) as
/// text: the scan checked them as UTF-8, so this only turns the type.
pub fn as_text(bytes: Cow<'_, [u8]>) -> Option<Cow<'_, str>> {
    match bytes {
        Cow::Borrowed(b) => std::str::from_utf8(b).ok().map(Cow::Borrowed),
        Cow::Owned(b) => String::from_utf8(b).ok().map(Cow::Owned),
    }
}

/// [`decode_string`], borrowing the text between the quotes when there is
/// nothing to decode (no escape, quote or control character).
pub fn decode_str(raw: &str) -> Option<Cow<'_, str>> {
    match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        // Nothing to decode: no quote, backslash or control character
        // (found eight bytes at a time).
        Some(inner) if scan::plain_run::<false>(inner.as_bytes()) == inner.len() => {
            Some(Cow::Borrowed(inner))
        }
        _ => decode_string(raw).map(Cow::Owned),
    }
}

/// Decodes a raw JSON string token (with its quotes). A lone surrogate
/// escape becomes U+FFFD, as Node.js encodes such a string to UTF-8 (so a
/// key built from it matches the key the seed wrote). `None` when `raw` is
/// not one string token.
pub fn decode_string(raw: &str) -> Option<String> {
    let b = raw.as_bytes();
    if scan::string(b, 0).ok()?.0 != b.len() {
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
        None => Err(err(ws(text.as_bytes(), 0), Kind::ExpectedObject)),
    }
}

/// The elements of a JSON array; an error when `text` is not a JSON array.
pub fn array(text: &str) -> Result<Vec<Raw<'_>>, JsonError> {
    match elements(text)? {
        Some(e) => Ok(e.into_iter().map(Raw).collect()),
        None => Err(err(ws(text.as_bytes(), 0), Kind::ExpectedArray)),
    }
}

/// A raw JSON number token that is a non-negative integer (digits only).
pub fn as_u64(raw: &str) -> Option<u64> {
    as_u64_bytes(raw.as_bytes())
}

/// [`as_u64`] of a token's bytes.
pub fn as_u64_bytes(raw: &[u8]) -> Option<u64> {
    if raw.is_empty() || (raw.len() > 1 && raw[0] == b'0') {
        return None;
    }
    if raw.len() < 20 {
        // Up to 19 digits always fit: no overflow test per digit.
        return raw.iter().try_fold(0u64, |n, &c| {
            let digit = c.wrapping_sub(b'0');
            (digit <= 9).then(|| n * 10 + u64::from(digit))
        });
    }
    raw.iter().try_fold(0u64, |n, &c| {
        let digit = c.checked_sub(b'0').filter(|d| *d <= 9)?;
        n.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

/// Whether a member name token (quotes included; `escapes`: it holds an
/// escape) names `want`, as `JSON.parse` decodes it. Inlined, so a
/// constant `want` is compared with a few loads, not a call.
#[inline(always)]
fn name_is(token: &[u8], escapes: bool, want: &str) -> bool {
    if !escapes {
        return token.get(1..token.len().saturating_sub(1)) == Some(want.as_bytes());
    }
    escaped_name_is(token, want)
}

fn escaped_name_is(token: &[u8], want: &str) -> bool {
    std::str::from_utf8(token)
        .ok()
        .and_then(decode_str)
        .is_some_and(|name| name == want)
}

/// Whether valid JSON `text` has no whitespace outside strings (the layout
/// `JSON.stringify` writes without an indent).
pub fn is_compact(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => i = string_end(b, i),
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
                let end = string_end(b, i);
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
                i = string_end(b, i);
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
mod tests;

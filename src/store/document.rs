//! Splitting input text into JSON documents, remembering where each came
//! from, so that errors can name the line.

/// One JSON document of the input with where it came from.
pub struct Document<'a> {
    /// `line N` or `line N (element I)`.
    pub place: String,
    /// The document's JSON text.
    pub text: &'a str,
}

/// Splits input into documents: a single JSON object, a JSON array of
/// documents, or NDJSON (one per non-blank line).
pub fn documents(text: &str) -> Vec<Document<'_>> {
    use super::json;
    if json::validate(text).is_ok() {
        let whole = text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
        if let Ok(Some(elements)) = json::elements(whole) {
            return elements
                .into_iter()
                .enumerate()
                .map(|(i, e)| Document {
                    place: format!("line {} (element {i})", line_of(text, e)),
                    text: e,
                })
                .collect();
        }
        return vec![Document {
            place: format!("line {}", line_of(text, whole)),
            text: whole,
        }];
    }
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| Document {
            place: format!("line {}", n + 1),
            text: line,
        })
        .collect()
}

/// The 1-based line of `part`, a slice of `whole`.
pub fn line_of(whole: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize);
    whole.as_bytes()[..offset.min(whole.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

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
    use serde_json::value::RawValue;
    if let Ok(raw) = serde_json::from_str::<&RawValue>(text) {
        let whole = raw.get();
        if whole.starts_with('[') {
            if let Ok(elements) = serde_json::from_str::<Vec<&RawValue>>(whole) {
                return elements
                    .into_iter()
                    .enumerate()
                    .map(|(i, e)| Document {
                        place: format!("line {} (element {i})", line_of(text, e.get())),
                        text: e.get(),
                    })
                    .collect();
            }
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

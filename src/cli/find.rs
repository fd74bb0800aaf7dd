//! `storectl find KEY`

use super::output::{self, Report};
use super::GlobalArgs;
use crate::store::codec::{escape_bytes, key_to_json, record_line};
use crate::store::find::{find_key, Origin};
use crate::StoreError;
use anyhow::Result;
use clap::Args;
use serde_json::json;
use std::ffi::OsString;

/// Every version of a key in every log and table, newest first.
///
/// Lists each put and deletion of KEY with its file, level, sequence number
/// and value, marks the one reads return, and also searches files the live
/// version no longer uses (left behind). Reads the files directly: works on
/// a live store and on one that cannot be opened. Exit 3 when the key occurs
/// nowhere.
#[derive(Debug, Args)]
pub struct FindArgs {
    /// The key (in the namespace of --prefix, or exact with --raw; hex with --hex).
    pub key: OsString,
}

/// Runs `find`.
pub fn run(g: &GlobalArgs, args: &FindArgs) -> Result<()> {
    let dir = g.db_path()?.clone();
    crate::store::open::require_store(&dir, false)?;
    let key = g.namespace().full_key(&g.key_arg(&args.key)?);
    let found = find_key(&dir, &key).map_err(|e| StoreError::Io {
        context: format!("list {}", dir.display()),
        message: e.to_string(),
    })?;
    for problem in &found.problems {
        g.note(format!("storectl: find: could not read all of {problem}"));
    }
    let mut report = Report {
        summary: vec![],
        summary_json: json!({"key": key_to_json(&key), "files": found.files,
            "problems": found.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>()}),
        columns: vec![
            "returned", "sequence", "type", "file", "level", "live", "value",
        ],
        rows: Vec::new(),
        rows_json: Vec::new(),
    };
    for o in &found.occurrences {
        let file = o
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (level, level_json) = match o.origin {
            Origin::Log => ("log".to_string(), json!("log")),
            Origin::Table(Some(l)) => (l.to_string(), json!(l)),
            Origin::Table(None) => ("-".to_string(), json!(null)),
        };
        let kind = if o.deletion { "deletion" } else { "value" };
        report.rows.push(vec![
            if o.visible {
                "◀".into()
            } else {
                String::new()
            },
            o.sequence.to_string(),
            kind.into(),
            file.clone(),
            level,
            if o.live {
                "yes".into()
            } else {
                "no (left behind)".into()
            },
            if o.deletion {
                String::new()
            } else {
                output::value_cell(&o.value)
            },
        ]);
        let record = if o.deletion {
            format!("{{\"key\":{}}}", key_to_json(&key))
        } else {
            record_line(&key, &o.value)
        };
        let head = record.strip_suffix('}').unwrap_or(&record);
        report.rows_json.push(format!(
            "{head},\"sequence\":{},\"type\":\"{kind}\",\"file\":{},\"level\":{level_json},\"live\":{},\"returned\":{}}}",
            o.sequence,
            json!(file),
            o.live,
            o.visible
        ));
    }
    output::print_report(g.output, &report)?;
    if found.occurrences.is_empty() {
        return Err(StoreError::NotFound {
            what: format!("key {} in any file", escape_bytes(&key)),
        }
        .into());
    }
    Ok(())
}

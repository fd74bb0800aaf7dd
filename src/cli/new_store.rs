//! New stores built whole: under a temporary name beside the target
//! (`.NAME.storectl-WHAT-PID`, removed by a later run if the process was
//! killed), renamed into place only when complete — so a store either
//! appears whole or not at all. Used by `import` and `block put` when the
//! store does not exist yet, and by `salvage` for its target.

use super::output;
use super::GlobalArgs;
use crate::store::sorter::Sorted;
use crate::StoreError;
use anyhow::{Context, Result};
use std::path::Path;

/// Removes the temporary siblings of `dest` (`.NAME.storectl-WHAT-<pid>`,
/// [`crate::store::checkpoint::temp_sibling`]) that killed runs of `what`
/// left, their makers gone, saying so (`maker` names the command: "an
/// import").
pub fn remove_stale_siblings(g: &GlobalArgs, dest: &Path, (what, maker): (&str, &str)) {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "store".into());
    let parent = crate::store::durable::parent_of(dest);
    let prefix = format!(".{name}.storectl-{what}-");
    for stale in super::leftovers::remove_stale(parent, &prefix, "") {
        g.note(format!(
            "removed {}, left by {maker} that was killed",
            stale.display()
        ));
    }
}

/// Builds the store `db` with `fill`, which gets the temporary directory's
/// path (not yet created). `what` names the command in the temporary name
/// (`import`, `block-put`), `maker` in messages ("an import").
pub fn build<T>(
    g: &GlobalArgs,
    db: &Path,
    (what, maker): (&str, &str),
    fill: impl FnOnce(&Path) -> Result<T>,
) -> Result<T> {
    remove_stale_siblings(g, db, (what, maker));
    let temp = crate::store::checkpoint::temp_sibling(db, what);
    let result = (|| -> Result<T> {
        let out = fill(&temp)?;
        if db.exists() {
            std::fs::remove_dir(db).with_context(|| {
                format!("{} exists and is not an empty directory", db.display())
            })?;
        }
        // Renamed into place and the directory synced: the new store is
        // durable once the command reports success.
        crate::store::durable::rename(&temp, db)
            .with_context(|| format!("rename {} to {}", temp.display(), db.display()))?;
        Ok(out)
    })();
    if let Err(e) = &result {
        let _ = std::fs::remove_dir_all(&temp);
        if e.downcast_ref::<super::interrupt::Interrupted>().is_some() {
            return Err(super::interrupt::Interrupted(format!(
                "nothing written; the partly built store was removed and {} was not created",
                db.display()
            ))
            .into());
        }
    }
    result
}

/// Where sort runs go while a new store's input is read: beside the store
/// when its parent exists, else the system's temporary directory.
pub fn sort_dir(db: &Path) -> std::path::PathBuf {
    let beside = crate::store::durable::parent_of(db);
    if beside.is_dir() {
        beside.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// Writes a store at `temp` from sorted records (keys as the user gave
/// them: the namespace's prefix is added): tables and a manifest written
/// directly (`store::bulk`), no engine involved.
pub fn write_tables(temp: &Path, sorted: Sorted, g: &GlobalArgs) -> Result<()> {
    // The parent too: nothing is created before the input was checked.
    std::fs::create_dir_all(temp).with_context(|| format!("create {}", temp.display()))?;
    let namespace = g.namespace();
    let writing = output::progress_counter("writing tables");
    let mut interrupted = None;
    let entries = sorted.enumerate().map(|(i, item)| {
        let (key, value) = item?;
        if i % 1024 == 0 {
            if let Err(e) = super::interrupt::check(|| "stopped while writing".into()) {
                interrupted = Some(e);
                return Err(StoreError::bad_input("interrupted"));
            }
        }
        writing.inc(1);
        Ok((namespace.full_key(&key), value))
    });
    let built = crate::store::bulk::build_store(temp, entries);
    writing.finish_and_clear();
    if let Some(e) = interrupted {
        return Err(e);
    }
    built?;
    Ok(())
}

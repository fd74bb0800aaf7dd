//! The repository's backups as their metadata files say, and the metadata
//! files that cannot be read. One damaged `backups/<id>.json` made every
//! command fail (no new backup, no restore of the intact ones); now it is
//! a problem of that backup alone: `verify` reports it, `restore` of it
//! refuses, `create` takes an id after it, and nothing deletes content
//! files while its list of them is unknown.

use super::{BackupMeta, BackupProblem, Repository};
use crate::error::{Result, StoreError};

/// What the repository's metadata files hold.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Every backup whose metadata reads, oldest first.
    pub backups: Vec<BackupMeta>,
    /// Every metadata file that does not read (its id from its name).
    pub damaged: Vec<BackupProblem>,
}

impl Catalog {
    /// The id a new backup takes: after every backup, damaged ones too.
    pub fn next_id(&self) -> u64 {
        let intact = self.backups.iter().map(|m| m.id);
        let damaged = self.damaged.iter().map(|p| p.id);
        intact.chain(damaged).max().map_or(1, |id| id + 1)
    }

    /// Backup `id` (an error when its metadata is damaged or absent).
    pub fn take(self, id: u64) -> Result<BackupMeta> {
        if let Some(p) = self.damaged.iter().find(|p| p.id == id) {
            return Err(StoreError::Corruption {
                path: p.file.clone(),
                message: format!("backup {id}: {}", p.message),
            });
        }
        self.backups
            .into_iter()
            .find(|m| m.id == id)
            .ok_or(StoreError::NotFound {
                what: format!("backup {id}"),
            })
    }

    /// Refuses to go on while a metadata file is damaged (other than
    /// those of `ids`): the content files its backup uses are unknown, so
    /// none may be deleted.
    pub fn require_intact(&self, ids: &[u64]) -> Result<()> {
        match self.damaged.iter().find(|p| !ids.contains(&p.id)) {
            None => Ok(()),
            Some(p) => Err(StoreError::Corruption {
                path: p.file.clone(),
                message: format!(
                    "{}; no content file is deleted while a backup's list of them is unknown: restore {} from a copy, or delete backup {} (`backup delete REPO {}`) first",
                    p.message,
                    p.file.display(),
                    p.id,
                    p.id
                ),
            }),
        }
    }
}

impl Repository {
    /// Reads every metadata file.
    pub fn catalog(&self) -> Result<Catalog> {
        let dir = self.root.join("backups");
        let mut catalog = Catalog::default();
        for entry in
            std::fs::read_dir(&dir).map_err(StoreError::io(format!("list {}", dir.display())))?
        {
            let path = entry.map_err(StoreError::io("list".into()))?.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let named = path
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.parse::<u64>().ok());
            let read = std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|text| {
                    serde_json::from_str::<BackupMeta>(&text).map_err(|e| e.to_string())
                });
            match (read, named) {
                (Ok(meta), Some(id)) if meta.id == id => catalog.backups.push(meta),
                (Ok(meta), _) => catalog.damaged.push(BackupProblem {
                    id: named.unwrap_or(meta.id),
                    file: path.clone(),
                    message: format!(
                        "backup metadata names backup {} but its file is {}",
                        meta.id,
                        path.display()
                    ),
                }),
                (Err(e), _) => catalog.damaged.push(BackupProblem {
                    id: named.unwrap_or(0),
                    file: path.clone(),
                    message: format!("unreadable backup metadata: {e}"),
                }),
            }
        }
        catalog.backups.sort_by_key(|m| m.id);
        catalog.damaged.sort_by_key(|p| p.id);
        Ok(catalog)
    }
}

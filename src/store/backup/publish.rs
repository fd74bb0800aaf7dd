//! Publishing a backup's metadata: the last write of `backup create`.

use super::{BackupMeta, Repository};
use crate::error::{Result, StoreError};
use crate::store::durable;
use std::fs::File;

impl Repository {
    /// Writes `meta` as the next free id: under a temporary name, synced,
    /// then linked to `backups/<id>.json`, which fails rather than replace a
    /// backup another `backup create` published meanwhile (creates share
    /// the repository's lock): the id moves on and the write is retried.
    pub(super) fn publish(&self, meta: &mut BackupMeta) -> Result<()> {
        let dir = self.root.join("backups");
        loop {
            let path = self.meta_path(meta.id);
            let temp = dir.join(format!(
                "{:08}.json.tmp-{}-meta",
                meta.id,
                std::process::id()
            ));
            std::fs::write(
                &temp,
                serde_json::to_string_pretty(&*meta).expect("serialisable"),
            )
            .map_err(StoreError::io(format!("write {}", temp.display())))?;
            File::open(&temp)
                .and_then(|f| f.sync_all())
                .map_err(StoreError::io(format!("sync {}", temp.display())))?;
            let linked = std::fs::hard_link(&temp, &path);
            let _ = std::fs::remove_file(&temp);
            match linked {
                Ok(()) => {
                    return durable::sync_dir(&dir)
                        .map_err(StoreError::io(format!("sync {}", dir.display())))
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => meta.id += 1,
                Err(e) => return Err(StoreError::io(format!("write {}", path.display()))(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::backup::Access;

    #[test]
    fn a_published_backup_never_replaces_another() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::open(dir.path(), true, Access::Shared, Default::default()).unwrap();
        let meta = |id| BackupMeta {
            version: 1,
            id,
            time: 0,
            source: format!("store {id}"),
            sequence: id,
            files: Vec::new(),
            stats: serde_json::Value::Null,
            bytes_added: 0,
            files_reused: 0,
        };
        let mut first = meta(1);
        repo.publish(&mut first).unwrap();
        // Another create took id 1 meanwhile: this one becomes 2.
        let mut second = meta(1);
        second.source = "the other store".into();
        repo.publish(&mut second).unwrap();
        assert_eq!(second.id, 2);
        let list = repo.catalog().unwrap().backups;
        assert_eq!(
            list.iter()
                .map(|m| (m.id, m.source.as_str()))
                .collect::<Vec<_>>(),
            vec![(1, "store 1"), (2, "the other store")]
        );
        // No temporary left behind.
        let names: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}

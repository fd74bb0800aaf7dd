//! Copying and hashing the repository's files: each byte read once for
//! its SHA-256, its copy and (through `observe`) the backup's description.

use super::durable;
use crate::error::{Result, StoreError};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;

/// SHA-256 (hex) and size of a file.
pub fn hash_file(path: &Path) -> Result<(String, u64)> {
    hash_copy(path, None, &mut |_| Ok(()))
}

/// Copies `from` to the new file `to` (not synced: the caller syncs it;
/// its writeback is started), hashing on the way: SHA-256 (hex), size and
/// the open copy. `observe` sees the bytes as they are read.
pub(super) fn copy_hashing(
    from: &Path,
    to: &Path,
    observe: &mut dyn FnMut(&[u8]) -> Result<()>,
) -> Result<(String, u64, File)> {
    let mut out = File::create(to).map_err(StoreError::io(format!("create {}", to.display())))?;
    let (sha256, size) = hash_copy(from, Some((&mut out, to)), observe)?;
    durable::start_writeback(&out);
    Ok((sha256, size, out))
}

/// Reads `from` once: its SHA-256 (hex) and size, writing it to `copy`
/// too; `observe` sees each chunk read, in order.
pub(super) fn hash_copy(
    from: &Path,
    mut copy: Option<(&mut File, &Path)>,
    observe: &mut dyn FnMut(&[u8]) -> Result<()>,
) -> Result<(String, u64)> {
    let mut src = File::open(from).map_err(StoreError::io(format!("read {}", from.display())))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = src
            .read(&mut buf)
            .map_err(StoreError::io(format!("read {}", from.display())))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        observe(&buf[..n])?;
        if let Some((out, to)) = &mut copy {
            out.write_all(&buf[..n])
                .map_err(StoreError::io(format!("write {}", to.display())))?;
        }
        size += n as u64;
    }
    Ok((hex(&hasher.finalize()), size))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Copies `from` to `to` synced (through a temporary name in `to`'s directory).
pub(super) fn copy_durable(from: &Path, to: &Path) -> Result<()> {
    let temp = to.with_extension(format!("tmp-{}", std::process::id()));
    {
        let mut src =
            File::open(from).map_err(StoreError::io(format!("read {}", from.display())))?;
        let mut out =
            File::create(&temp).map_err(StoreError::io(format!("create {}", temp.display())))?;
        std::io::copy(&mut src, &mut out)
            .map_err(StoreError::io(format!("copy to {}", temp.display())))?;
        out.sync_all()
            .map_err(StoreError::io(format!("sync {}", temp.display())))?;
    }
    durable::rename(&temp, to).map_err(StoreError::io(format!("rename {}", temp.display())))
}

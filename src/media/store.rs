//! Where stored files live. Handlers and the domain only see [`MediaStore`]; the folder is one
//! implementation of it, and an object store can take its place without touching them.

use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;

use super::is_store_key;

/// Files by key: written whole or not at all, read back, deleted.
#[async_trait]
pub trait MediaStore: Send + Sync + std::fmt::Debug {
    /// Stores `bytes` under `key` so that no reader ever sees part of them.
    async fn put(&self, key: &str, bytes: Vec<u8>) -> std::io::Result<()>;
    /// The bytes under `key`; `NotFound` for a key that was never stored or was deleted.
    async fn get(&self, key: &str) -> std::io::Result<Vec<u8>>;
    /// Removes `key`; removing a missing key is not an error.
    async fn delete(&self, key: &str) -> std::io::Result<()>;
}

/// The store the application shares.
pub type SharedStore = Arc<dyn MediaStore>;

/// Removes files after the rows that named them are gone; a file that cannot be removed is
/// logged and left (nothing names it any more, so it is never served).
pub async fn delete_all(store: &dyn MediaStore, keys: &[String]) {
    for key in keys {
        if let Err(err) = store.delete(key).await {
            tracing::warn!(%key, error = %err, "could not delete a stored file");
        }
    }
}

/// Files in one folder, named by their keys.
#[derive(Debug, Clone)]
pub struct FolderStore {
    root: PathBuf,
}

impl FolderStore {
    pub fn new(root: PathBuf) -> Self {
        Self { root }
    }

    /// The path of `key`, or `NotFound` for anything that is not a key the store gives out
    /// (so no name, and no path, can be asked for).
    fn path(&self, key: &str) -> std::io::Result<PathBuf> {
        if is_store_key(key) {
            Ok(self.root.join(key))
        } else {
            Err(std::io::ErrorKind::NotFound.into())
        }
    }
}

/// A shared folder store at `root`.
pub fn folder(root: PathBuf) -> SharedStore {
    Arc::new(FolderStore::new(root))
}

#[async_trait]
impl MediaStore for FolderStore {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        let path = self.path(key)?;
        tokio::fs::create_dir_all(&self.root).await?;
        // Written beside, then renamed into place: a reader sees the whole file or none.
        let temporary = self.root.join(format!(".{key}.{}.tmp", std::process::id()));
        if let Err(err) = tokio::fs::write(&temporary, &bytes).await {
            let _ = tokio::fs::remove_file(&temporary).await;
            return Err(err);
        }
        tokio::fs::rename(&temporary, &path).await
    }

    async fn get(&self, key: &str) -> std::io::Result<Vec<u8>> {
        tokio::fs::read(self.path(key)?).await
    }

    async fn delete(&self, key: &str) -> std::io::Result<()> {
        match tokio::fs::remove_file(self.path(key)?).await {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_folder_store_puts_gets_and_deletes_only_its_own_keys() {
        let dir = std::env::temp_dir().join(format!("injectory-store-{}", std::process::id()));
        let store = FolderStore::new(dir.clone());
        let key = "0123456789abcdef0123456789abcdef.jpg";
        store.put(key, b"bytes".to_vec()).await.expect("stored");
        assert_eq!(store.get(key).await.expect("read"), b"bytes");
        store.delete(key).await.expect("deleted");
        store.delete(key).await.expect("deleting twice is fine");
        assert!(store.get(key).await.is_err());
        for bad in [
            "../Cargo.toml",
            ".",
            "",
            "a.jpg",
            "0123456789abcdef0123456789abcdef.exe",
        ] {
            assert!(store.get(bad).await.is_err(), "{bad}");
            assert!(store.put(bad, Vec::new()).await.is_err(), "{bad}");
        }
        let leftovers = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
        assert_eq!(leftovers, 0, "no temporary file is left behind");
        let _ = std::fs::remove_dir_all(dir);
    }
}

//! The state every handler shares: the database, the media store and the settings.

use std::ops::Deref;
use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::config::Config;
use crate::media::MediaStore;

/// Cheap to clone: one `Arc` around [`App`].
#[derive(Clone)]
pub struct AppState(Arc<App>);

/// What the application holds for the life of the process.
pub struct App {
    pub db: DatabaseConnection,
    pub media: MediaStore,
    pub config: Config,
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: Config) -> Self {
        let media = MediaStore::new(config.media_dir.clone());
        Self(Arc::new(App { db, media, config }))
    }
}

impl Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.0
    }
}

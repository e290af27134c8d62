//! The state every handler shares: the database, the media store and the settings.

use std::ops::Deref;
use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::blocking::BoundedWork;
use crate::clock::Clock;
use crate::config::Config;
use crate::database::DatabaseWatch;
use crate::domain::accounts::PasswordWork;
use crate::domain::login_throttle::LoginThrottle;
use crate::media::{self, SharedStore};

/// Cheap to clone: one `Arc` around [`App`].
#[derive(Clone)]
pub struct AppState(Arc<App>);

/// What the application holds for the life of the process.
pub struct App {
    pub db: DatabaseConnection,
    /// Notices a replaced SQLite file and faults, so pooled connections are renewed.
    pub db_watch: DatabaseWatch,
    /// Uploaded files (images, documents), by key.
    pub media: SharedStore,
    pub config: Config,
    /// "Now", for expiry and throttling; tests move it by hand.
    pub clock: Clock,
    /// Failed sign-ins in this process (see the module for why per instance is enough).
    pub login_throttle: LoginThrottle,
    /// Password hashing on the blocking pool, bounded.
    pub password_work: PasswordWork,
    /// Image decoding and encoding on the blocking pool, bounded: a few uploads at once can
    /// neither starve page serving nor hold more decoded images than there are permits.
    pub image_work: BoundedWork,
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: Config) -> Self {
        Self::with_clock(db, config, Clock::System)
    }

    /// State whose idea of "now" comes from `clock`.
    pub fn with_clock(db: DatabaseConnection, config: Config, clock: Clock) -> Self {
        Self::with_watch(db, DatabaseWatch::default(), config, clock)
    }

    /// State on a connection made by [`crate::database::connect_for_serving`], with its watch.
    pub fn with_watch(
        db: DatabaseConnection,
        db_watch: DatabaseWatch,
        config: Config,
        clock: Clock,
    ) -> Self {
        let media = media::folder(config.media_dir.clone());
        // Two hashes per core at once keeps the CPU busy without queuing 19 MiB buffers.
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self(Arc::new(App {
            db,
            db_watch,
            media,
            config,
            clock,
            login_throttle: LoginThrottle::default(),
            password_work: PasswordWork::new(cores * 2),
            image_work: BoundedWork::new(cores.div_ceil(2)),
        }))
    }
}

impl Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.0
    }
}

//! Opening the database, bringing its schema up to date, and surviving faults: telling a
//! database that is away (unreachable, read-only, unreadable, its file replaced) from a bug,
//! and getting back to it without a restart.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr, RuntimeErr};

/// Connects to `url`. An in-memory SQLite database lives in one connection, so its pool is
/// held to one; otherwise each connection would see its own empty database.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    Database::connect(options(url)).await
}

fn options(url: &str) -> ConnectOptions {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(3))
        // A connection in use is not pinged each time it is taken from the pool (sqlx's
        // default): that is a round trip to the database, or to SQLite's worker thread, for
        // every statement. One idle long enough to have been dropped is still pinged, and
        // after a fault every older connection is replaced (`DatabaseWatch`).
        .test_before_acquire_if_idle_for(IDLE_BEFORE_PING)
        .sqlx_logging(false);
    // An in-memory database lives in one connection's shared cache: more connections would
    // lock each other's tables.
    if sqlite_in_memory(url) {
        options.max_connections(1).min_connections(1);
    } else if url.starts_with("sqlite:") {
        // sea-orm would hold a SQLite file to one connection, so every statement of every
        // page would wait in one line. Readers share the file; a writer takes the write lock
        // at once (see `domain::begin_write`) and waits out readers for up to the busy
        // timeout. The journal stays a rollback journal: with WAL a write to a file made
        // read-only would still land in the log instead of being refused.
        options.max_connections(SQLITE_CONNECTIONS);
    }
    // PostgreSQL plans as if a page read out of order cost four read in order, a spinning
    // disk's figure. Its own documentation suggests a value near one when the data sits in
    // memory or on SSD, as a directory's does. At 4 a name matching a tenth of the
    // practitioners was found by reading the whole table (17 ms) rather than through its
    // full-text index (1 ms). Set for the application's own sessions only, after any
    // `options` in the URL.
    options.map_sqlx_postgres_opts(|postgres| {
        postgres.options([("random_page_cost", RANDOM_PAGE_COST)])
    });
    options
}

/// The planner's cost of a page read out of order, relative to one read in order (see
/// [`options`]).
const RANDOM_PAGE_COST: &str = "1.1";

/// How long a pooled connection may sit unused before it is pinged when next taken.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(10);

/// Connections to a SQLite file: enough for readers on every core and a writer.
const SQLITE_CONNECTIONS: u32 = 8;

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Refreshes the query planner's statistics where the database does not do it itself
/// (SQLite; PostgreSQL's autovacuum analyses on its own). Without them SQLite may scan a
/// poor index for the directory's filters.
pub async fn optimize(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA optimize=0x10002").await?;
    }
    Ok(())
}

/// Why a backup was not written.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists; choose a new file")]
    Exists(String),
    #[error("this is a PostgreSQL database: back it up with pg_dump (see the README)")]
    NotSqlite,
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// Writes a consistent copy of a SQLite database to `path` (`VACUUM INTO`, which reads one
/// snapshot, so the app may keep serving and writing meanwhile).
pub async fn backup(db: &DatabaseConnection, path: &std::path::Path) -> Result<(), BackupError> {
    if db.get_database_backend() != sea_orm::DbBackend::Sqlite {
        return Err(BackupError::NotSqlite);
    }
    if path.exists() {
        return Err(BackupError::Exists(path.display().to_string()));
    }
    let target = path.display().to_string().replace('\'', "''");
    db.execute_unprepared(&format!("VACUUM INTO '{target}'"))
        .await?;
    Ok(())
}

/// Whether an error means the database is away for now (so the visitor should get 503 and
/// try again), rather than a bug: no connection, a connection lost, a database that is
/// read-only, unreadable, full, busy, or whose file was removed.
pub fn is_unavailable(err: &DbErr) -> bool {
    let runtime = match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Exec(runtime) | DbErr::Query(runtime) => runtime,
        _ => return false,
    };
    let RuntimeErr::SqlxError(sqlx_error) = runtime else {
        return false;
    };
    use sea_orm::sqlx::Error as E;
    match sqlx_error.as_ref() {
        E::Io(_)
        | E::Tls(_)
        | E::Protocol(_)
        | E::PoolTimedOut
        | E::PoolClosed
        | E::WorkerCrashed => true,
        E::Database(database_error) => {
            if let Some(sqlite) =
                database_error.try_downcast_ref::<sea_orm::sqlx::sqlite::SqliteError>()
            {
                let extended: i32 = sea_orm::sqlx::error::DatabaseError::code(sqlite)
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(0);
                // BUSY, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB.
                return matches!(extended & 0xff, 5 | 8 | 10 | 11 | 13 | 14 | 26);
            }
            if let Some(postgres) =
                database_error.try_downcast_ref::<sea_orm::sqlx::postgres::PgDatabaseError>()
            {
                let state = postgres.code();
                // Connection exceptions, insufficient resources, shutting down, read-only.
                return state.starts_with("08")
                    || state.starts_with("53")
                    || state.starts_with("57P")
                    || state == "25006";
            }
            false
        }
        _ => false,
    }
}

/// Keeps pooled connections honest after a fault. For a SQLite file it notices when the file
/// was removed or replaced (a restored backup is a new file): connections to the old one are
/// dropped and new ones open the file now at the path, which is never created afresh while
/// serving. After any fault the pool's connections are replaced, so a database that comes
/// back is used again without a restart.
#[derive(Clone, Debug, Default)]
pub struct DatabaseWatch(Arc<Watch>);

/// Whether the database can be written to now: the file is there and opens for writing (a
/// read-only or immutable file does not), and a table can be read.
pub async fn writable(db: &DatabaseConnection, watch: &DatabaseWatch) -> Result<(), DbErr> {
    let away = |why: &str| Err(DbErr::Conn(RuntimeErr::Internal(why.to_owned())));
    if !watch.file_is_current() {
        return away("the database file is missing");
    }
    if let Some(path) = &watch.0.path
        && std::fs::OpenOptions::new().write(true).open(path).is_err()
    {
        return away("the database file cannot be written");
    }
    db.execute_unprepared("SELECT 1 FROM accounts LIMIT 1")
        .await
        .map(|_| ())
}

#[derive(Debug, Default)]
struct Watch {
    /// The SQLite file, when the database is one.
    path: Option<PathBuf>,
    /// (device, inode) of the file the current connections opened.
    identity: Mutex<Option<(u64, u64)>>,
    started: Option<Instant>,
    /// Milliseconds after `started` of the latest fault; connections older are replaced.
    fault_at: AtomicU64,
}

impl DatabaseWatch {
    fn new(path: Option<PathBuf>) -> Self {
        let identity = path.as_deref().and_then(file_identity);
        Self(Arc::new(Watch {
            path,
            identity: Mutex::new(identity),
            started: Some(Instant::now()),
            fault_at: AtomicU64::new(0),
        }))
    }

    fn millis_since_start(&self) -> u64 {
        self.0.started.map_or(0, |t| {
            u64::try_from(t.elapsed().as_millis()).unwrap_or(u64::MAX)
        })
    }

    /// Records a fault: connections opened before now are replaced when next used.
    pub fn mark_fault(&self) {
        self.0
            .fault_at
            .store(self.millis_since_start().max(1), Ordering::Relaxed);
    }

    /// Whether the SQLite file is there (always true for PostgreSQL). A removed or replaced
    /// file counts as a fault, so connections to the old one are replaced.
    pub fn file_is_current(&self) -> bool {
        let Some(path) = &self.0.path else {
            return true;
        };
        let now = file_identity(path);
        let mut known = match self.0.identity.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if now != *known {
            // Removed, or replaced (a restored backup): connections to the old file go.
            if now.is_some() {
                *known = now;
            }
            drop(known);
            self.mark_fault();
        }
        now.is_some()
    }

    /// Whether a pooled connection, `age` old, may still be used.
    fn connection_is_current(&self, age: Duration) -> bool {
        if !self.file_is_current() {
            return false;
        }
        let fault_at = self.0.fault_at.load(Ordering::Relaxed);
        let opened_at = self
            .millis_since_start()
            .saturating_sub(u64::try_from(age.as_millis()).unwrap_or(u64::MAX));
        fault_at == 0 || opened_at > fault_at
    }
}

fn file_identity(path: &std::path::Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path).ok().map(|m| (m.len(), 0))
    }
}

/// Whether a URL names an in-memory SQLite database (`sqlite::memory:`, or a named one
/// with `mode=memory`).
fn sqlite_in_memory(url: &str) -> bool {
    url.starts_with("sqlite:") && (url.contains(":memory:") || url.contains("mode=memory"))
}

/// The file of a `sqlite:` URL, if it names one (not an in-memory database).
fn sqlite_file(url: &str) -> Option<PathBuf> {
    if sqlite_in_memory(url) {
        return None;
    }
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next()?;
    (!path.is_empty()).then(|| PathBuf::from(path))
}

/// How many connections the server's pool holds to `url`: `asked` (`DATABASE_POOL_SIZE`)
/// when given, else [`SQLITE_CONNECTIONS`] for a SQLite file and two per core of this
/// machine for PostgreSQL. An in-memory SQLite database always has one.
///
/// PostgreSQL runs each connection's statements in a process of its own, so every
/// connection beyond what the cores can run at once only adds switching between them. On
/// the two-core bench machine (app, database and load generator on it together), four
/// connections served the reviews queue 13-30% faster than sqlx's default of ten, a
/// signed-in directory 10-17% faster, and the directory and a profile a little faster,
/// with a lower p99 on each. A database on another machine, with its own cores and a
/// network between, may want more: that is what the setting is for.
pub fn pool_size(url: &str, asked: Option<u32>) -> u32 {
    if sqlite_in_memory(url) {
        return 1;
    }
    asked.unwrap_or_else(|| {
        if url.starts_with("sqlite:") {
            SQLITE_CONNECTIONS
        } else {
            let cores = std::thread::available_parallelism().map_or(2, usize::from);
            u32::try_from(cores.saturating_mul(2)).unwrap_or(u32::MAX)
        }
    })
}

/// Connects for serving requests: like [`connect`], but a SQLite file is never created (a
/// missing file is a fault, not an empty directory), every pooled connection is checked
/// against the [`DatabaseWatch`] before use, and the pool holds [`pool_size`] connections
/// (`pool_size_asked` is `DATABASE_POOL_SIZE`).
pub async fn connect_for_serving(
    url: &str,
    pool_size_asked: Option<u32>,
) -> Result<(DatabaseConnection, DatabaseWatch), DbErr> {
    let file = sqlite_file(url);
    let watch = DatabaseWatch::new(file.clone());
    let mut options = options(url);
    options.max_connections(pool_size(url, pool_size_asked));
    if file.is_some() {
        options.map_sqlx_sqlite_opts(|o| o.create_if_missing(false));
        let check = watch.clone();
        options.map_sqlx_sqlite_before_acquire(move |_connection, meta| {
            let current = check.connection_is_current(meta.age);
            Box::pin(async move { Ok(current) })
        });
    } else if url.starts_with("postgres") {
        let check = watch.clone();
        options.map_sqlx_postgres_before_acquire(move |_connection, meta| {
            let current = check.connection_is_current(meta.age);
            Box::pin(async move { Ok(current) })
        });
    }
    let db = Database::connect(options).await?;
    Ok((db, watch))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pool_is_sized_by_the_setting_or_by_the_database() {
        let postgres = "postgres://postgres@127.0.0.1:5432/injectory";
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        assert_eq!(
            usize::try_from(pool_size(postgres, None)).ok(),
            Some(cores * 2)
        );
        assert_eq!(pool_size(postgres, Some(12)), 12);
        assert_eq!(
            pool_size("sqlite://injectory.db?mode=rwc", None),
            SQLITE_CONNECTIONS
        );
        assert_eq!(pool_size("sqlite://injectory.db?mode=rwc", Some(3)), 3);
        // Each connection to an in-memory database would open a database of its own.
        assert_eq!(pool_size("sqlite::memory:", Some(8)), 1);
    }

    #[test]
    fn the_sqlite_file_is_read_from_the_url() {
        assert_eq!(
            sqlite_file("sqlite://injectory.db?mode=rwc"),
            Some(PathBuf::from("injectory.db"))
        );
        assert_eq!(
            sqlite_file("sqlite:///var/lib/x.db"),
            Some(PathBuf::from("/var/lib/x.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("sqlite://scratch?mode=memory"), None);
        assert_eq!(sqlite_file("postgres://u@h/db"), None);
    }

    #[test]
    fn connections_opened_before_a_fault_are_replaced() {
        let watch = DatabaseWatch::new(None);
        std::thread::sleep(Duration::from_millis(5));
        assert!(watch.connection_is_current(Duration::from_millis(1)));
        watch.mark_fault();
        assert!(!watch.connection_is_current(Duration::from_millis(4)));
        std::thread::sleep(Duration::from_millis(5));
        assert!(watch.connection_is_current(Duration::from_millis(1)));
    }
}

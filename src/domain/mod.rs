//! The rules of the directory: one module per noun, each function taking the connection
//! first so it runs inside or outside a transaction. Every write takes `now` from the
//! caller (the application's clock), never from the wall clock.

pub mod account_tokens;
pub mod accounts;
pub mod compare;
pub mod credential_documents;
pub mod credentials;
pub mod directory;
pub mod email_address;
pub mod email_confirmation;
pub mod gallery;
pub mod headshots;
pub mod invites;
pub(crate) mod json_list;
pub mod kept_keys;
pub mod login_throttle;
pub mod media_access;
pub mod moderation;
pub mod notices;
pub mod outbox;
pub(crate) mod paging;
pub mod password_reset;
pub mod practitioners;
pub mod ratings;
pub mod registration;
pub mod replies;
pub mod reviews;
pub mod sessions;
pub(crate) mod statement;
pub mod validation;

use sea_orm::sea_query::{Expr, SelectStatement, SimpleExpr};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    FromQueryResult, IsolationLevel, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

/// Where a transaction begins: the pool, or a transaction already open (the demo data loads
/// in one transaction, and the domain's own transactions nest in it as savepoints).
pub trait Transactional: ConnectionTrait + TransactionTrait {
    /// Begins a transaction with `options`. On the pool it is begun in a task of its own,
    /// which runs to its end even when the caller is dropped midway (the visitor went away):
    /// sqlx forgets a PostgreSQL `BEGIN` that was sent but not yet answered when its future is
    /// dropped, and the connection would go back to the pool inside a transaction, where the
    /// next statements run uncommitted and the next snapshot fails. Once begun, a dropped
    /// transaction rolls back.
    fn begin_to_the_end(
        &self,
        options: TransactionOptions,
    ) -> impl Future<Output = Result<DatabaseTransaction, DbErr>> + Send;
}

impl Transactional for DatabaseConnection {
    async fn begin_to_the_end(
        &self,
        options: TransactionOptions,
    ) -> Result<DatabaseTransaction, DbErr> {
        let pool = self.clone();
        tokio::spawn(async move { pool.begin_with_options(options).await })
            .await
            .map_err(|e| DbErr::Custom(format!("beginning a transaction: {e}")))?
    }
}

impl Transactional for DatabaseTransaction {
    async fn begin_to_the_end(
        &self,
        options: TransactionOptions,
    ) -> Result<DatabaseTransaction, DbErr> {
        self.begin_with_options(options).await
    }
}

/// Opens a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so two writers queue instead of one failing when it upgrades a read
/// lock; PostgreSQL ignores the mode and relies on row locks.
pub(crate) async fn begin_write(db: &impl Transactional) -> Result<DatabaseTransaction, DbErr> {
    db.begin_to_the_end(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Runs `read` in one snapshot and ends it: a transaction for a page read in several
/// statements. They all see one state of the database (SQLite keeps its read lock to the
/// end; PostgreSQL reads one snapshot, repeatable read and read only), and they run on one
/// connection taken from the pool once: each statement run alone takes a connection and gives
/// it back, and sqlx checks every connection given back with a round trip to the database
/// (on SQLite, to the connection's worker thread). Dropped midway, the snapshot rolls back,
/// which for reads is the same as ending it.
pub(crate) async fn in_snapshot<T>(
    db: &DatabaseConnection,
    read: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T, DbErr>,
) -> Result<T, DbErr> {
    let options = match db.get_database_backend() {
        DbBackend::Postgres => TransactionOptions {
            isolation_level: Some(IsolationLevel::RepeatableRead),
            access_mode: Some(AccessMode::ReadOnly),
            ..Default::default()
        },
        _ => TransactionOptions::default(),
    };
    let snapshot = db.begin_to_the_end(options).await?;
    let value = read(&snapshot).await?;
    snapshot.commit().await?;
    Ok(value)
}

/// `column` of every row `rows` selects (a correlated subquery), comma-separated in one
/// column of the enclosing statement: `group_concat` on SQLite, `string_agg` on PostgreSQL.
/// A list folded into its owner's row costs no statement of its own. For vocabulary names
/// only, which hold no comma; read it back with [`parse_comma_list`].
pub(crate) fn comma_list(
    backend: DbBackend,
    mut rows: SelectStatement,
    column: &str,
) -> SimpleExpr {
    let aggregate = string_aggregate(backend);
    rows.expr(Expr::cust(format!("{aggregate}(\"{column}\", ',')")));
    Expr::SubQuery(None, Box::new(rows.into()))
}

/// The aggregate joining text values with a separator: `group_concat(value, sep)` on
/// SQLite, `string_agg(value, sep)` on PostgreSQL.
pub(crate) fn string_aggregate(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "string_agg",
        _ => "group_concat",
    }
}

/// The values of a [`comma_list`] (NULL when there were no rows), in display order; a name
/// `parse` does not know is skipped.
pub(crate) fn parse_comma_list<T: Ord>(
    list: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
) -> Vec<T> {
    let mut values: Vec<T> = list
        .unwrap_or_default()
        .split(',')
        .filter_map(parse)
        .collect();
    values.sort_unstable();
    values
}

/// Runs a query built with sea-query (joins and aggregates the entity finders do not
/// express) and reads each row into `T`.
pub(crate) async fn select_rows<T: FromQueryResult>(
    db: &impl ConnectionTrait,
    query: &SelectStatement,
) -> Result<Vec<T>, DbErr> {
    T::find_by_statement(statement::build(db.get_database_backend(), query))
        .all(db)
        .await
}

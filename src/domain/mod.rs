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
pub mod login_throttle;
pub mod media_access;
pub mod moderation;
pub mod notices;
pub mod outbox;
pub mod password_reset;
pub mod practitioners;
pub mod ratings;
pub mod registration;
pub mod replies;
pub mod reviews;
pub mod sessions;
pub mod validation;

use sea_orm::sea_query::{Expr, SelectStatement, SimpleExpr};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    FromQueryResult, IsolationLevel, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

/// Opens a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so two writers queue instead of one failing when it upgrades a read
/// lock; PostgreSQL ignores the mode and relies on row locks.
pub(crate) async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Opens a transaction for a page read in several statements. They all see one state of the
/// database (SQLite keeps its read lock to the end; PostgreSQL reads one snapshot, repeatable
/// read and read only), and they run on one connection taken from the pool once: each
/// statement run alone takes a connection and gives it back, and sqlx checks every
/// connection given back with a round trip to the database (on SQLite, to the connection's
/// worker thread). End it with `commit`; dropped, it rolls back, which for reads is the same.
async fn begin_read<C: ConnectionTrait + TransactionTrait>(
    db: &C,
) -> Result<C::Transaction, DbErr> {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            db.begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await
        }
        _ => db.begin().await,
    }
}

/// Runs `read` in a [`begin_read`] snapshot and ends it.
///
/// The snapshot is begun in a task of its own, which runs to its end even when the request
/// is dropped midway (the visitor went away). sqlx forgets a PostgreSQL `BEGIN` that was sent
/// but not yet answered when its future is dropped, and the connection would go back to the
/// pool inside a transaction, failing the next page that begins one on it. Once begun, a
/// dropped transaction rolls back.
pub(crate) async fn in_snapshot<T>(
    db: &DatabaseConnection,
    read: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T, DbErr>,
) -> Result<T, DbErr> {
    let owned = db.clone();
    let snapshot = tokio::spawn(async move { begin_read(&owned).await })
        .await
        .map_err(|e| DbErr::Custom(format!("beginning a read snapshot: {e}")))??;
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
    let aggregate = match backend {
        DbBackend::Postgres => "string_agg",
        _ => "group_concat",
    };
    rows.expr(Expr::cust(format!("{aggregate}(\"{column}\", ',')")));
    Expr::SubQuery(None, Box::new(rows.into()))
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
    T::find_by_statement(db.get_database_backend().build(query))
        .all(db)
        .await
}

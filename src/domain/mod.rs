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

use sea_orm::sea_query::SelectStatement;
use sea_orm::{
    ConnectionTrait, DbErr, FromQueryResult, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
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

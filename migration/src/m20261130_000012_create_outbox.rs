//! Mail leaves through an outbox: a message is a row written in the same transaction as the
//! change that causes it, and a background task sends it, retrying with backoff. Single-use
//! tokens mailed to an account (password reset now; address verification later) are kept
//! as hashes in one table.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261123_000001_create_accounts::Accounts;
use crate::shape::{create_indexes, drop_tables, enum_col, fk, index, ref_col};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Outbox {
    Table,
    Id,
    Recipient,
    Subject,
    TextBody,
    HtmlBody,
    Kind,
    Status,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AccountTokens {
    Table,
    Id,
    AccountId,
    Purpose,
    TokenHash,
    RequestedFrom,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use AccountTokens as T;
        use Outbox as O;
        manager
            .create_table(
                Table::create()
                    .table(O::Table)
                    .col(big_pk_auto(O::Id))
                    .col(string_len(O::Recipient, 320))
                    .col(string_len(O::Subject, 300))
                    .col(text(O::TextBody))
                    .col(text(O::HtmlBody))
                    .col(enum_col(O::Kind))
                    .col(enum_col(O::Status))
                    .col(integer(O::Attempts).default(0))
                    .col(timestamp_with_time_zone(O::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(O::ClaimedUntil))
                    .col(text_null(O::LastError))
                    .col(timestamp_with_time_zone(O::CreatedAt))
                    .col(timestamp_with_time_zone_null(O::SentAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(big_pk_auto(T::Id))
                    .col(ref_col(T::AccountId))
                    .col(enum_col(T::Purpose))
                    .col(string_len_uniq(T::TokenHash, 64))
                    .col(string_len_null(T::RequestedFrom, 64))
                    .col(timestamp_with_time_zone(T::CreatedAt))
                    .col(timestamp_with_time_zone(T::ExpiresAt))
                    .col(timestamp_with_time_zone_null(T::UsedAt))
                    .foreign_key(&mut fk(
                        T::Table,
                        T::AccountId,
                        Accounts::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            vec![
                index(O::Table, &[O::Status, O::NextAttemptAt]),
                index(T::Table, &[T::AccountId, T::Purpose, T::CreatedAt]),
                index(T::Table, &[T::RequestedFrom, T::CreatedAt]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![AccountTokens::Table.into_iden(), Outbox::Table.into_iden()],
        )
        .await
    }
}

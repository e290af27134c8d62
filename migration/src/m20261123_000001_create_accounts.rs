//! Accounts (patients, practitioners, moderators) and their database-held sessions.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::shape::{create_indexes, drop_tables, enum_col, fk, index, ref_col};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Accounts::Table)
                    .col(big_pk_auto(Accounts::Id))
                    .col(string_len_uniq(Accounts::Email, 320))
                    .col(string(Accounts::PasswordHash))
                    .col(enum_col(Accounts::Role))
                    .col(string_len(Accounts::DisplayName, 120))
                    .col(boolean(Accounts::Disabled).default(false))
                    .col(timestamp_with_time_zone(Accounts::CreatedAt))
                    .col(timestamp_with_time_zone(Accounts::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(big_pk_auto(Sessions::Id))
                    .col(string_len_uniq(Sessions::TokenHash, 64))
                    .col(ref_col(Sessions::AccountId))
                    .col(string_len(Sessions::CsrfToken, 64))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .foreign_key(&mut fk(
                        Sessions::Table,
                        Sessions::AccountId,
                        Accounts::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        create_indexes(
            manager,
            vec![
                index(Accounts::Table, &[Accounts::Role]),
                index(Sessions::Table, &[Sessions::AccountId]),
                index(Sessions::Table, &[Sessions::ExpiresAt]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![Sessions::Table.into_iden(), Accounts::Table.into_iden()],
        )
        .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Accounts {
    Table,
    Id,
    Email,
    PasswordHash,
    Role,
    DisplayName,
    Disabled,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sessions {
    Table,
    Id,
    TokenHash,
    AccountId,
    CsrfToken,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}

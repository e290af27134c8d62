//! Verified email addresses and notices. An account records when its address was confirmed
//! (every account that exists today is taken as confirmed: it was made by a moderator, the
//! seed or a registration from before confirmation existed) and whether it wants optional
//! notices. An outbox row may now be a notice to an account, stored as structured data and
//! written out when it is sent. A credential records when its owner was told it expires
//! soon, so that is said once. An invite records whether its link was emailed for the
//! practitioner (a practitioner may have only so many emailed a day).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::shape::{create_indexes, index, ref_col_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Accounts {
    Table,
    EmailVerifiedAt,
    NoticesOff,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Outbox {
    Table,
    AccountId,
    Notice,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReviewInvites {
    Table,
    Emailed,
}

#[derive(DeriveIden, Clone, Copy)]
enum Credentials {
    Table,
    ExpiryNoticeSentAt,
}

/// Adds one column (SQLite takes one change per statement).
async fn add(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: ColumnDef,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).add_column(column).to_owned())
        .await
}

async fn drop(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: impl IntoIden,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).drop_column(column).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add(
            manager,
            Accounts::Table,
            timestamp_with_time_zone_null(Accounts::EmailVerifiedAt),
        )
        .await?;
        add(
            manager,
            Accounts::Table,
            boolean(Accounts::NoticesOff).default(false).to_owned(),
        )
        .await?;
        add(manager, Outbox::Table, ref_col_null(Outbox::AccountId)).await?;
        add(manager, Outbox::Table, text_null(Outbox::Notice)).await?;
        add(
            manager,
            Credentials::Table,
            timestamp_with_time_zone_null(Credentials::ExpiryNoticeSentAt),
        )
        .await?;
        add(
            manager,
            ReviewInvites::Table,
            boolean(ReviewInvites::Emailed).default(false).to_owned(),
        )
        .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Accounts::Table)
                    .value(Accounts::EmailVerifiedAt, Expr::col(Accounts::CreatedAt))
                    .to_owned(),
            )
            .await?;
        create_indexes(manager, vec![index(Outbox::Table, &[Outbox::AccountId])]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_outbox_account_id")
                    .table(Outbox::Table)
                    .to_owned(),
            )
            .await?;
        drop(manager, ReviewInvites::Table, ReviewInvites::Emailed).await?;
        drop(manager, Credentials::Table, Credentials::ExpiryNoticeSentAt).await?;
        drop(manager, Outbox::Table, Outbox::Notice).await?;
        drop(manager, Outbox::Table, Outbox::AccountId).await?;
        drop(manager, Accounts::Table, Accounts::NoticesOff).await?;
        drop(manager, Accounts::Table, Accounts::EmailVerifiedAt).await
    }
}

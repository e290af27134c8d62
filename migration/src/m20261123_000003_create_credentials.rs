//! Credentials a practitioner claims (licence, board certification, training) and their
//! verification: pending until a moderator checks the source, then verified or rejected.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261123_000001_create_accounts::Accounts;
use crate::m20261123_000002_create_practitioners::Practitioners;
use crate::shape::{
    create_indexes, drop_tables, enum_col, enum_col_null, fk, index, ref_col, ref_col_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Credentials as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(big_pk_auto(C::Id))
                    .col(ref_col(C::PractitionerId))
                    .col(enum_col(C::Kind))
                    .col(string_len(C::Title, 200))
                    .col(string_len(C::Issuer, 200))
                    .col(string_len(C::Number, 80).default(""))
                    .col(string_len(C::Region, 120).default(""))
                    .col(date_null(C::IssuedOn))
                    .col(date_null(C::ExpiresOn))
                    .col(enum_col(C::Status))
                    .col(string_len_null(C::SourceChecked, 500))
                    .col(ref_col_null(C::VerifiedBy))
                    .col(timestamp_with_time_zone_null(C::VerifiedAt))
                    .col(enum_col_null(C::RejectionReason))
                    .col(timestamp_with_time_zone(C::CreatedAt))
                    .col(timestamp_with_time_zone(C::UpdatedAt))
                    .foreign_key(&mut fk(
                        C::Table,
                        C::PractitionerId,
                        Practitioners::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        C::Table,
                        C::VerifiedBy,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        create_indexes(
            manager,
            vec![
                index(C::Table, &[C::PractitionerId, C::Status]),
                index(C::Table, &[C::Status, C::CreatedAt]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, vec![Credentials::Table]).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Credentials {
    Table,
    Id,
    PractitionerId,
    Kind,
    Title,
    Issuer,
    Number,
    Region,
    IssuedOn,
    ExpiresOn,
    Status,
    SourceChecked,
    VerifiedBy,
    VerifiedAt,
    RejectionReason,
    CreatedAt,
    UpdatedAt,
}

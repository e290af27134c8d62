//! Stored images and the before/after gallery pairs made of them.
//!
//! An image row describes one re-encoded file in the media store (and its thumbnail); its
//! perceptual hash lets a moderator spot the same photo offered by two practitioners.

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
        manager
            .create_table(
                Table::create()
                    .table(Images::Table)
                    .col(big_pk_auto(Images::Id))
                    .col(string_len_uniq(Images::StorageKey, 80))
                    .col(string_len(Images::ThumbnailKey, 80))
                    .col(string_len(Images::ContentType, 32))
                    .col(integer(Images::Width))
                    .col(integer(Images::Height))
                    .col(integer(Images::ThumbnailWidth))
                    .col(integer(Images::ThumbnailHeight))
                    .col(big_integer(Images::ByteSize))
                    .col(string_len(Images::PerceptualHash, 16))
                    .col(string_len(Images::Sha256, 64))
                    .col(ref_col_null(Images::UploadedBy))
                    .col(timestamp_with_time_zone(Images::CreatedAt))
                    .foreign_key(&mut fk(
                        Images::Table,
                        Images::UploadedBy,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        use GalleryItems as G;
        manager
            .create_table(
                Table::create()
                    .table(G::Table)
                    .col(big_pk_auto(G::Id))
                    .col(ref_col(G::PractitionerId))
                    .col(ref_col(G::BeforeImageId))
                    .col(ref_col(G::AfterImageId))
                    .col(enum_col(G::Treatment))
                    .col(enum_col_null(G::Product))
                    .col(integer_null(G::Units))
                    .col(integer_null(G::DaysAfterTreatment))
                    .col(string_len(G::Caption, 500).default(""))
                    .col(date(G::ConsentAttestedOn))
                    .col(boolean(G::Edited).default(false))
                    .col(string_len_null(G::EditNote, 300))
                    .col(enum_col(G::Status))
                    .col(enum_col_null(G::RejectionReason))
                    .col(ref_col_null(G::ModeratedBy))
                    .col(timestamp_with_time_zone_null(G::ModeratedAt))
                    .col(timestamp_with_time_zone(G::CreatedAt))
                    .col(timestamp_with_time_zone(G::UpdatedAt))
                    .foreign_key(&mut fk(
                        G::Table,
                        G::PractitionerId,
                        Practitioners::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        G::Table,
                        G::BeforeImageId,
                        Images::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        G::Table,
                        G::AfterImageId,
                        Images::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        G::Table,
                        G::ModeratedBy,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        create_indexes(
            manager,
            vec![
                index(Images::Table, &[Images::PerceptualHash]),
                index(Images::Table, &[Images::Sha256]),
                index(G::Table, &[G::PractitionerId, G::Status]),
                index(G::Table, &[G::Status, G::CreatedAt]),
                index(G::Table, &[G::BeforeImageId]),
                index(G::Table, &[G::AfterImageId]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![GalleryItems::Table.into_iden(), Images::Table.into_iden()],
        )
        .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Images {
    Table,
    Id,
    StorageKey,
    ThumbnailKey,
    ContentType,
    Width,
    Height,
    ThumbnailWidth,
    ThumbnailHeight,
    ByteSize,
    PerceptualHash,
    Sha256,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum GalleryItems {
    Table,
    Id,
    PractitionerId,
    BeforeImageId,
    AfterImageId,
    Treatment,
    Product,
    Units,
    DaysAfterTreatment,
    Caption,
    ConsentAttestedOn,
    Edited,
    EditNote,
    Status,
    RejectionReason,
    ModeratedBy,
    ModeratedAt,
    CreatedAt,
    UpdatedAt,
}

//! What a practitioner shows beyond the profile text: the gallery's order and duplicate
//! matches, a moderated headshot, how to reach the clinic, documents behind credentials, and
//! invites that can be revoked. Cards stop using a patient's photo as the practitioner's
//! picture: until a headshot is approved they show initials.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261123_000001_create_accounts::Accounts;
use crate::m20261123_000002_create_practitioners::Practitioners;
use crate::shape::{create_indexes, drop_tables, enum_col, enum_col_null, fk, index, ref_col};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Images {
    Table,
    ThumbnailKey,
}

#[derive(DeriveIden, Clone, Copy)]
enum GalleryItems {
    Table,
    PractitionerId,
    Status,
    Position,
    MatchedImageId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Headshots {
    Table,
    Id,
    PractitionerId,
    ImageId,
    MatchedImageId,
    Status,
    RejectionReason,
    ModeratedBy,
    ModeratedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Contact {
    Phone,
    WebsiteUrl,
    BookingUrl,
    StreetAddress,
    OpeningHours,
    HeadshotKey,
}

#[derive(DeriveIden, Clone, Copy)]
enum Credentials {
    Table,
    DocumentKey,
    DocumentType,
    DocumentBytes,
    DocumentUploadedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReviewInvites {
    Table,
    TreatmentOn,
    RevokedAt,
}

/// Adds each column in turn (SQLite takes one per ALTER TABLE).
async fn add_columns<T: IntoIden + Copy + 'static>(
    manager: &SchemaManager<'_>,
    table: T,
    columns: Vec<ColumnDef>,
) -> Result<(), DbErr> {
    for mut column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(table)
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

async fn drop_columns<T: IntoIden + Copy + 'static, C: IntoIden + Copy + 'static>(
    manager: &SchemaManager<'_>,
    table: T,
    columns: &[C],
) -> Result<(), DbErr> {
    for column in columns {
        manager
            .alter_table(Table::alter().table(table).drop_column(*column).to_owned())
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use GalleryItems as G;
        add_columns(
            manager,
            G::Table,
            vec![
                integer(G::Position).default(0).take(),
                big_integer_null(G::MatchedImageId),
            ],
        )
        .await?;
        add_columns(
            manager,
            Practitioners::Table,
            vec![
                string_len(Contact::Phone, 40).default("").take(),
                string_len(Contact::WebsiteUrl, 300).default("").take(),
                string_len(Contact::BookingUrl, 300).default("").take(),
                string_len(Contact::StreetAddress, 200).default("").take(),
                string_len(Contact::OpeningHours, 500).default("").take(),
                string_len_null(Contact::HeadshotKey, 80),
            ],
        )
        .await?;
        add_columns(
            manager,
            Credentials::Table,
            vec![
                string_len_null(Credentials::DocumentKey, 80),
                string_len_null(Credentials::DocumentType, 32),
                big_integer_null(Credentials::DocumentBytes),
                timestamp_with_time_zone_null(Credentials::DocumentUploadedAt),
            ],
        )
        .await?;
        add_columns(
            manager,
            ReviewInvites::Table,
            vec![
                date_null(ReviewInvites::TreatmentOn),
                timestamp_with_time_zone_null(ReviewInvites::RevokedAt),
            ],
        )
        .await?;

        use Headshots as H;
        manager
            .create_table(
                Table::create()
                    .table(H::Table)
                    .col(big_pk_auto(H::Id))
                    .col(ref_col(H::PractitionerId))
                    .col(ref_col(H::ImageId))
                    .col(big_integer_null(H::MatchedImageId))
                    .col(enum_col(H::Status))
                    .col(enum_col_null(H::RejectionReason))
                    .col(big_integer_null(H::ModeratedBy))
                    .col(timestamp_with_time_zone_null(H::ModeratedAt))
                    .col(timestamp_with_time_zone(H::CreatedAt))
                    .col(timestamp_with_time_zone(H::UpdatedAt))
                    .foreign_key(&mut fk(
                        H::Table,
                        H::PractitionerId,
                        Practitioners::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        H::Table,
                        H::ImageId,
                        Images::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        H::Table,
                        H::ModeratedBy,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        // A patient's photo no longer stands in for the practitioner on cards.
        manager
            .get_connection()
            .execute_unprepared("UPDATE practitioners SET thumbnail_key = NULL")
            .await?;

        create_indexes(
            manager,
            vec![
                index(Images::Table, &[Images::ThumbnailKey]),
                index(G::Table, &[G::PractitionerId, G::Status, G::Position]),
                index(H::Table, &[H::PractitionerId, H::Status]),
                index(H::Table, &[H::Status, H::CreatedAt]),
                index(H::Table, &[H::ImageId]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            (
                "idx_gallery_items_practitioner_id_status_position",
                GalleryItems::Table.into_iden(),
            ),
            ("idx_images_thumbnail_key", Images::Table.into_iden()),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        drop_tables(manager, vec![Headshots::Table]).await?;
        drop_columns(
            manager,
            ReviewInvites::Table,
            &[ReviewInvites::TreatmentOn, ReviewInvites::RevokedAt],
        )
        .await?;
        drop_columns(
            manager,
            Credentials::Table,
            &[
                Credentials::DocumentKey,
                Credentials::DocumentType,
                Credentials::DocumentBytes,
                Credentials::DocumentUploadedAt,
            ],
        )
        .await?;
        drop_columns(
            manager,
            Practitioners::Table,
            &[
                Contact::Phone,
                Contact::WebsiteUrl,
                Contact::BookingUrl,
                Contact::StreetAddress,
                Contact::OpeningHours,
                Contact::HeadshotKey,
            ],
        )
        .await?;
        drop_columns(
            manager,
            GalleryItems::Table,
            &[GalleryItems::Position, GalleryItems::MatchedImageId],
        )
        .await
    }
}

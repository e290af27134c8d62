//! Columns the directory filters and cards read, so a listing never joins or aggregates:
//! lower-cased keys for city, region and free text, an upper-cased postal code without spaces
//! (prefix search is a range scan), and the thumbnail shown on the practitioner's card.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::shape::{create_indexes, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Practitioners {
    Table,
    Published,
    SearchText,
    CityKey,
    RegionKey,
    PostalKey,
    ThumbnailKey,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Practitioners as P;
        // SQLite takes one column per ALTER TABLE.
        for column in [
            string_len(P::SearchText, 400).default("").to_owned(),
            string_len(P::CityKey, 120).default("").to_owned(),
            string_len(P::RegionKey, 120).default("").to_owned(),
            string_len(P::PostalKey, 16).default("").to_owned(),
            string_len_null(P::ThumbnailKey, 80).to_owned(),
        ] {
            manager
                .alter_table(Table::alter().table(P::Table).add_column(column).to_owned())
                .await?;
        }
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE practitioners SET \
               search_text = LOWER(name || ' ' || clinic_name), \
               city_key = LOWER(TRIM(city)), \
               region_key = LOWER(TRIM(region)), \
               postal_key = UPPER(REPLACE(postal_code, ' ', ''))",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE practitioners SET thumbnail_key = ( \
               SELECT i.thumbnail_key FROM gallery_items g JOIN images i ON i.id = g.after_image_id \
               WHERE g.practitioner_id = practitioners.id AND g.status = 'approved' \
               ORDER BY g.id LIMIT 1)",
        )
        .await?;
        create_indexes(
            manager,
            vec![
                index(P::Table, &[P::Published, P::CityKey]),
                index(P::Table, &[P::Published, P::RegionKey]),
                index(P::Table, &[P::Published, P::PostalKey]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Practitioners as P;
        for name in [
            "idx_practitioners_published_city_key",
            "idx_practitioners_published_region_key",
            "idx_practitioners_published_postal_key",
        ] {
            manager
                .drop_index(Index::drop().name(name).table(P::Table).to_owned())
                .await?;
        }
        for column in [
            P::SearchText,
            P::CityKey,
            P::RegionKey,
            P::PostalKey,
            P::ThumbnailKey,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(P::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

//! Indexes that hold each directory order complete (sort key, tie-breaks, id), so a page is
//! read straight off an index instead of sorting every published practitioner.

use sea_orm_migration::prelude::*;

use crate::shape::{create_indexes, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Practitioners {
    Table,
    Id,
    Published,
    RatingScore,
    ReviewCount,
    LipFlipsLastYear,
}

const NAMES: [&str; 3] = [
    "idx_practitioners_published_rating_score_review_count_id",
    "idx_practitioners_published_review_count_rating_score_id",
    "idx_practitioners_published_lip_flips_last_year_rating_score_id",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Practitioners as P;
        create_indexes(
            manager,
            vec![
                index(
                    P::Table,
                    &[P::Published, P::RatingScore, P::ReviewCount, P::Id],
                ),
                index(
                    P::Table,
                    &[P::Published, P::ReviewCount, P::RatingScore, P::Id],
                ),
                index(
                    P::Table,
                    &[P::Published, P::LipFlipsLastYear, P::RatingScore, P::Id],
                ),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in NAMES {
            manager
                .drop_index(
                    Index::drop()
                        .name(name)
                        .table(Practitioners::Table)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

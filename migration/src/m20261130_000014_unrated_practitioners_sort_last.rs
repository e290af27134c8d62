//! A practitioner without approved reviews used to score the prior (4.0) and so ranked
//! above practitioners with real reviews averaging a little less. Unrated practitioners now
//! score 0, after every rated one; this brings the stored scores in line.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Practitioners {
    Table,
    RatingScore,
    ReviewCount,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_unrated_score(manager, 0.0).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_unrated_score(manager, 4.0).await
    }
}

async fn set_unrated_score(manager: &SchemaManager<'_>, score: f64) -> Result<(), DbErr> {
    manager
        .exec_stmt(
            Query::update()
                .table(Practitioners::Table)
                .value(Practitioners::RatingScore, score)
                .and_where(Expr::col(Practitioners::ReviewCount).eq(0))
                .to_owned(),
        )
        .await
}

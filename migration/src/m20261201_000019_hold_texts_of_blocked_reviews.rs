//! Marks the pending texts that wait off the reviews queue, so the queue is read from one
//! index with no look-up of each text's review.
//!
//! A pending text is decided only while its review is pending or published. A published
//! review's waiting edit stays pending while a report hides the review, while it is removed
//! and while an appeal of its removal waits; it comes back to the queue if the review is shown
//! again. Until now the queue found out by looking up the review of each of its (hundreds of)
//! waiting texts: with 500 of them that look-up was over half the queue page's statement on
//! PostgreSQL (0.8 ms of 1.5 ms under `EXPLAIN ANALYZE`, 1,500 buffers).
//!
//! - `review_revisions.on_hold` is true for a pending text whose review cannot be decided
//!   now. The moderation transitions that move a review in or out of a decidable state set
//!   it in their transaction; this migration sets it for the texts already waiting.
//! - The pending texts are in a partial index of their own, by hold and then in queue order,
//!   so the queue's length and its first page are read from it.
//! - The index of reviews by id and status (migration 18, PostgreSQL only) served only that
//!   look-up and is dropped.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::shape::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Reviews {
    Table,
    Id,
    Status,
}

#[derive(DeriveIden)]
enum ReviewRevisions {
    Table,
    OnHold,
}

/// The pending texts, held ones apart, oldest first.
const QUEUED_TEXTS_INDEX: &str = "idx_review_revisions_queued";

fn review_status_by_id() -> IndexCreateStatement {
    index(Reviews::Table, &[Reviews::Id, Reviews::Status])
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ReviewRevisions::Table)
                    .add_column(
                        ColumnDef::new(ReviewRevisions::OnHold)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE review_revisions SET on_hold = TRUE \
             WHERE status = 'pending' AND review_id IN \
               (SELECT id FROM reviews WHERE status NOT IN ('pending', 'approved'))",
        )
        .await?;
        // The same partial-index syntax works on both databases. The hold leads the columns
        // so the queue's `on_hold = FALSE` is a search of the index on SQLite too (it chose
        // the index of texts by status over one with the hold only in its condition), and
        // it makes the index cover the count on both.
        db.execute_unprepared(&format!(
            "CREATE INDEX {QUEUED_TEXTS_INDEX} ON review_revisions (on_hold, created_at, id) \
             WHERE status = 'pending'"
        ))
        .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            let name = review_status_by_id()
                .get_index_spec()
                .get_name()
                .unwrap_or_default()
                .to_owned();
            manager
                .drop_index(Index::drop().name(name).table(Reviews::Table).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager.create_index(review_status_by_id()).await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name(QUEUED_TEXTS_INDEX)
                    .table(ReviewRevisions::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ReviewRevisions::Table)
                    .drop_column(ReviewRevisions::OnHold)
                    .to_owned(),
            )
            .await
    }
}

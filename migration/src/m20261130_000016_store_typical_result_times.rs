//! The profile's and the comparison's "typical time until the result showed" and "typical
//! time it lasted" (the lower medians of the approved reviews' answers) are stored on the
//! practitioner row beside the side-effect counters, and kept by the same moderation
//! transactions. Before, every profile view aggregated the answers of all approved reviews.
//! Existing rows are filled from the reviews here.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Practitioners {
    Table,
    TypicalOnsetDays,
    TypicalWeeksLasted,
}

/// Sets `column` to the lower median of the approved texts' `answer` (the unanswered left
/// out): the answer at position (n + 1) / 2 of the n given, in order.
fn fill(column: &str, answer: &str) -> String {
    format!(
        "UPDATE practitioners SET {column} = m.answer FROM ( \
           SELECT practitioner_id, answer FROM ( \
             SELECT r.practitioner_id, v.{answer} AS answer, \
               ROW_NUMBER() OVER (PARTITION BY r.practitioner_id ORDER BY v.{answer}) AS position, \
               COUNT(*) OVER (PARTITION BY r.practitioner_id) AS answered \
             FROM reviews r JOIN review_revisions v ON v.id = r.approved_revision_id \
             WHERE r.status = 'approved' AND v.{answer} IS NOT NULL) ranked \
           WHERE position = (answered + 1) / 2) m \
         WHERE m.practitioner_id = practitioners.id"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one column at a time.
        for column in [
            Practitioners::TypicalOnsetDays,
            Practitioners::TypicalWeeksLasted,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Practitioners::Table)
                        .add_column(integer_null(column))
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        db.execute_unprepared(&fill("typical_onset_days", "days_to_onset"))
            .await?;
        db.execute_unprepared(&fill("typical_weeks_lasted", "weeks_lasted"))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Practitioners::TypicalOnsetDays,
            Practitioners::TypicalWeeksLasted,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Practitioners::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

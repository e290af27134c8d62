//! Stores on each review text (`review_revisions`) which side effects it reports, as bit
//! flags, so a text is read with its side effects from its own row: no look-up in
//! `review_side_effects` for each text a page shows.
//!
//! Until now every text was read with a subquery aggregating its rows of
//! `review_side_effects`: twenty a page of the reviews queue, ten a page of a profile's
//! reviews, one for each text a decision counts. On PostgreSQL the queue's were about a tenth
//! of its statement.
//!
//! - `review_revisions.side_effect_flags` holds one bit for each side effect the text
//!   reports. The numbering is the application's (`SideEffect::flag`) and is fixed here: a
//!   value keeps its bit for good.
//! - A text never changes once written (an edit is a new text), so the flags are written
//!   once, by the transaction that inserts the text and its rows of side effects; this
//!   migration fills them for the texts already there.
//! - `review_side_effects` stays the record (the side-effect counts are recounted from it);
//!   the flags are kept from it.
//!
//! Filling the flags writes every text's row once. On PostgreSQL with autovacuum turned off,
//! run `VACUUM ANALYZE review_revisions` after it.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum ReviewRevisions {
    Table,
    SideEffectFlags,
}

/// Each side effect's bit, by its stored value.
const SIDE_EFFECT_FLAGS: &[(&str, i32)] = &[
    ("bruising", 1),
    ("swelling", 2),
    ("tenderness", 4),
    ("asymmetry", 8),
    ("drooling", 16),
    ("straws_or_speech", 32),
    ("numbness", 64),
    ("headache", 128),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ReviewRevisions::Table)
                    .add_column(
                        ColumnDef::new(ReviewRevisions::SideEffectFlags)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        // Each side effect once per text: the pair is the table's key.
        let cases: String = SIDE_EFFECT_FLAGS
            .iter()
            .map(|(stored, bit)| format!(" WHEN '{stored}' THEN {bit}"))
            .collect();
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "UPDATE review_revisions SET side_effect_flags = COALESCE((SELECT \
                 SUM(CASE side_effect{cases} ELSE 0 END) FROM review_side_effects \
                 WHERE review_side_effects.revision_id = review_revisions.id), 0) \
                 WHERE EXISTS (SELECT 1 FROM review_side_effects \
                 WHERE review_side_effects.revision_id = review_revisions.id)"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ReviewRevisions::Table)
                    .drop_column(ReviewRevisions::SideEffectFlags)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}

//! What the moderation workflow needs beyond the first schema: side-effect counters on the
//! practitioner row (kept by the same transactions as the rating counters), the date a
//! credential's source was checked, appeals, at most one open flag per reporter and item, and
//! indexes for the queues, the audit log, the transparency figures and the profile's page of
//! reviews.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261123_000001_create_accounts::Accounts;
use crate::shape::{create_indexes, drop_tables, enum_col, fk, index, ref_col, ref_col_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The side effects a reviewer can report, as stored (see the vocabulary).
const SIDE_EFFECTS: [&str; 8] = [
    "bruising",
    "swelling",
    "tenderness",
    "asymmetry",
    "drooling",
    "straws_or_speech",
    "numbness",
    "headache",
];

const OPEN_FLAG_INDEX: &str = "uq_flags_open_subject_reporter";

#[derive(DeriveIden, Clone, Copy)]
enum Credentials {
    Table,
    SourceCheckedOn,
}

#[derive(DeriveIden, Clone, Copy)]
enum Reviews {
    Table,
    Id,
    PractitionerId,
    Status,
    ApprovedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReviewRevisions {
    Table,
    Id,
    Status,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ModerationEvents {
    Table,
    Action,
    CreatedAt,
    RevisionId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Appeals {
    Table,
    Id,
    ReviewId,
    RevisionId,
    AuthorId,
    Statement,
    OriginalAction,
    OriginalModeratorId,
    Status,
    DecidedBy,
    DecidedAt,
    DecisionNote,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // SQLite takes one column per ALTER TABLE.
        for effect in SIDE_EFFECTS {
            let column = Alias::new(format!("side_effect_{effect}_count"));
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("practitioners"))
                        .add_column(integer(column).default(0))
                        .to_owned(),
                )
                .await?;
            db.execute_unprepared(&format!(
                "UPDATE practitioners SET side_effect_{effect}_count = ( \
                   SELECT COUNT(*) FROM reviews r \
                   JOIN review_side_effects s ON s.revision_id = r.approved_revision_id \
                   WHERE r.practitioner_id = practitioners.id AND r.status = 'approved' \
                   AND s.side_effect = '{effect}')"
            ))
            .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Credentials::Table)
                    .add_column(date_null(Credentials::SourceCheckedOn))
                    .to_owned(),
            )
            .await?;

        use Appeals as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(big_pk_auto(A::Id))
                    // One appeal per review, ever.
                    .col(ref_col(A::ReviewId).unique_key())
                    .col(ref_col(A::RevisionId))
                    .col(ref_col(A::AuthorId))
                    .col(text(A::Statement))
                    .col(enum_col(A::OriginalAction))
                    .col(ref_col_null(A::OriginalModeratorId))
                    .col(enum_col(A::Status))
                    .col(ref_col_null(A::DecidedBy))
                    .col(timestamp_with_time_zone_null(A::DecidedAt))
                    .col(text_null(A::DecisionNote))
                    .col(timestamp_with_time_zone(A::CreatedAt))
                    .foreign_key(&mut fk(
                        A::Table,
                        A::ReviewId,
                        Reviews::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        A::Table,
                        A::AuthorId,
                        Accounts::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        A::Table,
                        A::OriginalModeratorId,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        A::Table,
                        A::DecidedBy,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        // The same partial-index syntax works on both databases.
        db.execute_unprepared(&format!(
            "CREATE UNIQUE INDEX {OPEN_FLAG_INDEX} ON flags (subject_kind, subject_id, reporter_id) \
             WHERE status = 'open'"
        ))
        .await?;

        use ModerationEvents as E;
        use ReviewRevisions as V;
        use Reviews as R;
        create_indexes(
            manager,
            vec![
                index(A::Table, &[A::Status, A::CreatedAt]),
                index(V::Table, &[V::Status, V::CreatedAt, V::Id]),
                index(E::Table, &[E::Action, E::CreatedAt]),
                index(E::Table, &[E::RevisionId]),
                index(
                    R::Table,
                    &[R::PractitionerId, R::Status, R::ApprovedAt, R::Id],
                ),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            (
                "idx_reviews_practitioner_id_status_approved_at_id",
                Reviews::Table.into_iden(),
            ),
            (
                "idx_moderation_events_revision_id",
                ModerationEvents::Table.into_iden(),
            ),
            (
                "idx_moderation_events_action_created_at",
                ModerationEvents::Table.into_iden(),
            ),
            (
                "idx_review_revisions_status_created_at_id",
                ReviewRevisions::Table.into_iden(),
            ),
            (OPEN_FLAG_INDEX, Alias::new("flags").into_iden()),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        drop_tables(manager, vec![Appeals::Table]).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Credentials::Table)
                    .drop_column(Credentials::SourceCheckedOn)
                    .to_owned(),
            )
            .await?;
        for effect in SIDE_EFFECTS {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("practitioners"))
                        .drop_column(Alias::new(format!("side_effect_{effect}_count")))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

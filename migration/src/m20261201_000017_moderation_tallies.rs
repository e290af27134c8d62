//! The profile's "how this practitioner's reviews were moderated" figures come from tallies
//! kept beside the audit log, not from the log itself. Before, every profile view grouped
//! all of the practitioner's moderation events (one per decision, so a practitioner with
//! five thousand reviews cost five thousand rows a view). A tally counts the decisions of
//! one practitioner in one month that share a figure: approved or rejected texts by star
//! rating, rejections and removals by reason, decisions by hours taken. Recording an event
//! adds to its tallies in the same transaction; existing events are tallied here.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::m20261123_000002_create_practitioners::Practitioners;
use crate::shape::{drop_tables, fk, ref_col};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum ModerationTallies {
    Table,
    PractitionerId,
    Month,
    Figure,
    Value,
    N,
}

/// Tallies every review decision in `moderation_events`, as recording them one by one
/// would have: into an empty `moderation_tallies`.
pub async fn tally_the_audit_log<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let (month, hours) = match db.get_database_backend() {
        DbBackend::Postgres => (
            "to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM')",
            "CAST(TRUNC(EXTRACT(EPOCH FROM (e.created_at - v.created_at)) / 3600) AS BIGINT)",
        ),
        _ => (
            "strftime('%Y-%m', e.created_at)",
            "CAST(ROUND((julianday(e.created_at) - julianday(v.created_at)) * 86400) AS INTEGER) / 3600",
        ),
    };
    let of_reviews = "FROM moderation_events e JOIN reviews r ON r.id = e.subject_id";
    let with_text = "JOIN review_revisions v ON v.id = e.revision_id";
    let sql = format!(
        "INSERT INTO moderation_tallies (practitioner_id, month, figure, value, n) \
         SELECT practitioner_id, month, figure, value, COUNT(*) FROM ( \
           SELECT r.practitioner_id, {month} AS month, \
             CASE e.action WHEN 'approve' THEN 'approved' ELSE 'rejected' END AS figure, \
             CAST(v.rating AS TEXT) AS value \
           {of_reviews} {with_text} \
           WHERE e.subject_kind = 'review' AND e.action IN ('approve', 'reject') \
           UNION ALL \
           SELECT r.practitioner_id, {month}, \
             CASE e.action WHEN 'reject' THEN 'rejection' ELSE 'removal' END, e.reason_code \
           {of_reviews} \
           WHERE e.subject_kind = 'review' AND e.reason_code IS NOT NULL \
             AND e.action IN ('reject', 'remove', 'uphold_flag') \
           UNION ALL \
           SELECT r.practitioner_id, {month}, 'hours', CAST({hours} AS TEXT) \
           {of_reviews} {with_text} \
           WHERE e.subject_kind = 'review' AND e.action IN ('approve', 'reject', 'request_changes') \
         ) decisions GROUP BY practitioner_id, month, figure, value"
    );
    db.execute_unprepared(&sql).await.map(|_| ())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ModerationTallies as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(ref_col(T::PractitionerId))
                    .col(string_len(T::Month, 7))
                    .col(string_len(T::Figure, 16))
                    .col(string_len(T::Value, 32))
                    .col(big_integer(T::N))
                    .primary_key(
                        Index::create()
                            .col(T::PractitionerId)
                            .col(T::Month)
                            .col(T::Figure)
                            .col(T::Value),
                    )
                    .foreign_key(&mut fk(
                        T::Table,
                        T::PractitionerId,
                        Practitioners::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        tally_the_audit_log(manager.get_connection()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, vec![ModerationTallies::Table.into_iden()]).await
    }
}

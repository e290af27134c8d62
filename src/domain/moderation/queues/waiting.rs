//! What waits in each queue (the rows a queue page lists) and how many wait in each.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement, UnionType};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryTrait,
};

use super::page::length_of;
use crate::domain::select_rows;
use crate::domain::statement::is_named;
use crate::entities::{appeal, credential, flag, gallery_item, headshot, review, review_revision};
use crate::vocabulary::{
    AppealStatus, CredentialStatus, FlagStatus, PhotoStatus, ReviewStatus, RevisionStatus,
};

/// How many items wait in each moderation queue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueCounts {
    /// Review texts (new reviews and edits) awaiting a decision.
    pub reviews: u64,
    /// Appeals this moderator may decide.
    pub appeals: u64,
    pub flags: u64,
    pub credentials: u64,
    pub photos: u64,
}

/// Pending texts of reviews that can still be decided (new, or edits of published ones):
/// the texts not [on hold](hold_or_release_text). Both databases count them from the
/// partial index of pending texts alone (migration 19), with no look-up of each text's
/// review; for that the status and the hold are written into the SQL as the index's
/// condition and its first column need them ([`is_named`]).
pub(super) fn pending_texts() -> sea_orm::Select<review_revision::Entity> {
    review_revision::Entity::find()
        .filter(is_named(
            review_revision::Column::Status,
            RevisionStatus::Pending,
        ))
        .filter(
            Expr::col((review_revision::Entity, review_revision::Column::OnHold))
                .eq(Expr::Constant(false.into())),
        )
}

/// Puts the review's pending text on hold, or back in the reviews queue, as the review's
/// status now says ([`ReviewStatus::DECIDABLE`]). Every transition that can move a review
/// into or out of those states calls it in its transaction, after the move: hiding,
/// removing, withdrawing, an appeal's decision, a dismissed report. A submission and an
/// approval leave the review in one of them, an appeal moves it between two states outside
/// them (rejected or removed to appealed), and a new text is never on hold.
pub(crate) async fn hold_or_release_text(
    db: &impl ConnectionTrait,
    review_id: i64,
) -> Result<(), DbErr> {
    let decidable = Query::select()
        .column(review::Column::Id)
        .from(review::Entity)
        .and_where(review::Column::Id.eq(review_id))
        .and_where(review::Column::Status.is_in(ReviewStatus::DECIDABLE))
        .to_owned();
    review_revision::Entity::update_many()
        .col_expr(
            review_revision::Column::OnHold,
            Expr::col(review_revision::Column::ReviewId).not_in_subquery(decidable),
        )
        .filter(review_revision::Column::ReviewId.eq(review_id))
        .filter(review_revision::Column::Status.eq(RevisionStatus::Pending))
        .exec(db)
        .await?;
    Ok(())
}

/// Open reports.
pub(super) fn open_flags() -> sea_orm::Select<flag::Entity> {
    flag::Entity::find().filter(is_named(flag::Column::Status, FlagStatus::Open))
}

/// Credentials waiting to be checked.
pub(super) fn pending_credentials() -> sea_orm::Select<credential::Entity> {
    credential::Entity::find().filter(is_named(
        credential::Column::Status,
        CredentialStatus::Pending,
    ))
}

/// Before/after pairs waiting for a decision.
pub(crate) fn pending_pairs() -> sea_orm::Select<gallery_item::Entity> {
    gallery_item::Entity::find()
        .filter(is_named(gallery_item::Column::Status, PhotoStatus::Pending))
}

/// Headshots waiting for a decision.
pub(crate) fn pending_headshots() -> sea_orm::Select<headshot::Entity> {
    headshot::Entity::find().filter(is_named(headshot::Column::Status, PhotoStatus::Pending))
}

/// Open appeals `moderator_id` may decide (not their own decisions).
pub(super) fn open_appeals_for(moderator_id: i64) -> sea_orm::Select<appeal::Entity> {
    appeal::Entity::find()
        .filter(is_named(appeal::Column::Status, AppealStatus::Open))
        .filter(
            Condition::any()
                .add(appeal::Column::OriginalModeratorId.is_null())
                .add(appeal::Column::OriginalModeratorId.ne(moderator_id)),
        )
}

#[derive(FromQueryResult)]
struct QueueLength {
    queue: i32,
    n: i64,
}

/// Counts the waiting items of every queue, as `moderator_id` sees them, in one statement.
pub async fn queue_counts(
    db: &impl ConnectionTrait,
    moderator_id: i64,
) -> Result<QueueCounts, DbErr> {
    // (queue number, its waiting rows); pairs and headshots share the photos queue.
    let lengths: [(i32, SelectStatement); 6] = [
        (0, pending_texts().into_query()),
        (1, open_appeals_for(moderator_id).into_query()),
        (2, open_flags().into_query()),
        (3, pending_credentials().into_query()),
        (4, pending_pairs().into_query()),
        (4, pending_headshots().into_query()),
    ];
    let mut counts = lengths.into_iter().map(|(queue, waiting)| {
        length_of(waiting)
            .expr_as(Expr::val(queue), Alias::new("queue"))
            .to_owned()
    });
    let mut query = counts.next().unwrap_or_else(Query::select);
    for count in counts {
        query.union(UnionType::All, count);
    }
    let mut found = QueueCounts::default();
    for row in select_rows::<QueueLength>(db, &query).await? {
        let n = row.n.unsigned_abs();
        match row.queue {
            0 => found.reviews += n,
            1 => found.appeals += n,
            2 => found.flags += n,
            3 => found.credentials += n,
            _ => found.photos += n,
        }
    }
    Ok(found)
}

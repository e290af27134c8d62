//! Who wrote a review and whom it is about, as every review-bearing queue shows it.

use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

use crate::domain::select_rows;
use crate::entities::{account, practitioner, review};
use crate::vocabulary::ReviewStatus;

/// Whose review this is and whose profile it is about, for the "not your own" rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewContext {
    pub review_id: i64,
    pub practitioner_name: String,
    pub practitioner_slug: String,
    pub author_name: String,
    /// Came through a practitioner's invite.
    pub verified_patient: bool,
    /// The viewing moderator wrote it or owns the profile, so may not decide it.
    pub own: bool,
}

/// A review as a queue shows it: its context, where it stands and how many reviews its
/// author wrote.
#[derive(Clone, Debug)]
pub(super) struct QueuedReview {
    pub(super) context: ReviewContext,
    pub(super) status: ReviewStatus,
    /// The text last approved, if any.
    approved_revision_id: Option<i64>,
    pub(super) author_reviews: u64,
}

impl QueuedReview {
    /// The published text a waiting edit of this review would replace.
    pub(super) fn published_text(&self) -> Option<i64> {
        (self.status == ReviewStatus::Approved)
            .then_some(self.approved_revision_id)
            .flatten()
    }
}

/// The columns [`with_context`] adds, read back by [`ContextRow::read`]. Their names are the
/// queues' own, so they sit beside any entity's columns in one row.
#[derive(FromQueryResult)]
pub(super) struct ContextRow {
    context_review_id: i64,
    context_review_status: ReviewStatus,
    context_approved_revision_id: Option<i64>,
    context_author_id: i64,
    context_verified_patient: bool,
    context_author_name: Option<String>,
    context_practitioner_name: Option<String>,
    context_practitioner_slug: Option<String>,
    context_owner_account_id: Option<i64>,
    /// `None` only if the author's account were gone.
    context_author_reviews: Option<i32>,
}

impl ContextRow {
    /// The review as `moderator_id` sees it in a queue.
    pub(super) fn read(self, moderator_id: i64) -> QueuedReview {
        QueuedReview {
            context: ReviewContext {
                review_id: self.context_review_id,
                practitioner_name: self.context_practitioner_name.unwrap_or_default(),
                practitioner_slug: self.context_practitioner_slug.unwrap_or_default(),
                author_name: self.context_author_name.unwrap_or_default(),
                verified_patient: self.context_verified_patient,
                own: self.context_author_id == moderator_id
                    || self.context_owner_account_id == Some(moderator_id),
            },
            status: self.context_review_status,
            approved_revision_id: self.context_approved_revision_id,
            author_reviews: self
                .context_author_reviews
                .map_or(0, |n| u64::from(n.unsigned_abs())),
        }
    }
}

/// Adds the context of the `reviews` row in `query`'s FROM: its author (with how many reviews
/// they wrote, kept on the account) and practitioner, joined, as the columns [`ContextRow`]
/// reads.
pub(super) fn with_context(query: &mut SelectStatement) -> &mut SelectStatement {
    let columns = [
        (
            "context_review_id",
            Expr::col((review::Entity, review::Column::Id)),
        ),
        (
            "context_review_status",
            Expr::col((review::Entity, review::Column::Status)),
        ),
        (
            "context_approved_revision_id",
            Expr::col((review::Entity, review::Column::ApprovedRevisionId)),
        ),
        (
            "context_author_id",
            Expr::col((review::Entity, review::Column::AuthorId)),
        ),
        (
            "context_verified_patient",
            Expr::col((review::Entity, review::Column::VerifiedPatient)),
        ),
        (
            "context_author_name",
            Expr::col((account::Entity, account::Column::DisplayName)),
        ),
        (
            "context_practitioner_name",
            Expr::col((practitioner::Entity, practitioner::Column::Name)),
        ),
        (
            "context_practitioner_slug",
            Expr::col((practitioner::Entity, practitioner::Column::Slug)),
        ),
        (
            "context_owner_account_id",
            Expr::col((practitioner::Entity, practitioner::Column::AccountId)),
        ),
        (
            "context_author_reviews",
            Expr::col((account::Entity, account::Column::ReviewsWritten)),
        ),
    ];
    for (name, value) in columns {
        query.expr_as(value, Alias::new(name));
    }
    query
        .left_join(
            account::Entity,
            Expr::col((account::Entity, account::Column::Id))
                .equals((review::Entity, review::Column::AuthorId)),
        )
        .left_join(
            practitioner::Entity,
            Expr::col((practitioner::Entity, practitioner::Column::Id))
                .equals((review::Entity, review::Column::PractitionerId)),
        )
}

/// The given reviews as `moderator_id` sees them in a queue, by id: one statement.
pub(super) async fn contexts(
    db: &impl ConnectionTrait,
    moderator_id: i64,
    review_ids: &[i64],
) -> Result<HashMap<i64, QueuedReview>, DbErr> {
    let mut query = Query::select();
    with_context(query.from(review::Entity)).and_where(
        Expr::col((review::Entity, review::Column::Id)).is_in(review_ids.iter().copied()),
    );
    Ok(select_rows::<ContextRow>(db, &query)
        .await?
        .into_iter()
        .map(|row| {
            let review = row.read(moderator_id);
            (review.context.review_id, review)
        })
        .collect())
}

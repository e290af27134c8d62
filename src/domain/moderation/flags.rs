//! Reports against published reviews. A report keeps a copy of the text as it was reported.
//! One about someone's health details or illegal content hides the review at once, until a
//! moderator decides; any other leaves it up. Upholding a report removes the review;
//! dismissing it shows a hidden review again.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};

use crate::domain::accounts::is_unique_violation;
use crate::domain::begin_write;
use crate::domain::moderation::audit::AuditEvent;
use crate::domain::moderation::reviews::public_contribution;
use crate::domain::moderation::{TransitionError, handled_by, may_moderate};
use crate::domain::practitioners::counters;
use crate::entities::{flag, review, review_revision};
use crate::vocabulary::{FlagReason, FlagStatus, ReasonCode, ReviewStatus, SubjectKind};

/// The longest note a reporter may add.
pub const MAX_FLAG_NOTE_CHARS: usize = 1000;

/// What a report did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flagged {
    /// Reported; the review stays up until a moderator decides.
    Reported,
    /// Reported and hidden at once.
    Hidden,
}

/// Why a report was not taken.
#[derive(Debug, thiserror::Error)]
pub enum FlagError {
    #[error("you have already reported this review; a moderator will look at it")]
    AlreadyReported,
    #[error(transparent)]
    Transition(#[from] TransitionError),
}

impl From<sea_orm::DbErr> for FlagError {
    fn from(err: sea_orm::DbErr) -> Self {
        FlagError::Transition(err.into())
    }
}

/// A published review as the report form names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reportable {
    pub review_id: i64,
    pub practitioner_name: String,
    pub practitioner_slug: String,
    pub title: String,
}

/// The published review `review_id`, if it can be reported.
pub async fn reportable(
    db: &impl ConnectionTrait,
    review_id: i64,
) -> Result<Option<Reportable>, sea_orm::DbErr> {
    let Some(found) = review::Entity::find_by_id(review_id)
        .filter(review::Column::Status.eq(ReviewStatus::Approved))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(p) = crate::domain::practitioners::published(db, found.practitioner_id).await? else {
        return Ok(None);
    };
    let title = match found.approved_revision_id {
        Some(id) => review_revision::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|v| v.title)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(Some(Reportable {
        review_id,
        practitioner_name: p.name,
        practitioner_slug: p.slug,
        title,
    }))
}

/// Reports a published review. Only published reviews can be reported, not one's own, and
/// one open report per person per review.
pub async fn flag_review(
    db: &(impl ConnectionTrait + TransactionTrait),
    reporter_id: i64,
    review_id: i64,
    reason: FlagReason,
    note: &str,
    now: DateTime<Utc>,
) -> Result<Flagged, FlagError> {
    let txn = begin_write(db).await?;
    let review = review::Entity::find_by_id(review_id)
        .filter(review::Column::Status.eq(ReviewStatus::Approved))
        .one(&txn)
        .await?
        .ok_or(TransitionError::NotFound)?;
    if review.author_id == reporter_id {
        return Err(TransitionError::NotAllowed("You cannot report your own review.").into());
    }
    let text = match review.approved_revision_id {
        Some(id) => review_revision::Entity::find_by_id(id).one(&txn).await?,
        None => None,
    };
    let snapshot = text
        .map(|v| {
            format!(
                "{} star{} · {}\n\n{}",
                v.rating,
                if v.rating == 1 { "" } else { "s" },
                v.title,
                v.body
            )
        })
        .unwrap_or_default();
    let inserted = flag::ActiveModel {
        subject_kind: Set(SubjectKind::Review),
        subject_id: Set(review.id),
        reporter_id: Set(Some(reporter_id)),
        reason: Set(reason),
        note: Set(note.trim().chars().take(MAX_FLAG_NOTE_CHARS).collect()),
        content_snapshot: Set(snapshot),
        status: Set(FlagStatus::Open),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(_) => {}
        Err(err) if is_unique_violation(&err) => return Err(FlagError::AlreadyReported),
        Err(err) => return Err(err.into()),
    }
    let outcome = if reason.hides_immediately() {
        review::Entity::update_many()
            .col_expr(review::Column::Status, Expr::value(ReviewStatus::Hidden))
            .col_expr(review::Column::UpdatedAt, Expr::value(now))
            .filter(review::Column::Id.eq(review.id))
            .filter(review::Column::Status.eq(ReviewStatus::Approved))
            .exec(&txn)
            .await?;
        if let Some(c) = public_contribution(&txn, &review).await? {
            counters::subtract_review(&txn, review.practitioner_id, &c, now).await?;
        }
        AuditEvent::review_hidden(reporter_id, review.id, reason)
            .record(&txn, now)
            .await?;
        Flagged::Hidden
    } else {
        AuditEvent::review_flagged(reporter_id, review.id, reason)
            .record(&txn, now)
            .await?;
        Flagged::Reported
    };
    txn.commit().await?;
    Ok(outcome)
}

/// Closes an open report of a review as `to`, if the moderator may decide it and it is still
/// open (otherwise says who closed it); returns the reported review as it was.
async fn close(
    db: &impl ConnectionTrait,
    moderator_id: i64,
    flag_id: i64,
    (to, note): (FlagStatus, Option<String>),
    now: DateTime<Utc>,
) -> Result<review::Model, TransitionError> {
    let found = flag::Entity::find_by_id(flag_id)
        .filter(flag::Column::SubjectKind.eq(SubjectKind::Review))
        .one(db)
        .await?
        .ok_or(TransitionError::NotFound)?;
    let review = review::Entity::find_by_id(found.subject_id)
        .one(db)
        .await?
        .ok_or(TransitionError::NotFound)?;
    may_moderate(
        db,
        moderator_id,
        Some(review.author_id),
        review.practitioner_id,
    )
    .await?;
    let changed = flag::Entity::update_many()
        .col_expr(flag::Column::Status, Expr::value(to))
        .col_expr(flag::Column::ResolvedBy, Expr::value(Some(moderator_id)))
        .col_expr(flag::Column::ResolvedAt, Expr::value(Some(now)))
        .col_expr(flag::Column::ResolutionNote, Expr::value(note))
        .filter(flag::Column::Id.eq(flag_id))
        .filter(flag::Column::Status.eq(FlagStatus::Open))
        .exec(db)
        .await?;
    if changed.rows_affected == 1 {
        return Ok(review);
    }
    let current = flag::Entity::find_by_id(flag_id)
        .one(db)
        .await?
        .ok_or(TransitionError::NotFound)?;
    Err(handled_by(db, current.resolved_by, current.resolved_at).await?)
}

/// Upholds a report: the review is removed with a reason the author sees, and every other
/// open report of it is closed with the same decision.
pub async fn uphold_flag(
    db: &(impl ConnectionTrait + TransactionTrait),
    moderator_id: i64,
    flag_id: i64,
    reason: ReasonCode,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), TransitionError> {
    let txn = begin_write(db).await?;
    let review = close(
        &txn,
        moderator_id,
        flag_id,
        (FlagStatus::Upheld, note.clone()),
        now,
    )
    .await?;
    flag::Entity::update_many()
        .col_expr(flag::Column::Status, Expr::value(FlagStatus::Upheld))
        .col_expr(flag::Column::ResolvedBy, Expr::value(Some(moderator_id)))
        .col_expr(flag::Column::ResolvedAt, Expr::value(Some(now)))
        .filter(flag::Column::SubjectKind.eq(SubjectKind::Review))
        .filter(flag::Column::SubjectId.eq(review.id))
        .filter(flag::Column::Status.eq(FlagStatus::Open))
        .exec(&txn)
        .await?;
    let removed = review::Entity::update_many()
        .col_expr(review::Column::Status, Expr::value(ReviewStatus::Removed))
        .col_expr(review::Column::UpdatedAt, Expr::value(now))
        .filter(review::Column::Id.eq(review.id))
        .filter(review::Column::Status.is_in([ReviewStatus::Approved, ReviewStatus::Hidden]))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 1 {
        if review.status == ReviewStatus::Approved
            && let Some(c) = public_contribution(&txn, &review).await?
        {
            counters::subtract_review(&txn, review.practitioner_id, &c, now).await?;
        }
        AuditEvent::flag_upheld(moderator_id, review.id, review.status, reason, note)
            .record(&txn, now)
            .await?;
    } else {
        // The review left public view another way (withdrawn, removed); the report is closed
        // with the decision all the same.
        AuditEvent::flag_dismissed(moderator_id, review.id, review.status, review.status)
            .record(&txn, now)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Dismisses a report. A review hidden by reports comes back once no hiding report of it
/// is open.
pub async fn dismiss_flag(
    db: &(impl ConnectionTrait + TransactionTrait),
    moderator_id: i64,
    flag_id: i64,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), TransitionError> {
    let txn = begin_write(db).await?;
    let review = close(
        &txn,
        moderator_id,
        flag_id,
        (FlagStatus::Dismissed, note),
        now,
    )
    .await?;
    let still_hiding = flag::Entity::find()
        .filter(flag::Column::SubjectKind.eq(SubjectKind::Review))
        .filter(flag::Column::SubjectId.eq(review.id))
        .filter(flag::Column::Status.eq(FlagStatus::Open))
        .filter(
            flag::Column::Reason.is_in(
                FlagReason::ALL
                    .iter()
                    .copied()
                    .filter(|r| r.hides_immediately()),
            ),
        )
        .count(&txn)
        .await?;
    let mut to = review.status;
    if review.status == ReviewStatus::Hidden && still_hiding == 0 {
        let shown = review::Entity::update_many()
            .col_expr(review::Column::Status, Expr::value(ReviewStatus::Approved))
            .col_expr(review::Column::UpdatedAt, Expr::value(now))
            .filter(review::Column::Id.eq(review.id))
            .filter(review::Column::Status.eq(ReviewStatus::Hidden))
            .exec(&txn)
            .await?;
        if shown.rows_affected == 1 {
            if let Some(c) = public_contribution(&txn, &review).await? {
                counters::add_review(&txn, review.practitioner_id, &c, now).await?;
            }
            to = ReviewStatus::Approved;
        }
    }
    AuditEvent::flag_dismissed(moderator_id, review.id, review.status, to)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}

//! Reports against published reviews and practitioners' replies. A report keeps a copy of the text as it was reported.
//! One about someone's health details or illegal content hides the review at once, until a
//! moderator decides; any other leaves it up. Upholding a report removes the review;
//! dismissing it shows a hidden review again.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

use crate::domain::accounts::is_unique_violation;
use crate::domain::moderation::audit::AuditEvent;
use crate::domain::moderation::queues::hold_or_release_text;
use crate::domain::moderation::reviews::public_contribution;
use crate::domain::moderation::{TransitionError, handled_by, may_moderate};
use crate::domain::practitioners::counters;
use crate::domain::{Transactional, begin_write};
use crate::entities::{flag, practitioner_response, review, review_revision};
use crate::vocabulary::{
    FlagReason, FlagStatus, ReasonCode, ReplyStatus, ReviewStatus, SubjectKind,
};

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
    db: &impl Transactional,
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
    open_report(
        &txn,
        (SubjectKind::Review, review.id),
        reporter_id,
        (reason, note),
        snapshot,
        now,
    )
    .await?;
    let outcome = if reason.hides_immediately() {
        let hidden = review::Entity::update_many()
            .col_expr(review::Column::Status, Expr::value(ReviewStatus::Hidden))
            .col_expr(review::Column::UpdatedAt, Expr::value(now))
            .filter(review::Column::Id.eq(review.id))
            .filter(review::Column::Status.eq(ReviewStatus::Approved))
            .exec(&txn)
            .await?;
        if hidden.rows_affected != 1 {
            // Removed or withdrawn since it was read (PostgreSQL lets the two overlap): it is
            // no longer published, and its counters were already taken off.
            return Err(TransitionError::NotFound.into());
        }
        hold_or_release_text(&txn, review.id).await?;
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

/// The reply under published review `review_id`, if it is shown and so can be reported.
pub async fn reportable_reply(
    db: &impl ConnectionTrait,
    review_id: i64,
) -> Result<Option<Reportable>, sea_orm::DbErr> {
    let shown = practitioner_response::Entity::find()
        .filter(practitioner_response::Column::ReviewId.eq(review_id))
        .filter(practitioner_response::Column::Status.eq(ReplyStatus::Shown))
        .one(db)
        .await?;
    match shown {
        Some(_) => reportable(db, review_id).await,
        None => Ok(None),
    }
}

/// Reports the practitioner's reply under published review `review_id`: as with reviews,
/// not one's own, one open report per person, and a report of health details or illegal
/// content hides the reply at once.
pub async fn flag_reply(
    db: &impl Transactional,
    reporter_id: i64,
    review_id: i64,
    reason: FlagReason,
    note: &str,
    now: DateTime<Utc>,
) -> Result<Flagged, FlagError> {
    let txn = begin_write(db).await?;
    review::Entity::find_by_id(review_id)
        .filter(review::Column::Status.eq(ReviewStatus::Approved))
        .one(&txn)
        .await?
        .ok_or(TransitionError::NotFound)?;
    let reply = practitioner_response::Entity::find()
        .filter(practitioner_response::Column::ReviewId.eq(review_id))
        .filter(practitioner_response::Column::Status.eq(ReplyStatus::Shown))
        .one(&txn)
        .await?
        .ok_or(TransitionError::NotFound)?;
    let owner = crate::entities::practitioner::Entity::find_by_id(reply.practitioner_id)
        .one(&txn)
        .await?
        .and_then(|p| p.account_id);
    if reply.author_id == Some(reporter_id) || owner == Some(reporter_id) {
        return Err(TransitionError::NotAllowed("You cannot report your own reply.").into());
    }
    open_report(
        &txn,
        (SubjectKind::Reply, reply.id),
        reporter_id,
        (reason, note),
        reply.body.clone(),
        now,
    )
    .await?;
    let outcome = if reason.hides_immediately() {
        set_reply_status(&txn, reply.id, ReplyStatus::Shown, ReplyStatus::Hidden, now).await?;
        Flagged::Hidden
    } else {
        Flagged::Reported
    };
    AuditEvent::reply_flagged(reporter_id, reply.id, reason)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(outcome)
}

/// Records an open report of `subject` with the content as it is now; one open report per
/// reporter and subject (the database's unique index says so even under a race).
async fn open_report(
    db: &impl ConnectionTrait,
    (kind, id): (SubjectKind, i64),
    reporter_id: i64,
    (reason, note): (FlagReason, &str),
    snapshot: String,
    now: DateTime<Utc>,
) -> Result<(), FlagError> {
    let inserted = flag::ActiveModel {
        subject_kind: Set(kind),
        subject_id: Set(id),
        reporter_id: Set(Some(reporter_id)),
        reason: Set(reason),
        note: Set(note.trim().chars().take(MAX_FLAG_NOTE_CHARS).collect()),
        content_snapshot: Set(snapshot),
        status: Set(FlagStatus::Open),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(_) => Ok(()),
        Err(err) if is_unique_violation(&err) => Err(FlagError::AlreadyReported),
        Err(err) => Err(err.into()),
    }
}

/// Moves a reply from `from` to `to`; whether it was in `from`.
async fn set_reply_status(
    db: &impl ConnectionTrait,
    reply_id: i64,
    from: ReplyStatus,
    to: ReplyStatus,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let changed = practitioner_response::Entity::update_many()
        .col_expr(practitioner_response::Column::Status, Expr::value(to))
        .col_expr(practitioner_response::Column::UpdatedAt, Expr::value(now))
        .filter(practitioner_response::Column::Id.eq(reply_id))
        .filter(practitioner_response::Column::Status.eq(from))
        .exec(db)
        .await?;
    Ok(changed.rows_affected == 1)
}

/// What an open report is about.
enum Reported {
    Review(review::Model),
    Reply(practitioner_response::Model),
}

impl Reported {
    fn subject(&self) -> (SubjectKind, i64) {
        match self {
            Reported::Review(r) => (SubjectKind::Review, r.id),
            Reported::Reply(r) => (SubjectKind::Reply, r.id),
        }
    }
}

/// Whether a report of a hiding kind about the subject is still open.
async fn still_hidden_by_a_report(
    db: &impl ConnectionTrait,
    (kind, id): (SubjectKind, i64),
) -> Result<bool, sea_orm::DbErr> {
    let open = flag::Entity::find()
        .filter(flag::Column::SubjectKind.eq(kind))
        .filter(flag::Column::SubjectId.eq(id))
        .filter(flag::Column::Status.eq(FlagStatus::Open))
        .filter(
            flag::Column::Reason.is_in(
                FlagReason::ALL
                    .iter()
                    .copied()
                    .filter(|r| r.hides_immediately()),
            ),
        )
        .count(db)
        .await?;
    Ok(open > 0)
}

/// Closes an open report as `to`, if the moderator may decide it and it is still open
/// (otherwise says who closed it); returns what was reported, as it was.
async fn close(
    db: &impl ConnectionTrait,
    moderator_id: i64,
    flag_id: i64,
    (to, note): (FlagStatus, Option<String>),
    now: DateTime<Utc>,
) -> Result<Reported, TransitionError> {
    let found = flag::Entity::find_by_id(flag_id)
        .one(db)
        .await?
        .ok_or(TransitionError::NotFound)?;
    let reported = match found.subject_kind {
        SubjectKind::Review => review::Entity::find_by_id(found.subject_id)
            .one(db)
            .await?
            .map(Reported::Review),
        SubjectKind::Reply => practitioner_response::Entity::find_by_id(found.subject_id)
            .one(db)
            .await?
            .map(Reported::Reply),
        _ => None,
    }
    .ok_or(TransitionError::NotFound)?;
    let (author, practitioner) = match &reported {
        Reported::Review(r) => (Some(r.author_id), r.practitioner_id),
        Reported::Reply(r) => (r.author_id, r.practitioner_id),
    };
    may_moderate(db, moderator_id, author, practitioner).await?;
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
        return Ok(reported);
    }
    let current = flag::Entity::find_by_id(flag_id)
        .one(db)
        .await?
        .ok_or(TransitionError::NotFound)?;
    Err(handled_by(db, current.resolved_by, current.resolved_at).await?)
}

/// Upholds a report: the review (or reply) is removed with a reason its author sees, and
/// every other open report of it is closed with the same decision.
pub async fn uphold_flag(
    db: &impl Transactional,
    moderator_id: i64,
    flag_id: i64,
    reason: ReasonCode,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), TransitionError> {
    let txn = begin_write(db).await?;
    let reported = close(
        &txn,
        moderator_id,
        flag_id,
        (FlagStatus::Upheld, note.clone()),
        now,
    )
    .await?;
    let (kind, id) = reported.subject();
    flag::Entity::update_many()
        .col_expr(flag::Column::Status, Expr::value(FlagStatus::Upheld))
        .col_expr(flag::Column::ResolvedBy, Expr::value(Some(moderator_id)))
        .col_expr(flag::Column::ResolvedAt, Expr::value(Some(now)))
        .filter(flag::Column::SubjectKind.eq(kind))
        .filter(flag::Column::SubjectId.eq(id))
        .filter(flag::Column::Status.eq(FlagStatus::Open))
        .exec(&txn)
        .await?;
    let review = match reported {
        Reported::Review(review) => review,
        Reported::Reply(reply) => {
            let was = reply.status;
            if was != ReplyStatus::Removed {
                set_reply_status(&txn, reply.id, was, ReplyStatus::Removed, now).await?;
            }
            AuditEvent::reply_flag_upheld(moderator_id, reply.id, was, reason, note)
                .record(&txn, now)
                .await?;
            txn.commit().await?;
            return Ok(());
        }
    };
    let removed = review::Entity::update_many()
        .col_expr(review::Column::Status, Expr::value(ReviewStatus::Removed))
        .col_expr(review::Column::UpdatedAt, Expr::value(now))
        .filter(review::Column::Id.eq(review.id))
        .filter(review::Column::Status.is_in([ReviewStatus::Approved, ReviewStatus::Hidden]))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 1 {
        hold_or_release_text(&txn, review.id).await?;
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
    db: &impl Transactional,
    moderator_id: i64,
    flag_id: i64,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), TransitionError> {
    let txn = begin_write(db).await?;
    let reported = close(
        &txn,
        moderator_id,
        flag_id,
        (FlagStatus::Dismissed, note),
        now,
    )
    .await?;
    let still_hiding = still_hidden_by_a_report(&txn, reported.subject()).await?;
    let review = match reported {
        Reported::Review(review) => review,
        Reported::Reply(reply) => {
            let mut to = reply.status;
            if reply.status == ReplyStatus::Hidden
                && !still_hiding
                && set_reply_status(&txn, reply.id, ReplyStatus::Hidden, ReplyStatus::Shown, now)
                    .await?
            {
                to = ReplyStatus::Shown;
            }
            AuditEvent::reply_flag_dismissed(moderator_id, reply.id, reply.status, to)
                .record(&txn, now)
                .await?;
            txn.commit().await?;
            return Ok(());
        }
    };
    let mut to = review.status;
    if review.status == ReviewStatus::Hidden && !still_hiding {
        let shown = review::Entity::update_many()
            .col_expr(review::Column::Status, Expr::value(ReviewStatus::Approved))
            .col_expr(review::Column::UpdatedAt, Expr::value(now))
            .filter(review::Column::Id.eq(review.id))
            .filter(review::Column::Status.eq(ReviewStatus::Hidden))
            .exec(&txn)
            .await?;
        if shown.rows_affected == 1 {
            hold_or_release_text(&txn, review.id).await?;
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

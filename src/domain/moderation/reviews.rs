//! Decisions on review texts (approve, reject, request changes), removing a published
//! review, and the author withdrawing theirs.
//!
//! The review's status says what the public sees (approved: its approved text is up); each
//! revision's status says what moderation decided on that text. While an edit of an approved
//! review waits, the review stays approved with its old text; approving the edit swaps the
//! text and the counters in one transaction.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::domain::moderation::audit::AuditEvent;
use crate::domain::moderation::queues::hold_or_release_text;
use crate::domain::moderation::{TransitionError, handled_by, may_moderate};
use crate::domain::practitioners::counters::{self, Contribution};
use crate::domain::{Transactional, begin_write};
use crate::entities::{review, review_revision};
use crate::vocabulary::{ReasonCode, ReviewStatus, RevisionStatus};

/// A revision and the review it belongs to, read inside the deciding transaction.
pub(crate) struct Subject {
    pub review: review::Model,
    pub revision: review_revision::Model,
}

pub(crate) async fn load_revision(
    db: &impl ConnectionTrait,
    revision_id: i64,
) -> Result<Subject, TransitionError> {
    let revision = review_revision::Entity::find_by_id(revision_id)
        .one(db)
        .await?
        .ok_or(TransitionError::NotFound)?;
    let review = review::Entity::find_by_id(revision.review_id)
        .one(db)
        .await?
        .ok_or(TransitionError::NotFound)?;
    Ok(Subject { review, revision })
}

/// Reads a pending revision, checks the moderator may decide it, and sets its decision only
/// if it is still pending; otherwise explains who decided first.
async fn decide_revision(
    db: &impl ConnectionTrait,
    moderator_id: i64,
    revision_id: i64,
    (to, reason, note): (RevisionStatus, Option<ReasonCode>, Option<String>),
    now: DateTime<Utc>,
) -> Result<Subject, TransitionError> {
    use review_revision::Column as V;
    let subject = load_revision(db, revision_id).await?;
    may_moderate(
        db,
        moderator_id,
        Some(subject.review.author_id),
        subject.review.practitioner_id,
    )
    .await?;
    let changed = review_revision::Entity::update_many()
        .col_expr(V::Status, Expr::value(to))
        .col_expr(V::ReasonCode, Expr::value(reason))
        .col_expr(V::ModeratorNote, Expr::value(note))
        .col_expr(V::ModeratedBy, Expr::value(Some(moderator_id)))
        .col_expr(V::ModeratedAt, Expr::value(Some(now)))
        .filter(V::Id.eq(subject.revision.id))
        .filter(V::Status.eq(RevisionStatus::Pending))
        .exec(db)
        .await?;
    if changed.rows_affected == 1 {
        return Ok(subject);
    }
    let current = review_revision::Entity::find_by_id(subject.revision.id)
        .one(db)
        .await?
        .ok_or(TransitionError::NotFound)?;
    if current.status == RevisionStatus::Superseded || current.status == RevisionStatus::Withdrawn {
        return Err(TransitionError::NotAllowed(
            "The author changed or withdrew this review since; nothing was decided.",
        ));
    }
    Err(handled_by(db, current.moderated_by, current.moderated_at).await?)
}

/// Moves the review from one of `from` to `to`, only if it is still in one of them, and its
/// waiting text on or off hold to match.
async fn move_review(
    db: &impl ConnectionTrait,
    review_id: i64,
    from: &[ReviewStatus],
    to: ReviewStatus,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let changed = review::Entity::update_many()
        .col_expr(review::Column::Status, Expr::value(to))
        .col_expr(review::Column::UpdatedAt, Expr::value(now))
        .filter(review::Column::Id.eq(review_id))
        .filter(review::Column::Status.is_in(from.iter().copied()))
        .exec(db)
        .await?;
    let moved = changed.rows_affected == 1;
    if moved {
        hold_or_release_text(db, review_id).await?;
    }
    Ok(moved)
}

/// What the decision did, for the page to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decided {
    pub review_id: i64,
    pub practitioner_id: i64,
}

/// Approves a pending text: the public sees it from now on. For an edit of a published
/// review, the old text is superseded and the counters swap from the old to the new.
pub async fn approve_review(
    db: &impl Transactional,
    moderator_id: i64,
    revision_id: i64,
    now: DateTime<Utc>,
) -> Result<Decided, TransitionError> {
    let txn = begin_write(db).await?;
    let subject = decide_revision(
        &txn,
        moderator_id,
        revision_id,
        (RevisionStatus::Approved, None, None),
        now,
    )
    .await?;
    let review = &subject.review;
    let previous = match review.status {
        ReviewStatus::Approved => review.approved_revision_id,
        _ => None,
    };
    let swapped = review::Entity::update_many()
        .col_expr(review::Column::Status, Expr::value(ReviewStatus::Approved))
        .col_expr(
            review::Column::ApprovedRevisionId,
            Expr::value(Some(revision_id)),
        )
        .col_expr(review::Column::ApprovedAt, Expr::value(Some(now)))
        .col_expr(review::Column::UpdatedAt, Expr::value(now))
        .filter(review::Column::Id.eq(review.id))
        .filter(review::Column::Status.eq(review.status))
        .filter(review::Column::Status.is_in(ReviewStatus::DECIDABLE))
        .exec(&txn)
        .await?;
    if swapped.rows_affected != 1 {
        return Err(TransitionError::NotAllowed(
            "This review is not awaiting approval any more (it was hidden, removed or withdrawn).",
        ));
    }
    if let Some(old_id) = previous
        && let Some(old) = review_revision::Entity::find_by_id(old_id)
            .one(&txn)
            .await?
    {
        let old_contribution = Contribution::of_revision(&old);
        counters::subtract_review(&txn, review.practitioner_id, &old_contribution, now).await?;
        review_revision::Entity::update_many()
            .col_expr(
                review_revision::Column::Status,
                Expr::value(RevisionStatus::Superseded),
            )
            .filter(review_revision::Column::Id.eq(old_id))
            .exec(&txn)
            .await?;
    }
    let contribution = Contribution::of_revision(&subject.revision);
    counters::add_review(&txn, review.practitioner_id, &contribution, now).await?;
    AuditEvent::review_approved(moderator_id, review.id, revision_id, review.status)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(Decided {
        review_id: review.id,
        practitioner_id: review.practitioner_id,
    })
}

/// Where a review goes when its pending text is turned down: a review never published takes
/// the decision; a published one keeps its approved text.
fn turned_down(current: ReviewStatus, decision: ReviewStatus) -> ReviewStatus {
    if current == ReviewStatus::Approved {
        ReviewStatus::Approved
    } else {
        decision
    }
}

async fn turn_down(
    db: &impl Transactional,
    moderator_id: i64,
    revision_id: i64,
    decision: (RevisionStatus, ReviewStatus),
    reason: Option<ReasonCode>,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<Decided, TransitionError> {
    let txn = begin_write(db).await?;
    let subject = decide_revision(
        &txn,
        moderator_id,
        revision_id,
        (decision.0, reason, note.clone()),
        now,
    )
    .await?;
    let review = &subject.review;
    let to = turned_down(review.status, decision.1);
    if to != review.status && !move_review(&txn, review.id, &[review.status], to, now).await? {
        return Err(TransitionError::NotAllowed(
            "This review changed while you were deciding; nothing was changed.",
        ));
    }
    let states = (review.status, to);
    let event = match (decision.0, reason) {
        (RevisionStatus::Rejected, Some(reason)) => {
            AuditEvent::review_rejected(moderator_id, review.id, revision_id, states, reason, note)
        }
        _ => AuditEvent::changes_requested(
            moderator_id,
            review.id,
            revision_id,
            states,
            note.unwrap_or_default(),
        ),
    };
    event.record(&txn, now).await?;
    txn.commit().await?;
    Ok(Decided {
        review_id: review.id,
        practitioner_id: review.practitioner_id,
    })
}

/// Rejects a pending text with a reason the author sees (and an optional note). A published
/// review whose edit is rejected keeps its approved text.
pub async fn reject_review(
    db: &impl Transactional,
    moderator_id: i64,
    revision_id: i64,
    reason: ReasonCode,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<Decided, TransitionError> {
    turn_down(
        db,
        moderator_id,
        revision_id,
        (RevisionStatus::Rejected, ReviewStatus::Rejected),
        Some(reason),
        note,
        now,
    )
    .await
}

/// Sends a pending text back to its author with a note saying what to change.
pub async fn request_changes(
    db: &impl Transactional,
    moderator_id: i64,
    revision_id: i64,
    note: String,
    now: DateTime<Utc>,
) -> Result<Decided, TransitionError> {
    if note.trim().is_empty() {
        return Err(TransitionError::NotAllowed(
            "Say what the author should change.",
        ));
    }
    turn_down(
        db,
        moderator_id,
        revision_id,
        (RevisionStatus::NeedsChanges, ReviewStatus::NeedsChanges),
        None,
        Some(note),
        now,
    )
    .await
}

/// The review a text belongs to.
pub async fn review_of_text(
    db: &impl ConnectionTrait,
    revision_id: i64,
) -> Result<Option<i64>, DbErr> {
    Ok(review_revision::Entity::find_by_id(revision_id)
        .one(db)
        .await?
        .map(|v| v.review_id))
}

/// The counters a public review contributes, read from its approved text.
pub(crate) async fn public_contribution(
    db: &impl ConnectionTrait,
    review: &review::Model,
) -> Result<Option<Contribution>, DbErr> {
    let Some(id) = review.approved_revision_id else {
        return Ok(None);
    };
    match review_revision::Entity::find_by_id(id).one(db).await? {
        Some(revision) => Ok(Some(Contribution::of_revision(&revision))),
        None => Ok(None),
    }
}

/// Takes a published (or hidden) review down with a reason the author sees. A published one
/// stops counting.
pub async fn remove_review(
    db: &impl Transactional,
    moderator_id: i64,
    review_id: i64,
    reason: ReasonCode,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<Decided, TransitionError> {
    let txn = begin_write(db).await?;
    let review = review::Entity::find_by_id(review_id)
        .one(&txn)
        .await?
        .ok_or(TransitionError::NotFound)?;
    may_moderate(
        &txn,
        moderator_id,
        Some(review.author_id),
        review.practitioner_id,
    )
    .await?;
    if !move_review(
        &txn,
        review.id,
        &[ReviewStatus::Approved, ReviewStatus::Hidden],
        ReviewStatus::Removed,
        now,
    )
    .await?
    {
        return Err(already_decided(&txn, review_id).await?);
    }
    if review.status == ReviewStatus::Approved
        && let Some(c) = public_contribution(&txn, &review).await?
    {
        counters::subtract_review(&txn, review.practitioner_id, &c, now).await?;
    }
    AuditEvent::review_removed(moderator_id, review.id, review.status, reason, note)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(Decided {
        review_id: review.id,
        practitioner_id: review.practitioner_id,
    })
}

/// "Already handled" for a review that is no longer in the state the decision needs: who
/// made its latest decision, and when.
pub(crate) async fn already_decided(
    db: &impl ConnectionTrait,
    review_id: i64,
) -> Result<TransitionError, DbErr> {
    use crate::entities::moderation_event::{Column as E, Entity as Events};
    use crate::vocabulary::SubjectKind;
    use sea_orm::QueryOrder;
    let latest = Events::find()
        .filter(E::SubjectKind.eq(SubjectKind::Review))
        .filter(E::SubjectId.eq(review_id))
        .order_by_desc(E::CreatedAt)
        .order_by_desc(E::Id)
        .one(db)
        .await?;
    handled_by(
        db,
        latest.as_ref().and_then(|e| e.actor_id),
        latest.map(|e| e.created_at),
    )
    .await
}

/// The author withdraws their review: it is kept but hidden, stops counting if it was
/// published, and any text waiting for moderation leaves the queue.
pub async fn withdraw_review(
    db: &impl Transactional,
    author_id: i64,
    review_id: i64,
    now: DateTime<Utc>,
) -> Result<(), TransitionError> {
    let txn = begin_write(db).await?;
    let review = review::Entity::find_by_id(review_id)
        .filter(review::Column::AuthorId.eq(author_id))
        .one(&txn)
        .await?
        .ok_or(TransitionError::NotFound)?;
    let withdrawable = [
        ReviewStatus::Pending,
        ReviewStatus::Approved,
        ReviewStatus::NeedsChanges,
        ReviewStatus::Rejected,
        ReviewStatus::Hidden,
    ];
    if !move_review(&txn, review.id, &withdrawable, ReviewStatus::Withdrawn, now).await? {
        return Err(TransitionError::NotAllowed(
            "This review cannot be withdrawn now.",
        ));
    }
    if review.status == ReviewStatus::Approved
        && let Some(c) = public_contribution(&txn, &review).await?
    {
        counters::subtract_review(&txn, review.practitioner_id, &c, now).await?;
    }
    review_revision::Entity::update_many()
        .col_expr(
            review_revision::Column::Status,
            Expr::value(RevisionStatus::Withdrawn),
        )
        .filter(review_revision::Column::ReviewId.eq(review.id))
        .filter(review_revision::Column::Status.eq(RevisionStatus::Pending))
        .exec(&txn)
        .await?;
    AuditEvent::review_withdrawn(author_id, review.id, review.status)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}

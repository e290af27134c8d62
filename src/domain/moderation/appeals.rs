//! Appeals: an author may appeal a rejection or a removal once, with a short statement. A
//! moderator other than the one who made the decision keeps it or reverses it; reversing
//! publishes the review.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::domain::accounts::is_unique_violation;
use crate::domain::moderation::audit::AuditEvent;
use crate::domain::moderation::queues::hold_or_release_text;
use crate::domain::moderation::{TransitionError, handled_by, may_moderate};
use crate::domain::practitioners::counters::{self, Contribution};
use crate::domain::{Transactional, begin_write};
use crate::entities::{appeal, moderation_event, review, review_revision};
use crate::vocabulary::{
    AppealStatus, ModerationAction, ReviewStatus, RevisionStatus, SubjectKind,
};

/// Shortest and longest appeal statement.
pub const MIN_STATEMENT_CHARS: usize = 10;
pub const MAX_STATEMENT_CHARS: usize = 1000;

/// Checks an appeal statement; the sentence says what is wrong.
pub fn check_statement(statement: &str) -> Result<String, &'static str> {
    let statement = statement.trim();
    let chars = statement.chars().count();
    if chars < MIN_STATEMENT_CHARS {
        return Err("Say in a sentence or two why the decision should change.");
    }
    if chars > MAX_STATEMENT_CHARS {
        return Err("Keep the statement to 1,000 characters.");
    }
    Ok(statement.to_owned())
}

/// The author appeals the rejection or removal of their review. Each review may be appealed
/// once; the appeal goes to a moderator other than the one who decided.
pub async fn appeal_review(
    db: &impl Transactional,
    author_id: i64,
    review_id: i64,
    statement: String,
    now: DateTime<Utc>,
) -> Result<i64, TransitionError> {
    let txn = begin_write(db).await?;
    let review = review::Entity::find_by_id(review_id)
        .filter(review::Column::AuthorId.eq(author_id))
        .one(&txn)
        .await?
        .ok_or(TransitionError::NotFound)?;
    if review.appeal_used {
        return Err(TransitionError::NotAllowed(
            "This review has already been appealed once.",
        ));
    }
    let decisions = match review.status {
        ReviewStatus::Rejected => vec![ModerationAction::Reject],
        ReviewStatus::Removed => vec![ModerationAction::Remove, ModerationAction::UpholdFlag],
        _ => {
            return Err(TransitionError::NotAllowed(
                "Only a rejected or removed review can be appealed.",
            ));
        }
    };
    let decision = moderation_event::Entity::find()
        .filter(moderation_event::Column::SubjectKind.eq(SubjectKind::Review))
        .filter(moderation_event::Column::SubjectId.eq(review.id))
        .filter(moderation_event::Column::Action.is_in(decisions))
        .order_by_desc(moderation_event::Column::CreatedAt)
        .order_by_desc(moderation_event::Column::Id)
        .one(&txn)
        .await?
        .ok_or(TransitionError::NotAllowed(
            "There is no decision on this review to appeal.",
        ))?;
    let revision_id = match review.status {
        ReviewStatus::Removed => review.approved_revision_id,
        _ => review.current_revision_id,
    }
    .ok_or(TransitionError::NotFound)?;
    let moved = review::Entity::update_many()
        .col_expr(review::Column::Status, Expr::value(ReviewStatus::Appealed))
        .col_expr(review::Column::AppealUsed, Expr::value(true))
        .col_expr(review::Column::UpdatedAt, Expr::value(now))
        .filter(review::Column::Id.eq(review.id))
        .filter(review::Column::Status.eq(review.status))
        .filter(review::Column::AppealUsed.eq(false))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(TransitionError::NotAllowed(
            "This review changed meanwhile; reload the page.",
        ));
    }
    let inserted = appeal::ActiveModel {
        review_id: Set(review.id),
        revision_id: Set(revision_id),
        author_id: Set(author_id),
        statement: Set(statement.clone()),
        original_action: Set(decision.action),
        original_moderator_id: Set(decision.actor_id),
        status: Set(AppealStatus::Open),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let inserted = match inserted {
        Ok(row) => row,
        Err(err) if is_unique_violation(&err) => {
            return Err(TransitionError::NotAllowed(
                "This review has already been appealed once.",
            ));
        }
        Err(err) => return Err(err.into()),
    };
    AuditEvent::review_appealed(author_id, review.id, review.status, statement)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(inserted.id)
}

/// Decides an open appeal: `grant` reverses the decision and publishes the review; otherwise
/// the decision stands. The moderator who made the decision cannot decide its appeal.
pub async fn decide_appeal(
    db: &impl Transactional,
    moderator_id: i64,
    appeal_id: i64,
    grant: bool,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), TransitionError> {
    let txn = begin_write(db).await?;
    let found = appeal::Entity::find_by_id(appeal_id)
        .one(&txn)
        .await?
        .ok_or(TransitionError::NotFound)?;
    if found.original_moderator_id == Some(moderator_id) {
        return Err(TransitionError::NotAllowed(
            "You made the decision under appeal; another moderator decides the appeal.",
        ));
    }
    let review = review::Entity::find_by_id(found.review_id)
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
    let outcome = if grant {
        AppealStatus::Overturned
    } else {
        AppealStatus::Upheld
    };
    let decided = appeal::Entity::update_many()
        .col_expr(appeal::Column::Status, Expr::value(outcome))
        .col_expr(appeal::Column::DecidedBy, Expr::value(Some(moderator_id)))
        .col_expr(appeal::Column::DecidedAt, Expr::value(Some(now)))
        .col_expr(appeal::Column::DecisionNote, Expr::value(note.clone()))
        .filter(appeal::Column::Id.eq(appeal_id))
        .filter(appeal::Column::Status.eq(AppealStatus::Open))
        .exec(&txn)
        .await?;
    if decided.rows_affected != 1 {
        let current = appeal::Entity::find_by_id(appeal_id)
            .one(&txn)
            .await?
            .ok_or(TransitionError::NotFound)?;
        return Err(handled_by(&txn, current.decided_by, current.decided_at).await?);
    }
    let to = match (grant, found.original_action) {
        (true, _) => ReviewStatus::Approved,
        (false, ModerationAction::Reject) => ReviewStatus::Rejected,
        (false, _) => ReviewStatus::Removed,
    };
    let mut update = review::Entity::update_many()
        .col_expr(review::Column::Status, Expr::value(to))
        .col_expr(review::Column::UpdatedAt, Expr::value(now));
    if grant {
        update = update
            .col_expr(
                review::Column::ApprovedRevisionId,
                Expr::value(Some(found.revision_id)),
            )
            .col_expr(review::Column::ApprovedAt, Expr::value(Some(now)));
    }
    let moved = update
        .filter(review::Column::Id.eq(review.id))
        .filter(review::Column::Status.eq(ReviewStatus::Appealed))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(TransitionError::NotAllowed(
            "This review is no longer under appeal.",
        ));
    }
    hold_or_release_text(&txn, review.id).await?;
    if grant {
        let revision = review_revision::Entity::find_by_id(found.revision_id)
            .one(&txn)
            .await?
            .ok_or(TransitionError::NotFound)?;
        if revision.status == RevisionStatus::Rejected {
            review_revision::Entity::update_many()
                .col_expr(
                    review_revision::Column::Status,
                    Expr::value(RevisionStatus::Approved),
                )
                .col_expr(
                    review_revision::Column::ModeratedBy,
                    Expr::value(Some(moderator_id)),
                )
                .col_expr(review_revision::Column::ModeratedAt, Expr::value(Some(now)))
                .filter(review_revision::Column::Id.eq(revision.id))
                .exec(&txn)
                .await?;
        }
        let contribution = Contribution::of_revision(&revision);
        counters::add_review(&txn, review.practitioner_id, &contribution, now).await?;
    }
    AuditEvent::appeal_decided(moderator_id, review.id, outcome, to, note)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}

//! Storing a review: each submission is a new revision for moderation. One review per
//! patient per practitioner (a second visit edits the first); at most
//! [`SUBMISSIONS_PER_HOUR`] submissions per account an hour, counted in the database so every
//! instance agrees.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, Set,
};

use crate::domain::email_confirmation::{self, Unconfirmed};
use crate::domain::moderation::audit::AuditEvent;
use crate::domain::reviews::ReviewText;
use crate::domain::reviews::form::ReviewInput;
use crate::domain::{Transactional, begin_write, select_rows};
use crate::entities::{account, practitioner, review, review_revision, review_side_effect};
use crate::vocabulary::{ReviewStatus, RevisionStatus, Role, SideEffect};

/// Submissions (new reviews and edits) one account may make in an hour.
pub const SUBMISSIONS_PER_HOUR: i64 = 5;

/// The practitioner a review form is about, and the visitor's own review of them, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewTarget {
    pub practitioner_id: i64,
    pub practitioner_name: String,
    pub practitioner_slug: String,
    /// The author's review so far: its state and the form filled with its newest text.
    pub existing: Option<(ReviewStatus, ReviewInput)>,
}

impl ReviewTarget {
    /// The practitioner's name and slug, as the review pages show and link them.
    pub fn names(&self) -> (&str, &str) {
        (&self.practitioner_name, &self.practitioner_slug)
    }
}

/// The published practitioner `slug` as a review form needs it, with `author_id`'s review
/// of them if they wrote one.
pub async fn target(
    db: &impl ConnectionTrait,
    slug: &str,
    author_id: i64,
) -> Result<Option<ReviewTarget>, DbErr> {
    let Some(p) = crate::domain::practitioners::published_by_slug(db, slug).await? else {
        return Ok(None);
    };
    let existing = match review::Entity::find()
        .filter(review::Column::AuthorId.eq(author_id))
        .filter(review::Column::PractitionerId.eq(p.id))
        .one(db)
        .await?
    {
        Some(r) => match r.current_revision_id {
            Some(id) => match review_revision::Entity::find_by_id(id).one(db).await? {
                Some(v) => {
                    let effects = SideEffect::of_flags(v.side_effect_flags);
                    Some((r.status, ReviewInput::from_revision(&v, &effects)))
                }
                None => None,
            },
            None => None,
        },
        None => None,
    };
    Ok(Some(ReviewTarget {
        practitioner_id: p.id,
        practitioner_name: p.name,
        practitioner_slug: p.slug,
        existing,
    }))
}

/// Why a submission was not stored.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// The author may not review this practitioner now (the sentence says why).
    #[error("{0}")]
    NotAllowed(&'static str),
    /// Too many submissions in the last hour; the next is possible after `retry_after`.
    #[error("too many submissions")]
    RateLimited { retry_after: Duration },
    #[error("not found")]
    NotFound,
    /// A moderator moved the review while this submission was being stored (PostgreSQL
    /// lets the two overlap); nothing was stored, and sending it again is safe.
    #[error("the review changed while the submission was stored")]
    Changed,
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// Why a review of this practitioner cannot be written now, if it cannot.
pub fn refusal(status: ReviewStatus) -> Option<&'static str> {
    match status {
        ReviewStatus::Removed => Some(
            "A moderator removed your review of this practitioner. You can appeal the decision from “Your reviews”.",
        ),
        ReviewStatus::Appealed => {
            Some("Your appeal is waiting for a moderator; the review cannot be edited meanwhile.")
        }
        ReviewStatus::Hidden => Some(
            "Your review is hidden while a moderator looks at a report about it; it cannot be edited meanwhile.",
        ),
        _ => None,
    }
}

#[derive(FromQueryResult)]
struct RecentSubmissions {
    n: i64,
    oldest: Option<DateTime<Utc>>,
}

/// Refuses a submission past the hourly limit, saying when the next one is possible.
async fn check_rate(
    db: &impl ConnectionTrait,
    author_id: i64,
    now: DateTime<Utc>,
) -> Result<(), SubmitError> {
    let window = Duration::hours(1);
    let query = Query::select()
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .expr_as(
            Expr::col((review_revision::Entity, review_revision::Column::CreatedAt)).min(),
            Alias::new("oldest"),
        )
        .from(review_revision::Entity)
        .inner_join(
            review::Entity,
            Expr::col((review::Entity, review::Column::Id))
                .equals((review_revision::Entity, review_revision::Column::ReviewId)),
        )
        .and_where(review::Column::AuthorId.eq(author_id))
        .and_where(review_revision::Column::CreatedAt.gt(now - window))
        .to_owned();
    let recent = select_rows::<RecentSubmissions>(db, &query).await?;
    let Some(recent) = recent.first() else {
        return Ok(());
    };
    if recent.n < SUBMISSIONS_PER_HOUR {
        return Ok(());
    }
    let frees_at = recent.oldest.unwrap_or(now) + window;
    // Whole seconds, rounded up (PostgreSQL keeps microseconds, the clock may have more).
    let wait = ((frees_at - now).num_milliseconds() + 999) / 1000;
    Err(SubmitError::RateLimited {
        retry_after: Duration::seconds(Ord::max(wait, 1)),
    })
}

/// What a submission stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Submitted {
    pub review_id: i64,
    pub revision_id: i64,
    /// Whether this edited an existing review.
    pub edited: bool,
    /// The review's state now (an edit of a published review stays published).
    pub status: ReviewStatus,
}

/// Stores a checked text as the author's new revision, in one transaction: creates the
/// review on a first visit, supersedes a text still waiting, and records the submission.
pub async fn submit_review(
    db: &impl Transactional,
    author_id: i64,
    practitioner_id: i64,
    text: ReviewText,
    now: DateTime<Utc>,
) -> Result<Submitted, SubmitError> {
    let txn = begin_write(db).await?;
    let submitted = submit_in(&txn, author_id, practitioner_id, text, None, now).await?;
    txn.commit().await?;
    Ok(submitted)
}

/// [`submit_review`] inside the caller's transaction. `invite_id`, an invite of this
/// practitioner the caller has just claimed, marks the review as by a verified patient.
pub(crate) async fn submit_in(
    txn: &impl ConnectionTrait,
    author_id: i64,
    practitioner_id: i64,
    text: ReviewText,
    invite_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Submitted, SubmitError> {
    // Touching the author's row locks it (PostgreSQL), so one author's submissions queue
    // and the hourly count cannot be raced.
    let author = account::Entity::update_many()
        .col_expr(
            account::Column::UpdatedAt,
            Expr::col(account::Column::UpdatedAt),
        )
        .filter(account::Column::Id.eq(author_id))
        .filter(account::Column::Role.eq(Role::Patient))
        .filter(account::Column::Disabled.eq(false))
        .exec(txn)
        .await?;
    if author.rows_affected != 1 {
        return Err(SubmitError::NotAllowed(
            "Reviews are written by patients, from a patient account.",
        ));
    }
    if !email_confirmation::is_confirmed(txn, author_id).await? {
        return Err(SubmitError::NotAllowed(Unconfirmed::Review.explanation()));
    }
    let p = practitioner::Entity::find_by_id(practitioner_id)
        .filter(practitioner::Column::Published.eq(true))
        .one(txn)
        .await?
        .ok_or(SubmitError::NotFound)?;
    if p.account_id == Some(author_id) {
        return Err(SubmitError::NotAllowed(
            "You cannot review your own profile.",
        ));
    }
    check_rate(txn, author_id, now).await?;

    let existing = review::Entity::find()
        .filter(review::Column::AuthorId.eq(author_id))
        .filter(review::Column::PractitionerId.eq(practitioner_id))
        .one(txn)
        .await?;
    let (review_id, from, number) = match &existing {
        Some(r) => {
            if let Some(why) = refusal(r.status) {
                return Err(SubmitError::NotAllowed(why));
            }
            let last = review_revision::Entity::find()
                .filter(review_revision::Column::ReviewId.eq(r.id))
                .order_by_desc(review_revision::Column::Number)
                .one(txn)
                .await?
                .map_or(0, |v| v.number);
            review_revision::Entity::update_many()
                .col_expr(
                    review_revision::Column::Status,
                    Expr::value(RevisionStatus::Superseded),
                )
                .filter(review_revision::Column::ReviewId.eq(r.id))
                .filter(review_revision::Column::Status.eq(RevisionStatus::Pending))
                .exec(txn)
                .await?;
            (r.id, r.status, last + 1)
        }
        None => {
            let created = review::ActiveModel {
                practitioner_id: Set(practitioner_id),
                author_id: Set(author_id),
                status: Set(ReviewStatus::Pending),
                verified_patient: Set(invite_id.is_some()),
                invite_id: Set(invite_id),
                appeal_used: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            account::Entity::update_many()
                .col_expr(
                    account::Column::ReviewsWritten,
                    Expr::col(account::Column::ReviewsWritten).add(1),
                )
                .filter(account::Column::Id.eq(author_id))
                .exec(txn)
                .await?;
            (created.id, ReviewStatus::Pending, 1)
        }
    };
    let revision = review_revision::ActiveModel {
        review_id: Set(review_id),
        number: Set(number),
        rating: Set(text.rating),
        worth_it: Set(text.worth_it),
        treatment: Set(text.treatment),
        product: Set(text.product),
        units: Set(text.units),
        price_paid_cents: Set(text.price_paid_cents),
        treatment_month: Set(text.treatment_month),
        days_to_onset: Set(text.days_to_onset),
        weeks_lasted: Set(text.weeks_lasted),
        correction_needed: Set(text.correction_needed),
        title: Set(text.title),
        body: Set(text.body),
        incentive_received: Set(text.incentive_received),
        relationship: Set(text.relationship),
        status: Set(RevisionStatus::Pending),
        created_at: Set(now),
        side_effect_flags: Set(SideEffect::flags_of(&text.side_effects)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    for effect in text.side_effects {
        review_side_effect::ActiveModel {
            revision_id: Set(revision.id),
            side_effect: Set(effect),
        }
        .insert(txn)
        .await?;
    }
    // A published review stays published with its approved text while the edit waits.
    let to = if from == ReviewStatus::Approved {
        ReviewStatus::Approved
    } else {
        ReviewStatus::Pending
    };
    let mut update = review::Entity::update_many()
        .col_expr(review::Column::Status, Expr::value(to))
        .col_expr(
            review::Column::CurrentRevisionId,
            Expr::value(Some(revision.id)),
        )
        .col_expr(review::Column::UpdatedAt, Expr::value(now));
    if let Some(invite) = invite_id {
        // An invite also vouches for a review the patient had already written.
        update = update
            .col_expr(review::Column::VerifiedPatient, Expr::value(true))
            .col_expr(review::Column::InviteId, Expr::value(Some(invite)));
    }
    // Compare-and-set on the state read above: a moderator's move that committed meanwhile
    // (a hide by a report, a removal) is not undone by writing the old state back.
    let moved = update
        .filter(review::Column::Id.eq(review_id))
        .filter(review::Column::Status.eq(from))
        .exec(txn)
        .await?;
    if moved.rows_affected != 1 {
        let now_status = review::Entity::find_by_id(review_id)
            .one(txn)
            .await?
            .map(|r| r.status);
        return Err(match now_status.and_then(refusal) {
            Some(why) => SubmitError::NotAllowed(why),
            None => SubmitError::Changed,
        });
    }
    AuditEvent::review_submitted(author_id, review_id, revision.id, from, to)
        .record(txn, now)
        .await?;
    Ok(Submitted {
        review_id,
        revision_id: revision.id,
        edited: existing.is_some(),
        status: to,
    })
}

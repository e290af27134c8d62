//! Practitioners' public replies to reviews of them: one per published review, shown under
//! it at once, edited in place, and reported like a review (a reply hidden or removed by a
//! moderator cannot be edited back into view). Also the practitioner's list of every review
//! about them, whatever its state.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::{HashMap, HashSet};

use crate::domain::moderation::queues::{QUEUE_PAGE_SIZE, QueuePage};
use crate::domain::paging::offset_of_page;
use crate::domain::{Transactional, begin_write};
use crate::entities::{flag, practitioner_response, review, review_revision};
use crate::vocabulary::{FlagStatus, ReplyStatus, ReviewStatus, SubjectKind};

/// The longest reply.
pub const MAX_REPLY_CHARS: usize = 2000;

/// Why a reply was not stored.
#[derive(Debug, thiserror::Error)]
pub enum ReplyError {
    /// Not a published review of this practitioner.
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Invalid(&'static str),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// Writes the practitioner's reply to a published review of them, or replaces the text of
/// the one they wrote. A reply a moderator hid or removed stays as the moderator left it.
pub async fn reply(
    db: &impl Transactional,
    practitioner_id: i64,
    review_id: i64,
    author_id: Option<i64>,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), ReplyError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(ReplyError::Invalid("Write your reply."));
    }
    if body.chars().count() > MAX_REPLY_CHARS {
        return Err(ReplyError::Invalid("Keep your reply to 2,000 characters."));
    }
    let txn = begin_write(db).await?;
    review::Entity::find_by_id(review_id)
        .filter(review::Column::PractitionerId.eq(practitioner_id))
        .filter(review::Column::Status.eq(ReviewStatus::Approved))
        .one(&txn)
        .await?
        .ok_or(ReplyError::NotFound)?;
    let existing = practitioner_response::Entity::find()
        .filter(practitioner_response::Column::ReviewId.eq(review_id))
        .one(&txn)
        .await?;
    match existing {
        None => {
            practitioner_response::ActiveModel {
                review_id: Set(review_id),
                practitioner_id: Set(practitioner_id),
                author_id: Set(author_id),
                body: Set(body.to_owned()),
                status: Set(ReplyStatus::Shown),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        Some(found) => {
            let changed = practitioner_response::Entity::update_many()
                .col_expr(
                    practitioner_response::Column::Body,
                    Expr::value(body.to_owned()),
                )
                .col_expr(
                    practitioner_response::Column::AuthorId,
                    Expr::value(author_id),
                )
                .col_expr(practitioner_response::Column::UpdatedAt, Expr::value(now))
                .filter(practitioner_response::Column::Id.eq(found.id))
                .filter(practitioner_response::Column::Status.eq(ReplyStatus::Shown))
                .exec(&txn)
                .await?;
            if changed.rows_affected != 1 {
                return Err(ReplyError::Invalid(
                    "A moderator is deciding on a report about this reply, or removed it, so it cannot be changed.",
                ));
            }
        }
    }
    txn.commit().await?;
    Ok(())
}

/// The practitioner's reply to a review, as their dashboard shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnReply {
    pub body: String,
    pub status: ReplyStatus,
    pub updated_at: DateTime<Utc>,
}

/// A review about the practitioner as their dashboard lists it. The text is there only
/// while the review is published: what waits for moderation or was turned down is not the
/// practitioner's to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewOfMe {
    pub review_id: i64,
    pub status: ReviewStatus,
    pub submitted_at: DateTime<Utc>,
    pub verified_patient: bool,
    /// Rating, title and text, while published.
    pub public_text: Option<(i16, String, String)>,
    pub reply: Option<OwnReply>,
    /// The practitioner has an open report about it.
    pub reported: bool,
}

impl ReviewOfMe {
    /// Whether the practitioner may write or edit a reply now.
    pub fn may_reply(&self) -> bool {
        self.status == ReviewStatus::Approved
            && self
                .reply
                .as_ref()
                .is_none_or(|r| r.status == ReplyStatus::Shown)
    }
}

/// Page `page` of every review about the practitioner, newest first, with their replies.
pub async fn reviews_of(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    account_id: i64,
    page: u64,
) -> Result<QueuePage<ReviewOfMe>, DbErr> {
    let mine = || review::Entity::find().filter(review::Column::PractitionerId.eq(practitioner_id));
    let total = mine().count(db).await?;
    let rows = mine()
        .order_by_desc(review::Column::CreatedAt)
        .order_by_desc(review::Column::Id)
        .limit(QUEUE_PAGE_SIZE)
        .offset(offset_of_page(page, QUEUE_PAGE_SIZE))
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let public_revisions: Vec<i64> = rows
        .iter()
        .filter(|r| r.status == ReviewStatus::Approved)
        .filter_map(|r| r.approved_revision_id)
        .collect();
    let texts: HashMap<i64, (i16, String, String)> = review_revision::Entity::find()
        .filter(review_revision::Column::Id.is_in(public_revisions))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, (v.rating, v.title, v.body)))
        .collect();
    let mut replies: HashMap<i64, OwnReply> = practitioner_response::Entity::find()
        .filter(practitioner_response::Column::ReviewId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.review_id,
                OwnReply {
                    body: r.body,
                    status: r.status,
                    updated_at: r.updated_at,
                },
            )
        })
        .collect();
    let reported: HashSet<i64> = flag::Entity::find()
        .filter(flag::Column::SubjectKind.eq(SubjectKind::Review))
        .filter(flag::Column::SubjectId.is_in(ids))
        .filter(flag::Column::ReporterId.eq(account_id))
        .filter(flag::Column::Status.eq(FlagStatus::Open))
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.subject_id)
        .collect();
    let items = rows
        .into_iter()
        .map(|r| ReviewOfMe {
            review_id: r.id,
            status: r.status,
            submitted_at: r.created_at,
            verified_patient: r.verified_patient,
            public_text: (r.status == ReviewStatus::Approved)
                .then(|| {
                    r.approved_revision_id
                        .and_then(|id| texts.get(&id).cloned())
                })
                .flatten(),
            reply: replies.remove(&r.id),
            reported: reported.contains(&r.id),
        })
        .collect();
    Ok(QueuePage::new(items, total, page))
}

/// The page of [`reviews_of`] that lists review `review_id` (1 when it is not theirs).
pub async fn page_listing(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    review_id: i64,
) -> Result<u64, DbErr> {
    let Some(found) = review::Entity::find_by_id(review_id)
        .filter(review::Column::PractitionerId.eq(practitioner_id))
        .one(db)
        .await?
    else {
        return Ok(1);
    };
    use review::Column as R;
    let newer = review::Entity::find()
        .filter(R::PractitionerId.eq(practitioner_id))
        .filter(
            Condition::any().add(R::CreatedAt.gt(found.created_at)).add(
                Condition::all()
                    .add(R::CreatedAt.eq(found.created_at))
                    .add(R::Id.gt(found.id)),
            ),
        )
        .count(db)
        .await?;
    Ok(newer / QUEUE_PAGE_SIZE + 1)
}

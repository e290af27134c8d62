//! Practitioners' public replies to reviews of them: one per review, shown under it.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use crate::entities::{practitioner_response, review};
use crate::vocabulary::ReviewStatus;

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

/// Writes or replaces the practitioner's reply to a published review of them.
pub async fn reply(
    db: &impl ConnectionTrait,
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
    review::Entity::find_by_id(review_id)
        .filter(review::Column::PractitionerId.eq(practitioner_id))
        .filter(review::Column::Status.eq(ReviewStatus::Approved))
        .one(db)
        .await?
        .ok_or(ReplyError::NotFound)?;
    practitioner_response::Entity::insert(practitioner_response::ActiveModel {
        review_id: Set(review_id),
        practitioner_id: Set(practitioner_id),
        author_id: Set(author_id),
        body: Set(body.to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(practitioner_response::Column::ReviewId)
            .value(
                practitioner_response::Column::Body,
                Expr::value(body.to_owned()),
            )
            .value(practitioner_response::Column::UpdatedAt, Expr::value(now))
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

//! Reviews as their authors see them on `/me/reviews`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{practitioner, review, review_revision};
use crate::vocabulary::{ReasonCode, ReviewStatus, RevisionStatus};

/// One of the author's reviews with the state of its newest text.
#[derive(Clone, Debug)]
pub struct AuthoredReview {
    pub review_id: i64,
    pub practitioner_name: String,
    pub practitioner_slug: String,
    pub practitioner_published: bool,
    pub status: ReviewStatus,
    pub title: String,
    pub rating: i16,
    /// The newest text's moderation state (an edit may wait while the review is public).
    pub latest_revision_status: Option<RevisionStatus>,
    pub reason_code: Option<ReasonCode>,
    pub written_at: DateTime<Utc>,
}

/// Every review written by `author_id`, newest first; only theirs.
pub async fn by_author(
    db: &impl ConnectionTrait,
    author_id: i64,
) -> Result<Vec<AuthoredReview>, DbErr> {
    let reviews = review::Entity::find()
        .filter(review::Column::AuthorId.eq(author_id))
        .order_by_desc(review::Column::CreatedAt)
        .order_by_desc(review::Column::Id)
        .all(db)
        .await?;
    let revision_ids: Vec<i64> = reviews
        .iter()
        .filter_map(|r| r.current_revision_id)
        .collect();
    let practitioner_ids: Vec<i64> = reviews.iter().map(|r| r.practitioner_id).collect();
    let revisions: HashMap<i64, review_revision::Model> = review_revision::Entity::find()
        .filter(review_revision::Column::Id.is_in(revision_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let practitioners: HashMap<i64, practitioner::Model> = practitioner::Entity::find()
        .filter(practitioner::Column::Id.is_in(practitioner_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(reviews
        .into_iter()
        .map(|r| {
            let revision = r.current_revision_id.and_then(|id| revisions.get(&id));
            let practitioner = practitioners.get(&r.practitioner_id);
            AuthoredReview {
                review_id: r.id,
                practitioner_name: practitioner.map(|p| p.name.clone()).unwrap_or_default(),
                practitioner_slug: practitioner.map(|p| p.slug.clone()).unwrap_or_default(),
                practitioner_published: practitioner.is_some_and(|p| p.published),
                status: r.status,
                title: revision.map(|v| v.title.clone()).unwrap_or_default(),
                rating: revision.map_or(0, |v| v.rating),
                latest_revision_status: revision.map(|v| v.status),
                reason_code: revision.and_then(|v| v.reason_code),
                written_at: r.created_at,
            }
        })
        .collect())
}

//! What waits for moderators.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};

use crate::entities::{credential, flag, gallery_item, review_revision};
use crate::vocabulary::{CredentialStatus, FlagStatus, PhotoStatus, RevisionStatus};

/// How many items wait in each moderation queue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueCounts {
    /// Review texts (new reviews and edits) awaiting a decision.
    pub reviews: u64,
    pub credentials: u64,
    pub photos: u64,
    pub flags: u64,
}

/// Counts the pending items of every queue.
pub async fn queue_counts(db: &impl ConnectionTrait) -> Result<QueueCounts, DbErr> {
    Ok(QueueCounts {
        reviews: review_revision::Entity::find()
            .filter(review_revision::Column::Status.eq(RevisionStatus::Pending))
            .count(db)
            .await?,
        credentials: credential::Entity::find()
            .filter(credential::Column::Status.eq(CredentialStatus::Pending))
            .count(db)
            .await?,
        photos: gallery_item::Entity::find()
            .filter(gallery_item::Column::Status.eq(PhotoStatus::Pending))
            .count(db)
            .await?,
        flags: flag::Entity::find()
            .filter(flag::Column::Status.eq(FlagStatus::Open))
            .count(db)
            .await?,
    })
}

//! A practitioner's headshot: uploaded through the same pipeline as gallery pictures and
//! moderated like them. A new upload replaces a headshot still waiting; once one is
//! approved it replaces the previous one on the profile, the cards and the social preview.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::blocking::BoundedWork;
use crate::domain::gallery::ImageView;
use crate::domain::gallery::matches::matching_image;
use crate::domain::gallery::own::{
    UploadError, accept_picture, files_of, image_row, remove_unused_image,
};
use crate::domain::moderation::audit::AuditEvent;
use crate::domain::{Transactional, begin_write};
use crate::entities::{headshot, image};
use crate::media::{self, MediaStore, StoredImage};
use crate::vocabulary::{PhotoStatus, ReasonCode};

/// Submits a stored picture as the practitioner's headshot, pending moderation; a headshot
/// still waiting is replaced (its files removed). Returns the new headshot's id.
pub async fn submit_headshot(
    db: &impl Transactional,
    store: &dyn MediaStore,
    practitioner_id: i64,
    uploaded_by: i64,
    picture: &StoredImage,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let txn = begin_write(db).await?;
    let matched = matching_image(&txn, practitioner_id, &picture.perceptual_hash).await?;
    let waiting = headshot::Entity::find()
        .filter(headshot::Column::PractitionerId.eq(practitioner_id))
        .filter(headshot::Column::Status.eq(PhotoStatus::Pending))
        .all(&txn)
        .await?;
    let mut files = Vec::new();
    for old in waiting {
        headshot::Entity::delete_by_id(old.id).exec(&txn).await?;
        files.extend(remove_unused_image(&txn, old.image_id).await?);
    }
    let image_id = image_row(&txn, picture, Some(uploaded_by), now).await?;
    let row = headshot::ActiveModel {
        practitioner_id: Set(practitioner_id),
        image_id: Set(image_id),
        matched_image_id: Set(matched),
        status: Set(PhotoStatus::Pending),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    AuditEvent::headshot_submitted(uploaded_by, row.id, matched)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    media::delete_all(store, &files).await;
    Ok(row.id)
}

/// Takes a headshot upload all the way: checked, cleaned, stored and submitted; on failure
/// nothing is left behind.
pub async fn upload_headshot(
    db: &impl Transactional,
    store: &dyn MediaStore,
    work: &BoundedWork,
    practitioner_id: i64,
    uploaded_by: i64,
    bytes: Vec<u8>,
    now: DateTime<Utc>,
) -> Result<i64, UploadError> {
    let picture = accept_picture(store, work, "headshot", bytes).await?;
    match submit_headshot(db, store, practitioner_id, uploaded_by, &picture, now).await {
        Ok(id) => Ok(id),
        Err(err) => {
            media::delete_all(store, &files_of(&[&picture])).await;
            Err(err.into())
        }
    }
}

/// The practitioner's headshots as their dashboard shows them.
#[derive(Clone, Debug, Default)]
pub struct OwnHeadshot {
    /// On the profile now.
    pub approved: Option<ImageView>,
    /// Waiting for a moderator.
    pub pending: Option<ImageView>,
    /// Why the newest one was refused, when it was.
    pub rejected_because: Option<ReasonCode>,
}

/// Where the practitioner's headshot stands.
pub async fn own_headshot(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<OwnHeadshot, DbErr> {
    let rows = headshot::Entity::find()
        .filter(headshot::Column::PractitionerId.eq(practitioner_id))
        .order_by_desc(headshot::Column::Id)
        .all(db)
        .await?;
    let picture = |image_id: i64| async move {
        Ok::<_, DbErr>(
            image::Entity::find_by_id(image_id)
                .one(db)
                .await?
                .map(ImageView::from),
        )
    };
    let mut own = OwnHeadshot::default();
    if let Some(newest) = rows.first().filter(|h| h.status == PhotoStatus::Rejected) {
        own.rejected_because = newest.rejection_reason;
    }
    if let Some(h) = rows.iter().find(|h| h.status == PhotoStatus::Pending) {
        own.pending = picture(h.image_id).await?;
    }
    if let Some(h) = rows.iter().find(|h| h.status == PhotoStatus::Approved) {
        own.approved = picture(h.image_id).await?;
    }
    Ok(own)
}

//! Before/after photo pairs: the approved ones patients see on a profile and at full size.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, TransactionSession, TransactionTrait,
};

use crate::domain::begin_write;
use crate::domain::practitioners::published_by_slug;
use crate::entities::{gallery_item, image};
use crate::media::StoredImage;
use crate::vocabulary::{PhotoStatus, Product, Treatment};

/// One stored picture with its thumbnail, as a page links and sizes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageView {
    pub key: String,
    pub width: i32,
    pub height: i32,
    pub thumbnail_key: String,
    pub thumbnail_width: i32,
    pub thumbnail_height: i32,
}

impl From<image::Model> for ImageView {
    fn from(i: image::Model) -> Self {
        Self {
            key: i.storage_key,
            width: i.width,
            height: i.height,
            thumbnail_key: i.thumbnail_key,
            thumbnail_width: i.thumbnail_width,
            thumbnail_height: i.thumbnail_height,
        }
    }
}

/// A before/after pair with what the practitioner disclosed about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GalleryPair {
    pub id: i64,
    pub treatment: Treatment,
    pub product: Option<Product>,
    pub units: Option<i32>,
    pub days_after_treatment: Option<i32>,
    pub caption: String,
    pub consent_attested_on: NaiveDate,
    pub edited: bool,
    pub edit_note: Option<String>,
    pub before: ImageView,
    pub after: ImageView,
}

/// Pairs the items with their images; an item whose image row is missing is left out.
async fn with_images(
    db: &impl ConnectionTrait,
    items: Vec<gallery_item::Model>,
) -> Result<Vec<GalleryPair>, DbErr> {
    let image_ids: Vec<i64> = items
        .iter()
        .flat_map(|i| [i.before_image_id, i.after_image_id])
        .collect();
    let images: HashMap<i64, image::Model> = image::Entity::find()
        .filter(image::Column::Id.is_in(image_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    Ok(items
        .into_iter()
        .filter_map(|item| {
            let before = images.get(&item.before_image_id)?.clone().into();
            let after = images.get(&item.after_image_id)?.clone().into();
            Some(GalleryPair {
                id: item.id,
                treatment: item.treatment,
                product: item.product,
                units: item.units,
                days_after_treatment: item.days_after_treatment,
                caption: item.caption,
                consent_attested_on: item.consent_attested_on,
                edited: item.edited,
                edit_note: item.edit_note,
                before,
                after,
            })
        })
        .collect())
}

/// A practitioner's approved pairs, newest first.
pub async fn approved_of(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Vec<GalleryPair>, DbErr> {
    let items = gallery_item::Entity::find()
        .filter(gallery_item::Column::PractitionerId.eq(practitioner_id))
        .filter(gallery_item::Column::Status.eq(PhotoStatus::Approved))
        .order_by_desc(gallery_item::Column::CreatedAt)
        .order_by_desc(gallery_item::Column::Id)
        .all(db)
        .await?;
    with_images(db, items).await
}

/// One approved pair at full size, with whose work it is.
#[derive(Clone, Debug)]
pub struct ApprovedPair {
    pub practitioner_name: String,
    pub practitioner_slug: String,
    pub pair: GalleryPair,
}

/// One approved pair of a published practitioner; anything else is `None` (the 404 page).
pub async fn approved_pair(
    db: &impl ConnectionTrait,
    slug: &str,
    item_id: i64,
) -> Result<Option<ApprovedPair>, DbErr> {
    let Some(p) = published_by_slug(db, slug).await? else {
        return Ok(None);
    };
    let items = gallery_item::Entity::find_by_id(item_id)
        .filter(gallery_item::Column::PractitionerId.eq(p.id))
        .filter(gallery_item::Column::Status.eq(PhotoStatus::Approved))
        .all(db)
        .await?;
    Ok(with_images(db, items)
        .await?
        .pop()
        .map(|pair| ApprovedPair {
            practitioner_name: p.name,
            practitioner_slug: p.slug,
            pair,
        }))
}

/// What a practitioner states about a pair when adding it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairDetails {
    pub treatment: Treatment,
    pub product: Option<Product>,
    pub units: Option<i32>,
    pub days_after_treatment: Option<i32>,
    pub caption: String,
    /// The day the patient agreed in writing to publication.
    pub consent_attested_on: NaiveDate,
    pub edited: bool,
    pub edit_note: Option<String>,
}

/// The image row for a stored picture (one row per stored file, shared if added twice).
async fn image_row(
    db: &impl ConnectionTrait,
    stored: &StoredImage,
    uploaded_by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    if let Some(existing) = image::Entity::find()
        .filter(image::Column::StorageKey.eq(stored.storage_key.clone()))
        .one(db)
        .await?
    {
        return Ok(existing.id);
    }
    let size = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    let row = image::ActiveModel {
        storage_key: Set(stored.storage_key.clone()),
        thumbnail_key: Set(stored.thumbnail_key.clone()),
        content_type: Set(stored.content_type.to_owned()),
        width: Set(size(stored.width)),
        height: Set(size(stored.height)),
        thumbnail_width: Set(size(stored.thumbnail_width)),
        thumbnail_height: Set(size(stored.thumbnail_height)),
        byte_size: Set(i64::try_from(stored.byte_size).unwrap_or(i64::MAX)),
        perceptual_hash: Set(stored.perceptual_hash.clone()),
        sha256: Set(stored.sha256.clone()),
        uploaded_by: Set(uploaded_by),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Adds a pair of stored pictures to a practitioner's gallery, pending moderation; returns
/// its id.
pub async fn add_pair(
    db: &(impl ConnectionTrait + TransactionTrait),
    practitioner_id: i64,
    uploaded_by: Option<i64>,
    (before, after): (&StoredImage, &StoredImage),
    details: PairDetails,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let txn = begin_write(db).await?;
    let before_id = image_row(&txn, before, uploaded_by, now).await?;
    let after_id = image_row(&txn, after, uploaded_by, now).await?;
    let item = gallery_item::ActiveModel {
        practitioner_id: Set(practitioner_id),
        before_image_id: Set(before_id),
        after_image_id: Set(after_id),
        treatment: Set(details.treatment),
        product: Set(details.product),
        units: Set(details.units),
        days_after_treatment: Set(details.days_after_treatment),
        caption: Set(details.caption),
        consent_attested_on: Set(details.consent_attested_on),
        edited: Set(details.edited),
        edit_note: Set(details.edit_note),
        status: Set(PhotoStatus::Pending),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(item.id)
}

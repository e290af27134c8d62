//! Before/after photo pairs: the approved ones patients see on a profile and at full size;
//! [`own`] is the practitioner's side (uploading, ordering, deleting), [`matches`] finds a
//! picture another practitioner already showed.

pub mod matches;
pub mod own;

pub use own::{PairDetails, add_pair};

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::practitioners::published_by_slug;
use crate::entities::{gallery_item, image};
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
pub(crate) async fn with_images(
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

/// A practitioner's approved pairs, in the practitioner's order.
pub async fn approved_of(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Vec<GalleryPair>, DbErr> {
    let items = gallery_item::Entity::find()
        .filter(gallery_item::Column::PractitionerId.eq(practitioner_id))
        .filter(gallery_item::Column::Status.eq(PhotoStatus::Approved))
        .order_by_asc(gallery_item::Column::Position)
        .order_by_asc(gallery_item::Column::Id)
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

//! Before/after photo pairs: the approved ones patients see on a profile and at full size;
//! [`own`] is the practitioner's side (uploading, ordering, deleting), [`matches`] finds a
//! picture another practitioner already showed.

pub mod matches;
pub mod own;

pub use own::{PairDetails, add_pair};

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Order, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter};

use crate::domain::practitioners::published_by_slug;
use crate::domain::select_rows;
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

#[derive(FromQueryResult)]
struct PairRow {
    id: i64,
    treatment: Treatment,
    product: Option<Product>,
    units: Option<i32>,
    days_after_treatment: Option<i32>,
    caption: String,
    consent_attested_on: NaiveDate,
    edited: bool,
    edit_note: Option<String>,
    before_key: String,
    before_width: i32,
    before_height: i32,
    before_thumbnail_key: String,
    before_thumbnail_width: i32,
    before_thumbnail_height: i32,
    after_key: String,
    after_width: i32,
    after_height: i32,
    after_thumbnail_key: String,
    after_thumbnail_width: i32,
    after_thumbnail_height: i32,
}

impl From<PairRow> for GalleryPair {
    fn from(r: PairRow) -> Self {
        Self {
            id: r.id,
            treatment: r.treatment,
            product: r.product,
            units: r.units,
            days_after_treatment: r.days_after_treatment,
            caption: r.caption,
            consent_attested_on: r.consent_attested_on,
            edited: r.edited,
            edit_note: r.edit_note,
            before: ImageView {
                key: r.before_key,
                width: r.before_width,
                height: r.before_height,
                thumbnail_key: r.before_thumbnail_key,
                thumbnail_width: r.before_thumbnail_width,
                thumbnail_height: r.before_thumbnail_height,
            },
            after: ImageView {
                key: r.after_key,
                width: r.after_width,
                height: r.after_height,
                thumbnail_key: r.after_thumbnail_key,
                thumbnail_width: r.after_thumbnail_width,
                thumbnail_height: r.after_thumbnail_height,
            },
        }
    }
}

/// The approved pairs of practitioner `practitioner_id` (only pair `item_id` when given),
/// in the practitioner's order, joined to both images: one statement.
async fn approved_pairs(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    item_id: Option<i64>,
) -> Result<Vec<GalleryPair>, DbErr> {
    use gallery_item::Column as G;
    use image::Column as I;
    let mut query = Query::select();
    query.columns([
        (gallery_item::Entity, G::Id),
        (gallery_item::Entity, G::Treatment),
        (gallery_item::Entity, G::Product),
        (gallery_item::Entity, G::Units),
        (gallery_item::Entity, G::DaysAfterTreatment),
        (gallery_item::Entity, G::Caption),
        (gallery_item::Entity, G::ConsentAttestedOn),
        (gallery_item::Entity, G::Edited),
        (gallery_item::Entity, G::EditNote),
    ]);
    query.from(gallery_item::Entity);
    for (side, image_column) in [("before", G::BeforeImageId), ("after", G::AfterImageId)] {
        let table = Alias::new(format!("{side}_image"));
        query.join_as(
            JoinType::InnerJoin,
            image::Entity,
            table.clone(),
            Expr::col((table.clone(), I::Id)).equals((gallery_item::Entity, image_column)),
        );
        for (column, name) in [
            (I::StorageKey, "key"),
            (I::Width, "width"),
            (I::Height, "height"),
            (I::ThumbnailKey, "thumbnail_key"),
            (I::ThumbnailWidth, "thumbnail_width"),
            (I::ThumbnailHeight, "thumbnail_height"),
        ] {
            query.expr_as(
                Expr::col((table.clone(), column)),
                Alias::new(format!("{side}_{name}")),
            );
        }
    }
    query
        .and_where(Expr::col((gallery_item::Entity, G::PractitionerId)).eq(practitioner_id))
        .and_where(Expr::col((gallery_item::Entity, G::Status)).eq(PhotoStatus::Approved))
        .order_by((gallery_item::Entity, G::Position), Order::Asc)
        .order_by((gallery_item::Entity, G::Id), Order::Asc);
    if let Some(id) = item_id {
        query.and_where(Expr::col((gallery_item::Entity, G::Id)).eq(id));
    }
    Ok(select_rows::<PairRow>(db, &query)
        .await?
        .into_iter()
        .map(GalleryPair::from)
        .collect())
}

/// A practitioner's approved pairs, in the practitioner's order.
pub async fn approved_of(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Vec<GalleryPair>, DbErr> {
    approved_pairs(db, practitioner_id, None).await
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
    Ok(approved_pairs(db, p.id, Some(item_id))
        .await?
        .pop()
        .map(|pair| ApprovedPair {
            practitioner_name: p.name,
            practitioner_slug: p.slug,
            pair,
        }))
}

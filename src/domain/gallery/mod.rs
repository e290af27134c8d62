//! Before/after photo pairs: the approved ones patients see on a profile and at full size;
//! [`own`] is the practitioner's side (uploading, ordering, deleting), [`matches`] finds a
//! picture another practitioner already showed.

pub mod matches;
pub mod own;

pub use own::{PairDetails, add_pair};

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, JoinType, Order, Query, SelectStatement, SimpleExpr,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, QueryFilter,
};
use serde::Deserialize;

use crate::domain::json_list::{bool_or_number, json_list, parse_json_list, quoted};
use crate::domain::statement::is_named;

use crate::domain::practitioners::published_by_slug;
use crate::domain::select_rows;
use crate::entities::{gallery_item, image, practitioner};
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

#[derive(FromQueryResult, Deserialize)]
struct PairRow {
    id: i64,
    treatment: Treatment,
    product: Option<Product>,
    units: Option<i32>,
    days_after_treatment: Option<i32>,
    caption: String,
    consent_attested_on: NaiveDate,
    #[serde(deserialize_with = "bool_or_number")]
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

/// What a pair shows, as (field, table, column): the item's own columns, then each image's
/// (the images joined as `before_image` and `after_image`). A [`PairRow`] reads these fields.
fn pair_fields() -> Vec<(String, &'static str, &'static str)> {
    let mut fields: Vec<(String, &'static str, &'static str)> = [
        "id",
        "treatment",
        "product",
        "units",
        "days_after_treatment",
        "caption",
        "consent_attested_on",
        "edited",
        "edit_note",
    ]
    .into_iter()
    .map(|column| (column.to_owned(), "gallery_items", column))
    .collect();
    for (side, table) in [("before", "before_image"), ("after", "after_image")] {
        for (column, name) in [
            ("storage_key", "key"),
            ("width", "width"),
            ("height", "height"),
            ("thumbnail_key", "thumbnail_key"),
            ("thumbnail_width", "thumbnail_width"),
            ("thumbnail_height", "thumbnail_height"),
        ] {
            fields.push((format!("{side}_{name}"), table, column));
        }
    }
    fields
}

/// The approved items joined to both their images (no columns selected yet), for the caller
/// to pick whose.
fn approved_pairs_query() -> SelectStatement {
    use gallery_item::Column as G;
    let mut query = Query::select();
    query.from(gallery_item::Entity);
    for (table, image_column) in [
        ("before_image", G::BeforeImageId),
        ("after_image", G::AfterImageId),
    ] {
        let table = Alias::new(table);
        query.join_as(
            JoinType::InnerJoin,
            image::Entity,
            table.clone(),
            Expr::col((table, image::Column::Id)).equals((gallery_item::Entity, image_column)),
        );
    }
    query.and_where(is_named(G::Status, PhotoStatus::Approved));
    query
}

/// The order a practitioner gave their pairs.
const PAIR_ORDER: [&str; 2] = ["position", "id"];

/// The approved pairs of practitioner `practitioner_id` (only pair `item_id` when given),
/// in the practitioner's order, joined to both images: one statement.
async fn approved_pairs(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    item_id: Option<i64>,
) -> Result<Vec<GalleryPair>, DbErr> {
    use gallery_item::Column as G;
    let mut query = approved_pairs_query();
    for (field, table, column) in pair_fields() {
        query.expr_as(
            Expr::col((Alias::new(table), Alias::new(column))),
            Alias::new(field),
        );
    }
    query.and_where(Expr::col((gallery_item::Entity, G::PractitionerId)).eq(practitioner_id));
    for column in PAIR_ORDER {
        query.order_by((gallery_item::Entity, Alias::new(column)), Order::Asc);
    }
    if let Some(id) = item_id {
        query.and_where(Expr::col((gallery_item::Entity, G::Id)).eq(id));
    }
    Ok(select_rows::<PairRow>(db, &query)
        .await?
        .into_iter()
        .map(GalleryPair::from)
        .collect())
}

/// The practitioner's approved pairs as one column of the practitioner's row (the enclosing
/// statement), in their order; read it with [`approved_of_column`].
pub(crate) fn approved_list_column(backend: DbBackend) -> SimpleExpr {
    let mut rows = approved_pairs_query();
    rows.and_where(
        Expr::col((gallery_item::Entity, gallery_item::Column::PractitionerId))
            .equals((practitioner::Entity, practitioner::Column::Id)),
    );
    let fields = pair_fields()
        .into_iter()
        .map(|(field, table, column)| (field, quoted(table, column)));
    let order_by = PAIR_ORDER
        .map(|column| quoted("gallery_items", column))
        .join(", ");
    json_list(backend, rows, fields, &order_by)
}

/// A practitioner's approved pairs, in their order, from an [`approved_list_column`].
pub(crate) fn approved_of_column(list: Option<&str>) -> Result<Vec<GalleryPair>, DbErr> {
    Ok(parse_json_list::<PairRow>(list)?
        .into_iter()
        .map(GalleryPair::from)
        .collect())
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

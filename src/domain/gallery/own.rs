//! A practitioner's own gallery: adding a pair (pending, with any duplicate match noted),
//! seeing each pair's state, ordering and deleting. Every query is scoped to the
//! practitioner, so an id from another practitioner finds nothing.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::matches::matching_image;
use super::{GalleryPair, with_images};
use crate::blocking::{BoundedWork, WorkLost};
use crate::domain::moderation::audit::AuditEvent;
use crate::domain::practitioners::counters;
use crate::domain::validation::{self, FieldErrors};
use crate::domain::{Transactional, begin_write};
use crate::entities::{gallery_item, headshot, image};
use crate::media::{self, MediaError, MediaStore, StoredImage};
use crate::vocabulary::{PhotoStatus, Product, ReasonCode, Treatment};

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

/// The pair form's text fields as sent.
#[derive(Clone, Debug, Default)]
pub struct PairForm {
    pub treatment: String,
    pub product: String,
    pub units: String,
    pub days_after_treatment: String,
    pub caption: String,
    pub edited: bool,
    pub edit_note: String,
    /// The box "the patient agreed in writing to publication" was ticked.
    pub consent: bool,
    pub consent_on: String,
}

/// Checks the pair form; `today` bounds the consent date.
pub fn check_pair_form(form: &PairForm, today: NaiveDate) -> Result<PairDetails, FieldErrors> {
    let mut errors = FieldErrors::default();
    let treatment = Treatment::parse(form.treatment.trim());
    if treatment.is_none() {
        errors.add("treatment", "Choose the treatment shown.");
    }
    let product = match form.product.trim() {
        "" => None,
        raw => {
            let product = Product::parse(raw);
            if product.is_none() {
                errors.add(
                    "product",
                    "Choose a product from the list, or leave it blank.",
                );
            }
            product
        }
    };
    let units = validation::optional_number(&mut errors, "units", &form.units, 1, 200);
    let days_after_treatment = validation::optional_number(
        &mut errors,
        "days_after_treatment",
        &form.days_after_treatment,
        0,
        3650,
    );
    let caption = validation::text(&mut errors, "caption", &form.caption, false, 500);
    let edit_note = validation::text(&mut errors, "edit_note", &form.edit_note, form.edited, 300);
    if !form.consent {
        errors.add(
            "consent",
            "Confirm that the patient agreed in writing to publication.",
        );
    }
    let consent_on = validation::optional_date(&mut errors, "consent_on", &form.consent_on);
    match consent_on {
        None if errors.get("consent_on").is_none() => errors.add(
            "consent_on",
            "Enter the day the patient signed the consent.",
        ),
        Some(day) if day > today => errors.add("consent_on", "The consent date is in the future."),
        _ => {}
    }
    match (treatment, consent_on) {
        (Some(treatment), Some(consent_attested_on)) if errors.is_empty() => Ok(PairDetails {
            treatment,
            product,
            units,
            days_after_treatment,
            caption,
            consent_attested_on,
            edited: form.edited,
            edit_note: form.edited.then_some(edit_note),
        }),
        _ => Err(errors),
    }
}

/// The image row for a stored picture.
pub(crate) async fn image_row(
    db: &impl ConnectionTrait,
    stored: &StoredImage,
    uploaded_by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
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

/// Adds a pair of stored pictures to a practitioner's gallery, pending moderation and last
/// in their order; a picture that matches another practitioner's image is noted for the
/// moderator. Returns the pair's id.
pub async fn add_pair(
    db: &impl Transactional,
    practitioner_id: i64,
    uploaded_by: Option<i64>,
    (before, after): (&StoredImage, &StoredImage),
    details: PairDetails,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let txn = begin_write(db).await?;
    let mut matched = None;
    for picture in [before, after] {
        if matched.is_none() {
            matched = matching_image(&txn, practitioner_id, &picture.perceptual_hash).await?;
        }
    }
    let before_id = image_row(&txn, before, uploaded_by, now).await?;
    let after_id = image_row(&txn, after, uploaded_by, now).await?;
    let last: Option<i32> = gallery_item::Entity::find()
        .select_only()
        .column_as(gallery_item::Column::Position.max(), "last")
        .filter(gallery_item::Column::PractitionerId.eq(practitioner_id))
        .into_tuple()
        .one(&txn)
        .await?
        .flatten();
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
        position: Set(last.map_or(0, |p| p.saturating_add(1))),
        matched_image_id: Set(matched),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some(uploader) = uploaded_by {
        AuditEvent::photo_submitted(uploader, item.id, matched)
            .record(&txn, now)
            .await?;
    }
    txn.commit().await?;
    Ok(item.id)
}

/// Why an upload was not kept. Nothing of it is left behind: no file, no row.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// One picture was refused; `field` names the form field it came from.
    #[error("{field}: {error}")]
    Picture {
        field: &'static str,
        error: MediaError,
    },
    #[error("the image worker stopped")]
    WorkLost(#[from] WorkLost),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// Processes (on the bounded blocking lane) and stores one uploaded picture.
pub(crate) async fn accept_picture(
    store: &dyn MediaStore,
    work: &BoundedWork,
    field: &'static str,
    bytes: Vec<u8>,
) -> Result<StoredImage, UploadError> {
    let processed = work
        .run(move || media::process_image(&bytes))
        .await?
        .map_err(|error| UploadError::Picture { field, error })?;
    media::store_image(store, processed)
        .await
        .map_err(|error| UploadError::Picture { field, error })
}

/// The files of pictures that were stored but will not be used.
pub(crate) fn files_of(pictures: &[&StoredImage]) -> Vec<String> {
    pictures
        .iter()
        .flat_map(|p| [p.storage_key.clone(), p.thumbnail_key.clone()])
        .collect()
}

/// Takes a before/after upload all the way: both pictures checked, cleaned and stored, then
/// the pending pair recorded. If anything fails, the files already written are removed.
#[allow(clippy::too_many_arguments)]
pub async fn upload_pair(
    db: &impl Transactional,
    store: &dyn MediaStore,
    work: &BoundedWork,
    practitioner_id: i64,
    uploaded_by: i64,
    (before, after): (Vec<u8>, Vec<u8>),
    details: PairDetails,
    now: DateTime<Utc>,
) -> Result<i64, UploadError> {
    let before = accept_picture(store, work, "before", before).await?;
    let after = match accept_picture(store, work, "after", after).await {
        Ok(after) => after,
        Err(err) => {
            media::delete_all(store, &files_of(&[&before])).await;
            return Err(err);
        }
    };
    match add_pair(
        db,
        practitioner_id,
        Some(uploaded_by),
        (&before, &after),
        details,
        now,
    )
    .await
    {
        Ok(id) => Ok(id),
        Err(err) => {
            media::delete_all(store, &files_of(&[&before, &after])).await;
            Err(err.into())
        }
    }
}

/// One of the practitioner's own pairs, with its state.
#[derive(Clone, Debug)]
pub struct OwnPair {
    pub pair: GalleryPair,
    pub status: PhotoStatus,
    pub rejection_reason: Option<ReasonCode>,
    /// It looked like another practitioner's picture, so a moderator checks it closely.
    pub held_for_match: bool,
}

/// Every pair of the practitioner, in their order.
pub async fn own_pairs(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Vec<OwnPair>, DbErr> {
    let items = gallery_item::Entity::find()
        .filter(gallery_item::Column::PractitionerId.eq(practitioner_id))
        .order_by_asc(gallery_item::Column::Position)
        .order_by_asc(gallery_item::Column::Id)
        .all(db)
        .await?;
    let states: Vec<(i64, PhotoStatus, Option<ReasonCode>, bool)> = items
        .iter()
        .map(|i| {
            (
                i.id,
                i.status,
                i.rejection_reason,
                i.matched_image_id.is_some(),
            )
        })
        .collect();
    let pairs = with_images(db, items).await?;
    Ok(pairs
        .into_iter()
        .filter_map(|pair| {
            let (_, status, rejection_reason, held) =
                states.iter().find(|(id, ..)| *id == pair.id).copied()?;
            Some(OwnPair {
                pair,
                status,
                rejection_reason,
                held_for_match: held && status == PhotoStatus::Pending,
            })
        })
        .collect())
}

/// Which way a pair moves in the order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Earlier,
    Later,
}

/// What asking to move a pair did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoveOutcome {
    Moved,
    /// Already first (or last): nothing to do.
    AtTheEnd,
    /// No such pair among the practitioner's.
    NotFound,
}

/// Swaps a pair with its neighbour in the practitioner's order.
pub async fn move_pair(
    db: &impl Transactional,
    practitioner_id: i64,
    item_id: i64,
    direction: Direction,
    now: DateTime<Utc>,
) -> Result<MoveOutcome, DbErr> {
    let txn = begin_write(db).await?;
    let mut order: Vec<gallery_item::Model> = gallery_item::Entity::find()
        .filter(gallery_item::Column::PractitionerId.eq(practitioner_id))
        .order_by_asc(gallery_item::Column::Position)
        .order_by_asc(gallery_item::Column::Id)
        .all(&txn)
        .await?;
    let Some(at) = order.iter().position(|i| i.id == item_id) else {
        return Ok(MoveOutcome::NotFound);
    };
    let other = match direction {
        Direction::Earlier if at > 0 => at - 1,
        Direction::Later if at + 1 < order.len() => at + 1,
        _ => return Ok(MoveOutcome::AtTheEnd),
    };
    order.swap(at, other);
    // Renumber the whole order, so earlier ties are resolved once and for all.
    for (position, item) in order.iter().enumerate() {
        let position = i32::try_from(position).unwrap_or(i32::MAX);
        if item.position != position {
            gallery_item::Entity::update_many()
                .col_expr(gallery_item::Column::Position, Expr::value(position))
                .col_expr(gallery_item::Column::UpdatedAt, Expr::value(now))
                .filter(gallery_item::Column::Id.eq(item.id))
                .exec(&txn)
                .await?;
        }
    }
    txn.commit().await?;
    Ok(MoveOutcome::Moved)
}

/// Deletes one of the practitioner's pairs with its pictures: the rows and the counters in
/// one transaction (an approved pair stops counting), then the files. `false` when the pair
/// is not theirs.
pub async fn delete_pair(
    db: &impl Transactional,
    store: &dyn MediaStore,
    practitioner_id: i64,
    actor_id: i64,
    item_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let txn = begin_write(db).await?;
    let Some(item) = gallery_item::Entity::find_by_id(item_id)
        .filter(gallery_item::Column::PractitionerId.eq(practitioner_id))
        .one(&txn)
        .await?
    else {
        return Ok(false);
    };
    gallery_item::Entity::delete_by_id(item.id)
        .exec(&txn)
        .await?;
    let mut files = Vec::new();
    for image_id in [item.before_image_id, item.after_image_id] {
        files.extend(remove_unused_image(&txn, image_id).await?);
    }
    if item.status == PhotoStatus::Approved {
        counters::change_photos(&txn, practitioner_id, -1, now).await?;
    }
    AuditEvent::photo_deleted(actor_id, item.id, item.status)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    media::delete_all(store, &files).await;
    Ok(true)
}

/// Deletes an image row no pair or headshot uses any more; returns its files' keys.
pub(crate) async fn remove_unused_image(
    db: &impl ConnectionTrait,
    image_id: i64,
) -> Result<Vec<String>, DbErr> {
    use sea_orm::Condition;
    let in_pairs = gallery_item::Entity::find()
        .filter(
            Condition::any()
                .add(gallery_item::Column::BeforeImageId.eq(image_id))
                .add(gallery_item::Column::AfterImageId.eq(image_id)),
        )
        .one(db)
        .await?
        .is_some();
    let in_headshots = headshot::Entity::find()
        .filter(headshot::Column::ImageId.eq(image_id))
        .one(db)
        .await?
        .is_some();
    if in_pairs || in_headshots {
        return Ok(Vec::new());
    }
    let Some(found) = image::Entity::find_by_id(image_id).one(db).await? else {
        return Ok(Vec::new());
    };
    // A match pointing here now points at nothing.
    gallery_item::Entity::update_many()
        .col_expr(
            gallery_item::Column::MatchedImageId,
            Expr::value(Option::<i64>::None),
        )
        .filter(gallery_item::Column::MatchedImageId.eq(image_id))
        .exec(db)
        .await?;
    headshot::Entity::update_many()
        .col_expr(
            headshot::Column::MatchedImageId,
            Expr::value(Option::<i64>::None),
        )
        .filter(headshot::Column::MatchedImageId.eq(image_id))
        .exec(db)
        .await?;
    image::Entity::delete_by_id(image_id).exec(db).await?;
    Ok(vec![found.storage_key, found.thumbnail_key])
}

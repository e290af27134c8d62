//! Practitioner profiles: the denormalized counters and the verified-until date that the
//! directory reads instead of aggregating reviews, photos and credentials per request.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::domain::ratings;
use crate::entities::kinds::{
    CredentialKind, CredentialStatus, PhotoStatus, ReviewStatus, WorthIt,
};
use crate::entities::{credential, gallery_item, image, practitioner, review, review_revision};

/// The expiry used for a verified licence that states none, so it sorts after every date.
pub const NO_EXPIRY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// Exact counters for one practitioner, computed from the rows they summarize.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counters {
    pub review_count: i32,
    pub rating_sum: i32,
    /// Approved reviews by star rating, index 0 for one star.
    pub histogram: [i32; 5],
    pub worth_it_yes_count: i32,
    pub photo_count: i32,
}

impl Counters {
    /// What the practitioner row currently stores.
    pub fn stored(p: &practitioner::Model) -> Self {
        Self {
            review_count: p.review_count,
            rating_sum: p.rating_sum,
            histogram: [
                p.rating_1_count,
                p.rating_2_count,
                p.rating_3_count,
                p.rating_4_count,
                p.rating_5_count,
            ],
            worth_it_yes_count: p.worth_it_yes_count,
            photo_count: p.photo_count,
        }
    }
}

/// Counts approved reviews (by their approved revision) and approved photos.
pub async fn count_from_rows(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Counters, DbErr> {
    let approved_revision_ids: Vec<Option<i64>> = review::Entity::find()
        .select_only()
        .column(review::Column::ApprovedRevisionId)
        .filter(review::Column::PractitionerId.eq(practitioner_id))
        .filter(review::Column::Status.eq(ReviewStatus::Approved))
        .into_tuple()
        .all(db)
        .await?;
    let ids: Vec<i64> = approved_revision_ids.into_iter().flatten().collect();

    let mut counters = Counters::default();
    for chunk in ids.chunks(500) {
        let rows: Vec<(i16, WorthIt)> = review_revision::Entity::find()
            .select_only()
            .column(review_revision::Column::Rating)
            .column(review_revision::Column::WorthIt)
            .filter(review_revision::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        for (rating, worth_it) in rows {
            let stars = rating.clamp(1, 5);
            counters.review_count += 1;
            counters.rating_sum += i32::from(stars);
            counters.histogram[usize::from(stars.unsigned_abs()) - 1] += 1;
            if worth_it == WorthIt::Yes {
                counters.worth_it_yes_count += 1;
            }
        }
    }

    counters.photo_count = gallery_item::Entity::find()
        .filter(gallery_item::Column::PractitionerId.eq(practitioner_id))
        .filter(gallery_item::Column::Status.eq(PhotoStatus::Approved))
        .count(db)
        .await?
        .try_into()
        .unwrap_or(i32::MAX);
    Ok(counters)
}

/// The latest expiry among the practitioner's verified licences and board certifications
/// (training certificates alone do not make someone a verified injector).
pub async fn verified_until(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Option<NaiveDate>, DbErr> {
    let expiries: Vec<Option<NaiveDate>> = credential::Entity::find()
        .select_only()
        .column(credential::Column::ExpiresOn)
        .filter(credential::Column::PractitionerId.eq(practitioner_id))
        .filter(credential::Column::Status.eq(CredentialStatus::Verified))
        .filter(
            credential::Column::Kind
                .is_in([CredentialKind::License, CredentialKind::BoardCertification]),
        )
        .into_tuple()
        .all(db)
        .await?;
    Ok(expiries
        .into_iter()
        .map(|expiry| expiry.unwrap_or(NO_EXPIRY))
        .max())
}

/// The thumbnail of the practitioner's first approved after-photo, for directory cards.
pub async fn card_thumbnail(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Option<String>, DbErr> {
    let first: Option<i64> = gallery_item::Entity::find()
        .select_only()
        .column(gallery_item::Column::AfterImageId)
        .filter(gallery_item::Column::PractitionerId.eq(practitioner_id))
        .filter(gallery_item::Column::Status.eq(PhotoStatus::Approved))
        .order_by_asc(gallery_item::Column::Id)
        .into_tuple()
        .one(db)
        .await?;
    let Some(image_id) = first else {
        return Ok(None);
    };
    Ok(image::Entity::find_by_id(image_id)
        .one(db)
        .await?
        .map(|i| i.thumbnail_key))
}

/// Recomputes and stores a practitioner's counters, score and verified-until date from the
/// rows they summarize. Moderation calls it inside its transaction.
pub async fn refresh_summary(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Counters, DbErr> {
    let counters = count_from_rows(db, practitioner_id).await?;
    let verified_until = verified_until(db, practitioner_id).await?;
    let thumbnail_key = card_thumbnail(db, practitioner_id).await?;
    let [one, two, three, four, five] = counters.histogram;
    practitioner::ActiveModel {
        id: Set(practitioner_id),
        review_count: Set(counters.review_count),
        rating_sum: Set(counters.rating_sum),
        rating_1_count: Set(one),
        rating_2_count: Set(two),
        rating_3_count: Set(three),
        rating_4_count: Set(four),
        rating_5_count: Set(five),
        worth_it_yes_count: Set(counters.worth_it_yes_count),
        rating_score: Set(ratings::bayesian_score(
            counters.rating_sum.into(),
            counters.review_count.into(),
        )),
        photo_count: Set(counters.photo_count),
        verified_until: Set(verified_until),
        thumbnail_key: Set(thumbnail_key),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(counters)
}

/// Whether a practitioner shows the verified badge on `today`.
pub fn is_verified_on(p: &practitioner::Model, today: NaiveDate) -> bool {
    badge_holds(p.verified_until, today)
}

/// Whether a stored `verified_until` still earns the badge on `today`.
pub fn badge_holds(verified_until: Option<NaiveDate>, today: NaiveDate) -> bool {
    verified_until.is_some_and(|until| until >= today)
}

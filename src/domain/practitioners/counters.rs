//! The counters kept on each practitioner row, so the directory, the profile and the
//! comparison read figures instead of aggregating reviews, photos and credentials per
//! request. They are recomputed from the rows they summarize by [`refresh_summary`].

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::domain::{credentials, ratings, select_rows};
use crate::entities::{gallery_item, image, practitioner, review, review_revision};
use crate::vocabulary::{PhotoStatus, ReviewStatus, WorthIt};

/// Exact counters for one practitioner.
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

/// A new profile's counters: nothing approved yet, and the score of no reviews.
pub fn zeroed(mut row: practitioner::ActiveModel) -> practitioner::ActiveModel {
    row.review_count = Set(0);
    row.rating_sum = Set(0);
    row.rating_1_count = Set(0);
    row.rating_2_count = Set(0);
    row.rating_3_count = Set(0);
    row.rating_4_count = Set(0);
    row.rating_5_count = Set(0);
    row.worth_it_yes_count = Set(0);
    row.rating_score = Set(ratings::bayesian_score(0, 0));
    row.photo_count = Set(0);
    row.verified_until = Set(None);
    row.thumbnail_key = Set(None);
    row
}

#[derive(FromQueryResult)]
struct RatingCount {
    rating: i16,
    worth_it: WorthIt,
    n: i64,
}

/// Counts approved reviews (by their approved revision) and approved photos, in two
/// aggregate queries.
pub async fn count_from_rows(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Counters, DbErr> {
    use review_revision::Column as V;
    let query = Query::select()
        .column((review_revision::Entity, V::Rating))
        .column((review_revision::Entity, V::WorthIt))
        .expr_as(Expr::cust("COUNT(*)"), "n")
        .from(review::Entity)
        .inner_join(
            review_revision::Entity,
            Expr::col((review_revision::Entity, V::Id))
                .equals((review::Entity, review::Column::ApprovedRevisionId)),
        )
        .and_where(review::Column::PractitionerId.eq(practitioner_id))
        .and_where(review::Column::Status.eq(ReviewStatus::Approved))
        .group_by_col((review_revision::Entity, V::Rating))
        .group_by_col((review_revision::Entity, V::WorthIt))
        .to_owned();
    let mut counters = Counters::default();
    for row in select_rows::<RatingCount>(db, &query).await? {
        let stars = row.rating.clamp(1, 5);
        let n = i32::try_from(row.n).unwrap_or(i32::MAX);
        counters.review_count += n;
        counters.rating_sum += i32::from(stars) * n;
        counters.histogram[usize::from(stars.unsigned_abs()) - 1] += n;
        if row.worth_it == WorthIt::Yes {
            counters.worth_it_yes_count += n;
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

/// Recomputes and stores a practitioner's counters, score, verified-until date and card
/// thumbnail from the rows they summarize.
pub async fn refresh_summary(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    now: DateTime<Utc>,
) -> Result<Counters, DbErr> {
    let counters = count_from_rows(db, practitioner_id).await?;
    let verified_until = credentials::verified_until(db, practitioner_id).await?;
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
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(counters)
}

/// Recomputes the practitioner's verified-until date after one of their credentials changed.
pub async fn refresh_badge(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let verified_until = credentials::verified_until(db, practitioner_id).await?;
    practitioner::Entity::update_many()
        .col_expr(
            practitioner::Column::VerifiedUntil,
            Expr::value(verified_until),
        )
        .col_expr(practitioner::Column::UpdatedAt, Expr::value(now))
        .filter(practitioner::Column::Id.eq(practitioner_id))
        .exec(db)
        .await?;
    Ok(())
}

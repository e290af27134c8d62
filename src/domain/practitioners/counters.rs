//! The counters kept on each practitioner row, so the directory, the profile and the
//! comparison read figures instead of aggregating reviews, photos and credentials per
//! request.
//!
//! The moderation transitions change them with relative updates inside their own
//! transaction ([`add_review`], [`subtract_review`], [`change_photos`], [`refresh_portrait`]): two approvals at
//! once both count, and never "read, recompute, write". `recount` recomputes them from the
//! rows they summarize, for `injectory check`.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::domain::{credentials, ratings};
use crate::entities::{headshot, image, practitioner, review_revision, review_side_effect};
use crate::vocabulary::{PhotoStatus, SideEffect, WorthIt};

/// Exact counters for one practitioner.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counters {
    pub review_count: i32,
    pub rating_sum: i32,
    /// Approved reviews by star rating, index 0 for one star.
    pub histogram: [i32; 5],
    pub worth_it_yes_count: i32,
    /// Approved reviews reporting each side effect, in [`SideEffect::ALL`] order.
    pub side_effects: [i32; 8],
    pub photo_count: i32,
    pub verified_until: Option<NaiveDate>,
    /// The approved headshot, at display size and as the card thumbnail.
    pub portrait: Option<Portrait>,
}

/// The keys of an approved headshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Portrait {
    pub display_key: String,
    pub thumbnail_key: String,
}

impl Counters {
    /// What the practitioner row currently stores.
    pub fn stored(p: &practitioner::Model) -> Self {
        Self {
            review_count: p.review_count,
            rating_sum: p.rating_sum,
            histogram: histogram_of(p),
            worth_it_yes_count: p.worth_it_yes_count,
            side_effects: side_effects_of(p),
            photo_count: p.photo_count,
            verified_until: p.verified_until,
            portrait: p.headshot_key.clone().zip(p.thumbnail_key.clone()).map(
                |(display_key, thumbnail_key)| Portrait {
                    display_key,
                    thumbnail_key,
                },
            ),
        }
    }

    /// The Bayesian score these counters give.
    pub fn rating_score(&self) -> f64 {
        ratings::bayesian_score(self.rating_sum.into(), self.review_count.into())
    }
}

/// The stored approved reviews by star rating, index 0 for one star.
pub fn histogram_of(p: &practitioner::Model) -> [i32; 5] {
    [
        p.rating_1_count,
        p.rating_2_count,
        p.rating_3_count,
        p.rating_4_count,
        p.rating_5_count,
    ]
}

/// The stored side-effect counts, in [`SideEffect::ALL`] order.
pub fn side_effects_of(p: &practitioner::Model) -> [i32; 8] {
    [
        p.side_effect_bruising_count,
        p.side_effect_swelling_count,
        p.side_effect_tenderness_count,
        p.side_effect_asymmetry_count,
        p.side_effect_drooling_count,
        p.side_effect_straws_or_speech_count,
        p.side_effect_numbness_count,
        p.side_effect_headache_count,
    ]
}

pub(crate) fn side_effect_column(effect: SideEffect) -> practitioner::Column {
    use practitioner::Column as C;
    match effect {
        SideEffect::Bruising => C::SideEffectBruisingCount,
        SideEffect::Swelling => C::SideEffectSwellingCount,
        SideEffect::Tenderness => C::SideEffectTendernessCount,
        SideEffect::Asymmetry => C::SideEffectAsymmetryCount,
        SideEffect::Drooling => C::SideEffectDroolingCount,
        SideEffect::StrawsOrSpeech => C::SideEffectStrawsOrSpeechCount,
        SideEffect::Numbness => C::SideEffectNumbnessCount,
        SideEffect::Headache => C::SideEffectHeadacheCount,
    }
}

pub(crate) fn rating_column(stars: i16) -> practitioner::Column {
    use practitioner::Column as C;
    match stars {
        i16::MIN..=1 => C::Rating1Count,
        2 => C::Rating2Count,
        3 => C::Rating3Count,
        4 => C::Rating4Count,
        _ => C::Rating5Count,
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
    row.side_effect_bruising_count = Set(0);
    row.side_effect_swelling_count = Set(0);
    row.side_effect_tenderness_count = Set(0);
    row.side_effect_asymmetry_count = Set(0);
    row.side_effect_drooling_count = Set(0);
    row.side_effect_straws_or_speech_count = Set(0);
    row.side_effect_numbness_count = Set(0);
    row.side_effect_headache_count = Set(0);
    row.rating_score = Set(ratings::bayesian_score(0, 0));
    row.photo_count = Set(0);
    row.verified_until = Set(None);
    row.thumbnail_key = Set(None);
    row.headshot_key = Set(None);
    row
}

/// What one approved review text adds to its practitioner's counters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contribution {
    pub rating: i16,
    pub worth_it: WorthIt,
    pub side_effects: Vec<SideEffect>,
}

impl Contribution {
    /// The contribution of a stored revision.
    pub async fn of_revision(
        db: &impl ConnectionTrait,
        revision: &review_revision::Model,
    ) -> Result<Self, DbErr> {
        let side_effects = review_side_effect::Entity::find()
            .filter(review_side_effect::Column::RevisionId.eq(revision.id))
            .all(db)
            .await?
            .into_iter()
            .map(|row| row.side_effect)
            .collect();
        Ok(Self {
            rating: revision.rating,
            worth_it: revision.worth_it,
            side_effects,
        })
    }
}

/// `column = column + by`.
fn plus(column: practitioner::Column, by: i32) -> (practitioner::Column, SimpleExpr) {
    (column, Expr::col(column).add(by))
}

/// Adds (`sign` 1) or takes away (`sign` -1) one review's contribution, then the score.
async fn apply(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    c: &Contribution,
    sign: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use practitioner::Column as C;
    let stars = c.rating.clamp(1, 5);
    let mut changes = vec![
        plus(C::ReviewCount, sign),
        plus(C::RatingSum, sign * i32::from(stars)),
        plus(rating_column(stars), sign),
    ];
    if c.worth_it == WorthIt::Yes {
        changes.push(plus(C::WorthItYesCount, sign));
    }
    let mut seen = Vec::new();
    for effect in &c.side_effects {
        if !seen.contains(effect) {
            seen.push(*effect);
            changes.push(plus(side_effect_column(*effect), sign));
        }
    }
    let mut update = practitioner::Entity::update_many();
    for (column, value) in changes {
        update = update.col_expr(column, value);
    }
    update
        .col_expr(C::UpdatedAt, Expr::value(now))
        .filter(C::Id.eq(practitioner_id))
        .exec(db)
        .await?;
    // The score from the counters just written (the row is ours until commit).
    practitioner::Entity::update_many()
        .col_expr(
            C::RatingScore,
            ratings::bayesian_score_expr(Expr::col(C::RatingSum), Expr::col(C::ReviewCount)),
        )
        .filter(C::Id.eq(practitioner_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Counts a newly public review.
pub async fn add_review(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    c: &Contribution,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    apply(db, practitioner_id, c, 1, now).await
}

/// Stops counting a review that is no longer public.
pub async fn subtract_review(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    c: &Contribution,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    apply(db, practitioner_id, c, -1, now).await
}

/// Counts a newly approved photo pair (`sign` -1 stops counting one).
pub async fn change_photos(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    sign: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use practitioner::Column as C;
    practitioner::Entity::update_many()
        .col_expr(C::PhotoCount, Expr::col(C::PhotoCount).add(sign))
        .col_expr(C::UpdatedAt, Expr::value(now))
        .filter(C::Id.eq(practitioner_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The practitioner's newest approved headshot, if any.
pub async fn approved_portrait(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Option<Portrait>, DbErr> {
    let newest: Option<i64> = headshot::Entity::find()
        .select_only()
        .column(headshot::Column::ImageId)
        .filter(headshot::Column::PractitionerId.eq(practitioner_id))
        .filter(headshot::Column::Status.eq(PhotoStatus::Approved))
        .order_by_desc(headshot::Column::Id)
        .into_tuple()
        .one(db)
        .await?;
    let Some(image_id) = newest else {
        return Ok(None);
    };
    Ok(image::Entity::find_by_id(image_id)
        .one(db)
        .await?
        .map(|i| Portrait {
            display_key: i.storage_key,
            thumbnail_key: i.thumbnail_key,
        }))
}

/// Puts the newest approved headshot on the practitioner's row (profile and cards).
pub async fn refresh_portrait(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use practitioner::Column as C;
    let portrait = approved_portrait(db, practitioner_id).await?;
    practitioner::Entity::update_many()
        .col_expr(
            C::HeadshotKey,
            Expr::value(portrait.as_ref().map(|p| p.display_key.clone())),
        )
        .col_expr(
            C::ThumbnailKey,
            Expr::value(portrait.map(|p| p.thumbnail_key)),
        )
        .col_expr(C::UpdatedAt, Expr::value(now))
        .filter(C::Id.eq(practitioner_id))
        .exec(db)
        .await?;
    Ok(())
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

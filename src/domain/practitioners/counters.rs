//! The counters kept on each practitioner row, so the directory, the profile and the
//! comparison read figures instead of aggregating reviews, photos and credentials per
//! request.
//!
//! The moderation transitions change them with relative updates inside their own
//! transaction ([`add_review`], [`subtract_review`], [`add_photo`]): two approvals at once
//! both count, and never "read, recompute, write". [`count_from_rows`] recomputes them from
//! the rows they summarize; `injectory check` compares the two ([`differences`]) and can
//! [`repair`] any drift.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};

use crate::domain::{begin_write, credentials, ratings, select_rows};
use crate::entities::{
    gallery_item, image, practitioner, review, review_revision, review_side_effect,
};
use crate::vocabulary::{PhotoStatus, ReviewStatus, SideEffect, WorthIt};

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
    pub thumbnail_key: Option<String>,
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
            thumbnail_key: p.thumbnail_key.clone(),
        }
    }

    /// The Bayesian score these counters give.
    pub fn rating_score(&self) -> f64 {
        ratings::bayesian_score(self.rating_sum.into(), self.review_count.into())
    }

    /// Each figure that differs from `other`, as "name: self ≠ other".
    pub fn differences_from(&self, other: &Counters) -> Vec<String> {
        let mut out = Vec::new();
        let mut check = |name: &str, a: String, b: String| {
            if a != b {
                out.push(format!("{name}: {a} ≠ {b}"));
            }
        };
        check(
            "review_count",
            self.review_count.to_string(),
            other.review_count.to_string(),
        );
        check(
            "rating_sum",
            self.rating_sum.to_string(),
            other.rating_sum.to_string(),
        );
        for (i, (a, b)) in self.histogram.iter().zip(other.histogram).enumerate() {
            check(
                &format!("rating_{}_count", i + 1),
                a.to_string(),
                b.to_string(),
            );
        }
        check(
            "worth_it_yes_count",
            self.worth_it_yes_count.to_string(),
            other.worth_it_yes_count.to_string(),
        );
        for (effect, (a, b)) in SideEffect::ALL
            .iter()
            .zip(self.side_effects.iter().zip(other.side_effects))
        {
            check(
                &format!("side_effect_{}_count", effect.as_str()),
                a.to_string(),
                b.to_string(),
            );
        }
        check(
            "photo_count",
            self.photo_count.to_string(),
            other.photo_count.to_string(),
        );
        check(
            "verified_until",
            format!("{:?}", self.verified_until),
            format!("{:?}", other.verified_until),
        );
        check(
            "thumbnail_key",
            format!("{:?}", self.thumbnail_key),
            format!("{:?}", other.thumbnail_key),
        );
        out
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

fn side_effect_column(effect: SideEffect) -> practitioner::Column {
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

fn rating_column(stars: i16) -> practitioner::Column {
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

/// Counts a newly approved photo pair (`sign` -1 stops counting one) and refreshes the card
/// thumbnail.
pub async fn change_photos(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    sign: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use practitioner::Column as C;
    let thumbnail = card_thumbnail(db, practitioner_id).await?;
    practitioner::Entity::update_many()
        .col_expr(C::PhotoCount, Expr::col(C::PhotoCount).add(sign))
        .col_expr(C::ThumbnailKey, Expr::value(thumbnail))
        .col_expr(C::UpdatedAt, Expr::value(now))
        .filter(C::Id.eq(practitioner_id))
        .exec(db)
        .await?;
    Ok(())
}

#[derive(FromQueryResult)]
struct RatingCount {
    rating: i16,
    worth_it: WorthIt,
    n: i64,
}

#[derive(FromQueryResult)]
struct EffectCount {
    side_effect: SideEffect,
    n: i64,
}

fn count_i32(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Counts approved reviews (by their approved revision), their side effects, approved
/// photos and the badge from the rows, in a few aggregate queries.
pub async fn count_from_rows(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Counters, DbErr> {
    use review_revision::Column as V;
    let query = Query::select()
        .column((review_revision::Entity, V::Rating))
        .column((review_revision::Entity, V::WorthIt))
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
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
        let n = count_i32(row.n);
        counters.review_count += n;
        counters.rating_sum += i32::from(stars) * n;
        counters.histogram[usize::from(stars.unsigned_abs()) - 1] += n;
        if row.worth_it == WorthIt::Yes {
            counters.worth_it_yes_count += n;
        }
    }
    let effects = Query::select()
        .column((
            review_side_effect::Entity,
            review_side_effect::Column::SideEffect,
        ))
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .from(review::Entity)
        .inner_join(
            review_side_effect::Entity,
            Expr::col((
                review_side_effect::Entity,
                review_side_effect::Column::RevisionId,
            ))
            .equals((review::Entity, review::Column::ApprovedRevisionId)),
        )
        .and_where(review::Column::PractitionerId.eq(practitioner_id))
        .and_where(review::Column::Status.eq(ReviewStatus::Approved))
        .group_by_col((
            review_side_effect::Entity,
            review_side_effect::Column::SideEffect,
        ))
        .to_owned();
    for row in select_rows::<EffectCount>(db, &effects).await? {
        if let Some(i) = SideEffect::ALL.iter().position(|e| *e == row.side_effect) {
            counters.side_effects[i] = count_i32(row.n);
        }
    }
    counters.photo_count = gallery_item::Entity::find()
        .filter(gallery_item::Column::PractitionerId.eq(practitioner_id))
        .filter(gallery_item::Column::Status.eq(PhotoStatus::Approved))
        .count(db)
        .await?
        .try_into()
        .unwrap_or(i32::MAX);
    counters.verified_until = credentials::verified_until(db, practitioner_id).await?;
    counters.thumbnail_key = card_thumbnail(db, practitioner_id).await?;
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

/// Stores counters on the practitioner row, with the score they give.
async fn store(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    counters: &Counters,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use practitioner::Column as C;
    let mut update = practitioner::Entity::update_many()
        .col_expr(C::ReviewCount, Expr::value(counters.review_count))
        .col_expr(C::RatingSum, Expr::value(counters.rating_sum))
        .col_expr(C::WorthItYesCount, Expr::value(counters.worth_it_yes_count))
        .col_expr(C::RatingScore, Expr::value(counters.rating_score()))
        .col_expr(C::PhotoCount, Expr::value(counters.photo_count))
        .col_expr(C::VerifiedUntil, Expr::value(counters.verified_until))
        .col_expr(C::ThumbnailKey, Expr::value(counters.thumbnail_key.clone()))
        .col_expr(C::UpdatedAt, Expr::value(now));
    for (stars, n) in (1..=5).zip(counters.histogram) {
        update = update.col_expr(rating_column(stars), Expr::value(n));
    }
    for (effect, n) in SideEffect::ALL.iter().zip(counters.side_effects) {
        update = update.col_expr(side_effect_column(*effect), Expr::value(n));
    }
    update.filter(C::Id.eq(practitioner_id)).exec(db).await?;
    Ok(())
}

/// Recomputes and stores one practitioner's counters from the rows they summarize.
pub async fn refresh_summary(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
    now: DateTime<Utc>,
) -> Result<Counters, DbErr> {
    let counters = count_from_rows(db, practitioner_id).await?;
    store(db, practitioner_id, &counters, now).await?;
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

/// A practitioner whose stored counters differ from the rows.
#[derive(Clone, Debug, PartialEq)]
pub struct CounterDrift {
    pub practitioner_id: i64,
    pub slug: String,
    /// "field: stored ≠ recomputed", one per differing figure.
    pub differences: Vec<String>,
}

/// Compares every practitioner's stored counters (and score) with a recomputation.
pub async fn differences(db: &impl ConnectionTrait) -> Result<Vec<CounterDrift>, DbErr> {
    let mut drifts = Vec::new();
    for p in practitioner::Entity::find()
        .order_by_asc(practitioner::Column::Id)
        .all(db)
        .await?
    {
        let recomputed = count_from_rows(db, p.id).await?;
        let stored = Counters::stored(&p);
        let mut found = stored.differences_from(&recomputed);
        if (p.rating_score - recomputed.rating_score()).abs() > 1e-9 {
            found.push(format!(
                "rating_score: {} ≠ {}",
                p.rating_score,
                recomputed.rating_score()
            ));
        }
        if !found.is_empty() {
            drifts.push(CounterDrift {
                practitioner_id: p.id,
                slug: p.slug,
                differences: found,
            });
        }
    }
    Ok(drifts)
}

/// Recomputes and stores the counters of every drifted practitioner, in one transaction;
/// returns what was repaired.
pub async fn repair(
    db: &(impl ConnectionTrait + TransactionTrait),
    now: DateTime<Utc>,
) -> Result<Vec<CounterDrift>, DbErr> {
    let txn = begin_write(db).await?;
    let drifts = differences(&txn).await?;
    for drift in &drifts {
        refresh_summary(&txn, drift.practitioner_id, now).await?;
    }
    txn.commit().await?;
    Ok(drifts)
}

//! The counters kept on each practitioner row, so the directory, the profile and the
//! comparison read figures instead of aggregating reviews, photos and credentials per
//! request.
//!
//! The moderation transitions change them with relative updates inside their own
//! transaction ([`add_review`], [`subtract_review`], [`change_photos`], [`refresh_portrait`]): two approvals at
//! once both count, and never "read, recompute, write". The typical result times are medians,
//! which no relative update keeps: the same transitions recompute them from the approved
//! reviews after the counter update, which holds the practitioner's row until commit.
//! `recount` recomputes everything from the rows it summarizes, for `injectory check`.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, SelectStatement, SimpleExpr, UnionType};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::domain::reviews::public::{approved_reviews_of, approved_revisions};
use crate::domain::{credentials, ratings, select_rows};
use crate::entities::{headshot, image, practitioner, review_revision};
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
    pub typical: TypicalTimes,
    pub photo_count: i32,
    pub verified_until: Option<NaiveDate>,
    /// The approved headshot, at display size and as the card thumbnail.
    pub portrait: Option<Portrait>,
}

/// How soon the result showed and how long it lasted for a typical reviewer: the lower
/// medians of the approved reviews' answers, `None` while no reviewer answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypicalTimes {
    pub onset_days: Option<i32>,
    pub weeks_lasted: Option<i32>,
}

/// How many reviewers gave each answer (`None`: did not say).
type Distribution = Vec<(Option<i32>, u64)>;

/// The lower median of a distribution of `(answer, how many)`, ignoring the unanswered.
pub fn lower_median(distribution: &[(Option<i32>, u64)]) -> Option<i32> {
    let mut answered: Vec<(i32, u64)> = distribution
        .iter()
        .filter_map(|(value, n)| value.map(|v| (v, *n)))
        .collect();
    answered.sort_unstable();
    let total: u64 = answered.iter().map(|(_, n)| n).sum();
    let middle = total.checked_sub(1)? / 2;
    let mut seen = 0;
    for (value, n) in answered {
        seen += n;
        if seen > middle {
            return Some(value);
        }
    }
    None
}

impl TypicalTimes {
    /// The medians of the answers about onset (days) and duration (weeks).
    pub fn of(onset: &[(Option<i32>, u64)], weeks: &[(Option<i32>, u64)]) -> Self {
        Self {
            onset_days: lower_median(onset),
            weeks_lasted: lower_median(weeks),
        }
    }

    /// What the practitioner row stores.
    pub fn stored(p: &practitioner::Model) -> Self {
        Self {
            onset_days: p.typical_onset_days,
            weeks_lasted: p.typical_weeks_lasted,
        }
    }

    /// The answers of the practitioner's approved reviews, counted in one aggregate
    /// statement, and their medians.
    pub async fn from_rows(db: &impl ConnectionTrait, practitioner_id: i64) -> Result<Self, DbErr> {
        let mut query = answer_counts(0, review_revision::Column::DaysToOnset, practitioner_id);
        query.union(
            UnionType::All,
            answer_counts(1, review_revision::Column::WeeksLasted, practitioner_id),
        );
        let mut distributions: [Distribution; 2] = Default::default();
        for row in select_rows::<AnswerCount>(db, &query).await? {
            distributions[usize::from(row.which != 0)].push((row.answer, row.n.unsigned_abs()));
        }
        let [onset, weeks] = distributions;
        Ok(Self::of(&onset, &weeks))
    }
}

#[derive(FromQueryResult)]
struct AnswerCount {
    which: i32,
    answer: Option<i32>,
    n: i64,
}

/// How many of the practitioner's approved reviews gave each answer in `column`, tagged
/// `which` so two of these can share one statement.
fn answer_counts(
    which: i32,
    column: review_revision::Column,
    practitioner_id: i64,
) -> SelectStatement {
    let mut query = approved_revisions();
    query
        .expr_as(Expr::val(which), Alias::new("which"))
        .expr_as(
            Expr::col((review_revision::Entity, column)),
            Alias::new("answer"),
        )
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"));
    for condition in approved_reviews_of(&[practitioner_id]) {
        query.and_where(condition);
    }
    query
        .group_by_col((review_revision::Entity, column))
        .to_owned()
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
            typical: TypicalTimes::stored(p),
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
    row.typical_onset_days = Set(None);
    row.typical_weeks_lasted = Set(None);
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
    pub fn of_revision(revision: &review_revision::Model) -> Self {
        Self {
            rating: revision.rating,
            worth_it: revision.worth_it,
            side_effects: SideEffect::of_flags(revision.side_effect_flags),
        }
    }
}

/// `column = column + by`.
fn plus(column: practitioner::Column, by: i32) -> (practitioner::Column, SimpleExpr) {
    (column, Expr::col(column).add(by))
}

/// Adds (`sign` 1) or takes away (`sign` -1) one review's contribution, then the score and
/// the typical times. The review's own row must already say whether it is public.
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
    // The row is ours until commit: the score from the counters just written, and medians
    // counted after any other transition on this practitioner committed.
    let typical = TypicalTimes::from_rows(db, practitioner_id).await?;
    practitioner::Entity::update_many()
        .col_expr(
            C::RatingScore,
            ratings::bayesian_score_expr(Expr::col(C::RatingSum), Expr::col(C::ReviewCount)),
        )
        .col_expr(C::TypicalOnsetDays, Expr::value(typical.onset_days))
        .col_expr(C::TypicalWeeksLasted, Expr::value(typical.weeks_lasted))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_typical_time_is_the_lower_median_of_those_who_answered() {
        let onset = [(Some(3), 1), (Some(5), 1), (None, 1), (Some(4), 1)];
        let weeks = [(Some(10), 1), (None, 1), (Some(12), 1), (Some(8), 1)];
        assert_eq!(
            TypicalTimes::of(&onset, &weeks),
            TypicalTimes {
                onset_days: Some(4),
                weeks_lasted: Some(10),
            }
        );
        assert_eq!(lower_median(&[(None, 3)]), None);
        assert_eq!(lower_median(&[]), None);
        assert_eq!(lower_median(&[(Some(7), 5), (Some(1), 1)]), Some(7));
        assert_eq!(lower_median(&[(Some(2), 1), (Some(9), 1)]), Some(2));
    }
}

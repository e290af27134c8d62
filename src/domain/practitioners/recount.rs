//! Recounting a practitioner's counters from the rows they summarize, for `injectory check`
//! ([`differences`]) and its repair ([`repair`]), and for rebuilding a row after a change that
//! is not a moderation transition.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use crate::domain::practitioners::counters::{
    Counters, TypicalTimes, approved_portrait, rating_column, side_effect_column,
};
use crate::domain::reviews::public::{approved_reviews_of, approved_revisions};
use crate::domain::{Transactional, begin_write, credentials, select_rows};
use crate::entities::{gallery_item, practitioner, review, review_revision, review_side_effect};
use crate::vocabulary::{PhotoStatus, SideEffect, WorthIt};

impl Counters {
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
            "typical_onset_days",
            format!("{:?}", self.typical.onset_days),
            format!("{:?}", other.typical.onset_days),
        );
        check(
            "typical_weeks_lasted",
            format!("{:?}", self.typical.weeks_lasted),
            format!("{:?}", other.typical.weeks_lasted),
        );
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
            "headshot",
            format!("{:?}", self.portrait),
            format!("{:?}", other.portrait),
        );
        out
    }
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

/// Counts approved reviews (by their approved revision), their side effects and typical
/// times, approved photos and the badge from the rows, in a few aggregate queries.
pub async fn count_from_rows(
    db: &impl ConnectionTrait,
    practitioner_id: i64,
) -> Result<Counters, DbErr> {
    use review_revision::Column as V;
    let mut query = approved_revisions();
    query
        .column((review_revision::Entity, V::Rating))
        .column((review_revision::Entity, V::WorthIt))
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .group_by_col((review_revision::Entity, V::Rating))
        .group_by_col((review_revision::Entity, V::WorthIt));
    for condition in approved_reviews_of(&[practitioner_id]) {
        query.and_where(condition);
    }
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
    let mut effects = Query::select()
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
        .group_by_col((
            review_side_effect::Entity,
            review_side_effect::Column::SideEffect,
        ))
        .to_owned();
    for condition in approved_reviews_of(&[practitioner_id]) {
        effects.and_where(condition);
    }
    for row in select_rows::<EffectCount>(db, &effects).await? {
        if let Some(i) = SideEffect::ALL.iter().position(|e| *e == row.side_effect) {
            counters.side_effects[i] = count_i32(row.n);
        }
    }
    counters.typical = TypicalTimes::from_rows(db, practitioner_id).await?;
    counters.photo_count = gallery_item::Entity::find()
        .filter(gallery_item::Column::PractitionerId.eq(practitioner_id))
        .filter(gallery_item::Column::Status.eq(PhotoStatus::Approved))
        .count(db)
        .await?
        .try_into()
        .unwrap_or(i32::MAX);
    counters.verified_until = credentials::verified_until(db, practitioner_id).await?;
    counters.portrait = approved_portrait(db, practitioner_id).await?;
    Ok(counters)
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
        .col_expr(
            C::TypicalOnsetDays,
            Expr::value(counters.typical.onset_days),
        )
        .col_expr(
            C::TypicalWeeksLasted,
            Expr::value(counters.typical.weeks_lasted),
        )
        .col_expr(C::VerifiedUntil, Expr::value(counters.verified_until))
        .col_expr(
            C::HeadshotKey,
            Expr::value(counters.portrait.as_ref().map(|p| p.display_key.clone())),
        )
        .col_expr(
            C::ThumbnailKey,
            Expr::value(counters.portrait.as_ref().map(|p| p.thumbnail_key.clone())),
        )
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
    db: &impl Transactional,
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

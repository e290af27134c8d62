//! What the public sees of reviews: a page of approved reviews read in SQL, and figures
//! aggregated in the database (never by loading every review).

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, SimpleExpr};
use sea_orm::{ColumnTrait, DbBackend, DbErr};
use serde::Deserialize;

use crate::domain::json_list::{bool_or_number, json_list, parse_json_list, quoted};
use crate::domain::paging::offset_of_page;
use crate::domain::practitioners::counters::TypicalTimes;
use crate::domain::ratings;
use crate::entities::{practitioner, practitioner_response, review, review_revision};
use crate::vocabulary::{
    Product, Relationship, ReplyStatus, ReviewStatus, SideEffect, Treatment, WorthIt,
};

/// Approved reviews shown per profile page.
pub const REVIEWS_PER_PAGE: u64 = 10;

/// One approved review as the public sees it: its approved text, never a waiting edit or a
/// moderator's note.
#[derive(Clone, Debug, PartialEq)]
pub struct PublicReview {
    pub review_id: i64,
    pub rating: i16,
    pub title: String,
    pub body: String,
    pub treatment: Treatment,
    pub product: Option<Product>,
    pub units: Option<i32>,
    /// "YYYY-MM".
    pub treatment_month: String,
    pub worth_it: WorthIt,
    pub incentive_received: bool,
    pub relationship: Relationship,
    pub verified_patient: bool,
    pub side_effects: Vec<SideEffect>,
    /// The practitioner's public reply, if any.
    pub response: Option<String>,
}

/// A review as [`approved_page_column`] folds it into its practitioner's row.
#[derive(Deserialize)]
struct FoldedReview {
    review_id: i64,
    #[serde(deserialize_with = "bool_or_number")]
    verified_patient: bool,
    rating: i16,
    title: String,
    body: String,
    treatment: Treatment,
    product: Option<Product>,
    units: Option<i32>,
    treatment_month: String,
    worth_it: WorthIt,
    #[serde(deserialize_with = "bool_or_number")]
    incentive_received: bool,
    relationship: Relationship,
    response: Option<String>,
    /// The revision's side effects, one bit each ([`SideEffect::flag`]).
    side_effect_flags: i32,
}

/// The conditions of "an approved review of this practitioner, with its approved text".
pub(crate) fn approved_reviews_of(practitioner_ids: &[i64]) -> [SimpleExpr; 2] {
    [
        review::Column::PractitionerId.is_in(practitioner_ids.iter().copied()),
        review::Column::Status.eq(ReviewStatus::Approved),
    ]
}

/// `reviews` joined to the revision the public sees.
pub(crate) fn approved_revisions() -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .from(review::Entity)
        .inner_join(
            review_revision::Entity,
            Expr::col((review_revision::Entity, review_revision::Column::Id))
                .equals((review::Entity, review::Column::ApprovedRevisionId)),
        )
        .to_owned()
}

/// Page `page` (1-based) of the approved reviews of the practitioner row of the enclosing
/// statement, newest approval first, with their side effects and replies, as one column
/// ([`json_list`]): the profile reads its reviews in the practitioner's own statement. The
/// page is selected in SQL (the reviews' index in order, `LIMIT` and `OFFSET`), then folded;
/// read it with [`approved_page_of_column`].
pub(crate) fn approved_page_column(backend: DbBackend, page: u64, per_page: u64) -> SimpleExpr {
    use review::Column as R;
    use review_revision::Column as V;
    let mut one_page = approved_revisions();
    one_page
        .expr_as(Expr::col((review::Entity, R::Id)), Alias::new("review_id"))
        .column((review::Entity, R::VerifiedPatient))
        .column((review::Entity, R::ApprovedAt))
        .columns([
            (review_revision::Entity, V::Rating),
            (review_revision::Entity, V::Title),
            (review_revision::Entity, V::Body),
            (review_revision::Entity, V::Treatment),
            (review_revision::Entity, V::Product),
            (review_revision::Entity, V::Units),
            (review_revision::Entity, V::TreatmentMonth),
            (review_revision::Entity, V::WorthIt),
            (review_revision::Entity, V::IncentiveReceived),
            (review_revision::Entity, V::Relationship),
            (review_revision::Entity, V::SideEffectFlags),
        ])
        .expr_as(
            Expr::col((
                practitioner_response::Entity,
                practitioner_response::Column::Body,
            )),
            Alias::new("response"),
        )
        .left_join(
            practitioner_response::Entity,
            Expr::col((
                practitioner_response::Entity,
                practitioner_response::Column::ReviewId,
            ))
            .equals((review::Entity, R::Id))
            .and(
                Expr::col((
                    practitioner_response::Entity,
                    practitioner_response::Column::Status,
                ))
                .eq(ReplyStatus::Shown),
            ),
        )
        .and_where(
            Expr::col((review::Entity, R::PractitionerId))
                .equals((practitioner::Entity, practitioner::Column::Id)),
        )
        .and_where(review::Column::Status.eq(ReviewStatus::Approved))
        .order_by((review::Entity, R::ApprovedAt), Order::Desc)
        .order_by((review::Entity, R::Id), Order::Desc)
        .limit(per_page)
        .offset(offset_of_page(page, per_page));
    let rows = Query::select()
        .from_subquery(one_page, Alias::new("page"))
        .to_owned();
    let column = |name: &str| quoted("page", name);
    json_list(
        backend,
        rows,
        [
            "review_id",
            "verified_patient",
            "rating",
            "title",
            "body",
            "treatment",
            "product",
            "units",
            "treatment_month",
            "worth_it",
            "incentive_received",
            "relationship",
            "response",
            "side_effect_flags",
        ]
        .map(|name| (name, column(name))),
        &format!(
            "{} DESC, {} DESC",
            column("approved_at"),
            column("review_id")
        ),
    )
}

/// The reviews of an [`approved_page_column`], in its order.
pub(crate) fn approved_page_of_column(list: Option<&str>) -> Result<Vec<PublicReview>, DbErr> {
    Ok(parse_json_list::<FoldedReview>(list)?
        .into_iter()
        .map(|r| PublicReview {
            side_effects: SideEffect::of_flags(r.side_effect_flags),
            response: r.response,
            review_id: r.review_id,
            rating: r.rating,
            title: r.title,
            body: r.body,
            treatment: r.treatment,
            product: r.product,
            units: r.units,
            treatment_month: r.treatment_month,
            worth_it: r.worth_it,
            incentive_received: r.incentive_received,
            relationship: r.relationship,
            verified_patient: r.verified_patient,
        })
        .collect())
}

/// How often each side effect was reported in approved reviews.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SideEffectSummary {
    /// Approved reviews considered (the denominator).
    pub reviewers: u64,
    /// Each reported side effect with how many reviewers reported it, most reported first.
    pub reported: Vec<(SideEffect, u64)>,
    /// Median days until the result showed, among reviewers who said.
    pub typical_onset_days: Option<i32>,
    /// Median weeks the result lasted, among reviewers who said.
    pub typical_weeks_lasted: Option<i32>,
}

impl SideEffectSummary {
    /// The share of reviewers reporting `count`, in whole percent.
    pub fn percent(&self, count: u64) -> u64 {
        // Counts of reviews are far below i64::MAX; the share is 0..=100.
        ratings::share_percent(count as i64, self.reviewers as i64).unwrap_or(0) as u64
    }
}

impl SideEffectSummary {
    /// The summary the practitioner row's counters give: `reviewers` approved reviews, how
    /// many reported each side effect (`counts`, in [`SideEffect::ALL`] order) and the
    /// stored typical times.
    pub fn of_counters(reviewers: i32, counts: [i32; 8], typical: TypicalTimes) -> Self {
        let mut reported: Vec<(SideEffect, u64)> = SideEffect::ALL
            .iter()
            .zip(counts)
            .filter_map(|(effect, n)| {
                u64::try_from(n)
                    .ok()
                    .filter(|n| *n > 0)
                    .map(|n| (*effect, n))
            })
            .collect();
        reported.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        SideEffectSummary {
            reviewers: u64::try_from(reviewers).unwrap_or(0),
            reported,
            typical_onset_days: typical.onset_days,
            typical_weeks_lasted: typical.weeks_lasted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_lists_what_was_reported_most_first_as_shares_of_reviewers() {
        use SideEffect::*;
        let mut counts = [0; 8];
        for (effect, n) in [(Asymmetry, 1), (Bruising, 2), (Swelling, 1)] {
            counts[SideEffect::ALL.iter().position(|e| *e == effect).unwrap()] = n;
        }
        let typical = TypicalTimes {
            onset_days: Some(4),
            weeks_lasted: None,
        };
        let summary = SideEffectSummary::of_counters(4, counts, typical);
        assert_eq!(summary.reviewers, 4);
        assert_eq!(
            summary.reported,
            vec![(Bruising, 2), (Swelling, 1), (Asymmetry, 1)]
        );
        assert_eq!(summary.typical_onset_days, Some(4));
        assert_eq!(summary.typical_weeks_lasted, None);
        assert_eq!(summary.percent(2), 50);
        assert_eq!(summary.percent(1), 25);
    }
}

//! Side-by-side comparison of two to four published practitioners.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use crate::domain::profile::{self, SideEffectSummary};
use crate::domain::{practitioners, ratings};
use crate::entities::kinds::{CredentialStatus, Product, ReviewStatus};
use crate::entities::{credential, practitioner, practitioner_product, review};

/// Fewest and most practitioners on one comparison.
pub const MIN_COMPARED: usize = 2;
pub const MAX_COMPARED: usize = 4;

/// One practitioner's column.
#[derive(Clone, Debug)]
pub struct Compared {
    pub practitioner: practitioner::Model,
    pub verified: bool,
    /// Verified, unexpired credentials, as "Licence (Texas Medical Board)".
    pub verified_credentials: Vec<String>,
    pub average_rating: Option<f64>,
    pub worth_it_percent: Option<i64>,
    pub products: Vec<Product>,
    pub side_effects: SideEffectSummary,
}

/// Why a comparison cannot be shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompareProblem {
    TooFew,
    TooMany(usize),
    Unknown(Vec<String>),
}

impl CompareProblem {
    pub fn message(&self) -> String {
        match self {
            CompareProblem::TooFew => "Choose at least two practitioners to compare: tick “Add to compare” on their cards in the directory.".to_owned(),
            CompareProblem::TooMany(n) => format!("You chose {n} practitioners; a comparison shows at most four. Untick some and compare again."),
            CompareProblem::Unknown(slugs) => format!(
                "We could not find {}: the address may be mistyped, or the practitioner is no longer listed.",
                slugs.iter().map(|s| format!("“{s}”")).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

/// Slugs from `p` parameters, trimmed, without blanks or repeats, in the order given.
pub fn requested_slugs(values: &[String]) -> Vec<String> {
    let mut slugs: Vec<String> = Vec::new();
    for value in values {
        let slug = value.trim();
        if !slug.is_empty() && !slugs.iter().any(|s| s == slug) {
            slugs.push(slug.chars().take(100).collect());
        }
    }
    slugs
}

/// Loads the practitioners to compare, in the order asked.
pub async fn load(
    db: &impl ConnectionTrait,
    slugs: &[String],
    today: NaiveDate,
) -> Result<Result<Vec<Compared>, CompareProblem>, DbErr> {
    if slugs.len() > MAX_COMPARED {
        return Ok(Err(CompareProblem::TooMany(slugs.len())));
    }
    let found: Vec<practitioner::Model> = practitioner::Entity::find()
        .filter(practitioner::Column::Slug.is_in(slugs.iter().cloned()))
        .filter(practitioner::Column::Published.eq(true))
        .all(db)
        .await?;
    let unknown: Vec<String> = slugs
        .iter()
        .filter(|s| !found.iter().any(|p| &p.slug == *s))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Ok(Err(CompareProblem::Unknown(unknown)));
    }
    if slugs.len() < MIN_COMPARED {
        return Ok(Err(CompareProblem::TooFew));
    }
    let ids: Vec<i64> = found.iter().map(|p| p.id).collect();

    let mut products: HashMap<i64, Vec<Product>> = HashMap::new();
    for row in practitioner_product::Entity::find()
        .filter(practitioner_product::Column::PractitionerId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        products
            .entry(row.practitioner_id)
            .or_default()
            .push(row.product);
    }
    let mut credentials: HashMap<i64, Vec<String>> = HashMap::new();
    for c in credential::Entity::find()
        .filter(credential::Column::PractitionerId.is_in(ids.clone()))
        .filter(credential::Column::Status.eq(CredentialStatus::Verified))
        .all(db)
        .await?
    {
        if c.expires_on.is_none_or(|e| e >= today) {
            credentials
                .entry(c.practitioner_id)
                .or_default()
                .push(format!("{} ({})", c.kind.label(), c.issuer));
        }
    }
    let approved: Vec<(i64, Option<i64>)> = review::Entity::find()
        .select_only()
        .column(review::Column::PractitionerId)
        .column(review::Column::ApprovedRevisionId)
        .filter(review::Column::PractitionerId.is_in(ids.clone()))
        .filter(review::Column::Status.eq(ReviewStatus::Approved))
        .into_tuple()
        .all(db)
        .await?;

    let mut by_slug: HashMap<String, Compared> = HashMap::new();
    for p in found {
        let revision_ids: Vec<i64> = approved
            .iter()
            .filter(|(pid, _)| *pid == p.id)
            .filter_map(|(_, rev)| *rev)
            .collect();
        let side_effects = profile::side_effect_summary(db, &revision_ids).await?;
        let mut own_products = products.remove(&p.id).unwrap_or_default();
        own_products.sort_by_key(|x| Product::ALL.iter().position(|y| y == x));
        by_slug.insert(
            p.slug.clone(),
            Compared {
                verified: practitioners::is_verified_on(&p, today),
                verified_credentials: credentials.remove(&p.id).unwrap_or_default(),
                average_rating: ratings::average(p.rating_sum.into(), p.review_count.into()),
                worth_it_percent: ratings::share_percent(
                    p.worth_it_yes_count.into(),
                    p.review_count.into(),
                ),
                products: own_products,
                side_effects,
                practitioner: p,
            },
        );
    }
    Ok(Ok(slugs.iter().filter_map(|s| by_slug.remove(s)).collect()))
}

/// Which columns hold the best value of a row: the indexes whose value equals the best, or
/// none when no column has a value or all are equal.
pub fn best_of<T: PartialOrd + Copy>(values: &[Option<T>], higher_is_better: bool) -> Vec<usize> {
    let present: Vec<T> = values.iter().flatten().copied().collect();
    let Some(first) = present.first().copied() else {
        return Vec::new();
    };
    let best = present.iter().copied().fold(first, |best, v| {
        if (higher_is_better && v > best) || (!higher_is_better && v < best) {
            v
        } else {
            best
        }
    });
    if present.len() == values.len() && present.iter().all(|v| *v == best) {
        return Vec::new();
    }
    values
        .iter()
        .enumerate()
        .filter(|(_, v)| **v == Some(best))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_value_is_marked_and_ties_share_it() {
        assert_eq!(best_of(&[Some(3), Some(7), Some(7)], true), vec![1, 2]);
        assert_eq!(best_of(&[Some(300), None, Some(250)], false), vec![2]);
        assert_eq!(
            best_of::<i32>(&[Some(5), Some(5)], true),
            Vec::<usize>::new()
        );
        assert_eq!(best_of::<i32>(&[None, None], true), Vec::<usize>::new());
    }

    #[test]
    fn slugs_are_deduplicated_in_order() {
        let values = vec![
            "b".to_owned(),
            " a ".to_owned(),
            "b".to_owned(),
            "".to_owned(),
        ];
        assert_eq!(requested_slugs(&values), vec!["b", "a"]);
    }
}

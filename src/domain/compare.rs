//! Side-by-side comparison of two to four published practitioners.

use chrono::NaiveDate;
use sea_orm::sea_query::Alias;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
};

use crate::domain::credentials;
use crate::domain::practitioners::{
    OfferingsRow, PractitionerFacts, WithOfferings, with_offerings,
};
use crate::entities::practitioner;
use crate::vocabulary::Product;

/// Fewest and most practitioners on one comparison.
pub const MIN_COMPARED: usize = 2;
pub const MAX_COMPARED: usize = 4;

/// One practitioner's column.
#[derive(Clone, Debug)]
pub struct Compared {
    pub facts: PractitionerFacts,
    /// Verified, unexpired credentials, as "License (Texas Medical Board)".
    pub verified_credentials: Vec<String>,
    pub products: Vec<Product>,
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

/// The practitioner's row with their treatments, products and public credentials folded in.
#[derive(FromQueryResult)]
struct ComparedRow {
    #[sea_orm(nested)]
    offerings: OfferingsRow,
    credentials: Option<String>,
}

/// Loads the practitioners to compare, in the order asked, in one statement (so one state
/// of the database): each practitioner with their products and credentials folded into
/// their row.
pub async fn load(
    db: &impl ConnectionTrait,
    slugs: &[String],
    today: NaiveDate,
) -> Result<Result<Vec<Compared>, CompareProblem>, DbErr> {
    if slugs.len() > MAX_COMPARED {
        return Ok(Err(CompareProblem::TooMany(slugs.len())));
    }
    let backend = db.get_database_backend();
    let mut select = with_offerings(
        backend,
        practitioner::Entity::find()
            .filter(practitioner::Column::Slug.is_in(slugs.iter().cloned()))
            .filter(practitioner::Column::Published.eq(true)),
    );
    QuerySelect::query(&mut select).expr_as(
        credentials::public_list_column(backend),
        Alias::new("credentials"),
    );
    let mut by_slug = std::collections::HashMap::new();
    for row in select.into_model::<ComparedRow>().all(db).await? {
        let verified_credentials =
            credentials::verified_titles_of_column(row.credentials.as_deref(), today)?;
        let WithOfferings {
            practitioner: p,
            products,
            ..
        } = row.offerings.into();
        let compared = Compared {
            verified_credentials,
            products,
            facts: PractitionerFacts::of(p, today),
        };
        by_slug.insert(compared.facts.slug.clone(), compared);
    }
    let unknown: Vec<String> = slugs
        .iter()
        .filter(|s| !by_slug.contains_key(*s))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Ok(Err(CompareProblem::Unknown(unknown)));
    }
    if slugs.len() < MIN_COMPARED {
        return Ok(Err(CompareProblem::TooFew));
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

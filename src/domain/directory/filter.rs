//! What a directory search's filters select: published practitioners matching its words,
//! place, treatment, product, profession, verification, rating, experience, price and
//! availability, on indexed columns and the denormalized counters only.

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType};
use sea_orm::{ColumnTrait, Condition, DbBackend, EntityTrait, QueryFilter, QuerySelect, Select};

use crate::domain::directory::query::DirectoryQuery;
use crate::domain::directory::text::{HITS, ranked_hits, text_matches};
use crate::domain::practitioners::rows_of_this_practitioner;
use crate::entities::{practitioner, practitioner_product, practitioner_treatment};
use crate::search_keys::{place_key, postal_key};

/// The smallest string greater than every string starting with `prefix` (for a range scan).
fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(last as u32 + 1) {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// The published practitioners a query's filters select (no order, no paging).
/// `with_score` prepares a best-match page: SQLite joins its ranked full-text matches
/// ([`HITS`]); PostgreSQL ranks the row itself, so there, as in every other order, the text is
/// only a condition.
pub(super) fn filtered(
    backend: DbBackend,
    query: &DirectoryQuery,
    today: NaiveDate,
    with_score: bool,
) -> Select<practitioner::Entity> {
    use practitioner::Column as C;
    let mut select = practitioner::Entity::find().filter(C::Published.eq(true));
    let words = query.search_words();
    let hits = if with_score {
        ranked_hits(backend, &words)
    } else {
        None
    };
    if let (false, Some(hits)) = (words.is_empty(), hits) {
        QuerySelect::query(&mut select).join_subquery(
            JoinType::InnerJoin,
            hits,
            Alias::new(HITS),
            Expr::col((Alias::new(HITS), Alias::new("id"))).equals((practitioner::Entity, C::Id)),
        );
    } else if !words.is_empty() {
        select = select.filter(text_matches(backend, &words, query.location.is_some()));
    } else if query.text.is_some() {
        // Text without a letter or digit ("%", "_") has no word to find, so nothing matches.
        select = select.filter(Expr::val(1).eq(0));
    }
    if let Some(location) = &query.location {
        let place = place_key(location);
        let mut any = Condition::any()
            .add(C::CityKey.eq(place.clone()))
            .add(C::RegionKey.eq(place));
        let postal = postal_key(location);
        if !postal.is_empty()
            && postal
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
            && postal.chars().any(|c| c.is_ascii_digit())
            && let Some(upper) = prefix_upper_bound(&postal)
        {
            any = any.add(C::PostalKey.gte(postal).and(C::PostalKey.lt(upper)));
        }
        select = select.filter(any);
    }
    // EXISTS, looked up by primary key per candidate row: the planner then starts from the
    // selective filters (location, text) instead of from a treatment nearly everyone offers.
    if let Some(treatment) = query.treatment {
        select = select.filter(Expr::exists(
            rows_of_this_practitioner(practitioner_treatment::Entity)
                .expr(Expr::val(1))
                .and_where(practitioner_treatment::Column::Treatment.eq(treatment))
                .to_owned(),
        ));
    }
    if let Some(product) = query.product {
        select = select.filter(Expr::exists(
            rows_of_this_practitioner(practitioner_product::Entity)
                .expr(Expr::val(1))
                .and_where(practitioner_product::Column::Product.eq(product))
                .to_owned(),
        ));
    }
    if let Some(profession) = query.profession {
        select = select.filter(C::Profession.eq(profession));
    }
    if query.verified_only {
        select = select.filter(C::VerifiedUntil.gte(today));
    }
    if let Some(tenths) = query.min_rating_tenths {
        // average >= min  <=>  sum * 10 >= min_tenths * count, with at least one review.
        select = select.filter(C::ReviewCount.gt(0)).filter(
            Expr::col((practitioner::Entity, C::RatingSum))
                .mul(10)
                .gte(Expr::col((practitioner::Entity, C::ReviewCount)).mul(tenths)),
        );
    }
    if let Some(n) = query.min_lip_flips {
        select = select.filter(C::LipFlipsLastYear.gte(n));
    }
    if let Some(cents) = query.max_price_cents {
        select = select.filter(C::LipFlipPriceCents.lte(cents));
    }
    if query.accepting_only {
        select = select.filter(C::AcceptingNewPatients.eq(true));
    }
    select
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_bounded() {
        assert_eq!(prefix_upper_bound("787").as_deref(), Some("788"));
    }
}

//! What a directory search's filters select: published practitioners matching its words,
//! place, treatment, product, profession, verification, rating, experience, price and
//! availability, on indexed columns, the denormalized counters and the offering flags only.

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType};
use sea_orm::{ColumnTrait, Condition, DbBackend, EntityTrait, QueryFilter, QuerySelect, Select};

use crate::domain::directory::query::DirectoryQuery;
use crate::domain::directory::text::{FoundBy, HITS, ranked_hits, text_matches};
use crate::entities::practitioner;
use crate::search_keys::{place_key, postal_key, search_words};

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

/// What a location selects.
struct Place {
    /// The location as a city or region is compared ([`place_key`]).
    key: String,
    /// The start of a postal code and the first code after every one starting with it, when
    /// the location can be one.
    postal_range: Option<(String, String)>,
    /// The location's words when it can only be a city or region and is written in ASCII
    /// letters and digits: then every practitioner it selects has those words, in order, in
    /// the full-text index's city-and-region column (both sides are lower-cased and split at
    /// anything that is not an ASCII letter or digit, the way FTS5's tokenizer splits ASCII
    /// text), so the text's matches can be narrowed to them before any row is read. On
    /// PostgreSQL, whose parser splits some of them otherwise ("st.louis" is one word there),
    /// the narrowing parses [`key`](Self::key) instead; these words only say that it applies.
    words_of_city_or_region: Option<Vec<String>>,
}

fn place_of(location: &str) -> Place {
    let key = place_key(location);
    let postal = postal_key(location);
    let postal_range = if !postal.is_empty()
        && postal
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        && postal.chars().any(|c| c.is_ascii_digit())
    {
        prefix_upper_bound(&postal).map(|upper| (postal, upper))
    } else {
        None
    };
    let words = search_words(&key);
    let words_of_city_or_region =
        (postal_range.is_none() && key.is_ascii() && !words.is_empty()).then_some(words);
    Place {
        key,
        postal_range,
        words_of_city_or_region,
    }
}

impl Place {
    /// Its city or region, or the start of its postal code. `by_index` false writes the city
    /// and region so that PostgreSQL cannot look them up in their indexes, only check them
    /// on the rows found otherwise (see [`FoundBy::TextAndPlace`]).
    fn condition(&self, by_index: bool) -> Condition {
        use practitioner::Column as C;
        let key_of = |column: C| {
            let column = Expr::col((practitioner::Entity, column));
            if by_index {
                column
            } else {
                Expr::cust_with_expr("($1 || '')", column)
            }
        };
        let mut condition = Condition::any()
            .add(key_of(C::CityKey).eq(self.key.clone()))
            .add(key_of(C::RegionKey).eq(self.key.clone()));
        if let Some((postal, upper)) = &self.postal_range {
            condition = condition.add(
                C::PostalKey
                    .gte(postal.clone())
                    .and(C::PostalKey.lt(upper.clone())),
            );
        }
        condition
    }
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
    let place = query.location.as_deref().map(place_of);
    // Whether the place may be looked up in its own indexes (see `FoundBy::TextAndPlace`).
    let mut place_by_index = true;
    if let (false, Some(hits)) = (words.is_empty(), hits) {
        QuerySelect::query(&mut select).join_subquery(
            JoinType::InnerJoin,
            hits,
            Alias::new(HITS),
            Expr::col((Alias::new(HITS), Alias::new("id"))).equals((practitioner::Entity, C::Id)),
        );
    } else if !words.is_empty() {
        let found_by = match &place {
            Some(place) => place.words_of_city_or_region.as_deref().map_or(
                FoundBy::LocationIndex,
                |place_words| FoundBy::TextAndPlace {
                    place: &place.key,
                    place_words,
                },
            ),
            None => FoundBy::Text,
        };
        place_by_index = !found_by.finds_place_on_postgres(backend, &words);
        select = select.filter(text_matches(backend, &words, found_by));
    } else if query.text.is_some() {
        // Text without a letter or digit ("%", "_") has no word to find, so nothing matches.
        select = select.filter(Expr::val(1).eq(0));
    }
    if let Some(place) = place {
        select = select.filter(place.condition(place_by_index));
    }
    // A bit of the row's flags, as every other filter reads the row itself: no look-up in
    // the tables of treatments and products for each row the other filters found.
    let has_flag = |column: C, flag: i32| {
        Expr::col((practitioner::Entity, column))
            .bit_and(flag)
            .ne(0)
    };
    if let Some(treatment) = query.treatment {
        select = select.filter(has_flag(C::TreatmentFlags, treatment.flag()));
    }
    if let Some(product) = query.product {
        select = select.filter(has_flag(C::ProductFlags, product.flag()));
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
